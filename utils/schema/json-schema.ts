import { Report } from './report';
import { z } from './zod';

export const REPORT_JSON_SCHEMA_PATH = 'schema/flagpost.report-1.schema.json';

/** The JSON Schema of `flagpost.report/1`, `/1.1` and `/1.2`, for endpoints that do not use our zod module. */
export function reportJsonSchema(): string {
  const schema = z.toJSONSchema(Report, { target: 'draft-2020-12', io: 'input' });
  const document = {
    $id: 'https://flagpost.example/schema/flagpost.report-1.schema.json',
    title: 'Flagpost report, version 1 (flagpost.report/1 and its supersets flagpost.report/1.1 and /1.2)',
    description: 'Generated from utils/schema/report.ts by `npm run schema`; do not edit by hand.',
    ...schema,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
