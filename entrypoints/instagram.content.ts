import { definePlatformContentScript } from '../utils/content/platform-script';
import { instagramAdapter } from '../utils/platforms/instagram';
import './content/style.css';

export default definePlatformContentScript(instagramAdapter);
