import { render } from 'preact';
import { sendToBackground } from '../../utils/messages';
import { mountPage } from '../mount-page';
import { claimFromParent, tell } from '../frame-channel';
import { guardAgainstClickjacking } from '../report/click-guard';
import { BatchBar } from './BatchBar';
import { BatchPanel } from './BatchPanel';
import '../report/dialog.css';
import '../report/frame.css';
import './batch.css';

/** The batch form, in the report frame at BATCH_ROUTE: the posts the content script's token names. */
export async function mountBatchFrame(): Promise<void> {
  guardAgainstClickjacking(document, () => document.querySelector('[role="dialog"]'));
  const batch = await claimFromParent((token) => sendToBackground('batch.claim', { token }));
  const app = document.getElementById('app')!;
  // Unmounted first, so an unsent batch lets go of its drafts (batch.discard) before the frame goes.
  const unmount = () => render(null, app);
  addEventListener('pagehide', unmount);
  const close = () => {
    unmount();
    tell('flagpost:close');
  };
  await mountPage(() => <BatchPanel batch={batch} onClose={close} />, 'dialogTitle');
}

/** The batch bar, in the report frame at BATCH_BAR_ROUTE. */
export async function mountBatchBar(): Promise<void> {
  document.documentElement.classList.add('batch-bar-frame');
  await mountPage(() => <BatchBar />, 'batchBarTitle');
}
