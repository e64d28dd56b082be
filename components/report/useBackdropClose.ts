import type { JSX } from 'preact';
import { useRef } from 'preact/hooks';

/**
 * A modal's backdrop that closes it when pressed and released on the backdrop itself. Not on `click` alone: a
 * text selection dragged out of the explanation box and let go over the backdrop fires its click there, and
 * closing discards the draft the user was typing. A ref, not a closure's variable: the dialog re-renders while
 * media hash, between a press and its release.
 */
export function useBackdropClose(close: () => void): Pick<JSX.HTMLAttributes<HTMLDivElement>, 'onPointerDown' | 'onClick'> {
  const pressedOnBackdrop = useRef(false);
  return {
    onPointerDown: (event) => {
      pressedOnBackdrop.current = event.target === event.currentTarget;
    },
    onClick: (event) => {
      if (pressedOnBackdrop.current && event.target === event.currentTarget) close();
      pressedOnBackdrop.current = false;
    },
  };
}
