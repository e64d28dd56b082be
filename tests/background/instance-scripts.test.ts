/** The run-time content script goes to the granted instances that are named hosts by today's rule, and nowhere else. */
import { beforeEach, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { syncInstanceScripts } from '../../utils/background/instance-scripts';
import { instancesItem } from '../../utils/instances';

const registered: { matches?: string[] }[] = [];

beforeEach(() => {
  fakeBrowser.reset();
  registered.length = 0;
  const scripting = {
    getRegisteredContentScripts: vi.fn(async () => []),
    unregisterContentScripts: vi.fn(async () => {}),
    registerContentScripts: vi.fn(async (scripts: { matches?: string[] }[]) => void registered.push(...scripts)),
  };
  Object.assign(fakeBrowser, { scripting });
});

test('hosts stored before the host rule (a wildcard, a trailing dot) get no script, even granted', async () => {
  const hosts = ['mastodon.social', '*.com', 'example.social.', 'ungranted.example'];
  await instancesItem.setValue(hosts);
  const granted = ['https://mastodon.social/*', 'https://*.com/*', 'https://example.social./*'];
  fakeBrowser.permissions.getAll = async () => ({ origins: granted, permissions: [] });
  expect(await syncInstanceScripts()).toEqual(['https://mastodon.social/*']);
  expect(registered.map((script) => script.matches)).toEqual([['https://mastodon.social/*']]);
});
