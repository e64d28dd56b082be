#!/usr/bin/env node
// `node endpoint/tests/support/seed-measure-year.mjs <sqlite file> <year> <count>`: seeds a year of
// reports (measure-seed.ts) into a running endpoint's SQLite file, for e2e/endpoint-publish.e2e.ts.
// A process of its own, so the root project's TypeScript never compiles the endpoint's sources.
import { register } from 'tsx/esm/api';

register();
const [file, year, count] = process.argv.slice(2);
const { openSqlite } = await import('../../src/storage/sqlite.ts');
const { seedMeasureYear } = await import('./measure-seed.ts');
const db = openSqlite(file);
try {
  const [reporter] = await db.all('SELECT id FROM tokens WHERE reviewer = 0 ORDER BY created_at LIMIT 1');
  await seedMeasureYear(db, { year: Number(year), count: Number(count), tokenId: reporter.id, reviewers: ['rita', 'sam', 'tom'] });
} finally {
  await db.close();
}
