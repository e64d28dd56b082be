/** The content script's report frame (utils/content/dialog-frame.ts): where the focus goes when it closes. */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { openExtensionFrame, openReportDialog } from '../../utils/content/dialog-frame';
import type { ReportSubject } from '../../utils/domain';
import { feedWords } from '../../utils/language';
import { BATCH_ROUTE } from '../../utils/report-frame';
import arabic from '../../public/_locales/ar/messages.json';

const frames = () => [...document.querySelectorAll<HTMLIFrameElement>('iframe')];
const started = (token: string) => Promise.resolve({ token });

/** What the frame's page posts to its parent (components/report/frame-channel.ts `tell`). */
function signalFrom(frame: HTMLIFrameElement, signal: string): void {
  const origin = new URL(frame.src).origin;
  window.dispatchEvent(new MessageEvent('message', { data: signal, origin, source: frame.contentWindow }));
}

beforeEach(() => {
  fakeBrowser.reset();
  document.body.innerHTML = '<article id="post-1"><button>Report</button></article><article id="post-2"><button>Report</button></article>';
});
afterEach(() => frames().forEach((frame) => frame.remove()));

const buttonOf = (post: string) => document.querySelector<HTMLElement>(`#${post} button`)!;

test('closing the dialog gives the focus back to the button it was opened from', async () => {
  buttonOf('post-1').focus();
  await openExtensionFrame(started('t1'));
  signalFrom(frames()[0]!, 'flagpost:close');
  expect(frames()).toHaveLength(0);
  expect(document.activeElement).toBe(buttonOf('post-1'));
});

test('a dialog that replaced an open one ("Send and next") gives the focus back to where the first came from, not to <body>', async () => {
  buttonOf('post-1').focus();
  await openExtensionFrame(started('t1'));
  expect(document.activeElement).toBe(frames()[0]);
  await openExtensionFrame(started('t2'));
  expect(frames()).toHaveLength(1);
  signalFrom(frames()[0]!, 'flagpost:close');
  expect(document.activeElement).toBe(buttonOf('post-1'));
});

test('opened from where the focus was (the shortcut, from a link in the post): the focus goes back there, not to the post\'s button', async () => {
  document.getElementById('post-2')!.insertAdjacentHTML('afterbegin', '<a href="/status/2">2h</a>');
  const link = document.querySelector<HTMLElement>('#post-2 a')!;
  link.focus();
  await openExtensionFrame(started('t1'), '', () => buttonOf('post-2'));
  signalFrom(frames()[0]!, 'flagpost:close');
  expect(document.activeElement).toBe(link);
});

test('the way back is looked up when the dialog closes: a button the platform re-rendered meanwhile gets the focus', async () => {
  buttonOf('post-1').focus();
  await openExtensionFrame(started('t1'));
  await openExtensionFrame(started('t2'), '', () => buttonOf('post-2'));
  // The feed re-rendered the next post: its button is a new element.
  document.getElementById('post-2')!.innerHTML = '<button>Report</button>';
  signalFrom(frames()[0]!, 'flagpost:close');
  expect(document.activeElement).toBe(buttonOf('post-2'));
});

test('the way back gone from the page (a virtualised feed dropped the post): the focus goes where the replaced dialog came from', async () => {
  buttonOf('post-1').focus();
  await openExtensionFrame(started('t1'));
  const detached = buttonOf('post-2');
  await openExtensionFrame(started('t2'), '', () => detached);
  document.getElementById('post-2')!.remove();
  signalFrom(frames()[0]!, 'flagpost:close');
  expect(document.activeElement).toBe(buttonOf('post-1'));
});

test('the background not starting the report: the frame goes and the focus goes back to the button, not lost with the frame', async () => {
  buttonOf('post-2').focus();
  await openExtensionFrame(Promise.reject(new Error('no background')));
  const [frame] = frames();
  expect(document.activeElement).toBe(frame);
  signalFrom(frame!, 'flagpost:ready');
  await new Promise((resolve) => setTimeout(resolve, 0));
  expect(frames()).toHaveLength(0);
  expect(document.activeElement).toBe(buttonOf('post-2'));
});

test('the background refusing the subject: the dialog says why (its error subject), where nothing showed at all', async () => {
  const token = '0f8fad5b-d9cb-469f-a165-70867728950e';
  const asked: unknown[] = [];
  fakeBrowser.runtime.onMessage.addListener(async (message: unknown) => {
    const { type, payload } = message as { type: string; payload: { subject: { kind: string } } };
    if (type !== 'dialog.start') return undefined;
    asked.push(payload.subject);
    return payload.subject.kind === 'error' ? { ok: true, value: { token } } : { ok: false, error: 'invalid dialog.start: post.text too long' };
  });
  const post = { platform: 'x', postId: '1', url: 'https://x.com/a/status/1' };
  await openReportDialog({ kind: 'post', post } as unknown as ReportSubject);
  const [frame] = frames();
  // The test DOM loads no frame: a window that takes the token stands in for the frame's.
  const handed = vi.fn();
  Object.defineProperty(frame, 'contentWindow', { value: { postMessage: handed } });
  signalFrom(frame!, 'flagpost:ready');
  await vi.waitFor(() => expect(handed).toHaveBeenCalledWith({ token }, new URL(frame!.src).origin));
  expect(asked).toEqual([
    { kind: 'post', post },
    { kind: 'error', error: { key: 'dialogPrepareFailed', detail: 'invalid dialog.start: post.text too long' } },
  ]);
  expect(frames()).toEqual([frame]);
});

test('Arabic chosen in Settings, the browser English: the frame\'s accessible name (its title) is Arabic, and says so', async () => {
  fakeBrowser.runtime.onMessage.addListener(async (message: unknown) =>
    (message as { type: string }).type === 'content.language' ? { ok: true, value: { language: 'ar', words: feedWords('ar') } } : undefined);
  buttonOf('post-1').focus();
  await openExtensionFrame(started('t1'));
  const [frame] = frames();
  // The dialog inside says "الإبلاغ عن محتوى إرهابي" (mountPage, chosen language); the frame around it, read first:
  expect(frame!.title).toBe(arabic.dialogTitle.message);
  expect(frame!.lang).toBe('ar');
  expect(document.activeElement).toBe(frame);
});

test('a report asked for while the batch form is open (the shortcut, a right-click) does not replace it: the focus goes back to it', async () => {
  await openExtensionFrame(started('batch'), BATCH_ROUTE);
  buttonOf('post-1').focus();
  await openExtensionFrame(started('t2'));
  // Replaced, the batch form's pagehide would discard every post's draft and the form filled in.
  expect(frames().map((frame) => new URL(frame.src).hash)).toEqual([BATCH_ROUTE]);
  expect(document.activeElement).toBe(frames()[0]);
  signalFrom(frames()[0]!, 'flagpost:close');
  await openExtensionFrame(started('t3'));
  expect(frames().map((frame) => new URL(frame.src).hash)).toEqual(['']);
});
