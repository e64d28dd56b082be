import { useEffect, useRef, useState } from 'preact/hooks';
import { categoryText } from '../../utils/categories';
import { formatDateTime, isolate, reasonText, t, type Reason } from '../../utils/i18n';
import { sendToBackground } from '../../utils/messages';
import { canWithdraw } from '../../utils/pipeline/withdraw';
import { stageOf } from '../../utils/store/report-filter';
import type { StoredReport } from '../../utils/store/reports';
import { platformName } from './labels';
import { PlatformIcon } from './PlatformIcon';
import { StatusChip } from './StatusChip';

interface ReportRowProps {
  record: StoredReport;
  /** The configured endpoint, when it accepts withdrawals; undefined otherwise. */
  withdrawBase: string | undefined;
}

/** One report: where it stands, and what the volunteer can do with it. */
export function ReportRow({ record, withdrawBase }: ReportRowProps) {
  const { target, classification } = record.report;
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string>();
  const canRetry = record.status === 'failed' || record.status === 'queued';
  const titleId = `report-${record.id}`;
  const stage = stageOf(record);
  // Withdraw and delete cannot be undone, and sit among buttons a volunteer clicks fifty times an evening: each
  // asks first, in the row itself (no window.confirm, which a popup may not show), as "Delete all data" does.
  const [confirming, setConfirming] = useState<'withdraw' | 'delete'>();
  const question = useRef<HTMLParagraphElement>(null);
  const asked = useRef<HTMLButtonElement | null>(null);
  const refocus = useRef(false);
  useEffect(() => {
    if (confirming) question.current?.focus();
    else if (refocus.current) asked.current?.focus();
    refocus.current = false;
  }, [confirming]);

  /** Every action reports its own failure in the row; the list refreshes on 'reports.changed'. */
  async function act(action: () => Promise<Reason | string | undefined>): Promise<void> {
    setBusy(true);
    setMessage(undefined);
    try {
      const outcome = await action();
      setMessage(typeof outcome === 'object' ? reasonText(outcome) : outcome);
    } catch (error) {
      setMessage(t('popupActionFailed', error instanceof Error ? error.message : String(error)));
    } finally {
      setBusy(false);
    }
  }

  /** Leaves the question; `keepFocus` returns focus to the button that asked it. */
  function answer(keepFocus: boolean): void {
    refocus.current = keepFocus;
    setConfirming(undefined);
  }

  function ask(action: 'withdraw' | 'delete', event: Event): void {
    asked.current = event.currentTarget as HTMLButtonElement;
    setConfirming(action);
  }

  const retry = () => act(async () => void (await sendToBackground('report.retry', { id: record.id })));
  const withdraw = () => act(async () => (await sendToBackground('report.withdraw', { id: record.id })).reason as Reason | undefined);
  const remove = () => act(async () => void (await sendToBackground('report.delete', { id: record.id })));
  const copyId = () => act(async () => {
    await navigator.clipboard.writeText(record.id);
    return t('popupCopied');
  });

  return (
    <li class="report" data-report-id={record.id} data-status={record.status} data-stage={stage}>
      <a href={target.url} target="_blank" rel="noreferrer noopener" class="report-url" id={titleId} dir="ltr">{target.url}</a>
      <p class="meta">
        <PlatformIcon platform={target.platform} />
        <span class="platform">{platformName(target.platform)}</span>
        {target.author && <> · <bdi class="author">{target.author.handle}</bdi></>} ·{' '}
        {classification.tco.map((category) => t(categoryText[category].short)).join(', ')} ·{' '}
        <time dateTime={record.report.createdAt}>{formatDateTime(record.createdAt)}</time>
      </p>
      <p class={`status status-${record.status}`} data-endpoint-status={record.tracking?.status}>
        <span class="visually-hidden">{t('popupStatusLabel')}: </span>
        <StatusChip stage={stage} />
        {classification.threatToLife && (
          <span class="chip chip-urgent" data-chip="threat-to-life"><span class="chip-mark" aria-hidden="true">!</span>{t('popupThreatToLife')}</span>
        )}
        {record.status !== 'sent' && record.lastError && <span class="status-reason">{reasonText(record.lastError)}</span>}
      </p>
      {record.tracking?.outcome && <p class="outcome" data-outcome>{t('popupOutcome', isolate(record.tracking.outcome))}</p>}
      {record.tracking?.note && <p class="note">{t('popupNote', isolate(record.tracking.note))}</p>}
      <div class="actions">
        {canRetry && (
          <button type="button" class="primary" data-action="retry" onClick={() => void retry()} disabled={busy} aria-describedby={titleId}>
            {t('popupRetry')}
          </button>
        )}
        {withdrawBase && canWithdraw(record, withdrawBase) && (
          <button type="button" data-action="withdraw" onClick={(event) => ask('withdraw', event)} disabled={busy || !!confirming} aria-describedby={titleId}>
            {t('popupWithdraw')}
          </button>
        )}
        <button type="button" class="link" data-action="copy-id" onClick={() => void copyId()} aria-describedby={titleId}>
          {t('popupCopyId')}
        </button>
        <button type="button" class="link" data-action="delete" onClick={(event) => ask('delete', event)} disabled={busy || !!confirming} aria-describedby={titleId}>
          {t('popupDeleteLocal')}
        </button>
      </div>
      {confirming && (
        <div class="confirm" role="group" aria-labelledby={`${titleId}-question`}>
          <p id={`${titleId}-question`} ref={question} tabIndex={-1}>
            {t(confirming === 'withdraw' ? 'popupConfirmWithdraw' : record.status === 'sent' ? 'popupConfirmDeleteSent' : 'popupConfirmDeleteUnsent')}
          </p>
          <button
            type="button"
            class="primary"
            data-action={`confirm-${confirming}`}
            onClick={() => {
              answer(false);
              void (confirming === 'withdraw' ? withdraw() : remove());
            }}
          >
            {t(confirming === 'withdraw' ? 'popupWithdraw' : 'popupDeleteLocal')}
          </button>{' '}
          <button type="button" data-action="cancel" onClick={() => answer(true)}>{t('cancel')}</button>
        </div>
      )}
      <p class="row-message" role="status">{message ?? ''}</p>
    </li>
  );
}
