import { expect } from 'vitest';

/**
 * The endpoint's stylesheets mirror for a right-to-left page (the reviewer pages, the charts): they name no
 * physical side, and have no four-value margin or padding, whose 2nd and 4th values are the right and left sides.
 */
export function expectRtlSafe(css: string): void {
  expect(css).not.toMatch(/left|right/);
  expect(css).not.toMatch(/(?:margin|padding)\s*:\s*[^\s;}]+(?:\s+[^\s;}]+){3}\s*[;}]/);
}
