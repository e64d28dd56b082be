/** The report frame's address and its few words with the content script that placed it (utils/content/dialog-frame.ts). */

/** The report frame's page in the build; the only extension page that web pages may embed (wxt.config.ts). */
export const REPORT_FRAME_PATH = '/report-frame.html';

/** What the frame tells its parent: it is ready for its token, or the dialog closed. Nothing else crosses. */
export type FrameSignal = 'flagpost:ready' | 'flagpost:close';

/** The performance mark the frame sets once the dialog is on screen: what the open time is measured to. */
export const DIALOG_SHOWN_MARK = 'flagpost:dialog-shown';
