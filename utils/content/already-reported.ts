/**
 * Wellbeing on the page: posts on the endpoint's list of reported content are marked and, by default,
 * their media blurred until the user clicks Show. Never from the user's own reports: a mark is in the
 * page's DOM, where the page reads it (PRIVACY.md, "What a page can see"). The feed's hot path only queues
 * the post; one message per idle period asks the background about the whole batch, then every mark
 * is written at once. Opt-in: on-screen media go to the background, which hashes them on a budget.
 */
import type { ResponseOf } from '../messages';
import type { PostKeys } from '../domain';
import type { PlatformAdapter } from '../platforms/types';
import { setWordsLanguage } from '../feed-words';
import { WELLBEING_BATCH, WELLBEING_MEDIA_BATCH, WELLBEING_MEDIA_PER_POST } from '../schema/limits';
import type { ContentStrings } from './content-strings';
import { askBackground, listenToBackground } from './messaging';
import { ACTION_ATTRIBUTE, isControl } from './report-button';

/** On a post: "blur" (media hidden), "shown" (the user clicked Show) or "mark" (blurring is off). */
export const REPORTED_ATTRIBUTE = 'data-flagpost-reported';
const SHOW_SELECTOR = `[${ACTION_ATTRIBUTE}="show"]`;
const NOTE_CLASS = 'flagpost-reported';
/** Pictures smaller than this on screen (avatars, emoji) are not worth hashing. */
const MIN_MEDIA_SIDE = 96;

/** Runs `task` when the page is idle (or soon, where there is no idle callback). */
function whenIdle(task: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(task, { timeout: 500 });
  else setTimeout(task, 50);
}

function mediaUrls(post: Element): string[] {
  const urls = Array.from(post.querySelectorAll('img[src], video[poster]'), (el) =>
    el.localName === 'img' ? (el as HTMLImageElement).src : (el as HTMLVideoElement).poster,
  );
  return [...new Set(urls.filter((url) => url.startsWith('https:')))].slice(0, WELLBEING_MEDIA_PER_POST);
}

/** Starts watching; returns the hook the decoration calls for every post it (re)decorates. */
export function startAlreadyReported(adapter: PlatformAdapter, strings: ContentStrings, signal: AbortSignal): (post: Element) => void {
  /** Marking is off, or the endpoint lists nothing: posts are not even read, until 'wellbeing.changed'. */
  let off = false;
  let dormant = false;
  /** Until the background's first answer, posts wait unread: on a fresh install there is nothing to mark. */
  let known = false;
  let blur = true;
  let matchMedia = false;
  const pending = new Set<Element>();
  let scheduled = false;
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    whenIdle(() => void flush());
  };
  const heed = (answer: ResponseOf<'wellbeing.check'>) => {
    ({ blur, matchMedia } = answer);
    off = !answer.mark;
    dormant = answer.empty && !matchMedia;
  };
  // The adapter is guarded(): a post it cannot read has no permalink, and is matched by its media alone.
  const keysOf = (post: Element): PostKeys => {
    const permalink = adapter.permalink?.(post, location.href);
    return { ...(permalink ? { permalink } : {}), media: mediaUrls(post) };
  };

  /** Idempotent: a post keeps "shown" once shown, and gets its note back if the page re-rendered it away. */
  function mark(post: Element): void {
    if (!post.hasAttribute(REPORTED_ATTRIBUTE)) post.setAttribute(REPORTED_ATTRIBUTE, blur ? 'blur' : 'mark');
    if (post.querySelector(`.${NOTE_CLASS}`)) return;
    const note = document.createElement('div');
    note.className = NOTE_CLASS;
    note.tabIndex = -1;
    note.textContent = strings.alreadyReported;
    setWordsLanguage(note, strings);
    // Never a button inside a post that is itself a link or button (a grid tile): there, the post's own page shows it.
    if (post.getAttribute(REPORTED_ATTRIBUTE) === 'blur' && !isControl(post)) {
      const show = document.createElement('button');
      show.type = 'button';
      show.setAttribute(ACTION_ATTRIBUTE, 'show');
      show.textContent = strings.alreadyReportedShow;
      note.append(' ', show);
    }
    // Next to the report button: the action bar has room for it, so the post's height (which the
    // platform's virtual list measured) does not change.
    (adapter.buttonSlot(post) ?? post).append(note);
  }

  function unmark(post: Element): void {
    if (!post.hasAttribute(REPORTED_ATTRIBUTE)) return;
    post.removeAttribute(REPORTED_ATTRIBUTE);
    for (const note of post.querySelectorAll(`.${NOTE_CLASS}`)) note.remove();
  }

  // Opt-in media matching: each on-screen picture of an unmarked post is asked about once.
  /** Media the background matched: their posts stay marked when the page re-renders them. */
  const matchedMedia = new Set<string>();
  const watched = new WeakSet<Element>();
  /** Came on screen, waits for the next batch: URL → its post. */
  const visible = new Map<string, Element>();
  const onScreen = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      onScreen.unobserve(entry.target);
      const { width, height } = entry.boundingClientRect;
      const post = entry.target.closest(adapter.postSelector);
      if (post && width >= MIN_MEDIA_SIDE && height >= MIN_MEDIA_SIDE) visible.set((entry.target as HTMLImageElement).src, post);
    }
    if (visible.size) whenIdle(askAboutMedia);
  });
  signal.addEventListener('abort', () => onScreen.disconnect(), { once: true });

  function askAboutMedia(): void {
    const batch = [...visible].slice(0, WELLBEING_MEDIA_BATCH);
    for (const [url] of batch) visible.delete(url);
    if (!batch.length) return;
    const postOf = new Map(batch);
    askBackground('wellbeing.match', { urls: [...postOf.keys()] }).then(({ matched }) => {
      if (signal.aborted) return;
      for (const url of matched) {
        matchedMedia.add(url);
        const post = postOf.get(url);
        if (post?.isConnected) mark(post);
      }
    }, () => {});
    if (visible.size) whenIdle(askAboutMedia);
  }

  function watchMedia(post: Element): void {
    for (const img of post.querySelectorAll('img[src]')) {
      if (watched.has(img) || !(img as HTMLImageElement).src.startsWith('https:')) continue;
      watched.add(img);
      onScreen.observe(img);
    }
  }

  async function flush(): Promise<void> {
    scheduled = false;
    // Read everything first…
    const posts = [...pending].filter((post) => post.isConnected);
    pending.clear();
    const keys = posts.map(keysOf);
    for (let start = 0; start < posts.length && !off; start += WELLBEING_BATCH) {
      const answer = await askBackground('wellbeing.check', { posts: keys.slice(start, start + WELLBEING_BATCH) }).catch(() => null);
      if (!answer || signal.aborted) return;
      heed(answer);
      // …then write, all at once.
      const reported = new Set(answer.reported);
      posts.slice(start, start + WELLBEING_BATCH).forEach((post, i) => {
        if (reported.has(i) || keys[start + i]!.media.some((url) => matchedMedia.has(url))) return mark(post);
        unmark(post); // a recycled element shows another post now
        if (matchMedia) watchMedia(post);
      });
    }
  }

  // One click (or Enter / Space: it is a button) shows the media; focus stays on the note.
  document.addEventListener(
    'click',
    (event) => {
      const show = event.target instanceof Element ? event.target.closest(SHOW_SELECTOR) : null;
      const post = show?.closest(`[${REPORTED_ATTRIBUTE}]`);
      // No isTrusted check: the page can unblur its own DOM anyway; only the user gains from this button.
      if (!show || !post) return;
      event.preventDefault();
      event.stopPropagation();
      post.setAttribute(REPORTED_ATTRIBUTE, 'shown');
      const note = show.parentElement as HTMLElement | null;
      show.remove();
      note?.focus();
    },
    { capture: true, signal },
  );

  // A reflexive Space (to scroll the feed) does not unblur: Show takes Enter or a click (issue 18). The keyup is the
  // one that clicks a button; its keydown is refused too, so the button never looks pressed.
  for (const type of ['keydown', 'keyup'] as const) {
    document.addEventListener(
      type,
      (event) => {
        if (event.key === ' ' && event.target instanceof Element && event.target.closest(SHOW_SELECTOR)) event.preventDefault();
      },
      { capture: true, signal },
    );
  }

  /** What the page should do; after a change (`recheck`), every post on the page is asked about again. */
  function update(recheck: boolean): Promise<void> {
    return askBackground('wellbeing.check', { posts: [] })
      .then(heed, () => {}) // unanswered: the first batch asks again
      .then(() => {
        if (signal.aborted) return;
        known = true;
        if (off || dormant) {
          pending.clear();
          if (recheck) for (const post of document.querySelectorAll(`[${REPORTED_ATTRIBUTE}]`)) unmark(post);
          return;
        }
        if (recheck) for (const post of document.querySelectorAll(adapter.postSelector)) pending.add(post);
        if (pending.size) schedule();
      });
  }
  // Before any post is read; then whenever the list arrives or changes, or the settings change: a tab that found
  // the list empty (first sync not done, endpoint down) or marking off would otherwise never check a post again.
  void update(false);
  listenToBackground({ 'wellbeing.changed': () => update(true).then(() => ({})) }, signal);

  return (post) => {
    if (off || dormant) return;
    pending.add(post);
    if (known) schedule();
  };
}
