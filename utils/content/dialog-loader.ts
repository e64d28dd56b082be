/**
 * The report dialog (Preact) is not part of the content script: the feed never pays for it.
 * The background injects it into this frame's isolated world on the first report, where it
 * registers its opener on the isolated world's global (invisible to the page).
 */
import type { ClickContext } from '../messages';
import type { ExtractedPost } from '../platforms/types';
import { askBackground } from './messaging';

/**
 * What to report: a post the adapter read, why it could not, or a right-click outside any post
 * (the dialog script works out the page, link or medium: see page-target.ts, kept out of the feed).
 */
export type ReportSubject = ExtractedPost | { error: string } | { clicked: ClickContext };
export type OpenReportDialog = (subject: ReportSubject) => void;
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
  open(subject);
}
