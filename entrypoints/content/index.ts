import { defineContentScript } from 'wxt/utils/define-content-script';
import { startFlagpost } from '../../utils/content/start';
import { contentScriptMatches } from '../../utils/platforms';
import './style.css';

export default defineContentScript({
  matches: contentScriptMatches,
  runAt: 'document_idle',
  main: startFlagpost,
});
