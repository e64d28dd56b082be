/** The report frame's address and its few words with the content script that placed it (utils/content/dialog-frame.ts). */

/** The report frame's page in the build; the only extension page that web pages may embed (wxt.config.ts). */
export const REPORT_FRAME_PATH = '/report-frame.html';

/** What the frame tells its parent: it is ready for its token, or the dialog closed. Nothing else crosses. */
export type FrameSignal = 'flagpost:ready' | 'flagpost:close';

/** The performance mark the frame sets once the dialog is on screen: what the open time is measured to. */
export const DIALOG_SHOWN_MARK = 'flagpost:dialog-shown';

/** A batch report holds at most this many posts: each is one report, hashed and delivered on its own. */
export const BATCH_MAX_POSTS = 50;

/** The batch form's route in the report frame (components/batch/), and the batch bar's (the selection's count and actions). */
export const BATCH_ROUTE = '#batch';
export const BATCH_BAR_ROUTE = '#batch-bar';

/** What the batch bar tells its parent: report the selected posts, or clear the selection. */
export type BatchBarSignal = 'flagpost:ready' | 'flagpost:batch-report' | 'flagpost:batch-clear';
