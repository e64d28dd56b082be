// `npm run schema`: writes the committed JSON Schema from the zod module (the source of truth).
import { writeFileSync } from 'node:fs';
import { REPORT_JSON_SCHEMA_PATH, reportJsonSchema } from '../utils/schema/json-schema';

writeFileSync(REPORT_JSON_SCHEMA_PATH, reportJsonSchema());
console.log(`wrote ${REPORT_JSON_SCHEMA_PATH}`);
