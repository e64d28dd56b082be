/**
 * The feed hot path: each post gets one plain <button>, nothing else. Mutations are batched
 * into one pass per animation frame; each pass reads everything first, then writes.
 *
 * A pass looks only at the posts the frame's mutation records name: posts added (or inside added
 * nodes), and posts with changes inside. Such a post is decorated again when the page removed its
 * button, or when the platform recycled the element for another post (its `postKey` changed:
 * YouTube, TikTok). `npm run bench:feed` compares this with the other ways of finding posts
 * (docs/benchmarks.md).
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
export function decoratePosts(
  adapter: PlatformAdapter, root: Element, label: string, signal: AbortSignal, onDecorated?: (post: Element) => void,
): void {
  // `:is()` so that a selector list stays one selector inside `closest` and `matches`.
  const posts = `:is(${adapter.postSelector})`;
  const keyOf = (post: Element) => adapter.postKey?.(post) ?? '';
  /** Posts to look at in the next pass: added ones, and ones whose content changed. */
  const candidates = new Set<Element>();

  // One button made, then cloned for each post: one DOM call instead of six on the hot path.
  const button = createReportButton(label);

  function needsButton(post: Element): Decoration | null {
    const key = keyOf(post);
    // A post never decorated holds no button of ours (a clone of a decorated post carries the attribute too).
    const decorated = post.hasAttribute(DECORATED_ATTRIBUTE);
    const buttons = decorated ? [...post.querySelectorAll(REPORT_ACTION_SELECTOR)].filter((b) => b.closest(posts) === post) : [];
    const current = decorated && post.getAttribute(DECORATED_ATTRIBUTE) === key && buttons.length === 1;
    return current ? null : { post, slot: adapter.buttonSlot(post) ?? post, key, stale: buttons };
  }

  // Only what the records name is looked at, never the whole document: a pass costs what was
  // added, however long the feed has grown.
  function collect(records: MutationRecord[]): void {
    for (const record of records) {
      const { target } = record;
      // A change inside a post: a re-render that dropped our button, or (href) a recycled post.
      const touched = (target.nodeType === Node.ELEMENT_NODE ? (target as Element) : target.parentElement)?.closest(posts);
      if (touched) candidates.add(touched);
      for (const node of record.addedNodes) {
        if (node.nodeType !== Node.ELEMENT_NODE) continue;
        const element = node as Element;
        // Posts never hold posts (tests/hostile/adapters.property.test.ts checks every saved page), so an
        // added post's own subtree, the bulk of the feed's nodes, is not searched.
        if (element.matches(posts)) candidates.add(element);
        else for (const post of element.querySelectorAll(posts)) candidates.add(post);
      }
    }
  }

  function decorate(): void {
    collect(feedObserver.takeRecords());
    // Read everything first…
    const decorations = [...candidates].filter((post) => root.contains(post)).map(needsButton);
    candidates.clear();
    // …then write, so the page never has to lay out between our changes.
    for (const decoration of decorations) {
      if (!decoration) continue;
      for (const old of decoration.stale) old.remove();
      decoration.post.setAttribute(DECORATED_ATTRIBUTE, decoration.key);
      decoration.slot.append(button.cloneNode());
      onDecorated?.(decoration.post);
    }
    // The records of our own writes: nothing in them to decorate.
    feedObserver.takeRecords();
  }

  let frameRequested = false;
  const feedObserver = new MutationObserver((records) => {
    collect(records);
    if (frameRequested || !candidates.size) return;
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
  // The posts already there: the only query of the whole tree.
  for (const post of root.querySelectorAll(posts)) candidates.add(post);
  decorate();
}
