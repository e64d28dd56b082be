import { definePlatformContentScript } from '../utils/content/platform-script';
import { tiktokAdapter } from '../utils/platforms/tiktok';
import './content/style.css';

export default definePlatformContentScript(tiktokAdapter);
