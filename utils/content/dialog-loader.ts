/**
 * The report dialog (Preact) is not part of the content script: the feed never pays for it.
 * The background injects it into this frame's isolated world on the first report, where it
 * registers its opener on the isolated world's global (invisible to the page).
 */
import type { ClickContext } from '../messages';
import type { Reason } from '../i18n';
import type { ExtractedPost } from '../platforms/types';
import { askBackground } from './messaging';

/**
 * What to report: a post the adapter read, why it could not (shown in the language chosen in Settings),
 * or a right-click outside any post (the dialog script works out the page, link or medium: see
 * page-target.ts, kept out of the feed).
 */
export type ReportSubject = DialogSubject | { clicked: ClickContext };
/** What the dialog shows: a post, or why there is none. */
export type DialogSubject = ExtractedPost | { error: Reason };
export type OpenReportDialog = (subject: ReportSubject) => Promise<void>;
const OPENER_KEY = '__flagpostOpenReportDialog';

export function registerReportDialog(open: OpenReportDialog): void {
  (globalThis as Record<string, unknown>)[OPENER_KEY] = open;
}

function registeredOpener(): OpenReportDialog | undefined {
  return (globalThis as Record<string, unknown>)[OPENER_KEY] as OpenReportDialog | undefined;
}

export async function openReportDialog(subject: ReportSubject): Promise<void> {
  if (!registeredOpener()) await askBackground('dialog.load', {});
  const open = registeredOpener();
  if (!open) throw new Error('the report dialog did not load');
  await open(subject);
}
