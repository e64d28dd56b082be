/**
 * The opt-in outcome notice, one rule for the settings page and the background: it is on only while the stored
 * choice is on and the browser holds the optional `notifications` permission (the user can take that back in the
 * browser's own settings). The settings page changes both at the click: the browser asks only from a click, so the
 * permission cannot wait for Save, and the choice does not either, or a page closed unsaved leaves them apart.
 */
import { browser } from 'wxt/browser';
import { loadSettings, settingsItem, type Settings } from './settings';

export const NOTIFICATIONS = { permissions: ['notifications'] } as Parameters<typeof browser.permissions.request>[0];

export async function notifyOutcomesOn(settings: Pick<Settings, 'notifyOutcomes'>): Promise<boolean> {
  return settings.notifyOutcomes && browser.permissions.contains(NOTIFICATIONS).catch(() => false);
}

/** Into what is stored, at once: the other fields keep their stored values (not a settings page's unsaved ones). */
export async function storeNotifyOutcomes(notifyOutcomes: boolean): Promise<void> {
  await settingsItem.setValue({ ...(await loadSettings()), notifyOutcomes });
}
