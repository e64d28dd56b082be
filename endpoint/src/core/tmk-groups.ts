import { cosineSimilarity, isTmkMatch, readTmk, TMK_LEVEL1_THRESHOLD, tmkLevel2Score } from '../shared.ts';
import type { Storage } from '../storage/types.ts';
import type { TmkPass, WaitingTmk } from '../storage/tmk.ts';
import { coalesced } from './coalesce.ts';
import { tmkBucketKeys } from './tmk-buckets.ts';

/**
 * Videos whose TMK+PDQF signatures match at the reference's default thresholds (level 1 ≥ 0.7 and
 * level 2 ≥ 0.7) share a group id, as PDQ within 31 bits does for pictures (media-groups.ts). A new
 * signature joins the group of its best match (highest level 2), or founds `t<signature id>`; ids
 * never change once given.
 *
 * Across processes: signatures are stored waiting (group_id NULL) by the report's transaction; a
 * pass then groups everything waiting, under a lock every process on the database shares, and reads
 * the candidates from the database inside it. Unlike PDQ, no index lives in memory: the level-1
 * buckets are rows (tmk-buckets.ts), so a process never needs to learn what others grouped, and two
 * near-duplicates posted to two processes at once make one group.
 *
 * The search is bounded, whatever is stored: at most `perBucket` rows per band, level 1 on the
 * `maxLevel1` candidates sharing the most bands, level 2 on the `maxLevel2` best of those passing
 * level 1. A copy of bytes already grouped joins that group without a search and adds no bucket rows,
 * so 10,000 uploads of one file do not crowd the buckets.
 */
export interface TmkSearchLimits {
  perBucket: number;
  maxLevel1: number;
  maxLevel2: number;
}

export const DEFAULT_TMK_SEARCH: TmkSearchLimits = { perBucket: 32, maxLevel1: 256, maxLevel2: 16 };

/** What the last search looked at (the tests check that it stays bounded). */
export interface TmkSearchStats {
  bucketRows: number;
  level1: number;
  level2: number;
}

/** Signatures grouped per transaction: short transactions, so intake never waits long for the lock. */
const PASS_CHUNK = 16;

export class TmkGroups {
  /** Resolves once a grouping pass that started after this call has committed. */
  readonly sync = coalesced(() => this.pass());
  lastSearch: TmkSearchStats = { bucketRows: 0, level1: 0, level2: 0 };

  constructor(
    private readonly storage: Storage,
    private readonly limits: TmkSearchLimits = DEFAULT_TMK_SEARCH,
  ) {}

  /** Groups whatever a previous run left waiting. */
  static async load(storage: Storage, limits?: TmkSearchLimits): Promise<TmkGroups> {
    const groups = new TmkGroups(storage, limits);
    await groups.sync();
    return groups;
  }

  private async pass(): Promise<void> {
    for (;;) {
      const more = await this.storage.tmk.groupPass(async (pass) => {
        const waiting = await pass.waiting(PASS_CHUNK);
        for (const signature of waiting) await this.place(pass, signature);
        return waiting.length === PASS_CHUNK;
      });
      if (!more) return;
    }
  }

  private async place(pass: TmkPass, signature: WaitingTmk): Promise<void> {
    const same = await pass.groupOfSameBytes(signature.sha256);
    if (same) return pass.assign(signature.id, same, []);
    const keys = tmkBucketKeys(signature.level1);
    const match = await this.bestMatch(pass, signature, keys);
    await pass.assign(signature.id, match ?? `t${signature.id}`, keys);
  }

  /** The group of the best match among the bounded candidates, or undefined. */
  private async bestMatch(pass: TmkPass, signature: WaitingTmk, keys: number[]): Promise<string | undefined> {
    const rows = await pass.bucketNeighbours(keys, this.limits.perBucket);
    // Candidates sharing more bands are likelier to be close (the shared fraction estimates the angle).
    const shared = new Map<number, number>();
    for (const id of rows) shared.set(id, (shared.get(id) ?? 0) + 1);
    const ranked = [...shared].sort((a, b) => b[1] - a[1] || b[0] - a[0]).slice(0, this.limits.maxLevel1).map(([id]) => id);
    const candidates = (await pass.level1Of(ranked))
      .map((c) => ({ ...c, level1: cosineSimilarity(signature.level1, c.level1) }))
      .filter((c) => c.level1 >= TMK_LEVEL1_THRESHOLD)
      .sort((a, b) => b.level1 - a.level1)
      .slice(0, this.limits.maxLevel2);
    this.lastSearch = { bucketRows: rows.length, level1: ranked.length, level2: candidates.length };
    if (!candidates.length) return undefined;
    const own = readTmk(signature.bytes);
    let best: { groupId: string; level2: number } | undefined;
    for (const candidate of candidates) {
      const bytes = await pass.bytesOf(candidate.id);
      if (!bytes) continue;
      const level2 = tmkLevel2Score(own, readTmk(bytes));
      if (isTmkMatch({ level1: candidate.level1, level2 }) && (!best || level2 > best.level2)) best = { groupId: candidate.groupId, level2 };
    }
    return best?.groupId;
  }
}
