import { useState } from 'preact/hooks';
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
          <button type="button" data-action="withdraw" onClick={() => void withdraw()} disabled={busy} aria-describedby={titleId}>
            {t('popupWithdraw')}
          </button>
        )}
        <button type="button" class="link" data-action="copy-id" onClick={() => void copyId()} aria-describedby={titleId}>
          {t('popupCopyId')}
        </button>
        <button type="button" class="link" data-action="delete" onClick={() => void remove()} disabled={busy} aria-describedby={titleId}>
          {t('popupDeleteLocal')}
        </button>
      </div>
      <p class="row-message" role="status">{message ?? ''}</p>
    </li>
  );
}
