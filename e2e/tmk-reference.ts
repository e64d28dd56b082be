/** Comparing a TMK the extension made with the reference's file (../shared/fixtures/tmk/sample-hashes): e2e helpers. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readTmk, type TmkSignature } from '../utils/hash/tmk/format';
import { tmkScores } from '../utils/hash/tmk/score';
import { cosineSimilarity } from '../utils/hash/tmk/vec';

export const TMK_REFERENCES = path.resolve(__dirname, '../../shared/fixtures/tmk/sample-hashes');

/** The goal the brief set, reached on every sample video: level 1 and the aligned cos/sin cosine. */
export const MIN_TMK_SCORE = 0.99;

/** The reference's .tmk for a sample video; test-padded-dimensions has no upstream file: NAME.local.tmk (README). */
export function referenceTmk(name: string): TmkSignature {
  const file = readdirSync(TMK_REFERENCES).find((f) => f === `${name}.tmk` || f === `${name}.local.tmk`);
  if (!file) throw new Error(`${name}: no reference .tmk`);
  return readTmk(readFileSync(path.join(TMK_REFERENCES, file)));
}

/** Cosine of every cos and sin feature laid end to end (level 2 at offset 0: no best-offset search to hide a shift). */
export function cosSinCosine(a: TmkSignature, b: TmkSignature): number {
  const flat = (s: TmkSignature) => Float32Array.from([...s.cos, ...s.sin]);
  return cosineSimilarity(flat(a), flat(b));
}

/** Level 1, level 2 and the aligned cos/sin cosine of ours against the reference's. */
export function againstReference(ours: TmkSignature, name: string) {
  const reference = referenceTmk(name);
  return { ...tmkScores(ours, reference), cosSin: cosSinCosine(ours, reference), frames: ours.frameFeatureCount, referenceFrames: reference.frameFeatureCount };
}

export const tmkFromBase64 = (base64: string): TmkSignature => readTmk(new Uint8Array(Buffer.from(base64, 'base64')));
