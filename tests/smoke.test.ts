import { expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
test('fake browser storage works', async () => {
  await fakeBrowser.storage.local.set({ a: 1 });
  expect(await fakeBrowser.storage.local.get('a')).toEqual({ a: 1 });
  expect(typeof indexedDB.open).toBe('function');
});
