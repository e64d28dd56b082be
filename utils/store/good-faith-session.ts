/**
 * The good-faith confirmation (DSA Art. 16(2)(d)), remembered for the browser session when the reporter asks
 * (issue 18): a volunteer sending fifty reports an evening confirms it once. In storage.session, so it is gone
 * when the browser closes; the dialog shows the statement as confirmed, with a way to undo. Each report still
 * carries the statement itself (the background builds it from the form, as before). Read and written in the
 * background only: the dialog asks it (`goodFaith.remembered`, `goodFaith.remember`), since Firefox gives no
 * storage.session to an extension page framed in a web page, as the report frame is.
 */
import { storage } from 'wxt/utils/storage';

export const goodFaithSessionItem = storage.defineItem<boolean>('session:goodFaithConfirmed', { fallback: false });

export async function goodFaithRemembered(): Promise<boolean> {
  // Unreadable (a browser without storage.session): asked each time, as before.
  return goodFaithSessionItem.getValue().catch(() => false);
}

export async function rememberGoodFaith(remember: boolean): Promise<void> {
  if (remember) await goodFaithSessionItem.setValue(true);
  else await goodFaithSessionItem.removeValue();
}
