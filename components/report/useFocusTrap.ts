import type { RefObject } from 'preact';
import { useEffect } from 'preact/hooks';

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), textarea:not([disabled]), summary, a[href], [tabindex]:not([tabindex="-1"])';

/**
 * Keeps Tab inside the dialog, closes on Esc, and focuses on open the control `initial` selects (the report dialog:
 * its first category, never "Show media"), else the first control.
 *
 * Esc is heard on the whole document, not only inside the dialog: the dialog is the only thing in its frame, and the
 * frame can hold the keyboard focus while its own focused element is its <body>, the focus given on open lost (seen
 * in Chromium when the keyboard shortcut opened the dialog as its tab came to the front: issue 21). An Esc heard only
 * inside the dialog was lost there, and the dialog stayed open.
 */
export function useFocusTrap(ref: RefObject<HTMLElement>, onEscape: () => void, initial?: string): void {
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    // `initial` not there yet (the caller focuses it when it comes): the dialog itself, never a control it did not choose.
    if (initial) (dialog.querySelector<HTMLElement>(initial) ?? dialog).focus();
    else dialog.querySelector<HTMLElement>(FOCUSABLE)?.focus();
    const doc = dialog.ownerDocument;
    function onDocumentKeyDown(event: KeyboardEvent): void {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      // An input method's Esc (Firefox: isComposing; Safari: keyCode 229) cancels the composition, not the dialog and its draft.
      if (event.isComposing || event.keyCode === 229) return;
      event.preventDefault();
      onEscape();
    }
    function onKeyDown(event: KeyboardEvent): void {
      if (event.key !== 'Tab') return;
      const focusable = [...dialog!.querySelectorAll<HTMLElement>(FOCUSABLE)];
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      const active = (dialog!.getRootNode() as ShadowRoot | Document).activeElement;
      // The dialog itself (tabIndex -1: focused while its form loads, or after a click on its text) comes before its
      // first control: Shift+Tab from it would leave the frame for the page.
      if (event.shiftKey && (active === first || active === dialog)) {
        event.preventDefault();
        last?.focus();
      } else if (!event.shiftKey && active === last) {
        event.preventDefault();
        first?.focus();
      }
    }
    dialog.addEventListener('keydown', onKeyDown);
    doc.addEventListener('keydown', onDocumentKeyDown);
    return () => {
      dialog.removeEventListener('keydown', onKeyDown);
      doc.removeEventListener('keydown', onDocumentKeyDown);
    };
  }, [ref, onEscape, initial]);
}
