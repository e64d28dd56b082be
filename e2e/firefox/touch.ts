/**
 * What makes a surface unusable on a phone, measured in the page: content wider than the screen, and
 * touch targets smaller than 44 × 44 CSS px (WCAG 2.5.5; Android asks for 48 dp, Apple for 44 pt).
 */
import type { NodeRef, Tab } from './tab';

export const MIN_TARGET_PX = 44;

const CONTROLS = 'button, a[href], input, select, textarea, summary';

/**
 * Every problem under `root` (the document when none), one line each. A checkbox or radio counts by its
 * label (the sentence is what a finger taps); a link inside a sentence is exempt (WCAG's "inline"
 * exception); hidden controls and collapsed content are skipped. On a platform's page, `only` names our
 * own controls: the rest of its layout is the platform's. The whole page must fit only when it is ours.
 */
export function touchProblems(tab: Tab, { root, only }: { root?: NodeRef; only?: string } = {}): Promise<string[]> {
  return tab.run(
    (base: ParentNode | undefined, min: number, selector: string, wholePage: boolean) => {
      const problems: string[] = [];
      const scope = base ?? document;
      const width = document.documentElement.clientWidth;
      if (wholePage && document.documentElement.scrollWidth > width) problems.push(`the page is ${document.documentElement.scrollWidth} px wide on a ${width} px screen`);
      const describe = (el: Element) =>
        `<${el.localName}${el.id ? `#${el.id}` : ''}${el.className ? `.${String(el.className).replace(/\s+/g, '.')}` : ''}> "${(el.textContent ?? '').trim().slice(0, 40)}"`;
      for (const box of scope.querySelectorAll('[role="dialog"], main, .dialog')) {
        const rect = box.getBoundingClientRect();
        if (rect.left < 0 || rect.right > width) problems.push(`${describe(box)} spans ${Math.round(rect.left)}–${Math.round(rect.right)} px of ${width}`);
      }
      const targets = new Set<Element>();
      for (const control of scope.querySelectorAll(selector)) {
        const isBox = control instanceof HTMLInputElement && (control.type === 'checkbox' || control.type === 'radio');
        const label = isBox && (control.closest('label') ?? (control.id ? scope.querySelector(`label[for="${control.id}"]`) : null));
        const inSentence = control.localName === 'a' && getComputedStyle(control).display === 'inline' &&
          (control.parentElement?.textContent ?? '').trim().length > (control.textContent ?? '').trim().length;
        if (!inSentence) targets.add(label || control);
      }
      for (const target of targets) {
        const rect = target.getBoundingClientRect();
        if (rect.width === 0 && rect.height === 0) continue; // not displayed (collapsed, visually hidden)
        if (target.closest('.visually-hidden')) continue;
        if (rect.width < min || rect.height < min) problems.push(`${describe(target)} is ${Math.round(rect.width)} × ${Math.round(rect.height)} px`);
      }
      return problems;
    },
    root,
    MIN_TARGET_PX,
    only ?? CONTROLS,
    // The width of the whole page is ours to answer for on our own pages only.
    !root && !only,
  );
}
