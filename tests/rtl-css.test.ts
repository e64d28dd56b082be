import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT as root, STYLESHEETS as files, withoutComments } from './stylesheets';

// Physical sides break a right-to-left layout: margin-inline-start, inset-inline-end… instead.
const PHYSICAL = /(?:^|[\s;{])(?:(?:margin|padding|border)-(?:left|right)[\w-]*|left|right|float|clear)\s*:|text-align\s*:\s*(?:left|right)/m;

describe('styles are written for both text directions', () => {
  test('there are stylesheets to check', () => expect(files.length).toBeGreaterThan(2));

  test.each(files.map((file) => [file.slice(root.length + 1), file]))('%s uses logical properties only', (_, file) => {
    const css = withoutComments(readFileSync(file, 'utf8'));
    expect(css.match(PHYSICAL)?.[0]).toBeUndefined();
  });
});
