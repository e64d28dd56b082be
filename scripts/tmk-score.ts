/**
 * `npm run hash -- --tmk-score A.tmk B.tmk`: compares two TMK+PDQF signatures (.tmk files, e.g. from
 * ThreatExchange's tmk-hash-video or the GIFCT database) and prints the reference's two scores, in the format
 * of its tmk-two-level-score:
 *
 *   level1 level2 A B          e.g. 0.989083 0.991138 a.tmk b.tmk
 *
 * then "match" or "no match" by the reference's default thresholds (both ≥ 0.7). No browser is involved.
 * Exit status: 0 done, 1 a file is missing or not a valid .tmk or the two cannot be compared, 2 usage.
 */
import { readFileSync } from 'node:fs';
import { readTmk, type TmkSignature } from '../utils/hash/tmk/format';
import { TMK_LEVEL1_THRESHOLD, TMK_LEVEL2_THRESHOLD } from '../utils/hash/tmk/params';
import { isTmkMatch, tmkIncompatibility, tmkScores } from '../utils/hash/tmk/score';

export function runTmkScore(args: readonly string[]): number {
  if (args.length !== 2) {
    console.error('usage: npm run hash -- --tmk-score A.tmk B.tmk');
    return 2;
  }
  const signatures: TmkSignature[] = [];
  for (const file of args) {
    try {
      signatures.push(readTmk(new Uint8Array(readFileSync(file))));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      console.error(`${file}: ${code === 'ENOENT' ? 'no such file' : code ? `cannot read it (${code})` : (error as Error).message}`);
      return 1;
    }
  }
  const [a, b] = signatures as [TmkSignature, TmkSignature];
  const why = tmkIncompatibility(a, b);
  if (why) {
    console.error(`cannot compare ${args[0]} and ${args[1]}: ${why}`);
    return 1;
  }
  const scores = tmkScores(a, b);
  console.log(`${scores.level1.toFixed(6)} ${scores.level2.toFixed(6)} ${args[0]} ${args[1]}`);
  console.log(
    `${isTmkMatch(scores) ? 'match' : 'no match'} (thresholds: level 1 ≥ ${TMK_LEVEL1_THRESHOLD}, level 2 ≥ ${TMK_LEVEL2_THRESHOLD})`,
  );
  return 0;
}
