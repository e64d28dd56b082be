/**
 * The report flows one way: the frame claims the post with its token and gets the id the background keeps it
 * under; `report.prepare` names the draft by that id alone, also when asked again after a stopped worker.
 */
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createDialogs } from '../../utils/background/dialogs';
import { messageHandlers } from '../../utils/background/message-handlers';
import type { Services } from '../../utils/background/services';
import { deleteDraft } from '../../utils/store/drafts';
import { REPORT_FRAME_PATH } from '../../utils/report-frame';
import { samplePost } from '../../test-support/fixtures';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const PAGE = { id: ID, tab: { id: 7 } as never, frameId: 0, url: 'https://x.com/lcMenci' };
const FRAME = { id: ID, tab: { id: 7, url: 'https://x.com/lcMenci' } as never, frameId: 3, url: `chrome-extension://${ID}${REPORT_FRAME_PATH}` };

function handlersWith(prepare: ReturnType<typeof vi.fn>) {
  const services = { dialogs: createDialogs(), drafts: { prepare }, wellbeing: {} } as unknown as Services;
  return messageHandlers(services);
}

beforeEach(() => fakeBrowser.reset());

describe('a report flows one way', () => {
  test('the claimed post is prepared by its id: the dialog never sends it back', async () => {
    const prepare = vi.fn(async () => ({}) as never);
    const handlers = handlersWith(prepare);
    const post = samplePost();
    const { token } = await handlers['dialog.start']!({ subject: { kind: 'post', post } }, PAGE);
    const claimed = await handlers['dialog.claim']!({ token }, FRAME);
    expect(claimed.subject).toEqual({ kind: 'post', post });
    const id = claimed.id!;
    await handlers['report.prepare']!({ id }, FRAME);
    await handlers['report.prepare']!({ id }, FRAME); // asked again after a lost answer: the same post, the same id
    expect(prepare.mock.calls.map((call) => (call as unknown[]).slice(0, 2))).toEqual([[id, post], [id, post]]);
  });

  test('no id for an error subject; an id never claimed, or whose draft is gone, prepares nothing', async () => {
    const prepare = vi.fn();
    const handlers = handlersWith(prepare);
    const { token } = await handlers['dialog.start']!({ subject: { kind: 'error', error: { key: 'postUnreadable' } } }, PAGE);
    expect(await handlers['dialog.claim']!({ token }, FRAME)).toEqual({ subject: { kind: 'error', error: { key: 'postUnreadable' } } });
    await expect(handlers['report.prepare']!({ id: crypto.randomUUID() }, FRAME)).rejects.toThrow();

    const second = await handlers['dialog.start']!({ subject: { kind: 'post', post: samplePost() } }, PAGE);
    const { id } = await handlers['dialog.claim']!({ token: second.token }, FRAME);
    await deleteDraft(id!); // discarded or sent
    await expect(handlers['report.prepare']!({ id: id! }, FRAME)).rejects.toThrow();
    expect(prepare).not.toHaveBeenCalled();
  });
});

describe('delete all local data', () => {
  test('tells every open tab, so a feed drops its already-reported marks at once', async () => {
    const services = { dialogs: createDialogs(), drafts: {}, wellbeing: { forget: vi.fn() } } as unknown as Services;
    fakeBrowser.runtime.getManifest = () => ({ manifest_version: 3, name: 'Flagpost', version: '1' });
    fakeBrowser.permissions.getAll = async () => ({ origins: [], permissions: [] });
    fakeBrowser.tabs.query = vi.fn(async () => [{ id: 4 }, { id: 9 }]) as never;
    const told: number[] = [];
    fakeBrowser.tabs.sendMessage = vi.fn(async (tabId: number, message: { type: string }) => {
      if (message.type === 'wellbeing.changed') told.push(tabId);
      return {};
    }) as never;
    await messageHandlers(services)['data.deleteAll']!({}, { id: ID, url: `chrome-extension://${ID}/options.html` } as never);
    await vi.waitFor(() => expect(told.sort()).toEqual([4, 9]));
  });
});
