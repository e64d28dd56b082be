/**
 * The feed hot path: each post gets one plain <button>, nothing else. Mutations are batched
 * into one pass per task that changed the page; each pass reads everything first, then writes.
 *
 * A pass looks only at the posts its mutation records name: posts added (or inside added
 * nodes), and posts with changes inside. Such a post is decorated again when the page removed its
 * button, or when the platform recycled the element for another post (its `postKey` changed:
 * YouTube, TikTok). `npm run bench:feed` compares this with the other ways of finding posts
 * (docs/benchmarks.md).
 */
import type { PlatformAdapter } from '../platforms/types';
import { setWordsLanguage, type WordsLanguage } from '../feed-words';

export const ACTION_ATTRIBUTE = 'data-flagpost-action';
export const REPORT_ACTION_SELECTOR = `[${ACTION_ATTRIBUTE}="report"]`;
/** Holds the post's key (or "") when its button was added. */
export const DECORATED_ATTRIBUTE = 'data-flagpost-decorated';
/** On the `<li>` our button gets in a list of the platform's own links (old Reddit's `ul.buttons`). */
const HOLDER_ATTRIBUTE = 'data-flagpost-holder';

/**
 * A post that is itself a link or a button (Bluesky's feed items, TikTok's profile-grid tiles): our button goes
 * right after it, beside it, never inside, where a click on ours would be a click on the platform's control too
 * and a screen reader would find a control inside a control (tests/platforms/button-placement.test.ts).
 */
export function isControl(post: Element): boolean {
  // One selector match: a single DOM call, where reading the role and the tag took three (it runs for every post).
  return post.matches('a,button,[role="link"],[role="button"]');
}

/** What was placed for a button: the `<li>` that holds it in a list, or the button itself. */
function placedFor(button: Element): Element {
  return button.parentElement?.hasAttribute(HOLDER_ATTRIBUTE) ? button.parentElement : button;
}

/** The post a report button is for: the one it is in, or the one it stands beside (isControl). */
export function postOfButton(button: Element, postSelector: string): Element | null {
  const inside = button.closest(postSelector);
  if (inside) return inside;
  const before = placedFor(button).previousElementSibling;
  return before?.matches(postSelector) ? before : null;
}

/** The report button beside a post that is a control (isControl), if it has one. */
function buttonBeside(post: Element): Element | null {
  const next = post.nextElementSibling;
  if (!next) return null;
  return next.hasAttribute(HOLDER_ATTRIBUTE) ? next.querySelector(REPORT_ACTION_SELECTOR) : next.matches(REPORT_ACTION_SELECTOR) ? next : null;
}

/** A post's report button now: in it, or beside it (isControl). */
export function reportButtonOf(post: Element): Element | null {
  return isControl(post) ? buttonBeside(post) : post.querySelector(REPORT_ACTION_SELECTOR);
}

/** `owner`: the document the button is made in (decoratePosts makes its template in one of its own). */
export function createReportButton(label: string, owner: Document = document): HTMLButtonElement {
  const button = owner.createElement('button');
  button.type = 'button';
  button.className = 'flagpost-report';
  button.setAttribute(ACTION_ATTRIBUTE, 'report');
  button.setAttribute('aria-label', label);
  button.title = label;
  return button;
}

/**
 * Adds to `found` the posts `element` is or holds. Posts never hold posts
 * (tests/hostile/adapters.property.test.ts checks every saved page), so a post's own subtree, the
 * bulk of the feed's nodes, is never searched: after each post, the search goes on from what
 * follows it (a list cell holding one post costs one short query, where `querySelectorAll` would
 * visit every node of the post).
 */
export function postsUnder(element: Element, selector: string, found: Set<Element>): void {
  let post = element.matches(selector) ? element : element.querySelector(selector);
  while (post) {
    found.add(post);
    post = postAfter(post, element, selector);
  }
}

/** The first post after `post`'s subtree, within `root`. */
function postAfter(post: Element, root: Element, selector: string): Element | null {
  for (let node: Element | null = post; node && node !== root; node = node.parentElement) {
    for (let next = node.nextElementSibling; next; next = next.nextElementSibling) {
      const found = next.matches(selector) ? next : next.querySelector(selector);
      if (found) return found;
    }
  }
  return null;
}

interface Decoration {
  post: Element;
  /** Null: the element holds no post now; its buttons go, and it is no longer decorated. */
  slot: Element | null;
  /** The button goes after the post rather than into `slot` (the post is a link or button: isControl). */
  beside: boolean;
  key: string;
  /** Buttons left from an earlier decoration of a recycled or re-rendered post. */
  stale: Element[];
}

/** Adds a report button to every post now and later under `root`, until `signal` aborts; `language`: the label's. */
export function decoratePosts(
  adapter: PlatformAdapter, root: Element, label: string, signal: AbortSignal, onDecorated?: (post: Element) => void,
  language?: WordsLanguage,
): void {
  const posts = adapter.postSelector;
  const keyOf = (post: Element) => (adapter.postKey ? adapter.postKey(post) : '');

  // One button made, then cloned for each post: one DOM call instead of six on the hot path. Made and cloned in an
  // empty document of our own, not the page's: where the page's script holds a wrapper for each post's <form> (the
  // bench's old Reddit feed), every node made or inserted in the page's document costs tens of µs, growing with the
  // feed (a clone 20–100 µs at 1,000 posts, 1–3 µs in our document); the appendChild into the post adopts it.
  // docs/benchmarks.md, "The clone's cost is the page's document's".
  const workshop = document.implementation.createHTMLDocument('');
  const button = createReportButton(label, workshop);
  // On the template: every clone carries it, at no cost per post.
  if (language) setWordsLanguage(button, language);
  // A list holds only list items: in one (old Reddit's row of links), the button has its own <li>, as the site's links do.
  const listItem = workshop.createElement('li');
  listItem.setAttribute(HOLDER_ATTRIBUTE, '');
  listItem.append(button.cloneNode());
  const buttonFor = (parent: Element): Node => (parent.localName === 'ul' || parent.localName === 'ol' ? listItem : button).cloneNode(true);

  function needsButton(post: Element): Decoration | null {
    const key = keyOf(post);
    // A post never decorated holds no button of ours (a clone of a decorated post carries the attribute too).
    const decorated = post.hasAttribute(DECORATED_ATTRIBUTE);
    const buttons = decorated ? [...post.querySelectorAll(REPORT_ACTION_SELECTOR)].filter((b) => b.closest(posts) === post) : [];
    // Beside a post that is a control: looked for even when the post is not marked (the platform re-made it in place).
    const beside = isControl(post);
    const after = beside ? buttonBeside(post) : null;
    if (after) buttons.push(after);
    // No key: the element holds no post now (a skeleton, an ad slot), so it keeps no button.
    if (key === null) return decorated || after ? { post, slot: null, beside, key: '', stale: buttons } : null;
    const current = (decorated || after) && post.getAttribute(DECORATED_ATTRIBUTE) === key && buttons.length === 1;
    if (current) return null;
    return { post, slot: beside ? post.parentElement : (adapter.buttonSlot(post) ?? post), beside, key, stale: buttons };
  }

  /**
   * The posts the records name: added ones (or inside added nodes), and ones with a change inside.
   * Never the whole document: a pass costs what was added, however long the feed has grown.
   */
  function postsIn(records: MutationRecord[]): Set<Element> {
    const named = new Set<Element>();
    // A feed adds its posts to one list: its records share a target, looked at once.
    let lastTarget: Node | null = null;
    for (const record of records) {
      const { target, addedNodes } = record;
      if (target !== lastTarget) {
        lastTarget = target;
        // A change inside a post: a re-render that dropped our button, or (href) a recycled post.
        const touched = (target.nodeType === Node.ELEMENT_NODE ? (target as Element) : target.parentElement)?.closest(posts);
        if (touched) named.add(touched);
      }
      // Indexed: a DOM list's iterator costs a call per step.
      for (let i = 0; i < addedNodes.length; i++) {
        const node = addedNodes[i]!;
        if (node.nodeType === Node.ELEMENT_NODE) postsUnder(node as Element, posts, named);
      }
    }
    return named;
  }

  function decorate(candidates: Iterable<Element>): void {
    // Read everything first…
    const decorations: Decoration[] = [];
    for (const post of candidates) {
      const decoration = root.contains(post) ? needsButton(post) : null;
      if (decoration) decorations.push(decoration);
    }
    if (!decorations.length) return;
    // …then write, so the page never has to lay out between our changes. Unobserved meanwhile: our
    // own changes hold nothing to decorate, and so cost no mutation records at all.
    feedObserver.disconnect();
    for (const { post, slot, beside, key, stale } of decorations) {
      for (const old of stale) placedFor(old).remove();
      if (!slot) {
        post.removeAttribute(DECORATED_ATTRIBUTE);
        continue;
      }
      post.setAttribute(DECORATED_ATTRIBUTE, key);
      if (beside) post.after(buttonFor(slot));
      else slot.appendChild(buttonFor(slot));
      onDecorated?.(post);
    }
    if (!signal.aborted) observe();
  }

  // The observer's callback runs once per task that changed the page (a microtask after the
  // platform's render), so each batch is decorated before the next frame paints it.
  const feedObserver = new MutationObserver((records) => {
    if (!signal.aborted) decorate(postsIn(records));
  });
  // A recycled element usually gets new children; where it only gets new links, the href
  // change is the sign, so platforms with keys are watched for that attribute too.
  const observe = () =>
    feedObserver.observe(root, { childList: true, subtree: true, ...(adapter.postKey ? { attributeFilter: ['href'] } : {}) });
  signal.addEventListener('abort', () => feedObserver.disconnect(), { once: true });
  observe();
  // The posts already there: the only search of the whole tree.
  const present = new Set<Element>();
  postsUnder(root, posts, present);
  decorate(present);
}
