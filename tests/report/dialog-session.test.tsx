/**
 * The report dialog, rendered against a fake background: the keys (1…5, Ctrl+Enter), where the focus opens, the
 * good-faith confirmation remembered for the browser session, and the duplicate guard (issue 18).
 */
import { render } from 'preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { ReportDialog } from '../../components/report/ReportDialog';
import type { RequestOf, ResponseOf } from '../../utils/messages';
import { tcoCategories } from '../../utils/schema/report';
import { goodFaithRemembered, goodFaithSessionItem, rememberGoodFaith } from '../../utils/store/good-faith-session';
import { sampleDraft, samplePost } from '../../test-support/fixtures';
import { containerPerTest } from '../preact-container';

const submitted: RequestOf<'report.submit'>[] = [];
let previous: ResponseOf<'report.previous'> = { listed: false };
const container = containerPerTest();

function fakeBackground(): void {
  fakeBrowser.runtime.onMessage.addListener(((message: { type: string; payload: never }) => {
    const answer = (value: unknown) => Promise.resolve({ ok: true, value });
    switch (message.type) {
      case 'report.prepare':
        return answer({
          draft: sampleDraft(),
          reporter: { mode: 'anonymous' },
          client: { name: 'Flagpost', version: '0.1.0', browser: 'chrome', locale: 'en' },
          confirmFetch: [],
          boundMs: 60_000,
        });
      case 'report.previous':
        return answer(previous);
      case 'report.submit':
        submitted.push(message.payload);
        return answer({ id: sampleDraft().id, status: 'sent' });
      case 'report.discard':
        return answer({});
      // The background's own store: the dialog reaches session storage through it (good-faith-session.ts).
      case 'goodFaith.remembered':
        return goodFaithRemembered().then((remembered) => answer({ remembered }));
      case 'goodFaith.remember':
        return rememberGoodFaith((message.payload as { remember: boolean }).remember).then(() => answer({}));
      default:
        return undefined;
    }
  }) as never);
}

function open(onClose = () => {}): void {
  render(<ReportDialog subject={{ kind: 'post', post: samplePost() }} draftId={crypto.randomUUID()} onClose={onClose} />, container());
}

const $ = <T extends Element>(selector: string) => container().querySelector<T>(selector);
/** Waits for the element: vi.waitFor retries only what throws. */
const found = <T extends Element>(selector: string) =>
  vi.waitFor(() => {
    const element = $<T>(selector);
    if (!element) throw new Error(`no ${selector} yet`);
    return element;
  });
const category = (n: number) => $<HTMLInputElement>(`[data-flagpost-category="${n}"]`)!;
const sendButton = () => $<HTMLButtonElement>('[data-flagpost-action="send"]')!;
const press = (target: Element, key: string, init: KeyboardEventInit = {}) =>
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }));
/** Prepared and previewed: Send is enabled as soon as the form is complete. */
const ready = () => vi.waitFor(() => expect($('.preview pre')?.textContent).toContain('"schema"'));

beforeEach(() => {
  fakeBrowser.reset();
  submitted.length = 0;
  previous = { listed: false };
  fakeBackground();
});

describe('the report dialog from the keyboard', () => {
  test('opens with the focus on the first category, not on "Show media"; each category shows its key', async () => {
    open();
    await vi.waitFor(() => expect(document.activeElement).toBe(category(1)));
    expect($('[data-flagpost-action="reveal-media"]')).not.toBeNull();
    expect(tcoCategories.map((_, i) => category(i + 1).getAttribute('aria-keyshortcuts'))).toEqual(['1', '2', '3', '4', '5']);
  });

  test('1…5 tick and untick categories; a digit in the explanation is text; Ctrl+Enter sends once the form is complete', async () => {
    open();
    await ready();
    press(category(1), '3');
    await vi.waitFor(() => expect(category(3).checked).toBe(true));
    press(category(1), '1');
    press(category(1), '3');
    await vi.waitFor(() => expect(category(3).checked).toBe(false));
    expect(category(1).checked).toBe(true);
    press($('#flagpost-explanation')!, '2');
    expect(category(2).checked).toBe(false);

    // Not complete yet (good faith): Ctrl+Enter sends nothing.
    press(category(1), 'Enter', { ctrlKey: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(submitted).toHaveLength(0);

    $<HTMLInputElement>('.choice:not(.nested):not(.urgent) input:not([data-flagpost-category])')!.click();
    await vi.waitFor(() => expect(sendButton().disabled).toBe(false));
    press(category(1), 'Enter', { ctrlKey: true });
    await vi.waitFor(() => expect(submitted).toHaveLength(1));
    expect(submitted[0]!.form.tco).toEqual([tcoCategories[0]]);
    expect(submitted[0]!.form.goodFaith).toBe(true);
  });

  test('plain Enter in the one-line "entity" field sends nothing; Ctrl+Enter there does', async () => {
    open();
    await ready();
    press(category(1), '1');
    $<HTMLInputElement>('.choice:not(.nested):not(.urgent) input:not([data-flagpost-category])')!.click();
    await vi.waitFor(() => expect(sendButton().disabled).toBe(false));
    const entity = $<HTMLInputElement>('#flagpost-entity')!;
    // happy-dom has no implicit submission: done here as a browser does, when the field's Enter is not prevented.
    if (press(entity, 'Enter')) entity.form!.requestSubmit();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(submitted).toHaveLength(0);
    press(entity, 'Enter', { ctrlKey: true });
    await vi.waitFor(() => expect(submitted).toHaveLength(1));
  });

  test('Space on "Show media" does not unblur; Enter (a click) does', async () => {
    open();
    const reveal = await found<HTMLButtonElement>('[data-flagpost-action="reveal-media"]');
    expect(press(reveal, ' ')).toBe(false); // default prevented: the browser's keyup click never comes
    expect(reveal.dispatchEvent(new KeyboardEvent('keyup', { key: ' ', bubbles: true, cancelable: true }))).toBe(false);
    expect(reveal.getAttribute('aria-pressed')).toBe('false');
    reveal.click();
    await vi.waitFor(() => expect(reveal.getAttribute('aria-pressed')).toBe('true'));
  });
});

describe('the good-faith confirmation, remembered for the browser session', () => {
  const goodFaithBox = () => $<HTMLInputElement>('.choice:not(.nested):not(.urgent) input:not([data-flagpost-category])');
  const rememberBox = () => $<HTMLInputElement>('.choice.nested input');

  test('not remembered unless asked: sending with the box unticked stores nothing', async () => {
    open();
    await ready();
    press(category(1), '1');
    goodFaithBox()!.click();
    await vi.waitFor(() => expect(sendButton().disabled).toBe(false));
    sendButton().click();
    await vi.waitFor(() => expect(submitted).toHaveLength(1));
    expect(await goodFaithSessionItem.getValue()).toBe(false);
  });

  test('asked for, it is remembered in session storage once the report is sent, and the next dialog says so', async () => {
    open();
    await ready();
    press(category(1), '1');
    goodFaithBox()!.click();
    rememberBox()!.click();
    await vi.waitFor(() => expect(sendButton().disabled).toBe(false));
    sendButton().click();
    await vi.waitFor(() => expect(submitted).toHaveLength(1));
    await vi.waitFor(async () => expect(await goodFaithSessionItem.getValue()).toBe(true));
    expect(await fakeBrowser.storage.session.get('goodFaithConfirmed')).toEqual({ goodFaithConfirmed: true });

    render(null, container());
    open();
    await vi.waitFor(() => expect($('[data-flagpost-good-faith="remembered"]')).not.toBeNull());
    expect(goodFaithBox()).toBeNull();
    await ready();
    // Remembered: a category and Ctrl+Enter are the whole report.
    press(category(1), '2');
    // Each key is a task of its own in a browser: the dialog renders between them.
    await vi.waitFor(() => expect(sendButton().disabled).toBe(false));
    press(category(1), 'Enter', { ctrlKey: true });
    await vi.waitFor(() => expect(submitted).toHaveLength(2));
    expect(submitted[1]!.form).toMatchObject({ tco: [tcoCategories[1]], goodFaith: true });
  });

  test('"Ask me again" forgets it: the box is back, unticked, and the session holds nothing', async () => {
    await goodFaithSessionItem.setValue(true);
    open();
    const forget = await found<HTMLButtonElement>('[data-flagpost-action="forget-good-faith"]');
    forget.click();
    await vi.waitFor(() => expect(goodFaithBox()?.checked).toBe(false));
    await vi.waitFor(async () => expect(await goodFaithSessionItem.getValue()).toBe(false));
  });
});

describe('the duplicate guard', () => {
  test('a post reported before says when and how far it got, and a new report needs a reason, sent in the explanation', async () => {
    await goodFaithSessionItem.setValue(true);
    previous = { local: { createdAt: Date.UTC(2026, 10, 24, 10), stage: 'under_review' }, listed: true };
    open();
    const note = await found('[data-flagpost-previous="local"]');
    expect(note.textContent).toContain('Under review'.slice(0, 5));
    expect(note.textContent).toContain('2026');
    await ready();
    press(category(1), '1');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sendButton().disabled).toBe(true);
    const reason = $<HTMLTextAreaElement>('#flagpost-repeat-reason')!;
    reason.value = 'New video in the thread';
    reason.dispatchEvent(new Event('input', { bubbles: true }));
    await vi.waitFor(() => expect(sendButton().disabled).toBe(false));
    press(category(1), 'Enter', { ctrlKey: true });
    await vi.waitFor(() => expect(submitted).toHaveLength(1));
    expect(submitted[0]!.form.explanation).toMatch(/\n\nReported again: New video in the thread$/);
  });
});

describe('the backdrop', () => {
  test('closes the dialog when pressed and released on it, not when a selection dragged out of the form ends there', async () => {
    let closed = 0;
    open(() => closed++);
    await found('textarea');
    const backdrop = $<HTMLElement>('.backdrop')!;
    const press = (target: Element) => target.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
    // A drag from the explanation box ends over the backdrop: the browser clicks their common ancestor.
    press($('textarea')!);
    backdrop.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(closed).toBe(0);
    press(backdrop);
    backdrop.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(closed).toBe(1);
  });
});
