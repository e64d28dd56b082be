/**
 * The feed's budget, checked on the built extension (`npm test` builds before the e2e suite):
 * every content script at most 10 KB gzip, none of them carrying zod, Preact or the dialog,
 * and the dialog (an extension page in a frame) loaded only when a report starts.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { contentScriptMatches } from '../utils/platforms';
import { DIALOG_SHOWN_MARK, REPORT_FRAME_PATH } from '../utils/report-frame';
import { closeDialogWithEscape, EXTENSION_DIR, hasDialogFrame, waitForDialog, X_PROFILE_URL, xProfileRoutes } from './flagpost';
import { SHIPPED_EXTENSION_DIR } from './test-build';
import { launchWithExtension, type LaunchedExtension } from './harness';

const CONTENT_SCRIPT_BUDGET = 10 * 1024;
// What ships (the test build's content scripts are the same bytes).
const DISTS = [SHIPPED_EXTENSION_DIR, path.resolve(SHIPPED_EXTENSION_DIR, '../firefox-mv2')];
const GENERIC_SCRIPT = 'content-scripts/content.js';

/** Strings only zod, Preact or the dialog put into a bundle (the report frame's code has them all). */
const FOREIGN_CODE = { zod: '$ZodType', preact: 'dangerouslySetInnerHTML', dialog: 'flagpost-explanation' };
const FRAME_PAGE = REPORT_FRAME_PATH.slice(1);

interface Manifest {
  content_scripts?: { matches: string[]; js: string[] }[];
}

function contentScripts(dist: string): string[] {
  const manifest = JSON.parse(readFileSync(path.join(dist, 'manifest.json'), 'utf8')) as Manifest;
  return [...new Set([...(manifest.content_scripts ?? []).flatMap((script) => script.js), GENERIC_SCRIPT])];
}

/** The scripts the report frame's page loads (its own chunk and those it imports or preloads). */
function frameScripts(dist: string): string[] {
  const page = readFileSync(path.join(dist, FRAME_PAGE), 'utf8');
  return [...page.matchAll(/(?:src|href)="\/([^"]+\.js)"/g)].map((match) => match[1]!);
}

describe.each(DISTS)('content scripts in %s', (dist) => {
  test.runIf(existsSync(dist))('each is at most 10 KB gzip', () => {
    const sizes = Object.fromEntries(
      contentScripts(dist).map((file) => [file, gzipSync(readFileSync(path.join(dist, file))).length]),
    );
    expect(Object.keys(sizes).length).toBeGreaterThan(1);
    expect(Object.entries(sizes).filter(([, size]) => size > CONTENT_SCRIPT_BUDGET)).toEqual([]);
  });

  test.runIf(existsSync(dist))('none carries zod, Preact or the dialog; the dialog script carries them', () => {
    const dialog = frameScripts(dist).map((file) => readFileSync(path.join(dist, file), 'utf8')).join('\n');
    for (const marker of Object.values(FOREIGN_CODE)) expect(dialog).toContain(marker);
    for (const file of contentScripts(dist)) {
      const code = readFileSync(path.join(dist, file), 'utf8');
      const found = Object.entries(FOREIGN_CODE).filter(([, marker]) => code.includes(marker)).map(([name]) => name);
      expect({ file, found }).toEqual({ file, found: [] });
    }
  });

  test.runIf(existsSync(dist))('the manifest covers every platform host, and the generic script is registered at run time only', () => {
    const manifest = JSON.parse(readFileSync(path.join(dist, 'manifest.json'), 'utf8')) as Manifest;
    const listed = (manifest.content_scripts ?? []).flatMap((script) => script.matches);
    expect(listed.toSorted()).toEqual([...contentScriptMatches].sort());
    expect((manifest.content_scripts ?? []).flatMap((script) => script.js)).not.toContain(GENERIC_SCRIPT);
    expect(existsSync(path.join(dist, GENERIC_SCRIPT))).toBe(true);
  });
});

describe('the report dialog loads lazily', () => {
  let extension: LaunchedExtension;
  beforeAll(async () => {
    extension = await launchWithExtension(EXTENSION_DIR, { routes: xProfileRoutes().routes });
  });
  afterAll(async () => {
    await extension?.close();
  });

  test('decorating the feed never loads the report frame; each report loads it in a frame of its own', async () => {
    const page = await extension.browser.newPage();
    const session = await page.createCDPSession();
    const parsed: string[] = [];
    session.on('Debugger.scriptParsed', ({ url }) => {
      if (url.startsWith(`chrome-extension://${extension.extensionId}/`)) parsed.push(new URL(url).pathname);
    });
    await session.send('Debugger.enable');
    await page.goto(X_PROFILE_URL);
    await page.waitForSelector('article[data-testid="tweet"] [data-flagpost-action="report"]', { visible: true });
    expect(parsed).toEqual(['/content-scripts/x.js']);

    expect(hasDialogFrame(page)).toBe(false);

    // Opened as quickly as the in-page dialog was: logged (never asserted) from the click's own timestamp to
    // the dialog's first paint in the frame, both on the browser's clock.
    for (let report = 0; report < 4; report++) {
      const clickedAt = page.evaluate(() => new Promise<number>((resolve) =>
        document.addEventListener('click', (event) => resolve(performance.timeOrigin + event.timeStamp), { capture: true, once: true })));
      await page.click('article[data-testid="tweet"] [data-flagpost-action="report"]');
      const frame = await waitForDialog(page);
      const shownAt = await frame.evaluate(async (mark) => {
        while (!performance.getEntriesByName(mark).length) await new Promise(requestAnimationFrame);
        return performance.timeOrigin + performance.getEntriesByName(mark)[0]!.startTime;
      }, DIALOG_SHOWN_MARK);
      console.log(`report dialog ${report + 1}: shown ${Math.round(shownAt - (await clickedAt))} ms after the click`);
      // The content script never loads the dialog's code into the page: only the frame, an extension page, does.
      expect(parsed).toEqual(['/content-scripts/x.js']);
      await closeDialogWithEscape(page);
    }
    await page.close();
  });
});
