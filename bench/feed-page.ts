/**
 * The synthetic feed of `npm run bench:feed`, running in the page (bundled by feed.bench.ts): posts
 * cloned from a platform's fixture's first post (in the element the platform adds for it: X's list cell),
 * added in scroll-sized batches, one batch per frame, one insertion each as the platforms' renderers
 * do. Every clone gets its own post id (in every attribute that holds it), as a real feed's posts have.
 */
import { DECORATED_ATTRIBUTE, postOfButton, REPORT_ACTION_SELECTOR } from '../utils/content/report-button';
import { adapters, FEED_ITEMS } from './feed-platforms';

/** More ids than any run shows (10,000 posts and the warm-up). */
const IDS_NEEDED = 100_000;

/**
 * Post ids of the template's shape: its trailing run of letters and digits rewritten from `n`, in
 * the characters it already uses (a platform's id alphabet: digits, base 32, base 36…), keeping its
 * length where that gives enough ids, else digits appended (a longer number).
 */
function idMaker(id: string): (n: number) => string {
  const [tail = ''] = /[A-Za-z0-9]*$/.exec(id) ?? [];
  const head = id.slice(0, id.length - tail.length);
  const alphabet = [...new Set(/^\d+$/.test(tail) ? '0123456789' : tail)].sort();
  const places = Math.ceil(Math.log(IDS_NEEDED) / Math.log(Math.max(alphabet.length, 2)));
  if (alphabet.length < 2 || places > tail.length) return (n) => `${id}${String(n).padStart(6, '0')}`;
  return (n) => {
    let digits = '';
    for (let i = 0, rest = n; i < places; i++, rest = Math.floor(rest / alphabet.length)) digits = alphabet[rest % alphabet.length] + digits;
    return head + tail.slice(0, tail.length - places) + digits;
  };
}

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

let platform: string;
let template: Element;
let templateId: string;
let makeId: (n: number) => string;
let feed: HTMLElement;
let serial = 0;

/** Replaces `previous` by `id` wherever the post (or its cell) carries it: links, data attributes, keys. */
function giveId(post: Element, id: string, previous: string): void {
  for (const element of [post, ...post.querySelectorAll('*')]) {
    for (const attribute of element.attributes) {
      if (attribute.value.includes(previous)) attribute.value = attribute.value.replaceAll(previous, id);
    }
  }
  post.setAttribute('data-bench-id', id);
}

function newPost(): Element {
  const post = template.cloneNode(true) as Element;
  giveId(post, makeId(serial++), templateId);
  return post;
}

/** Loads the fixture `fixtureUrl` stands for (`pageUrl`) and takes its first post as the template. */
async function load(name: string, fixtureUrl: string, pageUrl: string): Promise<void> {
  platform = name;
  const adapter = adapters[name]!;
  const doc = new DOMParser().parseFromString(await (await fetch(fixtureUrl)).text(), 'text/html');
  const first = doc.querySelector(`:is(${adapter.postSelector})`);
  if (!first) throw new Error(`no post in ${fixtureUrl}`);
  const item = FEED_ITEMS[name];
  const cell = item ? first.closest(item) : null;
  templateId = adapter.extract(first, pageUrl)?.postId ?? '';
  if (!templateId || !first.outerHTML.includes(templateId)) throw new Error(`${name}: the first post's id is not in its markup`);
  makeId = idMaker(templateId);
  template = document.importNode(cell ?? first, true);
  // X places its cells absolutely (its virtual list sets each one's offset): here they flow one after another.
  if (cell) template.removeAttribute('style');
  template.querySelectorAll(REPORT_ACTION_SELECTOR).forEach((button) => button.remove());
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
      giveId(post, makeId(serial++), post.getAttribute('data-bench-id')!);
      feed.append(post);
    }
    await nextFrame();
  }
}

/**
 * Every post shows exactly one button of its own, decorated for the post it shows now; and every button in the feed.
 * A button's post is the extension's own answer (postOfButton): the post it is in, or the one it stands beside
 * where the post is itself a link or button (Bluesky's feed items, TikTok's grid tiles).
 */
function check(): { posts: number; correct: number; buttons: number } {
  const adapter = adapters[platform]!;
  const selector = `:is(${adapter.postSelector})`;
  const posts = [...feed.querySelectorAll(selector)];
  const buttons = [...feed.querySelectorAll(REPORT_ACTION_SELECTOR)];
  const own = new Map<Element, number>();
  for (const button of buttons) {
    const post = postOfButton(button, selector);
    if (post) own.set(post, (own.get(post) ?? 0) + 1);
  }
  const correct = posts.filter((post) => {
    const key = adapter.postKey?.(post);
    return own.get(post) === 1 && (key === undefined || post.getAttribute(DECORATED_ATTRIBUTE) === key);
  });
  return { posts: posts.length, correct: correct.length, buttons: buttons.length };
}

/** Every node in the feed (elements, text, comments). */
function nodes(): number {
  const walker = document.createTreeWalker(feed);
  let count = 0;
  while (walker.nextNode()) count++;
  return count;
}

Object.assign(globalThis, { feedBench: { load, append, recycle, check, nodes } });
