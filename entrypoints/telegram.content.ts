import { definePlatformContentScript } from '../utils/content/platform-script';
import { telegramAdapter } from '../utils/platforms/telegram';
import './content/style.css';

export default definePlatformContentScript(telegramAdapter);
