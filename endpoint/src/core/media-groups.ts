import { PdqIndex } from '../pdq/index.ts';
import { usablePdq } from './pdq-checks.ts';
import type { PdqMedia, Storage } from '../storage/types.ts';

/**
 * Media whose PDQ hashes are within 31 bits are "the same media" and share a group id, so a
 * researcher sees one picture reposted under many URLs. Each new hash joins the group of its
 * nearest stored neighbour, or founds a group named after itself (`g<media id>`): ids never
 * change once given. Assignment is synchronous (lookup and insert with no await between), so
 * concurrent reports of the same new picture cannot found two groups in one process. It runs inside
 * the report's transaction; if that transaction then fails, the index keeps a hash no row has,
 * which can only make a later near-duplicate join a group whose founder is missing.
 */
export class MediaGroups {
  private readonly index = new PdqIndex();
  private readonly groupOf: string[] = [];
  /**
   * A hash seen before joins its group at once and is not indexed twice: 100,000 copies of one
   * picture cost one index entry, not 100,000 candidates for every later lookup.
   */
  private readonly exact = new Map<string, string>();

  /** Loads every stored hash; gives a group to any that missed one (a crash between insert and grouping). */
  static async load(storage: Storage): Promise<MediaGroups> {
    const groups = new MediaGroups();
    const missing: PdqMedia[] = [];
    for (const medium of await storage.pdqMedia()) {
      if (!usablePdq(medium.pdq, medium.quality)) continue;
      if (medium.groupId) groups.remember(medium.pdq, medium.groupId);
      else missing.push(medium);
    }
    await storage.setMediaGroups(groups.assign(missing));
    return groups;
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
