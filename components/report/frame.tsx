import { sendToBackground } from '../../utils/messages';
import type { DialogSubject } from '../../utils/domain';
import { ReportDialog } from './ReportDialog';
import { DIALOG_SHOWN_MARK } from '../../utils/report-frame';
import { mountClaimedDialog } from './frame-channel';
import './dialog.css';
import './frame.css';

/** The report frame's page: one dialog, for the post its content script asked about. */
export async function mountReportFrame(): Promise<void> {
  await mountClaimedDialog(
    async (token) => {
      const { subject, id } = await sendToBackground('dialog.claim', { token });
      return { subject: subject as DialogSubject, ...(id ? { id } : {}) };
    },
    ({ subject, id }, close) => <ReportDialog subject={subject} draftId={id} onClose={close} />,
    'dialogTitle',
  );
  // When the dialog is on screen: what the open time is measured to (e2e/content-budget.e2e.ts logs it).
  requestAnimationFrame(() => performance.mark(DIALOG_SHOWN_MARK));
}
