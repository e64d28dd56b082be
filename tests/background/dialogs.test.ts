/**
 * The one-time token between a content script and its report frame (utils/background/dialogs.ts): only a
 * content script starts a report, only the report frame in the same tab claims it, once.
 */
import { describe, expect, test } from 'vitest';
import { createDialogs, DIALOG_CLAIM_MS, isExtensionPage } from '../../utils/background/dialogs';
import { REPORT_FRAME_PATH } from '../../utils/report-frame';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const PAGE = { id: ID, tab: { id: 7 } as never, frameId: 0, url: 'https://x.com/lcMenci' };
const FRAME = { id: ID, tab: { id: 7 } as never, frameId: 3, url: `chrome-extension://${ID}${REPORT_FRAME_PATH}` };
const subject = { kind: 'error', error: { key: 'postUnreadable' } } as const;

describe('report dialogs', () => {
  test('a content script starts one; the report frame of the same tab claims it once', () => {
    const dialogs = createDialogs();
    const { token } = dialogs.start(subject, PAGE);
    expect(dialogs.claim(token, FRAME)).toEqual({ subject });
    expect(() => dialogs.claim(token, FRAME)).toThrow('no such report');
  });

  test('a right-click outside any post is worked out here, from the page\'s canonical address', () => {
    const dialogs = createDialogs();
    const { token } = dialogs.start({ kind: 'clicked', clicked: { pageUrl: 'https://news.example/x?utm=1' }, canonicalUrl: 'https://news.example/x' }, PAGE);
    expect(dialogs.claim(token, FRAME).subject).toMatchObject({ kind: 'post', post: { platform: 'other', url: 'https://news.example/x' } });
  });

  test('refused: a start from an extension page, a claim from a content script, another page or another tab, a late claim', () => {
    let now = 0;
    const dialogs = createDialogs(() => now);
    expect(() => dialogs.start(subject, FRAME)).toThrow('a report starts from a content script');
    const { token } = dialogs.start(subject, PAGE);
    expect(() => dialogs.claim(token, PAGE)).toThrow('no such report');
    expect(() => dialogs.claim(token, { ...FRAME, url: `chrome-extension://${ID}/popup.html` })).toThrow('no such report');
    expect(() => dialogs.claim(token, { ...FRAME, tab: { id: 8 } as never })).toThrow('no such report');
    now = DIALOG_CLAIM_MS + 1;
    expect(() => dialogs.claim(token, FRAME)).toThrow('no such report');
  });

  test('"Send and next" goes back to the frame whose content script placed the report frame (issue 18)', () => {
    const dialogs = createDialogs();
    const inSubframe = { ...PAGE, frameId: 5, url: 'https://embed.example/post' };
    dialogs.claim(dialogs.start(subject, inSubframe).token, FRAME);
    expect(dialogs.openerOf(FRAME)).toEqual({ tabId: 7, frameId: 5 });
    // Unknown (a stopped service worker forgot it): the tab's top frame.
    expect(dialogs.openerOf({ ...FRAME, frameId: 4 })).toEqual({ tabId: 7, frameId: 0 });
    // Only a report frame asks.
    expect(() => dialogs.openerOf(PAGE)).toThrow('no such report');
  });

  test('an extension page is told apart from a content script by its URL', () => {
    expect(isExtensionPage(FRAME, REPORT_FRAME_PATH)).toBe(true);
    expect(isExtensionPage({ url: `moz-extension://4b1d-uuid${REPORT_FRAME_PATH}` }, REPORT_FRAME_PATH)).toBe(true);
    expect(isExtensionPage(PAGE)).toBe(false);
    expect(isExtensionPage({ url: `https://evil.example${REPORT_FRAME_PATH}` }, REPORT_FRAME_PATH)).toBe(false);
    expect(isExtensionPage({})).toBe(false);
  });
});
