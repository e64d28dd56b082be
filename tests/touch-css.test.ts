import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT, STYLESHEETS, withoutComments } from './stylesheets';

/**
 * A touch screen has no hover (Firefox for Android): a control that appears, or becomes usable, only under
 * the pointer could never be reached there. `:hover` may change how a visible control looks, nothing more.
 */
const REVEALS = /\b(?:display|visibility|opacity|pointer-events|max-height|height|width|clip-path|transform)\s*:/;

function hoverRules(css: string): { selector: string; body: string }[] {
  return [...withoutComments(css).matchAll(/([^{}]*:hover[^{}]*)\{([^{}]*)\}/g)].map(([, selector, body]) => ({ selector: selector!.trim(), body: body! }));
}

describe('no control needs hover', () => {
  test('the check sees a :hover rule that reveals', () => {
    expect(hoverRules('.menu:hover .item { display: block }').filter(({ body }) => REVEALS.test(body))).toHaveLength(1);
  });

  test.each(STYLESHEETS.map((file) => [file.slice(REPO_ROOT.length + 1), file]))('%s: :hover only restyles what is already there', (_, file) => {
    const revealing = hoverRules(readFileSync(file, 'utf8')).filter(({ body }) => REVEALS.test(body));
    expect(revealing).toEqual([]);
  });

  test.each(STYLESHEETS.filter((file) => /(page|dialog|style)\.css$/.test(file)).map((file) => [file.slice(REPO_ROOT.length + 1), file]))(
    '%s: controls are made 44 px for a coarse pointer',
    (_, file) => {
      expect(withoutComments(readFileSync(file, 'utf8'))).toMatch(/@media \(pointer: coarse\)[^@]*44px/);
    },
  );
});
