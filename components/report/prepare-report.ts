/**
 * The dialog's `report.prepare`, bounded: each attempt waits STEP_TIMEOUT_MS.prepareAnswer at most, and one
 * lost with the service worker (the browser stopped it, or it restarted before answering) is asked again under
 * the same id (the background's, from `dialog.claim`), which the background answers with the draft it made the first time. Past PREPARE_ATTEMPTS the
 * error is final and the dialog says it plainly; a real refusal (an answer that says no) is never asked again.
 */
import { t } from '../../utils/i18n';
import { sendToBackground, type RequestOf, type ResponseOf } from '../../utils/messages';
import { PREPARE_ATTEMPTS, STEP_TIMEOUT_MS, StepTimeout, withinStep } from '../../utils/pipeline/prepare-bounds';

/** What Chrome and Firefox say when the worker went before answering, or had no listener yet. */
const LOST_ANSWER = /receiving end does not exist|message (port|channel) closed|could not establish connection/i;

export type SendPrepare = (payload: RequestOf<'report.prepare'>) => Promise<ResponseOf<'report.prepare'>>;

export async function prepareReport(
  payload: RequestOf<'report.prepare'>,
  send: SendPrepare = (request) => sendToBackground('report.prepare', request),
  answerMs: number = STEP_TIMEOUT_MS.prepareAnswer,
): Promise<ResponseOf<'report.prepare'>> {
  // Shown inside dialogPrepareFailed, so in the reader's language.
  const noAnswer = t('dialogPrepareNoAnswer', String(Math.round(answerMs / 1000)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await withinStep(send(payload), answerMs, noAnswer);
    } catch (error) {
      const lost = error instanceof StepTimeout || (error instanceof Error && LOST_ANSWER.test(error.message));
      if (!lost || attempt >= PREPARE_ATTEMPTS) throw error;
    }
  }
}
