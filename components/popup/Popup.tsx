import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { categoryText } from '../../utils/categories';
import { reasonText, t, type MessageKey } from '../../utils/i18n';
import { messageListener, sendToBackground, type DeliveryStatus } from '../../utils/messages';
import type { EndpointStatus } from '../../utils/schema/report';
import { listReports, type StoredReport } from '../../utils/store/reports';

const endpointStatusLabel: Record<EndpointStatus, MessageKey> = {
  received: 'endpointStatusReceived',
  under_review: 'endpointStatusUnderReview',
  forwarded: 'endpointStatusForwarded',
  actioned: 'endpointStatusActioned',
  rejected: 'endpointStatusRejected',
  withdrawn: 'endpointStatusWithdrawn',
};

const statusLabel: Record<DeliveryStatus, MessageKey> = {
  queued: 'statusQueued',
  sending: 'statusSending',
  sent: 'statusSent',
  failed: 'statusFailed',
};

/** Every submission, newest first, with its delivery status; failed and queued ones can be retried. */
export function Popup() {
  const [reports, setReports] = useState<StoredReport[]>();

  useEffect(() => {
    const refresh = () => void listReports().then(setReports);
    refresh();
    // Opening the popup is when a volunteer wants to know: ask the endpoint now.
    void sendToBackground('reports.refresh', {}).catch(() => {});
    const listener = messageListener({
      async 'reports.changed'() {
        refresh();
        return {};
      },
    }) as Parameters<typeof browser.runtime.onMessage.addListener>[0];
    browser.runtime.onMessage.addListener(listener);
    return () => browser.runtime.onMessage.removeListener(listener);
  }, []);

  return (
    <main class="popup">
      <header class="bar">
        <h1>{t('popupTitle')}</h1>
        <button type="button" class="link" onClick={() => void browser.runtime.openOptionsPage()}>
          {t('popupOptions')}
        </button>
      </header>
      {reports?.length === 0 && <p class="empty">{t('popupEmpty')}</p>}
      <ul class="reports">
        {reports?.map((record) => <ReportRow key={record.id} record={record} />)}
      </ul>
    </main>
  );
}

function ReportRow({ record }: { record: StoredReport }) {
  const { target, classification } = record.report;
  const [retrying, setRetrying] = useState(false);
  const canRetry = record.status === 'failed' || record.status === 'queued';
  async function retry(): Promise<void> {
    setRetrying(true);
    await sendToBackground('report.retry', { id: record.id }).catch(() => {});
    setRetrying(false);
  }
  return (
    <li class="report" data-report-id={record.id} data-status={record.status}>
      <a href={target.url} target="_blank" rel="noreferrer noopener" class="report-url">{target.url}</a>
      <p class="meta">
        <span class="platform">{target.platform}</span> ·{' '}
        {classification.tco.map((category) => t(categoryText[category].short)).join(', ')} ·{' '}
        <time dateTime={record.report.createdAt}>{new Date(record.createdAt).toLocaleString(document.documentElement.lang)}</time>
      </p>
      <p class={`status status-${record.status}`}>
        <strong>{t(statusLabel[record.status])}</strong>
        {record.status !== 'sent' && record.lastError ? ` — ${reasonText(record.lastError)}` : ''}
        {record.tracking && (
          <span class="endpoint-status" data-endpoint-status={record.tracking.status}>
            {' · '}
            {t(endpointStatusLabel[record.tracking.status])}
          </span>
        )}
      </p>
      {record.tracking?.note && <p class="note">{t('popupNote', record.tracking.note)}</p>}
      {canRetry && (
        <button type="button" onClick={() => void retry()} disabled={retrying}>
          {t('popupRetry')}
        </button>
      )}
    </li>
  );
}
