import { describe, expect, test } from 'vitest';
import { nextPostToReport } from '../../utils/content/next-post';

/** Posts stacked down the page, each `height` tall from `top` (happy-dom does no layout: the rects are given). */
function feed(tops: number[], height = 300): HTMLElement[] {
  document.body.replaceChildren();
  return tops.map((top, index) => {
    const post = document.createElement('article');
    post.id = `p${index}`;
    post.getBoundingClientRect = () => ({ top, bottom: top + height, left: 0, right: 600, width: 600, height, x: 0, y: top, toJSON() {} });
    document.body.append(post);
    return post;
  });
}

describe('"Send and next": the next post', () => {
  test('is the one below the post just reported, in document order', () => {
    const posts = feed([-400, 0, 300, 600]);
    expect(nextPostToReport({ current: posts[1]!, posts, isReported: () => false, viewportHeight: 720 })?.id).toBe('p2');
  });

  test('skips posts already reported, here or marked as on the endpoint\'s list', () => {
    const posts = feed([0, 300, 600, 900]);
    const reported = new Set([posts[1], posts[2]]);
    expect(nextPostToReport({ current: posts[0]!, posts, isReported: (p) => reported.has(p as HTMLElement), viewportHeight: 720 })?.id).toBe('p3');
  });

  test('is in or near the viewport: none when the next one is far below', () => {
    const posts = feed([0, 300, 5000]);
    const reported = new Set([posts[1]]);
    expect(nextPostToReport({ current: posts[0]!, posts, isReported: (p) => reported.has(p as HTMLElement), viewportHeight: 720 })).toBeUndefined();
  });

  test('never a post above the one reported, even in view', () => {
    const posts = feed([0, 300]);
    expect(nextPostToReport({ current: posts[1]!, posts, isReported: () => false, viewportHeight: 720 })).toBeUndefined();
  });

  test('the post reported gone from the page (a recycled list): the first unreported one in view', () => {
    const posts = feed([-900, 100, 400]);
    const gone = document.createElement('article');
    expect(nextPostToReport({ current: gone, posts, isReported: () => false, viewportHeight: 720 })?.id).toBe('p1');
  });
});
