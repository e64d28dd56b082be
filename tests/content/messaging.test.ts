import fc from 'fast-check';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { askBackground, contentMessageListener, isClickContext } from '../../utils/content/messaging';
import { protocol } from '../../utils/messages';
import { ClickContext, PostKeys } from '../../utils/domain';

const fromUs = () => ({ id: fakeBrowser.runtime.id });
const handlers = () => ({
  'dialog.open': vi.fn(async () => ({})),
  'dialog.shortcut': vi.fn(async () => ({})),
  'posts.extract': vi.fn(async () => ({ posts: [] })),
  'dialog.nextPost': vi.fn(async () => ({ opened: false })),
  'wellbeing.changed': vi.fn(async () => ({})),
});

/** The listener answers through sendResponse; this turns that into the reply (or undefined: ignored). */
function answer(listen: ReturnType<typeof contentMessageListener>, raw: unknown, sender = fromUs()): Promise<unknown> {
  return new Promise((resolve) => {
    if (listen(raw, sender, resolve) !== true) resolve(undefined);
  });
}

/** Values near the shape of a ClickContext: right, wrong type, extra keys, too long. */
const clickLike = fc.record(
  {
    pageUrl: fc.oneof(fc.string(), fc.constant('x'.repeat(4001)), fc.integer()),
    linkUrl: fc.oneof(fc.string(), fc.constant(undefined), fc.constant(null)),
    srcUrl: fc.oneof(fc.string({ maxLength: 10 }), fc.constant('y'.repeat(4000))),
    mediaType: fc.constantFrom('image', 'video', 'audio', 'gif', undefined),
    inOtherFrame: fc.constantFrom(true, false, 'true', undefined),
    extra: fc.string(),
  },
  { requiredKeys: [] },
);

describe('content-side message checks (zod-free)', () => {
  beforeEach(() => fakeBrowser.reset());

  test('a click context passes exactly when the zod schema would accept it', () => {
    fc.assert(
      fc.property(fc.oneof(clickLike, fc.anything()), (value) => {
        expect(isClickContext(value)).toBe(ClickContext.safeParse(value).success);
      }),
      { numRuns: 2000 },
    );
  });

  test('every payload the content script accepts agrees with the protocol map', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.record({ context: clickLike }, { requiredKeys: [] }), fc.anything()), async (payload) => {
        for (const type of ['dialog.open', 'dialog.shortcut', 'posts.extract', 'dialog.nextPost', 'wellbeing.changed'] as const) {
          const listen = contentMessageListener(handlers());
          const reply = (await answer(listen, { type, payload })) as { ok: boolean };
          expect(reply.ok).toBe(protocol[type].request.safeParse(payload).success);
        }
      }),
      { numRuns: 500 },
    );
  });

  test('answers a valid message with its handler\'s value, and a throwing handler with its error', async () => {
    const listen = contentMessageListener({
      'dialog.open': async () => {
        throw new Error('no dialog');
      },
      'posts.extract': async () => ({ posts: [] }),
    });
    expect(await answer(listen, { type: 'posts.extract', payload: {} })).toEqual({ ok: true, value: { posts: [] } });
    expect(await answer(listen, { type: 'dialog.open', payload: { context: { pageUrl: 'https://a.example/' } } }))
      .toEqual({ ok: false, error: 'no dialog' });
  });

  test('ignores other senders, other types and junk, without calling a handler', async () => {
    const calls = handlers();
    const listen = contentMessageListener(calls);
    expect(await answer(listen, { type: 'posts.extract', payload: {} }, { id: 'another-extension' })).toBeUndefined();
    expect(await answer(listen, { type: 'report.submit', payload: {} })).toBeUndefined();
    expect(await answer(listen, { type: 'toString', payload: {} })).toBeUndefined();
    expect(await answer(listen, '<img onerror=alert(1)>')).toBeUndefined();
    expect(await answer(listen, { type: 'dialog.open', payload: { context: { pageUrl: 1 } } })).toEqual({ ok: false, error: 'invalid dialog.open' });
    expect(calls['dialog.open']).not.toHaveBeenCalled();
    expect(calls['posts.extract']).not.toHaveBeenCalled();
  });

  test('askBackground resolves on an ok reply and throws the error of any other', async () => {
    const send = vi.spyOn(fakeBrowser.runtime, 'sendMessage');
    const token = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const start = { subject: { kind: 'error', error: { key: 'postUnreadable' } } } as const;
    send.mockResolvedValueOnce({ ok: true, value: { token } });
    await expect(askBackground('dialog.start', start)).resolves.toEqual({ token });
    expect(send).toHaveBeenCalledWith({ type: 'dialog.start', payload: start });
    send.mockResolvedValueOnce({ ok: false, error: 'no tab' });
    await expect(askBackground('dialog.start', start)).rejects.toThrow('no tab');
    send.mockResolvedValueOnce(undefined);
    await expect(askBackground('dialog.start', start)).rejects.toThrow('no valid answer to dialog.start');
  });
});
