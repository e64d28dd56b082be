/**
 * The feed hot path: each post gets one plain <button>, nothing else. Posts are found in
 * batches (one query per animation frame, however many mutations), read first, then written.
 */
import type { PlatformAdapter } from '../platforms/types';

export const ACTION_ATTRIBUTE = 'data-flagpost-action';
export const REPORT_ACTION_SELECTOR = `[${ACTION_ATTRIBUTE}="report"]`;
const DECORATED_ATTRIBUTE = 'data-flagpost-decorated';

function createReportButton(label: string): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'flagpost-report';
  button.setAttribute(ACTION_ATTRIBUTE, 'report');
  button.setAttribute('aria-label', label);
  button.title = label;
  return button;
}

/** Adds a report button to every post now and later under `root`, until `signal` aborts. */
export function decoratePosts(adapter: PlatformAdapter, root: Element, label: string, signal: AbortSignal): void {
  const undecorated = `${adapter.postSelector}:not([${DECORATED_ATTRIBUTE}])`;

  function decorateNewPosts(): void {
    // Read everything first…
    const posts = [...root.querySelectorAll(undecorated)];
    const slots = posts.map((post) => adapter.buttonSlot(post) ?? post);
    // …then write, so the page never has to lay out between our changes.
    posts.forEach((post, index) => {
      post.setAttribute(DECORATED_ATTRIBUTE, '');
      slots[index]!.append(createReportButton(label));
    });
  }

  let frameRequested = false;
  const feedObserver = new MutationObserver(() => {
    if (frameRequested) return;
    frameRequested = true;
    requestAnimationFrame(() => {
      frameRequested = false;
      if (!signal.aborted) decorateNewPosts();
    });
  });
  feedObserver.observe(root, { childList: true, subtree: true });
  signal.addEventListener('abort', () => feedObserver.disconnect(), { once: true });
  decorateNewPosts();
}
