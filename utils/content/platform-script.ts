/**
 * One content script per platform with fixed hosts: a site's feed carries only its own adapter,
 * which keeps every content script far below its budget (10 KB gzip; e2e/content-budget.e2e.ts).
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { guarded } from '../platforms/guarded';
import type { PlatformAdapter } from '../platforms/types';
import { startFlagpost } from './start';

export function definePlatformContentScript(adapter: PlatformAdapter) {
  const safeAdapter = guarded(adapter);
  return defineContentScript({
    matches: adapter.matches,
    runAt: 'document_idle',
    main: () => startFlagpost(() => safeAdapter),
  });
}
