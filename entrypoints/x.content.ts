import { definePlatformContentScript } from '../utils/content/platform-script';
import { xAdapter } from '../utils/platforms/x';
import './content/style.css';

export default definePlatformContentScript(xAdapter);
