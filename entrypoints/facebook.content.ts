import { definePlatformContentScript } from '../utils/content/platform-script';
import { facebookAdapter } from '../utils/platforms/facebook';
import './content/style.css';

export default definePlatformContentScript(facebookAdapter);
