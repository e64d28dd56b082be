import { useEffect, useState } from 'preact/hooks';
import { formatNumber, formatPercent, plural, t } from '../../utils/i18n';
import { computeFigures, type Figures as FiguresData } from '../../utils/store/figures';
import { listReports } from '../../utils/store/reports';
import { platformName } from './labels';
import { PlatformIcon } from './PlatformIcon';

const BAR_WIDTH = 80;

/** The removal rate as a bar: decorative, the cell beside it says the number. Mirrored in RTL by the page direction. */
function RateBar({ rate }: { rate: number }) {
  const filled = Math.round(rate * BAR_WIDTH);
  return (
    <svg class="rate-bar" viewBox={`0 0 ${BAR_WIDTH} 8`} width={BAR_WIDTH} height="8" aria-hidden="true" focusable="false">
      <rect width={BAR_WIDTH} height="8" rx="2" class="rate-track" />
      {filled > 0 && <rect width={filled} height="8" rx="2" class="rate-fill" />}
    </svg>
  );
}

/**
 * The volunteer's own figures, read from this device's store when the section is opened (and again when the
 * reports change while it is open): a summary, then the removal rate per platform as a table with bars.
 */
export function Figures({ changes }: { changes: number }) {
  const [open, setOpen] = useState(false);
  const [figures, setFigures] = useState<FiguresData>();

  useEffect(() => {
    if (open) void listReports().then((records) => setFigures(computeFigures(records)));
  }, [open, changes]);

  const decided = figures?.platforms.filter((row) => row.rate !== undefined) ?? [];
  return (
    <details class="figures" data-figures onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{t('popupFiguresTitle')}</summary>
      {figures && (
        <>
          <dl class="figure-list">
            <div><dt>{t('popupFiguresSent')}</dt><dd data-figure="sent">{formatNumber(figures.sent)}</dd></div>
            <div><dt>{t('popupFiguresActioned')}</dt><dd data-figure="actioned">{formatNumber(figures.actioned)}</dd></div>
            <div><dt>{t('popupFiguresRejected')}</dt><dd data-figure="rejected">{formatNumber(figures.rejected)}</dd></div>
            <div>
              <dt>{t('popupFiguresMedian')}</dt>
              <dd data-figure="median-days">
                {figures.medianDaysToAction === undefined ? t('popupFiguresNoneYet') : plural('figuresDays', figures.medianDaysToAction)}
              </dd>
            </div>
          </dl>
          {decided.length ? (
            <table class="rates">
              <caption>{t('popupFiguresRate')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('popupFiguresPlatform')}</th>
                  <th scope="col">{t('popupFiguresRate')}</th>
                  <th scope="col">{t('popupFiguresActioned')}</th>
                  <th scope="col">{t('popupFiguresDecided')}</th>
                </tr>
              </thead>
              <tbody>
                {decided.map(({ platform, actioned, decided: count, rate }) => (
                  <tr key={platform} data-platform={platform}>
                    <th scope="row"><PlatformIcon platform={platform} /> {platformName(platform)}</th>
                    <td data-rate><RateBar rate={rate!} /> {formatPercent(rate!)}</td>
                    <td>{formatNumber(actioned)}</td>
                    <td>{formatNumber(count)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p class="hint">{t('popupFiguresNoDecisions')}</p>
          )}
          <p class="hint">{t('popupFiguresRateHint')}</p>
        </>
      )}
    </details>
  );
}
