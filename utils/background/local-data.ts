/** "Delete all local data": nothing Flagpost keeps on this device survives it. */
import { browser } from 'wxt/browser';
import { deleteAllReports } from '../store/reports';
import { hostOfPattern } from '../platforms/hosts';
import { OPTIONAL_API_PERMISSIONS } from '../optional-permissions';
import { createToolbar } from './badge';
import { ensureSyncAlarm } from '../wellbeing/service';

export async function deleteAllLocalData(): Promise<void> {
  // Alarms first, so no drain or status check wakes up halfway and works on what is being deleted.
  await browser.alarms.clearAll();
  // Reports and the queue are one store.
  await deleteAllReports();
  // Settings, token, pseudonym (a new one is made on next use), Mastodon instances, cached lists.
  await browser.storage.local.clear();
  // Reports being written (utils/store/drafts.ts): their posts and hashes.
  await browser.storage.session.clear();
  // Videos waiting to be hashed (utils/hash/video-offscreen.ts): the only bytes of media Flagpost ever keeps, briefly.
  if (typeof caches !== 'undefined') await Promise.all((await caches.keys()).map((name) => caches.delete(name)));
  // The hosts the user granted (the endpoint's, their Mastodon instances'): they name what was used.
  await revokeOptionalOrigins();
  // The opt-in notifications went with the settings: so does their permission. And the badge's count with it.
  const grantedApis = (await browser.permissions.getAll()).permissions ?? [];
  const optionalApis = OPTIONAL_API_PERMISSIONS.filter((permission) => grantedApis.includes(permission));
  if (optionalApis.length) await browser.permissions.remove({ permissions: optionalApis }).catch(() => false);
  await createToolbar().seen().catch(() => {});
  // The periodic hash-list sync is made only at background start: without it, an endpoint set up again (a Firefox
  // background page lives until the browser quits) would never have its list refreshed.
  await ensureSyncAlarm(browser.alarms);
}

/**
 * Every granted host permission the manifest does not require. Compared by host: the browser lists required
 * ones in its own spelling (`https://t.me/*` for `https://t.me/s/*`). One at a time, so one refusal stops no other.
 * Manifest V2 (Firefox) lists required hosts among `permissions`, beside the API names.
 */
export async function revokeOptionalOrigins(): Promise<void> {
  const manifest = browser.runtime.getManifest();
  const requiredPatterns = [...(manifest.host_permissions ?? []), ...(manifest.permissions ?? []).filter((entry) => entry.includes('://'))];
  const required = new Set(requiredPatterns.map(hostOfPattern));
  const granted = (await browser.permissions.getAll()).origins ?? [];
  const optional = granted.filter((origin) => !required.has(hostOfPattern(origin)));
  await Promise.all(optional.map((origin) => browser.permissions.remove({ origins: [origin] }).catch(() => false)));
}
