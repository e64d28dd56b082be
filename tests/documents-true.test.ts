/**
 * SECURITY.md and PRIVACY.md state figures the code sets: each is read here from the code, so a change of one
 * without the other fails. (What the figures govern is tested where it happens: tests/wellbeing/,
 * tests/pipeline/url-policy.test.ts, e2e/extension-privilege.e2e.ts.)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { MAX_REDIRECTS } from '../utils/pipeline/fetch-hops';
import { MEDIA_BUDGET } from '../utils/wellbeing/media-queue';
import { SYNC_PERIOD_MINUTES } from '../utils/wellbeing/service';

const read = (name: string) => readFileSync(path.resolve(__dirname, '..', name), 'utf8').replace(/\s+/g, ' ');

describe('PRIVACY.md', () => {
  const privacy = read('PRIVACY.md');
  test("the hash-list sync's period, and that it carries the token", () => {
    expect(privacy).toContain(`every ${SYNC_PERIOD_MINUTES} minutes while "mark posts already reported" is on`);
    expect(privacy).toContain('`GET /v1/hashes`, **with your access token**');
  });
  test('how many on-screen pictures the in-memory cache holds', () => {
    expect(privacy).toContain(`the hashes of up to ${MEDIA_BUDGET.cacheSize.toLocaleString('en')} on-screen pictures by URL`);
  });
});

describe('SECURITY.md', () => {
  const security = read('SECURITY.md');
  test('redirects of media fetches: manual, one by one, at most MAX_REDIRECTS', () => {
    expect(security).toContain(`Redirects are not followed by the browser (\`redirect: 'manual'\`) but one by one, each new URL checked before it is requested, at most ${MAX_REDIRECTS}.`);
  });
});
