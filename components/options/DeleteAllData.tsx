import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../utils/i18n';
import { sendToBackground } from '../../utils/messages';

/**
 * "Delete all local data", in two steps on the page itself (no window.confirm): the first button
 * says what will go and moves focus to the choice; only the second deletes.
 */
export function DeleteAllData({ onDeleted }: { onDeleted: () => void }) {
  const [step, setStep] = useState<'idle' | 'confirming' | 'deleting' | 'done' | 'failed'>('idle');
  const question = useRef<HTMLParagraphElement>(null);
  const start = useRef<HTMLButtonElement>(null);

  const wasConfirming = useRef(false);

  useEffect(() => {
    if (step === 'confirming') question.current?.focus();
    // Leaving the choice (cancelled or done), focus goes back to where it came from, not to the top of the page.
    else if (step !== 'deleting' && wasConfirming.current) start.current?.focus();
    wasConfirming.current = step === 'confirming' || step === 'deleting';
  }, [step]);

  async function deleteAll(): Promise<void> {
    setStep('deleting');
    try {
      await sendToBackground('data.deleteAll', {});
      onDeleted();
      setStep('done');
    } catch {
      setStep('failed');
    }
  }

  const confirming = step === 'confirming' || step === 'deleting';
  return (
    <section class="danger-zone" aria-labelledby="delete-all-title">
      <h2 id="delete-all-title">{t('optionsDeleteAllTitle')}</h2>
      <p class="hint">{t('optionsDeleteAllHint')}</p>
      {!confirming && (
        <button type="button" ref={start} data-action="delete-all" onClick={() => setStep('confirming')}>
          {t('optionsDeleteAll')}
        </button>
      )}
      {confirming && (
        <div class="confirm" role="group" aria-labelledby="delete-all-question">
          <p id="delete-all-question" ref={question} tabIndex={-1}>{t('optionsDeleteAllQuestion')}</p>
          <button type="button" class="primary" data-action="confirm-delete-all" disabled={step === 'deleting'} onClick={() => void deleteAll()}>
            {t('optionsDeleteAllConfirm')}
          </button>{' '}
          <button type="button" data-action="cancel-delete-all" disabled={step === 'deleting'} onClick={() => setStep('idle')}>
            {t('optionsDeleteAllCancel')}
          </button>
        </div>
      )}
      <p role="status" class={step === 'failed' ? 'field-error' : 'ok'} data-flagpost-deleted={step === 'done' ? 'done' : ''}>
        {step === 'done' ? t('optionsDeleteAllDone') : step === 'failed' ? t('optionsDeleteAllFailed') : ''}
      </p>
    </section>
  );
}
