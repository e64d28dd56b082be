/** Keeps the run-time content script registered on exactly the granted instances. */
import { browser } from 'wxt/browser';
import { instanceOrigin, instancesItem, parseInstanceHost } from '../instances';
import { serialQueue } from '../serial';
import { CONTENT_SCRIPT_FILE } from './context-menu';

const SCRIPT_ID = 'flagpost-instances';

/** One sync after another: two interleaved unregister/register rounds would fail or leave stale matches. */
const oneSyncAtATime = serialQueue();

export function syncInstanceScripts(): Promise<string[]> {
  return oneSyncAtATime(syncOnce);
}

async function syncOnce(): Promise<string[]> {
  const granted = new Set((await browser.permissions.getAll()).origins ?? []);
  // A host stored before today's rule (`*.com`, a trailing dot) stays listed in Settings, to be removed there, but
  // gets no script: `https://*.com/*` would be every .com site.
  const hosts = (await instancesItem.getValue()).filter((host) => parseInstanceHost(host) === host);
  const matches = hosts.map(instanceOrigin).filter((origin) => granted.has(origin));
  const registered = await browser.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
  if (registered.length) await browser.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
  if (matches.length) {
    await browser.scripting.registerContentScripts([
      {
        id: SCRIPT_ID,
        matches,
        js: [CONTENT_SCRIPT_FILE.slice(1)],
        css: [CONTENT_SCRIPT_FILE.slice(1).replace(/\.js$/, '.css')],
        runAt: 'document_idle',
      },
    ]);
  }
  return matches;
}
