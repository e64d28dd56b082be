import type { TimeRange } from '../storage/measures.ts';

/** Every figure covers one calendar year (UTC), as the DSA's yearly reports do. */
export const yearRange = (year: number): TimeRange => ({
  since: `${String(year).padStart(4, '0')}-01-01T00:00:00.000Z`,
  until: `${String(year + 1).padStart(4, '0')}-01-01T00:00:00.000Z`,
});

/** `YYYY-01` … `YYYY-12`: a month with no report still has its place on the axis. */
export const monthsOf = (year: number): string[] =>
  Array.from({ length: 12 }, (_, i) => `${String(year).padStart(4, '0')}-${String(i + 1).padStart(2, '0')}`);

/** The earliest and latest years a query may ask for: the endpoint did not exist before, and four digits after. */
export const FIRST_YEAR = 2020;
export const LAST_YEAR = 9998;
