/**
 * The endpoint's one door into the extension's code: the report contract and the zod instance it
 * was built with (../utils/schema/zod.ts, resolved from the root node_modules). Importing zod any
 * other way could load a second copy whose schemas and errors are not the same classes.
 */
// First: the report schema below is built with compiled parsers (zod-compiled.ts).
import './zod-compiled.ts';
export {
  Report,
  reportSchemaIds,
  EndpointStatus,
  MediaEntry,
  MediaHash,
  mediaHashAlgorithms,
  endpointStatuses,
  Platform,
  TcoCategory,
  tcoCategories,
} from '../../utils/schema/report.ts';
export { MAX_TMK_BASE64_CHARS, MAX_URL_LENGTH } from '../../utils/schema/limits.ts';
export { describeIssues, z } from '../../utils/schema/zod.ts';
// Which way a language is written: the reviewer pages turn around exactly as the extension's do.
export { textDirection } from '../../utils/ui-languages.ts';
export { CSV_BOM, csvCell } from '../../utils/export/csv.ts';
// Rules both sides follow, written once: PDQ matching, loopback hosts, choosing a language.
export { hammingDistance, PDQ_MATCH_DISTANCE, PDQ_MIN_QUALITY, pdqWords, popcount32 } from '../../utils/hash/pdq-distance.ts';
// vPDQ: the reference's brute-force video match (share of each video's good frames found in the other).
export { vpdqMatch, type VpdqMatchFrame } from '../../utils/hash/vpdq-match.ts';
export { isLoopbackHost } from '../../utils/net/loopback.ts';
export { supportedLanguage } from '../../utils/ui-languages.ts';
// TMK+PDQF: the format and the scores, exactly as the extension computes them (utils/hash/tmk/).
export { readTmk, TMK_HEADER_BYTES, TmkFormatError, type TmkSignature } from '../../utils/hash/tmk/format.ts';
export { isTmkMatch, tmkLevel2Score, tmkScores, type TmkScores } from '../../utils/hash/tmk/score.ts';
export { cosineSimilarity } from '../../utils/hash/tmk/vec.ts';
export { TMK_FEATURE_DIM, TMK_LEVEL1_THRESHOLD } from '../../utils/hash/tmk/params.ts';
export { referenceIncompatibility } from '../../utils/hash/tmk/reference-shape.ts';
