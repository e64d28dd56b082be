import { PdqIndex } from '../pdq/index.ts';
import { coalesced, inBackground } from './coalesce.ts';
import { usablePdq } from './pdq-checks.ts';
import type { PdqMedia, Storage } from '../storage/types.ts';

/**
 * Media whose PDQ hashes are within 31 bits are "the same media" and share a group id, so a
 * researcher sees one picture reposted under many URLs. Each new hash joins the group of its
 * nearest grouped neighbour, or founds a group named after itself (`g<media id>`): ids never
 * change once given.
 *
 * Any number of processes share the database. A report's media are stored waiting for a group;
 * after the answer, a grouping pass (Storage.groupMedia) under a lock shared by every process:
 * it first learns what the other processes grouped since its last pass, then groups everything
 * waiting, from any process. So two near-duplicates posted to two processes at once make one
 * group, and media whose pass failed (the database went away) are grouped by the next one.
 * Passes are coalesced: requests arriving during one share the next.
 */
export class MediaGroups {
  private readonly index = new PdqIndex();
  private readonly groupOf: string[] = [];
  /**
   * A hash seen before joins its group at once and is not indexed twice: 100,000 copies of one
   * picture cost one index entry, not 100,000 candidates for every later lookup.
   */
  private readonly exact = new Map<string, string>();
  private seen = 0;
  /** Resolves once a grouping pass that started after this call has committed. */
  readonly sync = coalesced(() => this.pass());

  constructor(private readonly storage?: Storage) {}

  /** Learns every grouped hash and groups any left waiting. */
  static async load(storage: Storage): Promise<MediaGroups> {
    const groups = new MediaGroups(storage);
    await groups.sync();
    return groups;
  }

  /** A pass soon, without waiting for it (see inBackground). */
  readonly soon = inBackground(() => this.sync());

  private async pass(): Promise<void> {
    if (!this.storage) return;
    this.seen = await this.storage.groupMedia(this.seen, (known, pending) => {
      for (const medium of known) if (medium.groupId) this.remember(medium.pdq, medium.groupId);
      // Kept from before (a database older than grouping passes), or given now.
      for (const medium of pending) if (medium.groupId) this.remember(medium.pdq, medium.groupId);
      return this.assign(pending.filter((medium) => !medium.groupId));
    });
  }

  /** Distinct hashes indexed. */
  get size(): number {
    return this.index.size;
  }

  /** Candidates the last lookup checked (bounded by PDQ_MAX_CANDIDATES). */
  get examined(): number {
    return this.index.examined;
  }

  assign(media: PdqMedia[]): { mediaId: number; groupId: string }[] {
    return media
      .filter((medium) => usablePdq(medium.pdq, medium.quality))
      .map((medium) => {
        let groupId = this.exact.get(medium.pdq);
        if (!groupId) {
          const match = this.index.nearest(medium.pdq);
          groupId = match ? this.groupOf[match.index]! : `g${medium.mediaId}`;
          this.remember(medium.pdq, groupId);
        }
        return { mediaId: medium.mediaId, groupId };
      });
  }

  private remember(pdq: string, groupId: string): void {
    if (this.exact.has(pdq)) return;
    this.exact.set(pdq, groupId);
    this.groupOf[this.index.add(pdq)] = groupId;
  }
}
