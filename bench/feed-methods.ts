/**
 * Ways to find new posts and give each its button, for `npm run bench:feed` to compare (bundled
 * into the page; the extension's own way also runs as the real content script). Each batches into
 * one pass (per task, frame or tick) that reads every slot first, then writes.
 */
import { createReportButton, decoratePosts, DECORATED_ATTRIBUTE, REPORT_ACTION_SELECTOR } from '../utils/content/report-button';
import type { PlatformAdapter } from '../utils/platforms/types';
import { adapters } from './feed-platforms';

const LABEL = 'Report terrorist content';

/** Made in the page on first use (this module is also imported, for the method names, outside a browser). */
let button: HTMLButtonElement | undefined;

/** One batch: read every slot, then write every button (cloned, as the extension does). */
function addButtons(adapter: PlatformAdapter, posts: Element[]): void {
  const slots = posts.map((post) => adapter.buttonSlot(post) ?? post);
  posts.forEach((post, i) => {
    post.setAttribute(DECORATED_ATTRIBUTE, adapter.postKey?.(post) ?? '');
    slots[i]!.appendChild((button ??= createReportButton(LABEL)).cloneNode());
  });
}

const undecorated = (adapter: PlatformAdapter) => `:is(${adapter.postSelector}):not([${DECORATED_ATTRIBUTE}])`;

/** Calls `work` once in the next frame, however many times it is asked before then. */
function perFrame(work: () => void): () => void {
  let requested = false;
  return () => {
    if (requested) return;
    requested = true;
    requestAnimationFrame(() => {
      requested = false;
      work();
    });
  };
}

export const methods: Record<string, (adapter: PlatformAdapter) => void> = {
  /** utils/content/report-button.ts: a subtree observer; each pass looks only at the posts its records name. */
  'observer+records (extension)': (adapter) => decoratePosts(adapter, document.body, LABEL, new AbortController().signal),

  /**
   * The extension before this comparison: the same observer, but each pass also queried the whole
   * document for undecorated posts, so a pass cost grew with the length of the feed.
   */
  'observer+document query (before)': (adapter) => {
    const posts = `:is(${adapter.postSelector})`;
    const touched = new Set<Element>();
    const ownButtons = (post: Element) => [...post.querySelectorAll(REPORT_ACTION_SELECTOR)].filter((b) => b.closest(posts) === post);
    const pass = perFrame(() => {
      const fresh = [...document.querySelectorAll(undecorated(adapter))];
      const redo = [...touched].filter((post) => {
        if (!post.isConnected || !post.hasAttribute(DECORATED_ATTRIBUTE)) return false;
        return post.getAttribute(DECORATED_ATTRIBUTE) !== (adapter.postKey?.(post) ?? '') || ownButtons(post).length !== 1;
      });
      touched.clear();
      const stale = redo.map(ownButtons);
      addButtons(adapter, [...fresh, ...redo]);
      stale.flat().forEach((button) => button.remove());
    });
    new MutationObserver((records) => {
      for (const { target } of records) {
        const post = (target instanceof Element ? target : target.parentElement)?.closest(posts);
        if (post) touched.add(post);
      }
      pass();
    }).observe(document.body, { childList: true, subtree: true, ...(adapter.postKey ? { attributeFilter: ['href'] } : {}) });
    pass();
  },

  /**
   * refined-github's selector observer: a 1 ms CSS animation on undecorated posts; `animationstart`
   * names each new one, with no observer at all. Sees neither removed buttons nor recycled posts.
   */
  animationstart: (adapter) => {
    const name = 'flagpost-seen';
    const style = document.createElement('style');
    style.textContent = `@keyframes ${name} {} ${undecorated(adapter)} { animation: 1ms ${name}; }`;
    document.head.append(style);
    const seen = new Set<Element>();
    const pass = perFrame(() => {
      const posts = [...seen].filter((post) => post.isConnected && !post.hasAttribute(DECORATED_ATTRIBUTE));
      seen.clear();
      addButtons(adapter, posts);
    });
    document.addEventListener('animationstart', (event) => {
      if (event.animationName !== name || !(event.target instanceof Element)) return;
      seen.add(event.target);
      pass();
    });
  },

  /** A timer that queries the whole document four times a second. */
  'polling 250 ms': (adapter) => {
    const pass = () => addButtons(adapter, [...document.querySelectorAll(undecorated(adapter))]);
    setInterval(pass, 250);
    pass();
  },
};

Object.assign(globalThis, {
  feedMethods: { install: (method: string, platform: string) => methods[method]!(adapters[platform]!) },
});
