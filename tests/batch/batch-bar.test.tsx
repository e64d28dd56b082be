/** The batch bar (components/batch/BatchBar.tsx): the count the page's selection sends it. */
import { render } from 'preact';
import { expect, test, vi } from 'vitest';
import { BatchBar } from '../../components/batch/BatchBar';
import { BATCH_MAX_POSTS } from '../../utils/report-frame';
import { containerPerTest } from '../preact-container';

const container = containerPerTest();
const status = () => container().querySelector('[role="status"]')!.textContent;

/** What batch-select.ts posts to the bar: from the parent (in the test, this same window). */
const count = (selected: number) => window.dispatchEvent(new MessageEvent('message', { data: { selected }, source: window }));

test('a full selection says so: the next post clicked would not be selected', async () => {
  render(<BatchBar />, container());
  await new Promise((resolve) => setTimeout(resolve, 20)); // its listener, added after the first paint
  count(BATCH_MAX_POSTS - 1);
  await vi.waitFor(() => expect(status()).toBe(`Selected posts: ${BATCH_MAX_POSTS - 1}`));
  count(BATCH_MAX_POSTS);
  await vi.waitFor(() => expect(status()).toBe(`Selected posts: ${BATCH_MAX_POSTS}, the most one batch holds`));
});
