/** Batch selection on the feed (utils/content/batch-select.ts): the selection, the bar, and handing it to a frame. */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { startBatchSelection } from '../../utils/content/batch-select';
import type { PlatformAdapter } from '../../utils/platforms/types';
import { BATCH_BAR_ROUTE, BATCH_ROUTE } from '../../utils/report-frame';
import { samplePost } from '../../test-support/fixtures';

const frames = () => [...document.querySelectorAll<HTMLIFrameElement>('iframe')];
const frameAt = (route: string) => frames().find((frame) => new URL(frame.src).hash === route);

/** What the frame's page posts to its parent (components/report/frame-channel.ts `tell`). */
function signalFrom(frame: HTMLIFrameElement, signal: string): void {
  window.dispatchEvent(new MessageEvent('message', { data: signal, origin: new URL(frame.src).origin, source: frame.contentWindow }));
}

/** A user's click (isTrusted), Shift held or not. */
function click(button: Element, shiftKey = false): void {
  const event = new MouseEvent('click', { bubbles: true, cancelable: true, shiftKey, detail: 1, clientX: 0, clientY: 0 });
  Object.defineProperty(event, 'isTrusted', { value: true });
  button.dispatchEvent(event);
}

const urlOf = (post: Element) => `https://x.com/a/status/${post.getAttribute('data-id')}`;
const permalink = vi.fn(urlOf);
const adapter = {
  postSelector: 'article',
  extract: (post: Element) => ({ ...samplePost(), url: urlOf(post) }),
  permalink,
} as unknown as PlatformAdapter;

function feed(...ids: number[]): void {
  document.body.innerHTML = ids.map((id) => `<article data-id="${id}"><button data-flagpost-action="report">Report</button></article>`).join('');
}
const button = (n: number) => document.querySelectorAll('[data-flagpost-action="report"]')[n]!;
const pressed = () => document.querySelectorAll('[aria-pressed="true"]').length;

let lifetime: AbortController;
beforeEach(() => {
  fakeBrowser.reset();
  lifetime = new AbortController();
});
afterEach(() => {
  lifetime.abort();
  frames().forEach((frame) => frame.remove());
});

test('a batch the background refuses keeps the selection, and the report dialog says why', async () => {
  feed(1, 2, 3);
  const asked: unknown[] = [];
  fakeBrowser.runtime.onMessage.addListener(((message: { type: string; payload: { subject?: unknown } }) => {
    if (message.type === 'batch.start') return Promise.resolve({ ok: false, error: 'invalid batch.start: posts.1.pageUrl: Too big' });
    if (message.type === 'dialog.start') return asked.push(message.payload.subject), Promise.resolve({ ok: true, value: { token: crypto.randomUUID() } });
    return undefined;
  }) as never);
  startBatchSelection(adapter, lifetime.signal);
  click(button(0), true);
  click(button(1));
  click(button(2));
  signalFrom(frameAt(BATCH_BAR_ROUTE)!, 'flagpost:batch-report');
  await vi.waitFor(() => expect(frameAt('')).toBeDefined());
  expect(frameAt(BATCH_ROUTE)).toBeUndefined();
  expect(asked).toEqual([{ kind: 'error', error: { key: 'dialogPrepareFailed', detail: expect.stringContaining('Too big') } }]);
  expect(pressed()).toBe(3);
  expect(frameAt(BATCH_BAR_ROUTE)).toBeDefined();
});

test('a batch the background holds clears the selection and opens the batch form', async () => {
  feed(1, 2);
  fakeBrowser.runtime.onMessage.addListener(((message: { type: string }) =>
    message.type === 'batch.start' ? Promise.resolve({ ok: true, value: { token: crypto.randomUUID() } }) : undefined) as never);
  startBatchSelection(adapter, lifetime.signal);
  click(button(0), true);
  click(button(1));
  signalFrom(frameAt(BATCH_BAR_ROUTE)!, 'flagpost:batch-report');
  await vi.waitFor(() => expect(frameAt(BATCH_ROUTE)).toBeDefined());
  expect(pressed()).toBe(0);
  expect(frameAt(BATCH_BAR_ROUTE)).toBeUndefined();
});

test('the same post shown twice (a quote) is one selection: unselecting it through the other copy lets go of the pressed one', () => {
  feed(8, 7, 7);
  startBatchSelection(adapter, lifetime.signal);
  click(button(0), true);
  click(button(1));
  expect(button(1).getAttribute('aria-pressed')).toBe('true');
  click(button(2));
  expect(button(1).getAttribute('aria-pressed')).toBeNull();
  expect(button(2).getAttribute('aria-pressed')).toBeNull();
  expect(button(0).getAttribute('aria-pressed')).toBe('true');
});

test('a selection reported while a batch form is open stays selected, and the open form keeps the focus', async () => {
  feed(1, 2, 3);
  const started: string[] = [];
  fakeBrowser.runtime.onMessage.addListener(((message: { type: string }) =>
    message.type === 'batch.start' ? (started.push('batch'), Promise.resolve({ ok: true, value: { token: crypto.randomUUID() } })) : undefined) as never);
  startBatchSelection(adapter, lifetime.signal);
  click(button(0), true);
  signalFrom(frameAt(BATCH_BAR_ROUTE)!, 'flagpost:batch-report');
  await vi.waitFor(() => expect(frameAt(BATCH_ROUTE)).toBeDefined());
  click(button(1), true);
  click(button(2));
  signalFrom(frameAt(BATCH_BAR_ROUTE)!, 'flagpost:batch-report');
  await new Promise((resolve) => setTimeout(resolve, 0));
  expect(started).toEqual(['batch']);
  expect(pressed()).toBe(2);
  expect(document.activeElement).toBe(frameAt(BATCH_ROUTE));
});

test('a batch form the page removed from under us no longer blocks the next one', async () => {
  feed(1, 2);
  fakeBrowser.runtime.onMessage.addListener(((message: { type: string }) =>
    message.type === 'batch.start' ? Promise.resolve({ ok: true, value: { token: crypto.randomUUID() } }) : undefined) as never);
  startBatchSelection(adapter, lifetime.signal);
  click(button(0), true);
  signalFrom(frameAt(BATCH_BAR_ROUTE)!, 'flagpost:batch-report');
  await vi.waitFor(() => expect(frameAt(BATCH_ROUTE)).toBeDefined());
  frameAt(BATCH_ROUTE)!.remove();
  click(button(1), true);
  signalFrom(frameAt(BATCH_BAR_ROUTE)!, 'flagpost:batch-report');
  await vi.waitFor(() => expect(frameAt(BATCH_ROUTE)).toBeDefined());
  expect(pressed()).toBe(0);
});
