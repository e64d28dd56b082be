/**
 * Draws the extension's icons (public/icon/<size>.png, which WXT puts in the manifest) and the stores'
 * icons and promotional tiles (store/icons, store/promo) from the SVGs in store/art, with the same
 * Chromium the e2e suite drives: exact sizes, transparent corners. Run after changing the art:
 * `npm run store:art`. The PNGs are committed; store/listing.json lists them and
 * tests/store-listing.test.ts checks their sizes.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import puppeteer from 'puppeteer-core';

const root = resolve(__dirname, '..');
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** [svg in store/art, png path from the repository root, width, height] */
const renders: [string, string, number, number][] = [
  ...[16, 32, 48, 96, 128].map((size): [string, string, number, number] => ['icon.svg', `public/icon/${size}.png`, size, size]),
  ['icon.svg', 'store/icons/icon-64.png', 64, 64],
  ['icon.svg', 'store/icons/icon-128.png', 128, 128],
  ['icon.svg', 'store/icons/icon-300.png', 300, 300],
  ['promo-small.svg', 'store/promo/small-tile-440x280.png', 440, 280],
  ['promo.svg', 'store/promo/marquee-1400x560.png', 1400, 560],
];

const browser = await puppeteer.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox'] });
try {
  const page = await browser.newPage();
  for (const [svg, out, width, height] of renders) {
    const data = readFileSync(resolve(root, 'store/art', svg)).toString('base64');
    await page.setViewport({ width, height, deviceScaleFactor: 1 });
    await page.setContent(
      `<html><body style="margin:0;background:transparent"><img src="data:image/svg+xml;base64,${data}" width="${width}" height="${height}" style="display:block"></body></html>`,
    );
    await page.waitForFunction(() => document.images[0]?.complete);
    mkdirSync(dirname(resolve(root, out)), { recursive: true });
    await page.screenshot({ path: resolve(root, out) as `${string}.png`, omitBackground: true, clip: { x: 0, y: 0, width, height } });
    console.log(`${out} ${width}×${height}`);
  }
} finally {
  await browser.close();
}
