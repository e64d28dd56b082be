import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { formatNumber, t } from '../../utils/i18n';
import { messageListener, sendToBackground } from '../../utils/messages';
import { dateRange, stages, type ReportFilter } from '../../utils/store/report-filter';
import { queryReports, type ReportQuery } from '../../utils/store/reports';
import { createToolbar } from '../../utils/background/badge';
import { ExportReports } from './ExportReports';
import { Figures } from './Figures';
import './popup.css';
import { Filters, initialFilterState, type FilterState } from './Filters';
import { stageLabel } from './labels';
import { ReportRow } from './ReportRow';
import { stageTone, toneMark } from './StatusChip';

/** Only this many rows are in the page at once, however many reports are stored. */
export const PAGE_SIZE = 50;

function toFilter(state: FilterState, now: number): ReportFilter {
  return {
    search: state.search,
    stages: state.stage ? [state.stage] : [],
    platforms: state.platform ? [state.platform] : [],
    ...dateRange(state.date, now, state),
  };
}

/** Every submission, newest first, a page at a time: searched, filtered, counted, exported, acted on. */
export function Popup() {
  const [state, setState] = useState<FilterState>(initialFilterState);
  const [pageIndex, setPageIndex] = useState(0);
  const [result, setResult] = useState<ReportQuery>();
  const [changes, setChanges] = useState(0);
  const [withdrawBase, setWithdrawBase] = useState<string>();
  const [refresh, setRefresh] = useState<'asking' | 'done'>();
  const filter = useMemo(() => toFilter(state, Date.now()), [state]);
  // Typing fires a query per key: only the latest answer may be shown.
  const latest = useRef(0);

  useEffect(() => {
    const asked = ++latest.current;
    void queryReports(filter, pageIndex * PAGE_SIZE, PAGE_SIZE).then((answer) => {
      if (asked !== latest.current) return;
      // A deletion can leave the page past the end: step back to the last page there is.
      const lastPage = Math.max(0, Math.ceil(answer.total / PAGE_SIZE) - 1);
      if (pageIndex > lastPage) setPageIndex(lastPage);
      else setResult(answer);
    }, () => {
      // The list shown was another filter's answer: showing it under this filter would mislead.
      if (asked === latest.current) setResult(undefined);
    });
  }, [filter, pageIndex, changes]);

  useEffect(() => {
    // Opening the popup is when a volunteer wants to know: ask the endpoint now. What it shows is then seen:
    // the toolbar badge's count starts again (after the answers too, so they do not count as unseen).
    const toolbar = createToolbar();
    void toolbar.seen().catch(() => {});
    void sendToBackground('reports.refresh', {}).catch(() => {}).finally(() => void toolbar.seen().catch(() => {}));
    void sendToBackground('endpoint.capabilities', {})
      .then(({ base, withdraw }) => setWithdrawBase(withdraw ? base : undefined))
      .catch(() => {});
    const listener = messageListener({
      async 'reports.changed'() {
        setChanges((count) => count + 1);
        return {};
      },
    }) as Parameters<typeof browser.runtime.onMessage.addListener>[0];
    browser.runtime.onMessage.addListener(listener);
    return () => browser.runtime.onMessage.removeListener(listener);
  }, []);

  /** The manual refresh: the tracker asks the endpoint now about every report it may still have news of. */
  async function refreshNow(): Promise<void> {
    setRefresh('asking');
    try {
      await sendToBackground('reports.refresh', {});
      await createToolbar().seen();
    } finally {
      setRefresh('done');
      setChanges((count) => count + 1);
    }
  }

  function changeFilter(change: Partial<FilterState>): void {
    setState((current) => ({ ...current, ...change }));
    setPageIndex(0);
  }

  const total = result?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const stored = result ? Object.values(result.counts).reduce((sum, count) => sum + (count ?? 0), 0) : 0;
  const unfiltered = !state.search.trim() && !state.stage && !state.platform && state.date === 'any';

  return (
    <main class="popup">
      <header class="bar">
        <h1>{t('popupTitle')}</h1>
        <div class="bar-actions">
          <button type="button" class="primary" data-action="refresh" onClick={() => void refreshNow()} disabled={refresh === 'asking'}>
            {t('popupRefresh')}
          </button>
          <button type="button" class="link" onClick={() => void browser.runtime.openOptionsPage()}>
            {t('popupOptions')}
          </button>
        </div>
      </header>
      <p role="status" class="refresh-status" data-refresh={refresh ?? ''}>
        {refresh === 'asking' ? t('popupRefreshing') : refresh === 'done' ? t('popupRefreshed') : ''}
      </p>
      <Filters state={state} counts={result?.counts ?? {}} onChange={changeFilter} />
      {stored > 0 && (
        <section aria-labelledby="counts-title">
          <h2 id="counts-title" class="visually-hidden">{t('popupCountsTitle')}</h2>
          <ul class="counts">
            {stages.filter((stage) => result?.counts[stage]).map((stage) => (
              <li key={stage} data-stage={stage} class={`count-${stageTone[stage]}`}>
                <span class="chip-mark" aria-hidden="true">{toneMark[stageTone[stage]]}</span>
                {t(stageLabel[stage])} <strong data-count>{formatNumber(result!.counts[stage] ?? 0)}</strong>
              </li>
            ))}
          </ul>
        </section>
      )}
      <Figures changes={changes} />
      <section aria-labelledby="list-title">
        <h2 id="list-title" class="visually-hidden">{t('popupListTitle')}</h2>
        <p role="status" class="summary" data-total={result ? total : ''}>
          {!result ? '' : total === 0 ? t(unfiltered ? 'popupEmpty' : 'popupNoMatch')
            : t('popupShowing', formatNumber(pageIndex * PAGE_SIZE + 1), formatNumber(Math.min(total, (pageIndex + 1) * PAGE_SIZE)), formatNumber(total))}
        </p>
        <ExportReports filter={filter} total={total} />
        <ul class="reports">
          {result?.page.map((record) => <ReportRow key={record.id} record={record} withdrawBase={withdrawBase} />)}
        </ul>
        {pages > 1 && (
          <nav class="pager" aria-label={t('popupPages')}>
            <button type="button" data-action="previous-page" disabled={pageIndex === 0} onClick={() => setPageIndex(pageIndex - 1)}>
              {t('popupPrevious')}
            </button>
            <span>{t('popupPageOf', formatNumber(pageIndex + 1), formatNumber(pages))}</span>
            <button type="button" data-action="next-page" disabled={pageIndex >= pages - 1} onClick={() => setPageIndex(pageIndex + 1)}>
              {t('popupNext')}
            </button>
          </nav>
        )}
      </section>
    </main>
  );
}
