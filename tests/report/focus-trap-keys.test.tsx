/** The dialogs' focus trap (components/report/useFocusTrap.ts): keys that are not the dialog's to act on, and Tab's wrap. */
import { render } from 'preact';
import { useRef } from 'preact/hooks';
import { beforeEach, expect, test, vi } from 'vitest';
import { useFocusTrap } from '../../components/report/useFocusTrap';
import { containerPerTest } from '../preact-container';

const container = containerPerTest();
const onEscape = vi.fn();

/** As ReportDialog renders it; `initial` not there yet (the form not shown): the dialog itself has the focus. */
function Dialog({ initial }: { initial?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useFocusTrap(ref, onEscape, initial);
  return (
    <div role="dialog" ref={ref} tabIndex={-1}>
      <button type="button" data-first>Show media</button>
      <textarea id="explanation" />
      <button type="button" data-last>Cancel</button>
    </div>
  );
}

const key = (target: EventTarget, init: KeyboardEventInit) => {
  const event = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  return event;
};

beforeEach(() => onEscape.mockReset());

test('Esc that cancels an input method composition (isComposing) leaves the dialog and its draft open', async () => {
  render(<Dialog />, container());
  await vi.waitFor(() => expect(document.activeElement).toBe(container().querySelector('[data-first]')));
  const textarea = container().querySelector('textarea')!;
  textarea.focus();
  // Firefox delivers the Escape that cancels a composition (Japanese, Chinese) as a keydown with isComposing.
  expect(key(textarea, { key: 'Escape', isComposing: true }).defaultPrevented).toBe(false);
  expect(onEscape).not.toHaveBeenCalled();
  // The composition over, the same key closes the dialog: the trap is listening.
  key(textarea, { key: 'Escape' });
  expect(onEscape).toHaveBeenCalledTimes(1);
});

test('Shift+Tab with the focus on the dialog itself (the form not shown yet, or a click on its text) wraps to the last control', async () => {
  render(<Dialog initial="[data-flagpost-category]" />, container());
  const dialog = container().querySelector<HTMLElement>('[role="dialog"]')!;
  await vi.waitFor(() => expect(document.activeElement).toBe(dialog));
  // Not prevented, the browser moves the focus backwards out of the frame: into the web page.
  expect(key(dialog, { key: 'Tab', shiftKey: true }).defaultPrevented).toBe(true);
  expect(document.activeElement).toBe(container().querySelector('[data-last]'));
});
