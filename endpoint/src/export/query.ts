import { EndpointStatus, Platform, TcoCategory, z } from '../shared.ts';
import type { ExportFilter } from '../storage/types.ts';

/** A date (2026-11-24, UTC midnight) or an RFC 3339 time, compared in UTC. */
const instant = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .transform((value) => new Date(value).toISOString());

/** The export's parameters, the same for GET /v1/export, the reviewer page and the CLI. */
export const ExportQuery = z.strictObject({
  format: z.enum(['csv', 'ndjson']).default('csv'),
  since: instant.optional(),
  until: instant.optional(),
  platform: Platform.optional(),
  category: TcoCategory.optional(),
  status: EndpointStatus.optional(),
});
export type ExportQuery = z.infer<typeof ExportQuery>;

export function exportFilter(query: ExportQuery): ExportFilter {
  const { format: _format, ...filter } = query;
  return filter;
}
