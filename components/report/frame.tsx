import { render } from 'preact';
import { sendToBackground } from '../../utils/messages';
import type { DialogSubject } from '../../utils/domain';
import { mountPage } from '../mount-page';
import { guardAgainstClickjacking } from './click-guard';
import { ReportDialog } from './ReportDialog';
import { DIALOG_SHOWN_MARK } from '../../utils/report-frame';
import { claimFromParent, tell } from '../frame-channel';
import './dialog.css';
import './frame.css';

/** The report frame's page: one dialog, for the post its content script asked about. */
export async function mountReportFrame(): Promise<void> {
  guardAgainstClickjacking(document, () => document.querySelector('[role="dialog"]'));
  const { subject, id } = await claimFromParent(async (token) => {
    const { subject, id } = await sendToBackground('dialog.claim', { token });
    return { subject: subject as DialogSubject, ...(id ? { id } : {}) };
  });
  const app = document.getElementById('app')!;
  // Unmounted first, so the dialog lets go of an unsent draft (report.discard) before the frame goes.
  const unmount = () => render(null, app);
  addEventListener('pagehide', unmount);
  const close = () => {
    unmount();
    tell('flagpost:close');
  };
  await mountPage(() => <ReportDialog subject={subject} draftId={id} onClose={close} />, 'dialogTitle');
  // When the dialog is on screen: what the open time is measured to (e2e/content-budget.e2e.ts logs it).
  requestAnimationFrame(() => performance.mark(DIALOG_SHOWN_MARK));
}
