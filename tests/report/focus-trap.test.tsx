/** The dialogs' focus trap (components/report/useFocusTrap.ts): Esc closes even where the frame's focus was lost (issue 21). */
import { render } from 'preact';
import { useRef } from 'preact/hooks';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { useFocusTrap } from '../../components/report/useFocusTrap';

let container: HTMLElement;
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
  container = document.createElement('div');
  document.body.append(container);
  render(<Dialog />, container);
  await vi.waitFor(() => expect(document.activeElement?.localName).toBe('button'));
});
afterEach(() => {
  render(null, container);
  container.remove();
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
  render(null, container);
  escape(document.body);
  expect(onEscape).not.toHaveBeenCalled();
});
