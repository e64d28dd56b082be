/** The batch form (components/batch/BatchPanel.tsx) against a fake background. */
import { render } from 'preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, expect, test, vi } from 'vitest';
import { BatchPanel } from '../../components/batch/BatchPanel';
import type { BatchState } from '../../utils/messages';
import { samplePost } from '../../test-support/fixtures';
import { containerPerTest } from '../preact-container';

const container = containerPerTest();
const received: string[] = [];
const BATCH = '00000000-0000-4000-8000-000000000001';
const ID = '00000000-0000-4000-8000-000000000002';
let submitAnswers: BatchState[] = [];

beforeEach(() => {
  fakeBrowser.reset();
  received.length = 0;
  submitAnswers = [{ steps: [{ id: ID, step: 'queued' }] }];
  fakeBrowser.runtime.onMessage.addListener(((message: { type: string }) => {
    received.push(message.type);
    const answer = (value: unknown) => Promise.resolve({ ok: true, value });
    if (message.type === 'batch.submit') return answer(submitAnswers.shift());
    if (message.type === 'batch.status') return answer({ steps: [{ id: ID, step: 'queued' }] });
    if (message.type === 'batch.discard') return answer({});
    return undefined;
  }) as never);
});

const $ = <T extends Element>(selector: string) => container().querySelector<T>(selector);

async function fillAndSend(): Promise<void> {
  render(<BatchPanel batch={{ batchId: BATCH, items: [{ id: ID, post: samplePost() }] }} onClose={() => {}} />, container());
  const boxes = () => [...container().querySelectorAll<HTMLInputElement>('input[type=checkbox]')];
  boxes()[0]!.click(); // a category
  const text = $<HTMLTextAreaElement>('textarea')!;
  text.value = 'Because.';
  text.dispatchEvent(new Event('input', { bubbles: true }));
  boxes().at(-1)!.click(); // good faith
  await vi.waitFor(() => expect($<HTMLButtonElement>('[data-flagpost-action="batch-send"]')!.disabled).toBe(false));
  $('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  await vi.waitFor(() => expect($('[data-flagpost-batch-summary]')).not.toBeNull());
}

test('a post whose submit failed ("Sending again is safe") can be sent again from the sent form', async () => {
  submitAnswers = [
    { steps: [{ id: ID, step: 'failed', reason: { key: 'submitFailed', detail: 'AbortError' } }] },
    { steps: [{ id: ID, step: 'queued' }] },
  ];
  await fillAndSend();
  $<HTMLButtonElement>('[data-flagpost-action="batch-retry"]')!.click();
  await vi.waitFor(() => expect($('[data-flagpost-batch-step]')!.getAttribute('data-flagpost-batch-step')).toBe('queued'));
  expect(received.filter((type) => type === 'batch.submit')).toHaveLength(2);
  expect($('[data-flagpost-action="batch-retry"]')).toBeNull();
});

test('a post that failed otherwise (no draft made) is not offered again', async () => {
  submitAnswers = [{ steps: [{ id: ID, step: 'failed', reason: { key: 'dialogPrepareFailed', detail: 'locate broke' } }] }];
  await fillAndSend();
  expect($('[data-flagpost-action="batch-retry"]')).toBeNull();
});

test('a sent batch lets go of its record when its frame closes (else session storage keeps every batch all session)', async () => {
  await fillAndSend();
  expect(received).toContain('batch.submit');
  render(null, container()); // the user closes the frame
  await vi.waitFor(() => expect(received).toContain('batch.discard'));
});

test('posts whose media are off the platforms\' servers: one step names their sites, and one click agrees for all', async () => {
  const OTHER = '00000000-0000-4000-8000-000000000003';
  render(<BatchPanel batch={{ batchId: BATCH, items: [{ id: ID, post: samplePost() }, { id: OTHER, post: samplePost() }] }} onClose={() => {}} />, container());
  // The background's push once each draft is made (batch.ts awaitConsent).
  const steps = [
    { id: ID, step: 'hashing', confirmFetch: ['https://files.mastodon.social/a.png', 'https://cdn.example/b.png'] },
    { id: OTHER, step: 'hashing', confirmFetch: ['https://files.mastodon.social/c.png'] },
  ];
  const background = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/background.js') };
  await new Promise((resolve) => setTimeout(resolve, 20)); // the form's listener, added after its first paint
  await fakeBrowser.runtime.onMessage.trigger({ type: 'batch.progress', payload: { batchId: BATCH, steps } }, background);
  await vi.waitFor(() => expect($('[data-flagpost-confirm-fetch]')).not.toBeNull());
  expect($('[data-flagpost-confirm-fetch] p')!.textContent).toContain('Posts: 2. Sites: \u2068files.mastodon.social, cdn.example\u2069');
  $<HTMLButtonElement>('[data-flagpost-action="batch-fetch-media"]')!.click();
  await vi.waitFor(() => expect(received).toContain('batch.fetchMedia'));
});
