import { definePlatformContentScript } from '../utils/content/platform-script';
import { redditAdapter } from '../utils/platforms/reddit';
import './content/style.css';

export default definePlatformContentScript(redditAdapter);
