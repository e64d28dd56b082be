import { CSV_BOM, csvCell, endpointStatuses, tcoCategories } from '../shared.ts';
import type { ReportCell } from '../storage/measures.ts';
import { categoriesOf, countBy, largestFirst, ordered, total } from './cells.ts';

/** The removal check's states (storage/types.ts RemovalState), in the order a reader follows them. */
export const removalStates = ['removed', 'online', 'unknown', 'pending', 'not_checked'] as const;

/**
 * DSA Art. 22(3): a trusted flagger publishes, once a year, the notices it submitted "categorised by
 * the identity of the provider of hosting services, the type of allegedly illegal content notified,
 * and the action taken by the provider". Here: by platform, by TCO category (a notice of several
 * categories counts under each), by status (the action, as far as the endpoint knows it) and by the
 * removal check of the URL; and platform by status. A notice is a report the unit forwarded
 * (storage/measures.ts submittedCells), in the year of its first forwarding: a report never sent
 * is no notice, however long it waited or whatever its reporter did.
 */
export interface Art22Report {
  year: number;
  total: number;
  threatToLife: number;
  byPlatform: [string, number][];
  byCategory: [string, number][];
  byStatus: [string, number][];
  byRemoval: [string, number][];
  /** Per platform (byPlatform's order), its notices per status (byStatus's order). */
  platformByStatus: { platform: string; counts: number[] }[];
}

export function art22Report(cells: readonly ReportCell[], year: number): Art22Report {
  const byPlatform = largestFirst(countBy(cells, (c) => [c.platform]));
  const byStatus = ordered(countBy(cells, (c) => [c.status]), endpointStatuses);
  return {
    year,
    total: total(cells),
    threatToLife: total(cells.filter((c) => c.threatToLife)),
    byPlatform,
    byCategory: ordered(countBy(cells, (c) => categoriesOf(c.categories)), tcoCategories),
    byStatus,
    byRemoval: ordered(countBy(cells, (c) => [c.removal]), removalStates),
    platformByStatus: byPlatform.map(([platform]) => {
      const counts = countBy(cells.filter((c) => c.platform === platform), (c) => [c.status]);
      return { platform, counts: byStatus.map(([status]) => counts.get(status) ?? 0) };
    }),
  };
}

/**
 * One line per figure, machine values (not translated labels) so a script can read any year's file:
 * `dimension` is total, threat_to_life, platform, category, status, removal or platform_status
 * (whose `value` is `platform:status`; neither id can hold a colon).
 */
export const ART22_CSV_COLUMNS = ['year', 'dimension', 'value', 'notices'] as const;

export function art22Csv(report: Art22Report): string {
  const lines: (string | number)[][] = [
    ['total', '', report.total],
    ['threat_to_life', 'yes', report.threatToLife],
    ...report.byPlatform.map(([key, n]) => ['platform', key, n]),
    ...report.byCategory.map(([key, n]) => ['category', key, n]),
    ...report.byStatus.map(([key, n]) => ['status', key, n]),
    ...report.byRemoval.map(([key, n]) => ['removal', key, n]),
    ...report.platformByStatus.flatMap(({ platform, counts }) =>
      counts.map((n, i) => ['platform_status', `${platform}:${report.byStatus[i]![0]}`, n])),
  ];
  return `${CSV_BOM}${ART22_CSV_COLUMNS.join(',')}\r\n${lines.map((l) => [report.year, ...l].map((v) => csvCell(String(v))).join(',')).join('\r\n')}\r\n`;
}
