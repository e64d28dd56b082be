/** The layers hold: no folder of utils/, entrypoints/, components/ or endpoint/src/ imports back into one that imports it. */
import { execFileSync } from 'node:child_process';
import { expect, test } from 'vitest';

test('no folder-level import cycle (scripts/folder-cycles.mjs)', () => {
  // Exit 1 with the cycles printed would throw here, naming them.
  const output = execFileSync(process.execPath, ['scripts/folder-cycles.mjs'], { encoding: 'utf8' });
  expect(output).toMatch(/ 0 folder-level cycle group\(s\)/);
});
