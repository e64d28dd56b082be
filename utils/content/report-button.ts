/**
 * The feed hot path: each post gets one plain <button>, nothing else. Mutations are batched
 * into one pass per animation frame; each pass reads everything first, then writes.
 *
 * A pass looks at two kinds of post: new ones (one selector query for undecorated posts) and
 * ones the batch's mutations touched. A touched post is decorated again when its button was
 * removed by the page, or when the platform recycled the element for another post (its
 * `postKey` changed: YouTube, TikTok).
 */
import type { PlatformAdapter } from '../platforms/types';

export const ACTION_ATTRIBUTE = 'data-flagpost-action';
export const REPORT_ACTION_SELECTOR = `[${ACTION_ATTRIBUTE}="report"]`;
/** Holds the post's key (or "") when its button was added. */
export const DECORATED_ATTRIBUTE = 'data-flagpost-decorated';

export function createReportButton(label: string): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'flagpost-report';
  button.setAttribute(ACTION_ATTRIBUTE, 'report');
  button.setAttribute('aria-label', label);
  button.title = label;
  return button;
}

interface Decoration {
  post: Element;
  slot: Element;
  key: string;
  /** Buttons left from an earlier decoration of a recycled or re-rendered post. */
  stale: Element[];
}

/** Adds a report button to every post now and later under `root`, until `signal` aborts. */
export function decoratePosts(adapter: PlatformAdapter, root: Element, label: string, signal: AbortSignal): void {
  // `:is()` so that `:not` applies to every alternative of a selector list.
  const posts = `:is(${adapter.postSelector})`;
  const undecorated = `${posts}:not([${DECORATED_ATTRIBUTE}])`;
  const keyOf = (post: Element) => adapter.postKey?.(post) ?? '';
  const touched = new Set<Element>();

  function needsButton(post: Element): Decoration | null {
    const key = keyOf(post);
    const buttons = [...post.querySelectorAll(REPORT_ACTION_SELECTOR)].filter((b) => b.closest(posts) === post);
    const current = post.getAttribute(DECORATED_ATTRIBUTE) === key && buttons.length === 1;
    return current ? null : { post, slot: adapter.buttonSlot(post) ?? post, key, stale: buttons };
  }

  function decorate(): void {
    // Read everything first…
    const fresh = [...root.querySelectorAll(undecorated)].map((post) => needsButton(post));
    const recycled = [...touched].filter((post) => post.isConnected && post.hasAttribute(DECORATED_ATTRIBUTE)).map(needsButton);
    touched.clear();
    // …then write, so the page never has to lay out between our changes.
    for (const decoration of [...fresh, ...recycled]) {
      if (!decoration) continue;
      for (const old of decoration.stale) old.remove();
      decoration.post.setAttribute(DECORATED_ATTRIBUTE, decoration.key);
      decoration.slot.append(createReportButton(label));
    }
  }

  let frameRequested = false;
  const feedObserver = new MutationObserver((records) => {
    for (const record of records) {
      const node = record.target;
      const element = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
      const post = element?.closest(posts);
      if (post) touched.add(post);
    }
    if (frameRequested) return;
    frameRequested = true;
    requestAnimationFrame(() => {
      frameRequested = false;
      if (!signal.aborted) decorate();
    });
  });
  // A recycled element usually gets new children; where it only gets new links, the href
  // change is the sign, so platforms with keys are watched for that attribute too.
  feedObserver.observe(root, { childList: true, subtree: true, ...(adapter.postKey ? { attributeFilter: ['href'] } : {}) });
  signal.addEventListener('abort', () => feedObserver.disconnect(), { once: true });
  decorate();
}
