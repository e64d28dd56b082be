/** "Show media" in the report dialog refuses a reflex Space, for a post's media and an account's avatar and banner alike (issue 18). */
import { render } from 'preact';
import { expect, test } from 'vitest';
import { AccountSummary } from '../../components/report/AccountSummary';
import { PostSummary } from '../../components/report/PostSummary';
import { samplePost } from '../../test-support/fixtures';
import { containerPerTest } from '../preact-container';

const container = containerPerTest();
/** False when the event was cancelled: the browser's keyup click (which would unblur) does not happen. */
const space = (target: Element, type: 'keydown' | 'keyup') =>
  target.dispatchEvent(new KeyboardEvent(type, { key: ' ', bubbles: true, cancelable: true }));

test('a post\'s "Show media" refuses Space (its keyup would click and unblur)', () => {
  render(<PostSummary post={samplePost()} />, container());
  const reveal = container().querySelector('[data-flagpost-action="reveal-media"]')!;
  expect(space(reveal, 'keydown')).toBe(false);
  expect(space(reveal, 'keyup')).toBe(false);
});

test('an account\'s "Show media" (avatar and banner) refuses Space too', () => {
  const post = {
    ...samplePost(),
    media: [{ kind: 'image', sourceUrl: 'https://pbs.twimg.com/profile_images/1/a.jpg' }],
    account: { handle: '@someone', url: 'https://x.com/someone', recentPosts: [] },
  };
  render(<AccountSummary post={post as never} hashed={[]} />, container());
  const reveal = container().querySelector('[data-flagpost-action="reveal-media"]')!;
  expect(reveal.getAttribute('aria-pressed')).toBe('false');
  expect(space(reveal, 'keydown')).toBe(false);
  expect(space(reveal, 'keyup')).toBe(false);
});
