/**
 * The names other tools give our hash-list entries, in one place: ThreatExchange's indicator types,
 * HMA's signal types (python-threatexchange `SignalType.get_name()`) and TCAP's algorithms and file
 * types. `kinds` are the media kinds that carried the hash: an MD5 is a video MD5 only for a video.
 */

export type ThreatExchangeType = 'HASH_PDQ' | 'HASH_MD5' | 'HASH_VIDEO_MD5' | 'HASH_SHA256';

const isVideo = (kinds: readonly string[]) => kinds.includes('video');

export function threatExchangeType(algorithm: string, kinds: readonly string[]): ThreatExchangeType | undefined {
  switch (algorithm) {
    case 'pdq': return 'HASH_PDQ';
    case 'md5': return isVideo(kinds) ? 'HASH_VIDEO_MD5' : 'HASH_MD5';
    case 'sha256': return 'HASH_SHA256';
    default: return undefined;
  }
}

/** HMA matches PDQ and video MD5 among our entries; it has no signal type for an image's MD5 or a SHA-256. */
export function hmaSignalType(algorithm: string, kinds: readonly string[]): 'pdq' | 'video_md5' | undefined {
  if (algorithm === 'pdq') return 'pdq';
  if (algorithm === 'md5' && isVideo(kinds)) return 'video_md5';
  return undefined;
}

/** TCAP's Hash List names algorithms in capitals (`PDQ`, `MD5`); URL hashes are not in it. */
export function tcapAlgorithm(algorithm: string): string | undefined {
  return { pdq: 'PDQ', md5: 'MD5', sha256: 'SHA256' }[algorithm];
}

/**
 * TCAP's `file_type` is the file's extension; its clients read `mp4` (with mov, m4v, webm) as video.
 * The endpoint keeps the medium's kind, not its container, so the type is the kind's usual one.
 */
export function tcapFileType(kinds: readonly string[]): string {
  if (isVideo(kinds)) return 'mp4';
  if (kinds.includes('gif')) return 'gif';
  return 'jpg';
}
