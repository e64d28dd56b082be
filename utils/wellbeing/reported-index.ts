/**
 * What the endpoint's hash list says was reported already, in memory in the background: permalink SHA-256s,
 * exact media hashes, and PDQ hashes matched by Hamming distance. Never the user's own reports: a mark is
 * drawn in the page's DOM, and a page that plants posts with chosen permalinks would read them back as the
 * user's report history (PRIVACY.md, "What a page can see").
 */
import { PDQ_MATCH_DISTANCE, pdqWords, popcount32 } from '../hash/pdq-distance';
import type { PostKeys } from '../domain';
import { sha256Hex } from '../pipeline/hash-media';

export interface HashListItem {
  algorithm: string;
  value: string;
}


const PDQ_HEX = /^[0-9a-f]{64}$/;
const HEX = { url_sha256: /^[0-9a-f]{64}$/, sha256: /^[0-9a-f]{64}$/, md5: /^[0-9a-f]{32}$/ } as const;

/**
 * The endpoint's rule (endpoint/src/core/intake.ts): `url_sha256` is the SHA-256 hex of the report's
 * `target.url` exactly as sent, UTF-8, no further normalisation. The adapters already made that URL
 * canonical (X: `https://x.com/handle/status/id`), so the same string hashed here matches.
 */
export function permalinkHash(permalink: string): Promise<string> {
  return sha256Hex(new TextEncoder().encode(permalink));
}

export class ReportedIndex {
  /** `algorithm:value` for the endpoint's exact hashes (url_sha256, sha256, md5). */
  private readonly exact = new Set<string>();
  /** PDQ hashes packed as 8 × 32 bits each, for a fast linear scan. */
  private pdq = new Uint32Array(0);
  private pdqCount = 0;

  /** Replaces the endpoint's part of the index; malformed items are skipped. */
  setHashList(items: readonly HashListItem[]): void {
    this.exact.clear();
    const pdq = new Uint32Array(items.length * 8);
    let count = 0;
    for (const { algorithm, value } of items) {
      const hex = value.toLowerCase();
      if (algorithm === 'pdq' && PDQ_HEX.test(hex)) {
        for (let word = 0; word < 8; word++) pdq[count * 8 + word] = parseInt(hex.slice(word * 8, word * 8 + 8), 16);
        count++;
      } else if (Object.hasOwn(HEX, algorithm) && HEX[algorithm as keyof typeof HEX].test(hex)) {
        this.exact.add(`${algorithm}:${hex}`);
      }
    }
    this.pdq = pdq.slice(0, count * 8);
    this.pdqCount = count;
    this.hasMediaHashes = count > 0 || [...this.exact].some((key) => !key.startsWith('url_sha256:'));
  }

  /** Whether the list has any media hash at all: without one, on-screen media are not worth fetching. */
  hasMediaHashes = false;

  /** The endpoint lists nothing to compare with. */
  get isEmpty(): boolean {
    return this.exact.size === 0 && this.pdqCount === 0;
  }

  async isReported(post: PostKeys): Promise<boolean> {
    return post.permalink !== undefined && this.exact.has(`url_sha256:${await permalinkHash(post.permalink)}`);
  }

  /** Whether a medium's hashes (pdq, sha256, md5) are on the endpoint's list; PDQ within PDQ_MATCH_DISTANCE. */
  matchesMedia(hashes: readonly HashListItem[]): boolean {
    return hashes.some(({ algorithm, value }) =>
      algorithm === 'pdq' ? this.nearestPdqDistance(value) <= PDQ_MATCH_DISTANCE : this.exact.has(`${algorithm}:${value}`),
    );
  }

  /** The smallest Hamming distance from `hex` to a listed PDQ hash; Infinity when none is listed. */
  nearestPdqDistance(hex: string): number {
    if (!PDQ_HEX.test(hex)) return Infinity;
    const query = pdqWords(hex);
    let best = Infinity;
    for (let offset = 0; offset < this.pdqCount * 8; offset += 8) {
      let distance = 0;
      for (let word = 0; word < 8 && distance < best; word++) distance += popcount32(this.pdq[offset + word]! ^ query[word]!);
      if (distance < best) best = distance;
    }
    return best;
  }
}
