import { afterAll, beforeAll } from 'vitest';

/** Runs the enclosing describe's tests with the process in time zone `zone` (e.g. 'Europe/Paris'), then puts it back. */
export function inTimeZone(zone: string): void {
  const before = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = zone;
  });
  afterAll(() => {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  });
}
