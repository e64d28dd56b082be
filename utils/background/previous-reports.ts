/**
 * The duplicate guard (issue 18): whether the post in a dialog was reported before, by this user (the local report
 * store) or by anyone (the endpoint's list of reported content, as the wellbeing marks know it). The dialog says so,
 * with when and how far the last report got, and asks why before a new one goes.
 */
import type { RequestOf, ResponseOf } from '../messages';
import type { ExtractedPost } from '../platforms/types';
import { stageOf } from '../store/report-filter';
import { listReports, type StoredReport } from '../store/reports';

export type PreviousReport = ResponseOf<'report.previous'>;
export type ListedCheck = (payload: RequestOf<'wellbeing.check'>) => Promise<ResponseOf<'wellbeing.check'>>;

/** The same post: its platform's id where both have one (a URL may be written several ways), else its address. */
export function isSamePost(record: StoredReport, post: ExtractedPost): boolean {
  const target = record.report.target;
  if (target.platform === post.platform && target.postId !== undefined && post.postId !== undefined) return target.postId === post.postId;
  return target.url === post.url;
}

export async function previousReport(
  post: ExtractedPost,
  isListed: ListedCheck,
  reports: () => Promise<StoredReport[]> = listReports,
): Promise<PreviousReport> {
  const [records, listed] = await Promise.all([
    reports(),
    // Marks turned off, or no endpoint list: not known as listed. A failure to ask does not hold the dialog back.
    isListed({ posts: [{ permalink: post.url, media: [] }] }).then(({ reported }) => reported.includes(0), () => false),
  ]);
  const latest = records.filter((record) => isSamePost(record, post)).sort((a, b) => b.createdAt - a.createdAt)[0];
  return { ...(latest ? { local: { createdAt: latest.createdAt, stage: stageOf(latest) } } : {}), listed };
}
