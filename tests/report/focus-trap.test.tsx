/** The dialogs' focus trap (components/report/useFocusTrap.ts): Esc closes even where the frame's focus was lost (issue 21). */
import { render } from 'preact';
import { useRef } from 'preact/hooks';
import { beforeEach, expect, test, vi } from 'vitest';
import { useFocusTrap } from '../../components/report/useFocusTrap';
import { containerPerTest } from '../preact-container';

const container = containerPerTest();
const onEscape = vi.fn();

function Dialog() {
  const ref = useRef<HTMLDivElement>(null);
  useFocusTrap(ref, onEscape);
  return (
    <div role="dialog" ref={ref} tabIndex={-1}>
      <button type="button">Close</button>
    </div>
  );
}

const escape = (target: EventTarget) => target.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));

beforeEach(async () => {
  onEscape.mockReset();
  render(<Dialog />, container());
  await vi.waitFor(() => expect(document.activeElement?.localName).toBe('button'));
});

test('Esc on a control of the dialog closes it, once', () => {
  expect(escape(document.activeElement!)).toBe(false);
  expect(onEscape).toHaveBeenCalledTimes(1);
});

test('Esc with the focus lost to the body (the frame holds the keyboard, the dialog does not) still closes it', () => {
  (document.activeElement as HTMLElement).blur();
  expect(document.activeElement).toBe(document.body);
  expect(escape(document.body)).toBe(false);
  expect(onEscape).toHaveBeenCalledTimes(1);
});

test('closed, the dialog no longer hears Esc', () => {
  render(null, container());
  escape(document.body);
  expect(onEscape).not.toHaveBeenCalled();
});
