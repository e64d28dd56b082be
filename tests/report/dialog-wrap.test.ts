/**
 * Long words the page or the pipeline supplies (addresses thousands of characters long, errors quoting them) wrap
 * inside the 560 px report dialog (components/report/dialog.css). happy-dom lays nothing out and does not inherit
 * overflow-wrap, so the rules are read: overflow-wrap is inherited, a rule on any box around the text counts.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from 'vitest';
import { withoutComments } from '../stylesheets';

const css = withoutComments(readFileSync(resolve(__dirname, '../../components/report/dialog.css'), 'utf8'));
const rules = [...css.matchAll(/([^{}]+)\{([^{}]*)\}/g)].map(([, selectors, body]) => ({ selectors: selectors!.split(',').map((s) => s.trim()), body: body! }));

/** The overflow-wrap the text gets from the nearest box (innermost last) whose own rule sets one, as inheritance would. */
function overflowWrap(boxes: string[]): string | undefined {
  for (const box of [...boxes].reverse()) {
    const set = rules.filter(({ selectors }) => selectors.includes(box)).map(({ body }) => /overflow-wrap\s*:\s*([\w-]+)/.exec(body)?.[1]).filter(Boolean);
    if (set.length) return set.at(-1);
  }
  return undefined;
}

test.each([
  ['an address ConfirmFetch asks to agree to', ['.backdrop', '.dialog', '.confirm-fetch', 'li', 'code']],
  ["a medium's error (it may quote the address)", ['.backdrop', '.dialog', '.media-errors', 'li']],
  ['a failure message (the background\'s words)', ['.backdrop', '.dialog', '.error']],
  ["the post's own address and text", ['.backdrop', '.dialog', '.post', '.post p']],
])('%s wraps anywhere rather than overflowing the dialog', (_, boxes) => {
  expect(overflowWrap(boxes)).toBe('anywhere');
});
