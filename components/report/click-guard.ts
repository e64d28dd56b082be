/**
 * Clickjacking, inside the report frame. The page cannot read the frame, but it can cover it or make it
 * transparent and have the user click through a decoy onto it. So the frame takes no pointer input
 *  - while the browser says it is not fully visible (IntersectionObserver v2, `trackVisibility`: Chrome tells
 *    whether anything covers the element, or an ancestor in any document makes it transparent, filtered or
 *    transformed), and
 *  - for CLICK_GUARD_MS after it appears, where that check is missing (Firefox) or has not answered yet: a click
 *    aimed at something the page showed there a moment before (a double-click decoy) never lands on the form.
 * The keyboard is never held back: a page cannot aim keystrokes at another document.
 */

/** Long enough to outlast a double-click, short enough that no one reaches a checkbox before it ends. */
export const CLICK_GUARD_MS = 500;
/** trackVisibility's minimum delay between two checks. */
const VISIBILITY_DELAY_MS = 100;

/** The two fields of IntersectionObserver v2 the DOM typings lack. */
type VisibilityEntry = IntersectionObserverEntry & { isVisible?: boolean };
const supportsVisibility = typeof IntersectionObserverEntry !== 'undefined' && 'isVisible' in IntersectionObserverEntry.prototype;

/** On the frame's root while pointer input is refused (tests wait for it to go; a style could dim the form). */
export const REFUSING_ATTRIBUTE = 'data-refusing-pointer';

/** Starts guarding `doc` against pointer input while `target` (the dialog) is not plainly visible. */
export function guardAgainstClickjacking(doc: Document, target: () => Element | null): void {
  // Unknown until the browser's first answer: covered, to be safe.
  let visible = !supportsVisibility;
  let settled = false;
  const show = () => doc.documentElement.toggleAttribute(REFUSING_ATTRIBUTE, !(visible && settled));
  show();
  setTimeout(() => {
    settled = true;
    show();
  }, CLICK_GUARD_MS);

  let observed: Element | null = null;
  const observer = supportsVisibility
    ? new IntersectionObserver(
      (entries) => {
        visible = (entries.at(-1) as VisibilityEntry).isVisible === true;
        show();
      },
      { trackVisibility: true, delay: VISIBILITY_DELAY_MS } as IntersectionObserverInit,
    )
    : undefined;
  // The dialog may be rendered again as another element: the one there now is the one observed.
  const observeCurrent = () => {
    const element = target();
    if (!observer || !element || element === observed) return;
    observer.disconnect();
    observer.observe(element);
    observed = element;
    visible = false;
    show();
  };

  /**
   * A fresh answer: observing again reports the state now. The observer only reports changes, and a tab sent to
   * the background and brought back may not report its return; nor, then, would the frame take a click again.
   */
  const recheck = () => {
    if (!observer || !observed) return;
    observer.disconnect();
    observer.observe(observed);
  };
  doc.addEventListener('visibilitychange', () => {
    if (doc.visibilityState === 'visible') recheck();
  });

  function refuse(event: Event): void {
    observeCurrent();
    // A click from the keyboard (Enter, Space) has detail 0 and is never refused.
    if (event.type === 'click' && (event as MouseEvent).detail === 0) return;
    if (!doc.documentElement.hasAttribute(REFUSING_ATTRIBUTE)) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    // Still covered, the answer stays no; uncovered since, the user's next click goes through.
    if (event.type === 'pointerdown') recheck();
  }
  for (const type of ['pointerdown', 'mousedown', 'click', 'auxclick', 'dblclick', 'touchstart', 'drop']) {
    doc.addEventListener(type, refuse, { capture: true, passive: false });
  }
  // Observed as soon as it exists, so the first answer is there before the user's first click.
  const start = () => (target() ? observeCurrent() : requestAnimationFrame(start));
  if (observer) start();
}
