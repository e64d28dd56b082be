import { definePlatformContentScript } from '../utils/content/platform-script';
import { youtubeAdapter } from '../utils/platforms/youtube';
import './content/style.css';

export default definePlatformContentScript(youtubeAdapter);
