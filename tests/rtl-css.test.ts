import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

/** Every stylesheet of the extension's own UI and of the button it adds to pages. */
function stylesheets(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return stylesheets(path);
    return entry.name.endsWith('.css') ? [path] : [];
  });
}

const root = resolve(__dirname, '..');
const files = [...stylesheets(join(root, 'components')), ...stylesheets(join(root, 'entrypoints'))];

// Physical sides break a right-to-left layout: margin-inline-start, inset-inline-end… instead.
const PHYSICAL = /(?:^|[\s;{])(?:(?:margin|padding|border)-(?:left|right)[\w-]*|left|right|float|clear)\s*:|text-align\s*:\s*(?:left|right)/m;

describe('styles are written for both text directions', () => {
  test('there are stylesheets to check', () => expect(files.length).toBeGreaterThan(2));

  test.each(files.map((file) => [file.slice(root.length + 1), file]))('%s uses logical properties only', (_, file) => {
    const css = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    expect(css.match(PHYSICAL)?.[0]).toBeUndefined();
  });
});
