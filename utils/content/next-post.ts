/**
 * "Send and next" (issue 18): after a report is sent, the post the dialog opens for next. The one below the post
 * just reported, in document order, among the posts Flagpost decorated with its button, that is in or near the
 * viewport and not reported yet (in this page, or marked as on the endpoint's list). None: the dialog says so.
 */

/** "Near" the viewport: up to this many viewport heights below its bottom (the next post is often half in view). */
export const NEXT_POST_REACH_VIEWPORTS = 1;

export interface NextPostOptions {
  /** The post just reported (it may be gone from the page: a virtual list recycles its elements). */
  current: Element | null;
  /** The posts in document order (querySelectorAll's order). */
  posts: readonly Element[];
  /** Reported already: in this page, or marked as listed by the endpoint. */
  isReported: (post: Element) => boolean;
  viewportHeight: number;
}

export function nextPostToReport({ current, posts, isReported, viewportHeight }: NextPostOptions): Element | undefined {
  const reach = viewportHeight * (1 + NEXT_POST_REACH_VIEWPORTS);
  // Read every position first, then decide: one layout for the whole feed.
  const candidates = posts.filter((post) => post !== current && !isReported(post));
  const below = current?.isConnected
    ? candidates.filter((post) => current.compareDocumentPosition(post) & Node.DOCUMENT_POSITION_FOLLOWING)
    : candidates;
  const rects = below.map((post) => post.getBoundingClientRect());
  const index = rects.findIndex((rect) => rect.bottom > 0 && rect.top < reach);
  return index >= 0 ? below[index] : undefined;
}
