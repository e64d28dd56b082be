/**
 * The layers hold: no folder imports back into one that imports it. Inside the product (utils/, entrypoints/,
 * components/, endpoint/src/, each top-level folder a module), and across the whole repository (tests, e2e, the
 * endpoint, scripts and benches import test-support/, which imports none of them).
 */
import { execFileSync } from 'node:child_process';
import { expect, test } from 'vitest';

test.each([
  ['the product', []],
  ['the whole repository', ['.']],
])('no folder-level import cycle in %s (scripts/folder-cycles.mjs)', (_, roots) => {
  // Exit 1 with the cycles printed would throw here, naming them.
  const output = execFileSync(process.execPath, ['scripts/folder-cycles.mjs', ...roots], { encoding: 'utf8' });
  expect(output).toMatch(/ 0 folder-level cycle group\(s\)/);
});
