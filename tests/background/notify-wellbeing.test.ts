import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, expect, test, vi } from 'vitest';
import { notifyWellbeingChanged } from '../../utils/background/in-background';

beforeEach(() => fakeBrowser.reset());

test('every tab hears that the wellbeing list or settings changed; a tab without the content script stops no other', async () => {
  const feed = await fakeBrowser.tabs.create({ url: 'https://x.com/home' });
  const other = await fakeBrowser.tabs.create({ url: 'https://example.org/' });
  const sent: number[] = [];
  fakeBrowser.tabs.sendMessage = vi.fn(async (tabId: number, message: unknown) => {
    expect(message).toEqual({ type: 'wellbeing.changed', payload: {} });
    sent.push(tabId);
    if (tabId === other.id) throw new Error('Could not establish connection. Receiving end does not exist.');
    return { ok: true, value: {} };
  }) as never;
  await notifyWellbeingChanged();
  const all = (await fakeBrowser.tabs.query({})).map((tab) => tab.id);
  expect(all).toEqual(expect.arrayContaining([feed.id, other.id]));
  expect(sent.sort()).toEqual(all.sort());
});
