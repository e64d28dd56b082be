import { formatNumber, t, type MessageKey } from '../../utils/i18n';
import { adapters } from '../../utils/platforms';
import { OTHER_PLATFORM, type Platform } from '../../utils/schema/report';
import { stages, type DatePreset, type Stage } from '../../utils/store/report-filter';
import { platformName, stageLabel } from './labels';

/** What the filter controls hold; the popup turns it into a ReportFilter. */
export interface FilterState {
  search: string;
  stage: Stage | '';
  platform: Platform | '';
  date: DatePreset;
  from: string;
  to: string;
}

export const initialFilterState: FilterState = { search: '', stage: '', platform: '', date: 'any', from: '', to: '' };

const datePresets: { preset: DatePreset; label: MessageKey }[] = [
  { preset: 'any', label: 'popupDateAny' },
  { preset: 'today', label: 'popupDateToday' },
  { preset: 'week', label: 'popupDateWeek' },
  { preset: 'month', label: 'popupDateMonth' },
  { preset: 'custom', label: 'popupDateCustom' },
];

interface FiltersProps {
  state: FilterState;
  /** Matches of everything but the status, by status: shown in the status choices. */
  counts: Partial<Record<Stage, number>>;
  onChange: (change: Partial<FilterState>) => void;
}

/** Search and filters: each control labelled, each change applied at once. */
export function Filters({ state, counts, onChange }: FiltersProps) {
  const all = Object.values(counts).reduce((sum, count) => sum + (count ?? 0), 0);
  return (
    <form role="search" class="filters" aria-label={t('popupFiltersLabel')} onSubmit={(event) => event.preventDefault()}>
      <label for="filter-search">{t('popupSearch')}</label>
      <input
        id="filter-search" type="search" value={state.search} autoComplete="off"
        onInput={(event) => onChange({ search: event.currentTarget.value })}
      />
      <div class="filter-row">
        <div>
          <label for="filter-stage">{t('popupFilterStatus')}</label>
          <select id="filter-stage" value={state.stage} onChange={(event) => onChange({ stage: event.currentTarget.value as Stage | '' })}>
            <option value="">{t('popupFilterAllStatuses', formatNumber(all))}</option>
            {stages.map((stage) => (
              <option key={stage} value={stage}>{t('popupCountOption', t(stageLabel[stage]), formatNumber(counts[stage] ?? 0))}</option>
            ))}
          </select>
        </div>
        <div>
          <label for="filter-platform">{t('popupFilterPlatform')}</label>
          <select id="filter-platform" value={state.platform} onChange={(event) => onChange({ platform: event.currentTarget.value as Platform | '' })}>
            <option value="">{t('popupFilterAllPlatforms')}</option>
            {[...adapters.map((adapter) => adapter.platform), OTHER_PLATFORM].map((platform) => <option key={platform} value={platform}>{platformName(platform)}</option>)}
          </select>
        </div>
        <div>
          <label for="filter-date">{t('popupFilterDate')}</label>
          <select id="filter-date" value={state.date} onChange={(event) => onChange({ date: event.currentTarget.value as DatePreset })}>
            {datePresets.map(({ preset, label }) => <option key={preset} value={preset}>{t(label)}</option>)}
          </select>
        </div>
      </div>
      {state.date === 'custom' && (
        <div class="filter-row">
          <div>
            <label for="filter-from">{t('popupDateFrom')}</label>
            <input id="filter-from" type="date" value={state.from} max={state.to || undefined} onInput={(event) => onChange({ from: event.currentTarget.value })} />
          </div>
          <div>
            <label for="filter-to">{t('popupDateTo')}</label>
            <input id="filter-to" type="date" value={state.to} min={state.from || undefined} onInput={(event) => onChange({ to: event.currentTarget.value })} />
          </div>
        </div>
      )}
    </form>
  );
}
