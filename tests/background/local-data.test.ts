import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, expect, test } from 'vitest';
import { deleteAllLocalData } from '../../utils/background/local-data';
import { instancesItem } from '../../utils/instances';
import { defaultSettings, loadSettings, pseudonymItem, settingsItem } from '../../utils/settings';
import { addReport, listReports } from '../../utils/store/reports';
import { seededReport } from '../../test-support/stored-reports';
import { WELLBEING_SYNC_ALARM } from '../../utils/wellbeing/service';
import { freshIndexedDb } from '../fresh-indexeddb';

beforeEach(async () => {
  fakeBrowser.reset();
  await freshIndexedDb();
  // WXT's fake browser has neither: the manifest requires nothing, nothing was granted.
  fakeBrowser.runtime.getManifest = () => ({ manifest_version: 3, name: 'Flagpost', version: '1' });
  fakeBrowser.permissions.getAll = async () => ({ origins: [], permissions: [] });
});

test('deleting all local data leaves no report, queue entry, setting, pseudonym, instance or alarm but the hash-list sync', async () => {
  for (let n = 0; n < 10; n++) await addReport(seededReport(n, Date.now()));
  await settingsItem.setValue({ ...defaultSettings, endpointBase: 'https://e.example', token: 'secret', reporterMode: 'pseudonymous' });
  const pseudonym = await pseudonymItem.getValue();
  await instancesItem.setValue(['mastodon.social']);
  await fakeBrowser.alarms.create('flagpost-drain', { when: Date.now() + 60_000 });

  await deleteAllLocalData();

  expect(await listReports()).toEqual([]);
  expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  expect(await loadSettings()).toEqual(defaultSettings);
  expect(await instancesItem.getValue()).toEqual([]);
  // The periodic wellbeing sync is made again (only background start makes it otherwise); nothing else is left.
  expect((await fakeBrowser.alarms.getAll()).map((alarm) => alarm.name)).toEqual([WELLBEING_SYNC_ALARM]);
  // A new pseudonym is made on next use: the old one cannot link old and new reports.
  const next = await pseudonymItem.getValue();
  expect(next).toMatch(/^[0-9a-f-]{36}$/);
  expect(next).not.toBe(pseudonym);
});

test('deleting all local data gives back every optional host the user granted, and only those', async () => {
  const required = ['*://x.com/*', 'https://pbs.twimg.com/*'];
  const granted = [...required, 'https://reports.example.org/*', 'https://mastodon.social/*'];
  const removed: string[][] = [];
  fakeBrowser.runtime.getManifest = () => ({ manifest_version: 3, name: 'Flagpost', version: '1', host_permissions: required });
  fakeBrowser.permissions.getAll = async () => ({ origins: granted, permissions: [] });
  fakeBrowser.permissions.remove = async ({ origins = [] }) => (removed.push(origins), true);

  await deleteAllLocalData();

  expect(removed).toEqual([['https://reports.example.org/*'], ['https://mastodon.social/*']]);
});

test('in Manifest V2 (Firefox) the required hosts are read from `permissions`, so none is asked to go', async () => {
  const required = ['*://x.com/*', 'https://pbs.twimg.com/*'];
  const removed: string[][] = [];
  fakeBrowser.runtime.getManifest = () => ({ manifest_version: 2, name: 'Flagpost', version: '1', permissions: ['storage', ...required] });
  fakeBrowser.permissions.getAll = async () => ({ origins: [...required, 'https://reports.example.org/*'], permissions: [] });
  fakeBrowser.permissions.remove = async ({ origins = [] }) => (removed.push(origins), true);

  await deleteAllLocalData();

  expect(removed).toEqual([['https://reports.example.org/*']]);
});
