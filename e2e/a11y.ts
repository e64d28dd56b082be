/** Helpers for the accessibility and screenshot e2e: axe-core, focus, seeded state. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, ElementHandle, Frame, Page, WebWorker } from 'puppeteer-core';
import type { AxeResults } from 'axe-core';
import type { StoredReport } from '../utils/store/reports';
import type { UiLanguage } from '../utils/ui-languages';
import { validReport } from '../test-support/fixtures';
import { seedStoredReports } from './flagpost';

const axeSource = readFileSync(createRequire(__filename).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core (every rule but the experimental ones) on the page, or on `include` only.
 * Injected with evaluate, not a <script>: extension pages' CSP would refuse an inline script.
 */
export async function axeViolations(page: Page | Frame, include?: string): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  const results = await page.evaluate(async (selector) => {
    const axe = (globalThis as unknown as { axe: { run: (context: unknown) => Promise<AxeResults> } }).axe;
    return axe.run(selector ? { include: [selector] } : document);
  }, include ?? null);
  // An empty run (nothing reached, e.g. a document not loaded yet) must not pass as a clean one.
  const checkedNodes = results.passes.reduce((count, rule) => count + rule.nodes.length, 0);
  if (checkedNodes < 10) throw new Error(`axe checked only ${checkedNodes} nodes: it did not reach the content`);
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    targets: violation.nodes.map((node) => JSON.stringify(node.target)),
  }));
}

/** In the report frame: the note that appears once the media are hashed. */
export const MEDIA_HASHED_NOTE = '[data-flagpost-hashed] .media-note';

/** True when `element` has the keyboard focus in its document (the page's, or the report frame's). */
export function hasFocus(element: ElementHandle): Promise<boolean> {
  return element.evaluate((node) => (node.getRootNode() as Document | ShadowRoot).activeElement === node);
}

/** Presses Tab until `element` has the focus; fails after `max` presses. */
export async function tabTo(page: Page, element: ElementHandle, max = 400): Promise<void> {
  for (let presses = 0; presses < max; presses++) {
    if (await hasFocus(element)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab did not reach the element in ${max} presses`);
}

/** Writes `language` into the saved settings, keeping the rest. */
export async function setLanguage(browser: Browser, extensionId: string, language: 'auto' | UiLanguage): Promise<void> {
  const page = await browser.newPage();
  await page.goto(`chrome-extension://${extensionId}/popup.html`);
  await page.evaluate(async (language) => {
    const { settings } = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({ settings: { ...(settings as object | undefined), language } });
  }, language);
  await page.close();
}

/** Opens the popup's personal figures and waits for their table (the seed has decided reports). */
export async function openFigures(page: Page): Promise<void> {
  await page.click('[data-figures] summary');
  await page.waitForSelector('[data-figures] table.rates', { visible: true });
}

/**
 * Reports in the popup's store, as the background would have left them: one sent and under
 * review with a note, one refused by the endpoint, one queued from an Arabic-speaking author (a
 * right-to-left name in a left-to-right page, and the reverse). Fixed dates, so pictures of them are stable.
 * `restage` rewrites each record's JSON (the screenshots' fictional account: flagpost.ts, stageXAccount).
 */
export async function seedReports(worker: WebWorker, restage: (json: string) => string = (json) => json): Promise<void> {
  const base = validReport();
  const day = Date.parse('2026-11-24T10:00:00.000Z');
  const records: StoredReport[] = [
    {
      id: base.id, report: base, status: 'sent', attempts: 1, nextAttemptAt: 0, createdAt: day, updatedAt: day,
      tracking: {
        endpointBase: 'https://reports.example.org', status: 'under_review', note: 'Forwarded to the platform\'s trust & safety team',
        checks: 1, checkedAt: day, nextCheckAt: Number.MAX_SAFE_INTEGER,
      },
    },
    {
      id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      report: {
        ...base, id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
        target: { ...base.target, url: 'https://www.youtube.com/watch?v=aqz-KE-bpKQ', platform: 'youtube', postId: 'aqz-KE-bpKQ' },
        classification: { ...base.classification, tco: ['solicitation_group', 'threat'] },
      },
      status: 'failed', attempts: 1, nextAttemptAt: 0, createdAt: day - 3_600_000, updatedAt: day - 3_600_000,
      lastError: { key: 'deliveryTokenRefused', detail: 'HTTP 401' },
    },
    {
      id: '3f2b8c1e-5d4a-4b6f-9e8d-2c1a0b9f8e7d',
      report: {
        ...base, id: '3f2b8c1e-5d4a-4b6f-9e8d-2c1a0b9f8e7d',
        target: {
          ...base.target, url: 'https://x.com/example_ar/status/1861234567890123456', postId: '1861234567890123456',
          author: { handle: '@مثال_عربي', displayName: 'حساب مثال', url: 'https://x.com/example_ar' },
          text: 'نص تجريبي لمنشور مكتوب بالعربية، 2026',
        },
      },
      status: 'queued', attempts: 0, nextAttemptAt: Number.MAX_SAFE_INTEGER, createdAt: day - 7_200_000, updatedAt: day - 7_200_000,
    },
    // Decided ones: the status chips of both tones, threat to life, an outcome, and figures with a removal rate.
    {
      id: '5b1d9e2a-8c3f-4a7e-b6d5-1e0f9a8b7c6d',
      report: {
        ...base, id: '5b1d9e2a-8c3f-4a7e-b6d5-1e0f9a8b7c6d',
        target: { ...base.target, url: 'https://t.me/s/example_channel/42', platform: 'telegram', postId: '42' },
        classification: { ...base.classification, threatToLife: true },
      },
      status: 'sent', attempts: 1, nextAttemptAt: 0, createdAt: day - 3 * 86_400_000, updatedAt: day,
      tracking: {
        endpointBase: 'https://reports.example.org', status: 'actioned', outcome: 'Removed by the platform',
        updatedAt: new Date(day - 86_400_000).toISOString(), checks: 3, checkedAt: day, nextCheckAt: Number.MAX_SAFE_INTEGER,
      },
    },
    {
      id: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a',
      report: { ...base, id: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a', target: { ...base.target, url: 'https://x.com/example/status/1861234567890000001', postId: '1861234567890000001' } },
      status: 'sent', attempts: 1, nextAttemptAt: 0, createdAt: day - 4 * 86_400_000, updatedAt: day,
      tracking: {
        endpointBase: 'https://reports.example.org', status: 'rejected', note: 'Not terrorist content under the TCO Regulation',
        checks: 3, checkedAt: day, nextCheckAt: Number.MAX_SAFE_INTEGER,
      },
    },
  ];
  await seedStoredReports(worker, records.map((record) => JSON.parse(restage(JSON.stringify(record))) as StoredReport));
}
