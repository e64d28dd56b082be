/**
 * The synthetic feed of `npm run bench:feed`, running in the page (bundled by feed.bench.ts): posts
 * cloned from a real fixture's first post (in the element the platform adds for it: X's list cell),
 * added in scroll-sized batches, one batch per frame, one insertion each as the platforms' renderers
 * do. Every clone gets its own post id (in all its links), as a real feed's posts have.
 */
import { DECORATED_ATTRIBUTE, REPORT_ACTION_SELECTOR } from '../utils/content/report-button';
import { adapters, FEEDS } from './feed-platforms';

type Platform = keyof typeof adapters;

/** Where the post id sits in a post's links, and how to make another of the same shape. */
const IDS: Record<Platform, { pattern: RegExp; make: (n: number) => string }> = {
  x: { pattern: /\/status\/(\d+)/, make: (n) => String(1_900_000_000_000_000_000n + BigInt(n)) },
  youtube: { pattern: /(?:[?&]v=|\/shorts\/)([\w-]{11})/, make: (n) => `b${n.toString(36).padStart(10, '0')}` },
};

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

let platform: Platform;
let template: Element;
let templateId: string;
let feed: HTMLElement;
let serial = 0;

function giveId(post: Element, id: string, previous: string): void {
  for (const link of post.querySelectorAll(`[href*="${previous}"]`)) {
    link.setAttribute('href', link.getAttribute('href')!.replaceAll(previous, id));
  }
  post.setAttribute('data-bench-id', id);
}

function newPost(): Element {
  const post = template.cloneNode(true) as Element;
  giveId(post, IDS[platform].make(serial++), templateId);
  return post;
}

async function load(name: Platform, fixtureUrl: string): Promise<void> {
  platform = name;
  const doc = new DOMParser().parseFromString(await (await fetch(fixtureUrl)).text(), 'text/html');
  const first = doc.querySelector(`:is(${adapters[name].postSelector})`);
  if (!first) throw new Error(`no post in ${fixtureUrl}`);
  const item = FEEDS[name].item;
  const cell = item ? first.closest(item) : null;
  template = document.importNode(cell ?? first, true);
  // X places its cells absolutely (its virtual list sets each one's offset): here they flow one after another.
  if (cell) template.removeAttribute('style');
  template.querySelectorAll(REPORT_ACTION_SELECTOR).forEach((button) => button.remove());
  templateId = first.outerHTML.match(IDS[name].pattern)?.slice(1).find(Boolean) ?? '';
  feed = document.getElementById('feed')!;
}

/** Appends `count` posts, `perFrame` at a time. */
async function append(count: number, perFrame: number): Promise<void> {
  for (let added = 0; added < count; added += perFrame) {
    const batch = Array.from({ length: Math.min(perFrame, count - added) }, newPost);
    for (const post of batch) feed.append(post);
    await nextFrame();
  }
}

/**
 * A virtualised feed that recycles its nodes: `count` more posts scroll through the same `window`
 * elements. Each frame the `perFrame` oldest move to the bottom and show another post (new id in
 * every link), as YouTube's renderers do.
 */
async function recycle(count: number, perFrame: number, window: number): Promise<void> {
  if (feed.children.length < window) await append(window - feed.children.length, perFrame);
  for (let shown = 0; shown < count; shown += perFrame) {
    const moved = [...feed.children].slice(0, Math.min(perFrame, count - shown));
    for (const post of moved) {
      giveId(post, IDS[platform].make(serial++), post.getAttribute('data-bench-id')!);
      feed.append(post);
    }
    await nextFrame();
  }
}

/** Every post shows exactly one button of its own, decorated for the post it shows now. */
function check(): { posts: number; correct: number } {
  const adapter = adapters[platform];
  const posts = [...feed.querySelectorAll(`:is(${adapter.postSelector})`)];
  const correct = posts.filter((post) => {
    const own = [...post.querySelectorAll(REPORT_ACTION_SELECTOR)].filter((b) => b.closest(`:is(${adapter.postSelector})`) === post);
    const key = adapter.postKey?.(post);
    return own.length === 1 && (key === undefined || post.getAttribute(DECORATED_ATTRIBUTE) === key);
  });
  return { posts: posts.length, correct: correct.length };
}

/** Every node in the feed (elements, text, comments). */
function nodes(): number {
  const walker = document.createTreeWalker(feed);
  let count = 0;
  while (walker.nextNode()) count++;
  return count;
}

Object.assign(globalThis, { feedBench: { load, append, recycle, check, nodes } });
