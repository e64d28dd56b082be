import { render } from 'preact';
import { sendToBackground } from '../../utils/messages';
import type { DialogSubject } from '../../utils/domain';
import { mountPage } from '../mount-page';
import { guardAgainstClickjacking } from './click-guard';
import { ReportDialog } from './ReportDialog';
import { DIALOG_SHOWN_MARK, type FrameSignal } from '../../utils/report-frame';
import './dialog.css';
import './frame.css';

function tell(signal: FrameSignal): void {
  // Nothing secret: the page sees the frame come and go anyway.
  parent.postMessage(signal, '*');
}

/**
 * The subject handed over with the content script's token (utils/background/dialogs.ts). The page may post
 * tokens of its own to this frame too (it is the same parent window): a made-up one claims nothing, so every
 * token is tried until one is the background's.
 */
function claimFromParent(): Promise<{ subject: DialogSubject; id?: string }> {
  return new Promise((resolve) => {
    const listener = (event: MessageEvent) => {
      const token = event.source === parent ? (event.data as { token?: unknown } | null)?.token : undefined;
      if (typeof token !== 'string') return;
      sendToBackground('dialog.claim', { token }).then(({ subject, id }) => {
        removeEventListener('message', listener);
        resolve({ subject: subject as DialogSubject, ...(id ? { id } : {}) });
      }, () => {});
    };
    addEventListener('message', listener);
    tell('flagpost:ready');
  });
}

/** The report frame's page: one dialog, for the post its content script asked about. */
export async function mountReportFrame(): Promise<void> {
  guardAgainstClickjacking(document, () => document.querySelector('[role="dialog"]'));
  const { subject, id } = await claimFromParent();
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
