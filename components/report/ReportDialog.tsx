import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { categoryText, sortCategories } from '../../utils/categories';
import { reasonText, t, type MessageKey, type Reason } from '../../utils/i18n';
import { messageListener, sendToBackground, type ResponseOf } from '../../utils/messages';
import type { DialogSubject, MediaProgress, ReportForm } from '../../utils/domain';
import { buildReport } from '../../utils/pipeline/build-report';
import { Report, tcoCategories, type MediaEntry, type TcoCategory } from '../../utils/schema/report';
import { describeIssues } from '../../utils/schema/zod';
import { HashingProgress } from './HashingProgress';
import { ConfirmFetch } from './ConfirmFetch';
import { prepareReport } from './prepare-report';
import { AccountSummary } from './AccountSummary';
import { PostSummary } from './PostSummary';
import { useFocusTrap } from './useFocusTrap';

interface Props {
  subject: DialogSubject;
  /** The id the background keeps the post's draft under (with a post only): all the dialog sends to name it. */
  draftId?: string;
  onClose: () => void;
}

const emptyForm: ReportForm = { tco: [], threatToLife: false, explanation: '', entity: '', goodFaith: false };

function defaultExplanation(categories: TcoCategory[]): string {
  return sortCategories(categories).map((category) => t(categoryText[category].explanation)).join(' ');
}

/** What the user still has to do before Send, in the order of the form. */
function missingSteps(form: ReportForm): MessageKey[] {
  const missing: MessageKey[] = [];
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
  const [form, setForm] = useState(emptyForm);
  const [explanationEdited, setExplanationEdited] = useState(false);
  const [preview, setPreview] = useState<{ report: unknown; problems?: string }>();
  const [failure, setFailure] = useState<string | undefined>(subject.kind === 'error' ? reasonText(subject.error) : undefined);
  const [sending, setSending] = useState(false);
  const [result, setResult] = useState<ResponseOf<'report.submit'>>();
  const id = prepared?.draft.id;
  const media = pushedMedia?.id === id && pushedMedia ? pushedMedia.media : prepared?.draft.media;
  const progress = pushedProgress?.id === id && pushedProgress ? pushedProgress.progress : [];
  const close = useCallback(() => onClose(), [onClose]);
  useFocusTrap(dialogRef, close);

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
    prepareReport({ id: draftId }).then(setPrepared, (error: Error) => setFailure(t('dialogPrepareFailed', error.message)));
  }, [post, draftId]);

  // The preview is built here, where it is shown: the same pure build the background validates again at Send.
  useEffect(() => {
    if (!post || !prepared || !media) return;
    const timer = setTimeout(() => {
      const { draft, reporter, client } = prepared;
      const report = buildReport({ draft: { ...draft, media }, post, form, reporter, client, goodFaithStatement: t('goodFaithStatement') });
      const checked = Report.safeParse(report);
      setPreview(checked.success ? { report: checked.data } : { report, problems: describeIssues(checked.error) });
    }, 150);
    return () => clearTimeout(timer);
  }, [post, prepared, media, form]);

  function stopHashing(): void {
    if (id) sendToBackground('report.stopHashing', { id }).catch((error: Error) => setFailure(error.message));
  }

  function update(change: Partial<ReportForm>): void {
    setForm((current) => {
      const next = { ...current, ...change };
      if (change.tco && !explanationEdited) next.explanation = defaultExplanation(next.tco);
      return next;
    });
  }

  function toggleCategory(category: TcoCategory, checked: boolean): void {
    update({ tco: checked ? sortCategories([...form.tco, category]) : form.tco.filter((c) => c !== category) });
  }

  async function send(): Promise<void> {
    if (!id) return;
    setSending(true);
    setFailure(undefined);
    // From the click on: closing the dialog while Send is on its way must not discard what is being sent.
    submitted.current = true;
    try {
      setResult(await sendToBackground('report.submit', { id, form }));
    } catch (error) {
      submitted.current = false;
      // The form stays as it is: nothing the user typed is lost.
      setFailure(t('submitFailed', error instanceof Error ? error.message : String(error)));
    } finally {
      setSending(false);
    }
  }

  const missing = missingSteps(form);
  // Hashing never holds Send back: a report sent mid-hash goes out once its videos are hashed.
  const canSend = Boolean(prepared) && !sending && missing.length === 0 && !preview?.problems;

  return (
    <div class="backdrop" onClick={(event) => event.target === event.currentTarget && close()}>
      <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="flagpost-title" ref={dialogRef}>
        <h2 id="flagpost-title">{t('dialogTitle')}</h2>
        {result ? (
          <ResultPanel result={result} onClose={close} />
        ) : (
          <>
            {/* The post as reported: it does not change while the form is filled (the media's state is below Send). */}
            {post?.account ? <AccountSummary post={{ ...post, account: post.account }} hashed={media} /> : post && <PostSummary post={post} hashed={media} />}
            {/* Stays, with its own "downloading" words, once agreed: nothing above the form shrinks under the pointer. */}
            {id && prepared && prepared.confirmFetch.length > 0 && <ConfirmFetch id={id} urls={prepared.confirmFetch} onError={setFailure} />}
            {post && (
              <form onSubmit={(event) => { event.preventDefault(); void send(); }}>
                <fieldset>
                  <legend>{t('dialogCategoriesLegend')}</legend>
                  {tcoCategories.map((category) => (
                    <Choice
                      key={category}
                      label={t(categoryText[category].label)}
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
                  maxLength={2000}
                  value={form.explanation}
                  onInput={(event) => {
                    setExplanationEdited(true);
                    update({ explanation: event.currentTarget.value });
                  }}
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

                <Choice label={t('goodFaithStatement')} checked={form.goodFaith} onChange={(goodFaith) => update({ goodFaith })} />

                <details class="preview">
                  <summary>{t('previewSummary')}</summary>
                  <pre>{preview ? JSON.stringify(preview.report, null, 2) : t('dialogPreparing')}</pre>
                </details>

                {missing.length > 0 && <p class="hint" role="status">{missing.map((key) => t(key)).join(' ')}</p>}
                {!missing.length && preview?.problems && <p class="error">{t('previewProblems', preview.problems)}</p>}
                {failure && <p class="error" role="alert">{failure}</p>}

                <div class="actions">
                  <button type="button" onClick={close}>{t('cancel')}</button>
                  <button type="submit" class="primary" disabled={!canSend} data-flagpost-action="send">
                    {sending ? t('sending') : t('send')}
                  </button>
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

function ResultPanel({ result, onClose }: { result: ResponseOf<'report.submit'>; onClose: () => void }) {
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
      <div class="actions"><button type="button" class="primary" ref={closeButton} onClick={onClose}>{t('close')}</button></div>
    </>
  );
}

interface ChoiceProps {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  urgent?: boolean;
}

/** A checkbox with its whole sentence as the label, so the sentence is what is clicked and announced. */
function Choice({ label, checked, onChange, urgent }: ChoiceProps) {
  return (
    <label class={urgent ? 'choice urgent' : 'choice'}>
      <input type="checkbox" checked={checked} onChange={(event) => onChange(event.currentTarget.checked)} />
      <span>{label}</span>
    </label>
  );
}
