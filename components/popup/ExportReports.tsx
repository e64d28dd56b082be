import { useState } from 'preact/hooks';
import { exportFileName, exportFormats, exportReports, type ExportFormat } from '../../utils/export/own-reports';
import { plural, t } from '../../utils/i18n';
import type { ReportFilter } from '../../utils/store/report-filter';
import { queryReports } from '../../utils/store/reports';

/** Saves every report the list's filter matches (not just the page shown) as a file; no download permission needed. */
export function ExportReports({ filter, total }: { filter: ReportFilter; total: number }) {
  const [format, setFormat] = useState<ExportFormat>('csv');

  async function save(): Promise<void> {
    const { page } = await queryReports(filter);
    const { text, mimeType } = exportReports(page, format);
    const url = URL.createObjectURL(new Blob([text], { type: mimeType }));
    const link = document.createElement('a');
    link.href = url;
    link.download = exportFileName(format, new Date());
    link.click();
    // The download has taken its copy once the click is handled.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  return (
    <div class="export">
      <label for="export-format">{t('popupExportFormat')}</label>
      <select id="export-format" value={format} onChange={(event) => setFormat(event.currentTarget.value as ExportFormat)}>
        {exportFormats.map((option) => <option key={option} value={option}>{option.toUpperCase()}</option>)}
      </select>
      <button type="button" data-action="export" onClick={() => void save()} disabled={total === 0}>
        {plural('popupExportReports', total)}
      </button>
    </div>
  );
}
