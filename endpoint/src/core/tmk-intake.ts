import { ApiError } from '../errors.ts';
import { MAX_TMK_BASE64_CHARS, readTmk, referenceIncompatibility, TMK_HEADER_BYTES, TmkFormatError, type Report, type TmkSignature } from '../shared.ts';
import type { NewTmkSignature } from '../storage/tmk.ts';
import { createHash } from 'node:crypto';

/**
 * The TMK+PDQF signatures of a report, checked byte by byte: the schema only knows the value is
 * base64 of at most one reference-sized file. A signature that is not a `.tmk` (header, length,
 * non-finite numbers), or that was made with other parameters than the reference's (it could never
 * match a GIFCT hash, nor another report's video), gets a 422 naming the medium, and nothing is stored.
 */
export function tmkSignaturesOf(report: Report): NewTmkSignature[] {
  const signatures: NewTmkSignature[] = [];
  report.media.forEach((medium, position) => {
    const hash = medium.hashes.find((h) => h.algorithm === 'tmk');
    if (!hash) return;
    const where = `media[${position}] (${medium.ref}): tmk`;
    const bytes = Buffer.from(hash.value, 'base64');
    let signature;
    try {
      signature = readTmk(bytes);
    } catch (error) {
      if (error instanceof TmkFormatError) throw new ApiError(422, 'invalid_tmk', `${where}: ${error.message}`);
      throw error;
    }
    const incompatible = referenceIncompatibility(signature);
    if (incompatible) throw new ApiError(422, 'invalid_tmk', `${where}: not comparable with the reference's signatures (${incompatible})`);
    signatures.push({
      position,
      ref: medium.ref,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      // The pure-average feature as the file holds it (little-endian float32), for level 1 without the rest.
      level1: bytes.subarray(level1At(signature), level1At(signature) + 4 * signature.pureAverage.length),
      bytes,
    });
  });
  return signatures;
}

/** Where the pure-average feature starts in a .tmk: after the header, the periods and the Fourier coefficients. */
const level1At = (signature: TmkSignature) => TMK_HEADER_BYTES + 4 * (signature.periods.length + signature.fourierCoefficients.length);

/** How a stored body marks a signature kept in tmk_signatures. */
const TMK_STORED_APART = 'sha256:';

/**
 * The report as its body is stored: each signature's base64 (352 KB) replaced by `sha256:<hex>` of its
 * bytes, which tmk_signatures keeps byte for byte. Stored twice, a video would cost 615 KB instead of 263 KB.
 */
export function withTmkStoredApart(report: Report, signatures: readonly NewTmkSignature[]): Report {
  if (!signatures.length) return report;
  const apart = new Map(signatures.map((s) => [s.position, `${TMK_STORED_APART}${s.sha256}`]));
  return {
    ...report,
    media: report.media.map((medium, position) => apart.has(position)
      ? { ...medium, hashes: medium.hashes.map((h) => (h.algorithm === 'tmk' ? { ...h, value: apart.get(position)! } : h)) }
      : medium),
  };
}

/** Room in a body for everything but TMK signatures: text, URLs and the other hashes of a large report. */
const REPORT_WITHOUT_TMK_BYTES = 64 * 1024;
/** One reference-sized signature in the JSON: its base64 and `{"algorithm":"tmk","value":""},`. */
const TMK_JSON_BYTES = MAX_TMK_BASE64_CHARS + 40;

/** How many TMK signatures one report can carry under this body limit (GET /v1 lists "tmk" only if one fits). */
export function tmkSignaturesPerReport(bodyLimit: number): number {
  return Math.max(0, Math.floor((bodyLimit - REPORT_WITHOUT_TMK_BYTES) / TMK_JSON_BYTES));
}
