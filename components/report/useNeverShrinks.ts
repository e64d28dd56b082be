import { useLayoutEffect, useRef } from 'preact/hooks';

/**
 * A block below the form's controls that never gets shorter while the dialog is open (issue 21). The dialog scrolls
 * (at 1280×720 the form is taller than it), and a user who reached its checkboxes has it scrolled to its end: a block
 * below them that shrinks there clamps the scroll, and every control above moves down under the pointer between the
 * moment a click is aimed and the moment it lands. Measured in Firefox: the status under the good-faith box lost a
 * line as the box was ticked, the dialog's scroll went from 457 to 434 px, and the "remember" box beside the
 * pointer moved 23 px down. Growing is harmless: the controls above stay where they are.
 *
 * Returns the ref to put on the block; its height is kept as a minimum after each render.
 */
export function useNeverShrinks<T extends HTMLElement>() {
  const block = useRef<T>(null);
  const tallest = useRef(0);
  useLayoutEffect(() => {
    const element = block.current;
    if (!element) return;
    tallest.current = Math.max(tallest.current, element.offsetHeight);
    if (tallest.current > 0) element.style.minHeight = `${tallest.current}px`;
  });
  return block;
}
