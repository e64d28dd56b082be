import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { categoryText } from '../../utils/categories';
import { formatNumber, isolate, reasonText, t, type MessageKey, type Reason } from '../../utils/i18n';
import { isRetryable, messageListener, sendToBackground, type BatchState, type BatchStep, type ResponseOf } from '../../utils/messages';
import { tcoCategories } from '../../utils/schema/report';
import { MAX_EXPLANATION_LENGTH } from '../../utils/schema/limits';
import { useBackdropClose } from '../report/useBackdropClose';
import { useFocusTrap } from '../report/useFocusTrap';
import { Choice } from '../report/Choice';
import { BatchConsent } from './BatchConsent';
import { useClassification } from '../report/classification';

type Claimed = ResponseOf<'batch.claim'>;

interface Props {
  batch: Claimed;
  onClose: () => void;
}


const STEP_TEXT: Record<BatchStep, MessageKey> = {
  hashing: 'batchStepHashing', queued: 'batchStepQueued', delivered: 'batchStepDelivered', failed: 'batchStepFailed',
};

/** The batch form: the selected posts with each one's step, one classification and explanation for all of them. */
export function BatchPanel({ batch, onClose }: Props) {
  const dialogRef = useRef<HTMLDivElement>(null);
  const { batchId, items } = batch;
  const { form, update, toggleCategory, editExplanation } = useClassification();
  const [steps, setSteps] = useState<BatchState['steps']>(items.map(({ id }) => ({ id, step: 'hashing' })));
  const [sent, setSent] = useState(false);
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<string>();
  const close = useCallback(() => onClose(), [onClose]);
  useFocusTrap(dialogRef, close);
  const backdrop = useBackdropClose(close);

  // Closed, sent or not, the batch's record goes: unsent, its drafts with it and their hashing stops; sent, its
  // reports go on (batch.ts discard). Skipped once sent, the record would stay in session storage all session.
  const submitted = useRef(false);
  useEffect(() => () => void sendToBackground('batch.discard', { batchId }).catch(() => undefined), [batchId]);

  useEffect(() => {
    const refresh = () => sendToBackground('batch.status', { batchId }).then(({ steps }) => setSteps(steps), () => undefined);
    const listener = messageListener({
      // Each draft's own progress: answered, so the background knows this frame is still here (drafts.ts).
      'report.progress': async () => ({}),
      async 'batch.progress'(update) {
        if (update.batchId === batchId) setSteps(update.steps);
        return {};
      },
      // A report was delivered, failed or moved on: where each of ours is now.
      async 'reports.changed'() {
        if (submitted.current) void refresh();
        return {};
      },
    }) as Parameters<typeof browser.runtime.onMessage.addListener>[0];
    browser.runtime.onMessage.addListener(listener);
    return () => browser.runtime.onMessage.removeListener(listener);
  }, [batchId]);

  async function send(): Promise<void> {
    setSending(true);
    setFailure(undefined);
    submitted.current = true;
    try {
      setSteps((await sendToBackground('batch.submit', { batchId, form })).steps);
      setSent(true);
    } catch (error) {
      // A retry that failed leaves the batch sent: its reports go on.
      submitted.current = sent;
      setFailure(t('submitFailed', error instanceof Error ? error.message : String(error)));
    } finally {
      setSending(false);
    }
  }

  const ready = form.tco.length > 0 && form.explanation.trim() !== '' && form.goodFaith;
  const count = formatNumber(items.length);
  const delivered = steps.filter((step) => step.step === 'delivered').length;
  const failed = steps.filter((step) => step.step === 'failed').length;
  const retryable = steps.some((step) => step.step === 'failed' && isRetryable(step.reason));
  const awaitingConsent = steps.filter((step) => step.confirmFetch?.length);

  return (
    <div class="backdrop" {...backdrop}>
      <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="flagpost-batch-title" ref={dialogRef}>
        <h2 id="flagpost-batch-title">{t('batchTitle', count)}</h2>
        <p class="note">{t('batchIntro')}</p>
        <div>
          {/* Focusable: a long list scrolls, from the keyboard too. */}
          <ol class="batch-posts" aria-label={t('batchPostsLabel')} tabIndex={0}>
            {items.map(({ id, post }, index) => {
              const step = steps[index]?.id === id ? steps[index] : steps.find((s) => s.id === id);
              return (
                <li key={id} data-flagpost-batch-step={step?.step ?? 'hashing'}>
                  <span class="batch-post">
                    <span class="post-author">{isolate(post.author?.handle ?? post.platform)}</span>{' '}
                    <bdi class="post-url">{post.url}</bdi>
                  </span>
                  <span class={step?.step === 'failed' ? 'batch-step error' : 'batch-step'}>{stepText(step)}</span>
                </li>
              );
            })}
          </ol>
          {sent && (
            <p class="status" role="status" data-flagpost-batch-summary>
              {t('batchSummary', formatNumber(delivered), count, formatNumber(failed))}
            </p>
          )}
        </div>
        {!sent && awaitingConsent.length > 0 && (
          <BatchConsent batchId={batchId} count={awaitingConsent.length} urls={awaitingConsent.flatMap((step) => step.confirmFetch ?? [])} onError={setFailure} />
        )}
        {!sent && (
          <form onSubmit={(event) => { event.preventDefault(); void send(); }}>
            <fieldset>
              <legend>{t('batchCategoriesLegend')}</legend>
              {tcoCategories.map((category) => (
                <Choice key={category} label={t(categoryText[category].label)} checked={form.tco.includes(category)} onChange={(checked) => toggleCategory(category, checked)} />
              ))}
              <p class="note">{t('exclusionNote')}</p>
            </fieldset>
            <Choice urgent label={t('threatToLifeLabel')} checked={form.threatToLife} onChange={(threatToLife) => update({ threatToLife })} />
            {form.threatToLife && <p class="alert" role="alert">{t('threatToLifeAdvice')}</p>}
            <label class="field" for="flagpost-batch-explanation">{t('explanationLabel')}</label>
            <textarea
              id="flagpost-batch-explanation"
              rows={3}
              maxLength={MAX_EXPLANATION_LENGTH}
              value={form.explanation}
              onInput={(event) => editExplanation(event.currentTarget.value)}
            />
            <Choice label={t('goodFaithStatement')} checked={form.goodFaith} onChange={(goodFaith) => update({ goodFaith })} />
            {failure && <p class="error" role="alert">{failure}</p>}
            <div class="actions">
              <button type="button" onClick={close}>{t('cancel')}</button>
              <button type="submit" class="primary" disabled={!ready || sending} data-flagpost-action="batch-send">
                {sending ? t('sending') : t('batchSend', count)}
              </button>
            </div>
          </form>
        )}
        {sent && (
          <div class="actions">
            {failure && <p class="error" role="alert">{failure}</p>}
            {/* The same form again: the background sends only the posts whose submit failed. */}
            {retryable && (
              <button type="button" disabled={sending} onClick={() => void send()} data-flagpost-action="batch-retry">
                {sending ? t('sending') : t('batchRetryFailed')}
              </button>
            )}
            <button type="button" class="primary" onClick={close}>{t('close')}</button>
          </div>
        )}
      </div>
    </div>
  );
}

function stepText(step: BatchState['steps'][number] | undefined): string {
  if (!step) return t('batchStepHashing');
  if (step.step !== 'failed') return t(STEP_TEXT[step.step]);
  return t('batchStepFailed', step.reason ? reasonText(step.reason as Reason) : '');
}

