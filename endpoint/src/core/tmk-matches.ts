import { readTmk, tmkScores, type TmkScores } from '../shared.ts';
import type { Storage } from '../storage/types.ts';

/** What a reviewer sees of one medium's TMK group: the other videos in it, with their scores against this one. */
export interface TmkMediumMatches {
  ref: string;
  /** null while the signature waits for a grouping pass. */
  groupId: string | null;
  matches: ({ reportId: string; ref: string } & TmkScores)[];
  /** Other members of the group in all (the page lists the newest `limit`). */
  total: number;
}

/**
 * The TMK groups of a report's videos. Scores are computed here, against this report's signature, not
 * stored: a group joins by its best match, and a reviewer wants to see how close each member is to
 * the video in front of them. Bounded: `limit` members per medium (each score reads one signature).
 */
export async function tmkMatchesOfReport(storage: Storage, reportId: string, limit = 20): Promise<TmkMediumMatches[]> {
  const out: TmkMediumMatches[] = [];
  for (const member of await storage.tmk.ofReports([reportId])) {
    const own = member.groupId ? await storage.tmk.bytes(member.id) : undefined;
    if (!member.groupId || !own) {
      out.push({ ref: member.ref, groupId: member.groupId, matches: [], total: 0 });
      continue;
    }
    const signature = readTmk(own);
    const { members, total } = await storage.tmk.groupMembers(member.groupId, member.id, limit);
    const matches: TmkMediumMatches['matches'] = [];
    for (const peer of members) {
      const bytes = await storage.tmk.bytes(peer.id);
      if (bytes) matches.push({ reportId: peer.reportId, ref: peer.ref, ...tmkScores(signature, readTmk(bytes)) });
    }
    out.push({ ref: member.ref, groupId: member.groupId, matches, total });
  }
  return out;
}
