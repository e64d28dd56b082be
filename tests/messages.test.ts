import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { acceptsFrom, messageListener, pageOriginOf, protocol, REPORT_FRAME_PAGES, senderKind, type MessageType } from '../utils/messages';

/** The popup: one of Flagpost's own pages, in no tab. */
const fromUs = () => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') });
const page = (path: string) => fakeBrowser.runtime.getURL(path as '/popup.html');

/** Every kind of sender, as the browser describes it. */
const SENDERS = {
  popup: { url: page('/popup.html') },
  options: { url: page('/options.html'), tab: { id: 4 }, frameId: 0 },
  welcome: { url: page('/onboarding.html'), tab: { id: 5 }, frameId: 0 },
  background: { url: page('/background.js') },
  offscreen: { url: page('/offscreen.html') },
  contentScript: { url: 'https://x.com/home', tab: { id: 1, url: 'https://x.com/home' }, frameId: 0 },
  contentScriptInAFrame: { url: 'https://embed.example/post', tab: { id: 1 }, frameId: 7 },
  // A page of ours framed by a web page (it could only be a web-accessible one): not the page the user opened.
  optionsFramedByAPage: { url: page('/options.html'), tab: { id: 1 }, frameId: 3 },
} as const;

describe('messageListener', () => {
  beforeEach(() => fakeBrowser.reset());

  test('answers a valid message with its handler\'s value', async () => {
    const retry = vi.fn(async () => ({ status: 'queued' as const }));
    const listen = messageListener({ 'report.retry': retry });
    const answer = await listen({ type: 'report.retry', payload: { id: '0f8fad5b-d9cb-469f-a165-70867728950e' } }, fromUs());
    expect(answer).toEqual({ ok: true, value: { status: 'queued' } });
  });

  test('refuses a malformed payload, naming the field, without calling the handler', async () => {
    const retry = vi.fn();
    const answer = await messageListener({ 'report.retry': retry })({ type: 'report.retry', payload: { id: 'nope' } }, fromUs());
    expect(answer).toEqual({ ok: false, error: expect.stringContaining('id:') });
    expect(retry).not.toHaveBeenCalled();
  });

  test('ignores messages from anyone else and types it does not handle', () => {
    const listen = messageListener({ 'report.retry': vi.fn() });
    expect(listen({ type: 'report.retry', payload: {} }, { id: 'another-extension' })).toBeUndefined();
    expect(listen({ type: 'report.submit', payload: {} }, fromUs())).toBeUndefined();
    expect(listen({ type: 'toString', payload: {} }, fromUs())).toBeUndefined();
    expect(listen('<img onerror=alert(1)>', fromUs())).toBeUndefined();
  });

  test('a handler that throws becomes an error answer, not an exception', async () => {
    const listen = messageListener({ 'report.retry': async () => { throw new Error('no report'); } });
    expect(await listen({ type: 'report.retry', payload: { id: '0f8fad5b-d9cb-469f-a165-70867728950e' } }, fromUs()))
      .toEqual({ ok: false, error: 'no report' });
  });
});

describe('who may send what (utils/messages.ts, `from`)', () => {
  beforeEach(() => fakeBrowser.reset());
  const sender = (name: keyof typeof SENDERS) => ({ id: fakeBrowser.runtime.id, ...SENDERS[name] }) as never;

  test('the browser-given url, tab and frame say who sent a message', () => {
    expect(Object.fromEntries(Object.keys(SENDERS).map((name) => [name, senderKind(sender(name as keyof typeof SENDERS))]))).toEqual({
      popup: 'extension-page', options: 'extension-page', welcome: 'extension-page', background: 'background', offscreen: 'offscreen',
      contentScript: 'content-script', contentScriptInAFrame: 'content-script', optionsFramedByAPage: undefined,
    });
    expect(senderKind({ ...SENDERS.popup, id: 'another-extension' })).toBeUndefined();
  });

  test("what reads or changes the user's data beyond the report being written: extension pages only", () => {
    const privileged: MessageType[] = ['data.deleteAll', 'report.withdraw', 'report.delete', 'report.retry', 'reports.refresh', 'endpoint.capabilities'];
    for (const type of privileged) {
      expect(protocol[type].from, type).toEqual(['extension-page']);
      for (const name of ['contentScript', 'contentScriptInAFrame', 'optionsFramedByAPage', 'offscreen'] as const) {
        expect(acceptsFrom(type, sender(name)), `${type} from ${name}`).toBe(false);
      }
      expect(acceptsFrom(type, sender('options'))).toBe(true);
    }
    // Nothing else a content script may send touches stored data beyond its own draft (a batch: its own drafts).
    const fromContent = (Object.keys(protocol) as MessageType[]).filter((type) => acceptsFrom(type, sender('contentScript')));
    expect(fromContent.sort()).toEqual(['batch.start', 'content.language', 'dialog.start', 'wellbeing.check', 'wellbeing.match']);
  });

  test('a content script\'s "delete all" is refused, and the handler never runs', async () => {
    const deleteAll = vi.fn(async () => ({}));
    const answer = await messageListener({ 'data.deleteAll': deleteAll })({ type: 'data.deleteAll', payload: {} }, sender('contentScript'));
    expect(answer).toEqual({ ok: false, error: 'data.deleteAll is not accepted from content-script' });
    expect(deleteAll).not.toHaveBeenCalled();
    expect(await messageListener({ 'data.deleteAll': deleteAll })({ type: 'data.deleteAll', payload: {} }, sender('options'))).toEqual({ ok: true, value: {} });
  });

  test('the report frame (an extension page a web page may frame) may send report messages only', () => {
    expect(REPORT_FRAME_PAGES.has('/report-frame.html')).toBe(true);
    {
      const frame = { id: fakeBrowser.runtime.id, url: page('/report-frame.html'), tab: { id: 1, url: 'https://x.com/home' }, frameId: 9 } as never;
      expect(senderKind(frame)).toBe('report-frame');
      expect(acceptsFrom('report.submit', frame)).toBe(true);
      expect(acceptsFrom('data.deleteAll', frame)).toBe(false);
      expect(acceptsFrom('wellbeing.check', frame)).toBe(false);
      expect(pageOriginOf(frame)).toBe('https://x.com');
      // Chrome serves it (use_dynamic_url) from a per-session origin: still ours, still the frame.
      const dynamic = { ...(frame as object), url: 'chrome-extension://0f3c9a2e-session/report-frame.html' } as never;
      expect(senderKind(dynamic)).toBe('report-frame');
      expect(acceptsFrom('report.submit', sender('contentScript'))).toBe(false);
    }
  });

  test("a report's page origin is the sender's own frame, as the browser names it", () => {
    expect(pageOriginOf(sender('contentScriptInAFrame'))).toBe('https://embed.example');
    expect(pageOriginOf(sender('popup'))).toBeUndefined();
  });
});
