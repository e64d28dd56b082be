/**
 * The keyboard shortcut (manifest `commands`, handled in the background): report the post that
 * holds the keyboard focus, else the one that fills most of the viewport, else the page itself.
 */
import type { PlatformAdapter } from '../platforms/types';

/** The visible area of a box, in square pixels. */
function areaInView(box: DOMRect): number {
  const width = Math.min(box.right, innerWidth) - Math.max(box.left, 0);
  const height = Math.min(box.bottom, innerHeight) - Math.max(box.top, 0);
  return Math.max(0, width) * Math.max(0, height);
}

export function postForShortcut(adapter: PlatformAdapter, doc: Document): Element | null {
  const posts = `:is(${adapter.postSelector})`;
  const focused = doc.activeElement?.closest(posts);
  if (focused) return focused;
  // Layout is read here only, on the user's request: the feed itself never measures.
  let best: Element | null = null;
  let bestArea = 0;
  for (const post of doc.querySelectorAll(posts)) {
    if (adapter.postKey?.(post) === null) continue; // holds no post now (an ad slot): never the one meant
    const area = areaInView(post.getBoundingClientRect());
    if (area > bestArea) [best, bestArea] = [post, area];
  }
  return best;
}
