import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { categoryText } from '../../utils/categories';
import { errorText, reasonText, t, type MessageKey, type Reason } from '../../utils/i18n';
import { messageListener, sendToBackground, type ResponseOf } from '../../utils/messages';
import type { DialogSubject, MediaProgress, ReportForm } from '../../utils/domain';
import { buildReport } from '../../utils/pipeline/build-report';
import { Report, tcoCategories, type MediaEntry } from '../../utils/schema/report';
import { describeIssues } from '../../utils/schema/zod';
import { MAX_EXPLANATION_LENGTH } from '../../utils/schema/limits';
import { dialogKeyAction, sendShortcutLabel } from './dialog-keys';
import { PreviousReportNote, REPEAT_REASON_ROOM, withReason } from './PreviousReport';
import { HashingProgress } from './HashingProgress';
import { ConfirmFetch } from './ConfirmFetch';
import { prepareReport } from './prepare-report';
import { AccountSummary } from './AccountSummary';
import { PostSummary } from './PostSummary';
import { useBackdropClose } from './useBackdropClose';
import { useFocusTrap } from './useFocusTrap';
import { useNeverShrinks } from './useNeverShrinks';
import { Choice } from './Choice';
import { useClassification } from './classification';

interface Props {
  subject: DialogSubject;
  /** The id the background keeps the post's draft under (with a post only): all the dialog sends to name it. */
  draftId?: string;
  onClose: () => void;
}


/** Where the focus lands when the dialog opens: the first category (never "Show media", issue 18). */
const FIRST_CATEGORY = '[data-flagpost-category]';
/**
 * The form is shown once the duplicate check has answered, so its warning never pushes the checkboxes down under a
 * click already aimed (issue 21). It answers from local data in milliseconds; past this, the form shows anyway.
 */
export const PREVIOUS_WAIT_MS = 1500;
/** The preview is built this long after the last change: typing an explanation does not rebuild it at every key. */
const PREVIEW_DELAY_MS = 150;

/** What the user still has to do before Send, in the order of the form. */
function missingSteps(form: ReportForm, needsReason: boolean): MessageKey[] {
  const missing: MessageKey[] = [];
  if (needsReason) missing.push('needRepeatReason');
  if (!form.tco.length) missing.push('needCategory');
  if (!form.explanation.trim()) missing.push('needExplanation');
  if (!form.goodFaith) missing.push('needGoodFaith');
  return missing;
}

export function ReportDialog({ subject, draftId, onClose }: Props) {
  const dialogRef = useRef<HTMLDivElement>(null);
  // An account is reported as the post its report is built from (utils/domain.ts): the same form, draft and send.
  const post = subject.kind === 'post' || subject.kind === 'account' ? subject.post : undefined;
  const [prepared, setPrepared] = useState<ResponseOf<'report.prepare'>>();
  // The latest the background said of each draft's media: pushes may arrive before the answer to prepare.
  const [pushedMedia, setPushedMedia] = useState<{ id: string; media: MediaEntry[] }>();
  const [pushedProgress, setPushedProgress] = useState<{ id: string; progress: MediaProgress }>();
  const { form, setForm, update, toggleCategory, editExplanation } = useClassification();
  // With what the user had chosen when it was built: it lags the form by a moment (PREVIEW_DELAY_MS).
  const [preview, setPreview] = useState<{ report: unknown; problems?: string; form: ReportForm; repeatReason: string }>();
  const [failure, setFailure] = useState<string | undefined>(subject.kind === 'error' ? reasonText(subject.error) : undefined);
  const [sending, setSending] = useState(false);
  const [result, setResult] = useState<ResponseOf<'report.submit'>>();
  const id = prepared?.draft.id;
  const media = pushedMedia?.id === id && pushedMedia ? pushedMedia.media : prepared?.draft.media;
  const progress = pushedProgress?.id === id && pushedProgress ? pushedProgress.progress : [];
  const close = useCallback(() => onClose(), [onClose]);
  // Without a post (an error to show), the first control: its Close.
  useFocusTrap(dialogRef, close, post ? FIRST_CATEGORY : undefined);
  const backdrop = useBackdropClose(close);
  // The good-faith confirmation, remembered for this browser session (issue 18): given once, shown as given.
  const [goodFaithSession, setGoodFaithSession] = useState(false);
  const [rememberChoice, setRememberChoice] = useState(false);
  // The duplicate guard: reported before (here or on the endpoint's list), a new report says why.
  const [previous, setPrevious] = useState<ResponseOf<'report.previous'>>();
  const [repeatReason, setRepeatReason] = useState('');
  const [noNextPost, setNoNextPost] = useState(false);
  const [waitedForPrevious, setWaitedForPrevious] = useState(false);
  const reportedBefore = Boolean(previous && (previous.local || previous.listed));
  /** The check answered after the form was shown (PREVIOUS_WAIT_MS): its note goes to the sticky foot. */
  const [previousLate, setPreviousLate] = useState(false);
  // What is sent and previewed: the reason for a repeated report goes at the end of the explanation (the wire schema has no other place).
  const sentForm = reportedBefore ? { ...form, explanation: withReason(form.explanation, repeatReason) } : form;

  useEffect(() => {
    // No answer (a background without storage.session): asked each time, as before.
    sendToBackground('goodFaith.remembered', {}).then(({ remembered }) => {
      if (!remembered) return;
      setGoodFaithSession(true);
      setForm((current) => ({ ...current, goodFaith: true }));
    }, () => undefined);
  }, []);

  useEffect(() => {
    if (!post || !draftId) return;
    // Asked at once, beside prepare: the warning is there before the form takes its first click (click-guard.ts).
    // Unanswered, nothing is said: the guard never stops a report from being sent.
    let formShown = false;
    const answered = (answer: ResponseOf<'report.previous'>) => {
      setPrevious(answer);
      // Once the form is up, nothing may push it down under a click already aimed: a late warning goes to the foot.
      setPreviousLate(formShown);
    };
    sendToBackground('report.previous', { id: draftId }).then(answered, () => answered({ listed: false }));
    const late = setTimeout(() => {
      formShown = true;
      setWaitedForPrevious(true);
    }, PREVIOUS_WAIT_MS);
    return () => clearTimeout(late);
  }, [post, draftId]);
  const showForm = Boolean(previous) || waitedForPrevious;
  // The focus goes to the first category as the form appears (until then, to the dialog itself: Esc works).
  useEffect(() => {
    if (!showForm) return;
    const active = document.activeElement;
    if (!active || active === document.body || active === dialogRef.current) dialogRef.current?.querySelector<HTMLElement>(FIRST_CATEGORY)?.focus();
  }, [showForm]);

  // Closed (or replaced by another report's dialog) unsent, the draft goes and its hashing stops; a sent
  // report goes on hashing until it is delivered.
  const submitted = useRef(false);
  useEffect(() => {
    if (!id) return;
    return () => {
      if (!submitted.current) sendToBackground('report.discard', { id }).catch(() => undefined);
    };
  }, [id]);

  useEffect(() => {
    const listener = messageListener({
      async 'report.progress'(update) {
        if (update.media) setPushedMedia({ id: update.id, media: update.media });
        setPushedProgress({ id: update.id, progress: update.progress });
        return {};
      },
    }) as Parameters<typeof browser.runtime.onMessage.addListener>[0];
    browser.runtime.onMessage.addListener(listener);
    return () => browser.runtime.onMessage.removeListener(listener);
  }, []);

  useEffect(() => {
    if (!post || !draftId) return;
    // Answered at once: the media are hashed while the user fills the form. Each attempt is bounded (prepare-report.ts).
    prepareReport({ id: draftId }).then(setPrepared, (error: unknown) => setFailure(t('dialogPrepareFailed', errorText(error))));
  }, [post, draftId]);

  // The preview is built here, where it is shown: the same pure build the background validates again at Send.
  useEffect(() => {
    if (!post || !prepared || !media) return;
    const timer = setTimeout(() => {
      const { draft, reporter, client } = prepared;
      const report = buildReport({ draft: { ...draft, media }, post, form: sentForm, reporter, client, goodFaithStatement: t('goodFaithStatement') });
      const checked = Report.safeParse(report);
      const built = { form, repeatReason };
      setPreview(checked.success ? { report: checked.data, ...built } : { report, problems: describeIssues(checked.error), ...built });
    }, PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [post, prepared, media, form, repeatReason, reportedBefore]);

  function stopHashing(): void {
    if (id) sendToBackground('report.stopHashing', { id }).catch((error: unknown) => setFailure(errorText(error)));
  }


  function forgetGoodFaith(): void {
    setGoodFaithSession(false);
    setRememberChoice(false);
    update({ goodFaith: false });
    sendToBackground('goodFaith.remember', { remember: false }).catch(() => undefined);
  }

  /** Send; with `next` ("Send and next"), the content script then opens the dialog for the next post in view. */
  async function send(next = false): Promise<void> {
    if (!id || !canSend) return;
    setSending(true);
    setFailure(undefined);
    // From the click on: closing the dialog while Send is on its way must not discard what is being sent.
    submitted.current = true;
    try {
      const sent = await sendToBackground('report.submit', { id, form: sentForm });
      if (rememberChoice && form.goodFaith && !goodFaithSession) await sendToBackground('goodFaith.remember', { remember: true }).catch(() => undefined);
      setResult(sent);
      if (next && sent.status !== 'failed') {
        // Opened, this frame is replaced by the next post's; none in view, the result stays and says so.
        const { opened } = await sendToBackground('dialog.next', {}).catch(() => ({ opened: false }));
        if (!opened) setNoNextPost(true);
      }
    } catch (error) {
      submitted.current = false;
      // The form stays as it is: nothing the user typed is lost.
      setFailure(t('submitFailed', errorText(error)));
    } finally {
      setSending(false);
    }
  }

  const missing = missingSteps(form, reportedBefore && !repeatReason.trim());
  // Hashing never holds Send back: a report sent mid-hash goes out once its videos are hashed.
  const canSend = Boolean(prepared) && !sending && missing.length === 0 && !preview?.problems;
  // Told only of the form as it is: built before the last tick, the preview's problems are the previous form's (ticked,
  // the good-faith box said "must be confirmed" for a moment, then the line went and moved the boxes: issue 21).
  const previewIsCurrent = preview?.form === form && preview.repeatReason === repeatReason;
  const messages = useNeverShrinks<HTMLDivElement>();

  function onKeyDown(event: KeyboardEvent): void {
    if (result || !post || !showForm) return;
    const action = dialogKeyAction(event, tcoCategories.length);
    if (!action) return;
    event.preventDefault();
    if (action.kind === 'send') void send(action.next);
    else if (action.kind === 'toggle') toggleCategory(tcoCategories[action.index]!);
  }

  const previousNote = previous && <PreviousReportNote previous={previous} reason={repeatReason} onReason={setRepeatReason} />;

  return (
    <div class="backdrop" {...backdrop}>
      <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="flagpost-title" ref={dialogRef} onKeyDown={onKeyDown} tabIndex={-1}>
        <h2 id="flagpost-title">{t('dialogTitle')}</h2>
        {result ? (
          <ResultPanel result={result} noNextPost={noNextPost} onClose={close} />
        ) : (
          <>
            {/* The post as reported: it does not change while the form is filled (the media's state is below Send). */}
            {post?.account ? <AccountSummary post={{ ...post, account: post.account }} hashed={media} /> : post && <PostSummary post={post} hashed={media} />}
            {/* Stays, with its own "downloading" words, once agreed: nothing above the form shrinks under the pointer. */}
            {id && prepared && prepared.confirmFetch.length > 0 && <ConfirmFetch id={id} urls={prepared.confirmFetch} onError={setFailure} />}
            {post && !showForm && <p class="status" role="status">{t('dialogPreparing')}</p>}
            {post && showForm && (
              // Marked once the duplicate check has answered (tests wait for it before Send).
              <form onSubmit={(event) => { event.preventDefault(); void send(); }} data-flagpost-previous-checked={previous ? '' : undefined}>
                {previous && reportedBefore && !previousLate && previousNote}
                <fieldset>
                  <legend>{t('dialogCategoriesLegend')}</legend>
                  {tcoCategories.map((category, index) => (
                    <Choice
                      key={category}
                      label={t(categoryText[category].label)}
                      shortcut={String(index + 1)}
                      checked={form.tco.includes(category)}
                      onChange={(checked) => toggleCategory(category, checked)}
                    />
                  ))}
                  <p class="note">{t('exclusionNote')}</p>
                </fieldset>

                <Choice
                  urgent
                  label={t('threatToLifeLabel')}
                  checked={form.threatToLife}
                  onChange={(threatToLife) => update({ threatToLife })}
                />
                {form.threatToLife && <p class="alert" role="alert">{t('threatToLifeAdvice')}</p>}

                <label class="field" for="flagpost-explanation">{t('explanationLabel')}</label>
                <textarea
                  id="flagpost-explanation"
                  aria-describedby="flagpost-explanation-hint"
                  rows={3}
                  maxLength={MAX_EXPLANATION_LENGTH - (reportedBefore ? REPEAT_REASON_ROOM : 0)}
                  value={form.explanation}
                  onInput={(event) => editExplanation(event.currentTarget.value)}
                />
                <p class="hint" id="flagpost-explanation-hint">{t('explanationHint')}</p>

                <label class="field" for="flagpost-entity">{t('entityLabel')}</label>
                <input
                  id="flagpost-entity"
                  type="text"
                  maxLength={200}
                  value={form.entity}
                  onInput={(event) => update({ entity: event.currentTarget.value })}
                />

                {goodFaithSession ? (
                  <div class="remembered" data-flagpost-good-faith="remembered">
                    <p class="hint">{t('goodFaithRememberedNote')}</p>
                    <p class="statement">{t('goodFaithStatement')}</p>
                    <button type="button" class="link" onClick={forgetGoodFaith} data-flagpost-action="forget-good-faith">
                      {t('goodFaithForget')}
                    </button>
                  </div>
                ) : (
                  <>
                    <Choice label={t('goodFaithStatement')} checked={form.goodFaith} onChange={(goodFaith) => update({ goodFaith })} />
                    <Choice label={t('goodFaithRemember')} checked={rememberChoice} onChange={setRememberChoice} nested />
                  </>
                )}

                <details class="preview">
                  <summary>{t('previewSummary')}</summary>
                  <pre>{preview ? JSON.stringify(preview.report, null, 2) : t('dialogPreparing')}</pre>
                </details>

                {/* What is missing, and what went wrong: its lines come and go as the boxes above are ticked. */}
                <div ref={messages}>
                  {missing.length > 0 && <p class="hint" role="status">{missing.map((key) => t(key)).join(' ')}</p>}
                  {!missing.length && previewIsCurrent && preview.problems && <p class="error">{t('previewProblems', preview.problems)}</p>}
                  {failure && <p class="error" role="alert">{failure}</p>}
                </div>

                {/* Sticky at the dialog's foot: Send is in reach at 1280×720 without scrolling (issue 18). */}
                <div class="footer">
                  {previous && reportedBefore && previousLate && previousNote}
                  <p class="keys hint" id="flagpost-keys">{t('dialogKeysHint', sendShortcutLabel())}</p>
                  <div class="actions">
                    <button type="button" onClick={close}>{t('cancel')}</button>
                    <button type="button" disabled={!canSend} onClick={() => void send(true)} data-flagpost-action="send-next">
                      {t('sendAndNext')}
                    </button>
                    <button type="submit" class="primary" disabled={!canSend} data-flagpost-action="send" aria-describedby="flagpost-keys">
                      {sending ? t('sending') : t('send')}
                    </button>
                  </div>
                </div>
              </form>
            )}
            {post && !(failure && !prepared) && (
              <HashingProgress media={prepared && media} progress={progress} boundMs={prepared?.boundMs} onStop={stopHashing} />
            )}
            {!post && (
              <>
                <p class="error" role="alert">{failure}</p>
                <div class="actions"><button type="button" onClick={close}>{t('close')}</button></div>
              </>
            )}
          </>
        )}
      </div>
    </div>
  );
}

function ResultPanel({ result, noNextPost, onClose }: { result: ResponseOf<'report.submit'>; noNextPost: boolean; onClose: () => void }) {
  const reason = result.reason ? reasonText(result.reason as Reason) : '';
  const message = {
    hashing: t('resultHashing'),
    sent: t('resultSent'),
    sending: t('resultSending'),
    failed: t('resultFailed', reason),
    queued: t('resultQueued', reason),
  }[result.status];
  // The form, and the Send button that had the focus, are gone: the focus moves here, so Esc and
  // Enter keep working and a screen reader lands next to the result.
  const closeButton = useRef<HTMLButtonElement>(null);
  useEffect(() => closeButton.current?.focus(), []);
  return (
    <>
      <p class={result.status === 'failed' ? 'error' : 'status'} role="status" data-flagpost-result={result.status}>
        {message}
      </p>
      {noNextPost && <p class="hint" role="status" data-flagpost-no-next>{t('dialogNoNextPost')}</p>}
      <div class="actions"><button type="button" class="primary" ref={closeButton} onClick={onClose}>{t('close')}</button></div>
    </>
  );
}

