import { randomBytes, randomUUID } from 'node:crypto';
import type { Report } from '../../src/shared.ts';
import { validReport } from '../../../test-support/fixtures.ts';

/** The extension's shared valid report, with a fresh id, changed by `change`. */
export function aReport(change?: (report: Report) => void): Report {
  const report = validReport();
  report.id = randomUUID();
  change?.(report);
  return report;
}

export const randomPdq = () => randomBytes(32).toString('hex');

/** `hex` with exactly `bits` distinct bits flipped, spread over the hash (97 is coprime with 256). */
export function flipBits(hex: string, bits: number, offset = 0): string {
  const digits = hex.split('').map((d) => parseInt(d, 16));
  for (let i = 0; i < bits; i++) {
    const k = ((i + offset) * 97) % 256;
    digits[k >> 2]! ^= 1 << (k & 3);
  }
  return digits.map((d) => d.toString(16)).join('');
}

export function withPdq(report: Report, pdq: string, quality = 90): void {
  report.media = [{ ref: 'm1', kind: 'image', sourceUrl: 'https://pbs.twimg.com/media/X?name=orig', hashes: [{ algorithm: 'pdq', value: pdq, quality }] }];
}
