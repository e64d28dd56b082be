import { cosineSimilarity, isTmkMatch, readTmk, TMK_LEVEL1_THRESHOLD, tmkLevel2Score, type TmkSignature } from '../shared.ts';
import type { Storage } from '../storage/types.ts';
import type { TmkReader, WaitingTmk } from '../storage/tmk.ts';
import { coalesced, inBackground } from './coalesce.ts';
import { tmkBucketKeys } from './tmk-buckets.ts';

/**
 * Videos whose TMK+PDQF signatures match at the reference's default thresholds (level 1 ≥ 0.7 and
 * level 2 ≥ 0.7) share a group id, as PDQ within 31 bits does for pictures (media-groups.ts). A new
 * signature joins the group of the first candidate, by level 1, that passes level 2 too, or founds
 * `t<signature id>`; ids never change once given.
 *
 * Across processes: signatures are stored waiting (group_id NULL) with the report (the same
 * transaction or statement); after the answer, a pass groups what is waiting, from any process. No index lives in memory: the level-1 buckets
 * are rows (tmk-buckets.ts), so a process never needs to learn what others grouped.
 *
 * A level 2 costs about 0.1 s (the reference's float arithmetic, emulated), too long to hold a lock
 * for, or, on SQLite, the one writer that every report's commit waits for. So a pass decides
 * outside any transaction, then commits in a short one under the grouping lock, and only if nothing
 * was grouped since it read (the highest group_seq is unchanged). If something was (another process
 * grouped at the same moment), it decides again inside the locked transaction: slower, but two
 * near-duplicates posted to two processes at once always make one group.
 *
 * The search is bounded, whatever is stored: at most `perBucket` rows per band, level 1 on the
 * `maxLevel1` candidates sharing the most bands, level 2 on at most `maxLevel2` of those passing
 * level 1, one per group (the best by level 1), stopping at the first match. A copy of bytes
 * already grouped joins that group without a search and adds no bucket rows, so 10,000 uploads of
 * one file do not crowd the buckets.
 */
export interface TmkSearchLimits {
  perBucket: number;
  maxLevel1: number;
  maxLevel2: number;
}

export const DEFAULT_TMK_SEARCH: TmkSearchLimits = { perBucket: 32, maxLevel1: 256, maxLevel2: 4 };

/** What the last search looked at (the tests check that it stays bounded). */
export interface TmkSearchStats {
  bucketRows: number;
  level1: number;
  level2: number;
}

/** Signatures decided per commit. */
const PASS_CHUNK = 16;

interface Decision {
  id: number;
  sha256: string;
  groupId: string;
  /** Empty for a copy of bytes already indexed. */
  keys: number[];
  level1: Float32Array;
  bytes: Buffer;
}

interface Candidate {
  id: number;
  groupId: string;
  level1: number;
  /** Known for a signature decided earlier in the same chunk (not in the database yet). */
  bytes?: Buffer;
}

export class TmkGroups {
  /** Resolves once a grouping pass that started after this call has committed. */
  readonly sync = coalesced(() => this.pass());
  lastSearch: TmkSearchStats = { bucketRows: 0, level1: 0, level2: 0 };

  /** A pass soon, without waiting for it (see inBackground). */
  readonly soon = inBackground(() => this.sync());

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
      const { reader } = this.storage.tmk;
      const mark = await reader.watermark();
      const waiting = await reader.waiting(PASS_CHUNK);
      if (!waiting.length) return;
      const decisions = await this.decide(reader, waiting);
      const committed = await this.storage.tmk.groupPass(async (pass) => {
        if ((await pass.watermark()) !== mark) return false;
        for (const d of decisions) await pass.assign(d.id, d.groupId, d.keys);
        return true;
      });
      if (!committed) {
        await this.storage.tmk.groupPass(async (pass) => {
          for (const d of await this.decide(pass, await pass.waiting(PASS_CHUNK))) await pass.assign(d.id, d.groupId, d.keys);
        });
      }
      if (waiting.length < PASS_CHUNK) return;
    }
  }

  /** Groups for `waiting`, in order: each may join a group found in the database or one decided before it. */
  private async decide(reader: TmkReader, waiting: readonly WaitingTmk[]): Promise<Decision[]> {
    const decided: Decision[] = [];
    for (const signature of waiting) {
      const same = decided.find((d) => d.sha256 === signature.sha256)?.groupId ?? (await reader.groupOfSameBytes(signature.sha256));
      if (same) {
        decided.push({ ...signature, groupId: same, keys: [] });
        continue;
      }
      const keys = tmkBucketKeys(signature.level1);
      const match = await this.bestMatch(reader, signature, keys, decided);
      decided.push({ ...signature, groupId: match ?? `t${signature.id}`, keys });
    }
    return decided;
  }

  /** The group of the first candidate (best level 1 first) that passes level 2 as well, or undefined. */
  private async bestMatch(reader: TmkReader, signature: WaitingTmk, keys: number[], decided: readonly Decision[]): Promise<string | undefined> {
    const rows = await reader.bucketNeighbours(keys, this.limits.perBucket);
    // Candidates sharing more bands are likelier to be close (the shared fraction estimates the angle).
    const shared = new Map<number, number>();
    for (const id of rows) shared.set(id, (shared.get(id) ?? 0) + 1);
    const ranked = [...shared].sort((a, b) => b[1] - a[1] || b[0] - a[0]).slice(0, this.limits.maxLevel1).map(([id]) => id);
    const keySet = new Set(keys);
    const stored = (await reader.level1Of(ranked)).map((c) => ({ ...c, bytes: undefined }));
    const candidates: Candidate[] = [...stored, ...decided.filter((d) => d.keys.some((k) => keySet.has(k)))]
      .map((c) => ({ id: c.id, groupId: c.groupId, level1: cosineSimilarity(signature.level1, c.level1), bytes: c.bytes }))
      .filter((c) => c.level1 >= TMK_LEVEL1_THRESHOLD)
      .sort((a, b) => b.level1 - a.level1);
    const tried = new Set<string>();
    let own: TmkSignature | undefined;
    let level2s = 0;
    let match: string | undefined;
    for (const candidate of candidates) {
      if (level2s >= this.limits.maxLevel2) break;
      if (tried.has(candidate.groupId)) continue;
      tried.add(candidate.groupId);
      const bytes = candidate.bytes ?? (await reader.bytesOf(candidate.id));
      if (!bytes) continue;
      own ??= readTmk(signature.bytes);
      level2s++;
      const level2 = tmkLevel2Score(own, readTmk(bytes));
      if (isTmkMatch({ level1: candidate.level1, level2 })) {
        match = candidate.groupId;
        break;
      }
    }
    this.lastSearch = { bucketRows: rows.length, level1: ranked.length, level2: level2s };
    return match;
  }
}
