/** `npm run hash -- --tmk-score A B` (scripts/tmk-score.ts): output format, errors and exit codes. */
import path from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { runTmkScore } from '../../../scripts/tmk-score';

const HASHES = path.resolve(__dirname, '../../../../shared/fixtures/tmk/sample-hashes');
const tmk = (name: string) => path.join(HASHES, name);

describe('--tmk-score', () => {
  afterEach(() => vi.restoreAllMocks());

  test('prints both scores like tmk-two-level-score, then the default-threshold decision', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const a = tmk('chair-19-sd-bar.tmk');
    const b = tmk('chair-20-sd-bar.tmk');
    expect(runTmkScore([a, b])).toBe(0);
    expect(log.mock.calls.map((c) => c[0])).toEqual([`0.989083 0.991138 ${a} ${b}`, 'match (thresholds: level 1 ≥ 0.7, level 2 ≥ 0.7)']);
    log.mockClear();
    expect(runTmkScore([a, tmk('doorknob-hd-no-bar.tmk')])).toBe(0);
    expect(log.mock.calls[0]![0]).toMatch(/^0\.199326 0\.281832 /);
    expect(log.mock.calls[1]![0]).toMatch(/^no match/);
  });

  test('a missing or malformed file and bad usage get a message and a non-zero status', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(runTmkScore([tmk('chair-19-sd-bar.tmk'), '/nonexistent.tmk'])).toBe(1);
    expect(error.mock.calls.at(-1)![0]).toBe('/nonexistent.tmk: no such file');
    expect(runTmkScore([__filename, tmk('chair-19-sd-bar.tmk')])).toBe(1);
    expect(error.mock.calls.at(-1)![0]).toMatch(/not a \.tmk file/);
    expect(runTmkScore([tmk('chair-19-sd-bar.tmk')])).toBe(2);
    expect(error.mock.calls.at(-1)![0]).toMatch(/^usage:/);
  });
});
