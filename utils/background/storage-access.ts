/**
 * Content scripts run inside the pages Flagpost reports, so they must not reach Settings (the token, the
 * reporter's name and email) even if a page compromises its renderer. Chrome can keep `storage.local` to
 * Flagpost's own pages and worker; content scripts then ask the background for the little they show
 * ('content.language'). Firefox has no such switch for `storage.local` (SECURITY.md says so); there the
 * content scripts simply never read it.
 */
import { browser } from 'wxt/browser';

type Restrictable = { setAccessLevel?: (options: { accessLevel: 'TRUSTED_CONTEXTS' }) => Promise<void> };

export async function keepStorageFromContentScripts(): Promise<void> {
  const local = browser.storage.local as typeof browser.storage.local & Restrictable;
  await local.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' }).catch(() => undefined);
}
