/** Every stylesheet of the extension's own UI and of the button it adds to pages, for the tests that read CSS. */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

function stylesheets(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return stylesheets(path);
    return entry.name.endsWith('.css') ? [path] : [];
  });
}

export const REPO_ROOT = resolve(__dirname, '..');
export const STYLESHEETS = [...stylesheets(join(REPO_ROOT, 'components')), ...stylesheets(join(REPO_ROOT, 'entrypoints'))];

/** A stylesheet's text without its comments. */
export const withoutComments = (css: string) => css.replace(/\/\*[\s\S]*?\*\//g, '');
