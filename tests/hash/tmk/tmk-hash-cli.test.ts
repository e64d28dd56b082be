/**
 * `npm run hash -- --tmk --out DIR FILE...` (scripts/hash.ts): usage and unreadable inputs are refused before any
 * browser starts (the hashing itself runs in Chromium: e2e/hash-tmk.e2e.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';

const REPO = path.resolve(__dirname, '../../..');
const run = (...args: string[]) =>
  spawnSync(path.join(REPO, 'node_modules/.bin/vite-node'), ['scripts/hash.ts', ...args], { cwd: REPO, encoding: 'utf8' });

describe('--tmk', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'tmk-cli-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  test('without --out (or --out without --tmk): usage, status 2', () => {
    for (const args of [['--tmk', 'a.mp4'], ['--out', out, 'a.mp4']]) {
      const result = run(...args);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/usage: .*--tmk --out DIR FILE/);
    }
  }, 60_000);

  test('a missing file: its message, status 1, nothing written', () => {
    const result = run('--tmk', '--out', out, '/nonexistent/clip.mp4');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('/nonexistent/clip.mp4: no such file');
    expect(readdirSync(out)).toEqual([]);
  }, 60_000);
});
