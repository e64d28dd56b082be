/**
 * The endpoint's one door into the extension's code: the report contract and the zod instance it
 * was built with (../utils/schema/zod.ts, resolved from the root node_modules). Importing zod any
 * other way could load a second copy whose schemas and errors are not the same classes.
 */
export {
  Report,
  reportSchemaIds,
  EndpointStatus,
  MediaEntry,
  MediaHash,
  endpointStatuses,
  Platform,
  platforms,
  TcoCategory,
  tcoCategories,
} from '../../utils/schema/report.ts';
export { describeIssues, z } from '../../utils/schema/zod.ts';
export { CSV_BOM, csvCell } from '../../utils/export/csv.ts';
