import { definePlatformContentScript } from '../utils/content/platform-script';
import { blueskyAdapter } from '../utils/platforms/bluesky';
import './content/style.css';

export default definePlatformContentScript(blueskyAdapter);
