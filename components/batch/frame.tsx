import { sendToBackground } from '../../utils/messages';
import { mountPage } from '../mount-page';
import { mountClaimedDialog } from '../report/frame-channel';
import { BatchBar } from './BatchBar';
import { BatchPanel } from './BatchPanel';
import '../report/dialog.css';
import '../report/frame.css';
import './batch.css';

/** The batch form, in the report frame at BATCH_ROUTE: the posts the content script's token names. */
export async function mountBatchFrame(): Promise<void> {
  // Unmounted before the frame goes: an unsent batch lets go of its drafts (batch.discard).
  await mountClaimedDialog(
    (token) => sendToBackground('batch.claim', { token }),
    (batch, close) => <BatchPanel batch={batch} onClose={close} />,
    'dialogTitle',
  );
}

/** The batch bar, in the report frame at BATCH_BAR_ROUTE. */
export async function mountBatchBar(): Promise<void> {
  document.documentElement.classList.add('batch-bar-frame');
  await mountPage(() => <BatchBar />, 'batchBarTitle');
}
