import { IDBFactory } from 'fake-indexeddb';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, expect, test } from 'vitest';
import { deleteAllLocalData } from '../../utils/background/local-data';
import { instancesItem } from '../../utils/instances';
import { defaultSettings, loadSettings, pseudonymItem, settingsItem } from '../../utils/settings';
import { addReport, listReports, resetReportStoreConnection } from '../../utils/store/reports';
import { seededReport } from '../stored-reports';

beforeEach(() => {
  fakeBrowser.reset();
  globalThis.indexedDB = new IDBFactory();
  resetReportStoreConnection();
});

test('deleting all local data leaves no report, queue entry, setting, pseudonym, instance or alarm', async () => {
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
  expect(await fakeBrowser.alarms.getAll()).toEqual([]);
  // A new pseudonym is made on next use: the old one cannot link old and new reports.
  const next = await pseudonymItem.getValue();
  expect(next).toMatch(/^[0-9a-f-]{36}$/);
  expect(next).not.toBe(pseudonym);
});
