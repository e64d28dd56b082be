import { useEffect, useState } from 'preact/hooks';
import { formatNumber, t } from '../../utils/i18n';
import { BATCH_MAX_POSTS } from '../../utils/report-frame';
import { tell } from '../report/frame-channel';

/**
 * The bar shown while posts are selected on the feed (utils/content/batch-select.ts): the count, Report and
 * Clear. The count comes from the parent page; the posts themselves never pass through this frame.
 */
export function BatchBar() {
  const [selected, setSelected] = useState(0);
  useEffect(() => {
    const listener = (event: MessageEvent) => {
      const count = event.source === parent ? (event.data as { selected?: unknown } | null)?.selected : undefined;
      if (typeof count === 'number' && Number.isInteger(count) && count >= 0) setSelected(count);
    };
    addEventListener('message', listener);
    tell('flagpost:ready');
    return () => removeEventListener('message', listener);
  }, []);
  return (
    <main class="batch-bar" aria-label={t('batchBarTitle')}>
      <h1 class="batch-count">
        {/* Full, a click on another post selects nothing (batch-select.ts): the count says why. */}
        <span role="status">{t(selected >= BATCH_MAX_POSTS ? 'batchSelectedFull' : 'batchSelectedCount', formatNumber(selected))}</span>
      </h1>
      <button type="button" onClick={() => tell('flagpost:batch-clear')}>{t('batchClearSelection')}</button>
      <button type="button" class="primary" data-flagpost-action="batch-report" onClick={() => tell('flagpost:batch-report')}>
        {t('batchReportSelected')}
      </button>
    </main>
  );
}
