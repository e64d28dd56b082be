/**
 * Firefox for Android, as far as desktop Firefox can stand in for it: every tab a 360 × 640 screen
 * (`browsingContext.setViewport`), a coarse pointer with no hover, and touch input only
 * (`input.performActions`, pointerType touch). A post is reported with taps alone, and every surface fits
 * the screen with touch targets of at least 44 px.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Report } from '../../utils/schema/report';
import { X_PROFILE_FIRST_POST, X_PROFILE_URL, xProfileRoutes } from '../flagpost';
import { startTestEndpoint, type TestEndpoint } from '../test-endpoint';
import { configureEndpoint, fillAndSend, openPopup, reportForm, reportPrepared } from './flagpost';
import { FIREFOX_EXTENSION_DIR, launchFirefox, PHONE, type FirefoxSession } from './launch';
import { touchProblems } from './touch';

let firefox: FirefoxSession;
let endpoint: TestEndpoint;

beforeAll(async () => {
  endpoint = await startTestEndpoint();
  firefox = await launchFirefox({ routes: xProfileRoutes().routes, phone: true });
}, 90_000);

afterAll(async () => {
  await firefox?.close();
  await endpoint?.close();
});

describe('Firefox for Android: a phone screen, touch only', () => {
  test('the manifest declares Firefox for Android', () => {
    const manifest = JSON.parse(readFileSync(path.join(FIREFOX_EXTENSION_DIR, 'manifest.json'), 'utf8'));
    expect(manifest.browser_specific_settings.gecko_android).toEqual({ strict_min_version: expect.any(String) });
  });

  test('the pages are a phone screen with a finger for a pointer', async () => {
    const tab = await firefox.newTab('about:blank');
    expect(await tab.run(() => [innerWidth, innerHeight, matchMedia('(pointer: coarse)').matches, matchMedia('(hover: none)').matches]))
      .toEqual([PHONE.width, PHONE.height, true, true]);
    await tab.close();
  });

  test('settings: the endpoint saved with taps; the page fits and every target is big enough', async () => {
    const options = await firefox.extensionPage('options.html');
    await options.element('#endpointBase');
    expect(await touchProblems(options)).toEqual([]);
    await options.close();
    await configureEndpoint(firefox, endpoint.baseUrl, '', 'touch');
  });

  test('a post reported with taps alone; the dialog fits and every target is big enough', async () => {
    const tab = await firefox.newTab(X_PROFILE_URL);
    // Every press from here on is recorded, in the page and then in the report frame: a finger's, never a mouse's.
    const recordPresses = () => {
      const seen: string[] = ((window as unknown as { pointerTypes: string[] }).pointerTypes = []);
      addEventListener('pointerdown', (event) => seen.push(event.pointerType), true);
    };
    const pressesIn = (context: typeof tab) => context.run(() => (window as unknown as { pointerTypes: string[] }).pointerTypes);
    await tab.run(recordPresses);
    await tab.click(await tab.element('[data-flagpost-action="report"]'), 'touch');
    const form = await reportForm(tab);
    await form.tab.run(recordPresses);
    expect(await touchProblems(tab, { only: '[data-flagpost-action]' })).toEqual([]);
    // The form is the frame's: it is queried in the frame's context (form.tab), never the page's.
    await reportPrepared(form);
    expect(await touchProblems(form.tab, { root: form.root })).toEqual([]);
    expect(await fillAndSend(form, 'touch')).toBe('sent');
    expect(Report.parse(endpoint.reports.at(-1)).target.url).toBe(X_PROFILE_FIRST_POST);
    // The page hears only the press on the button: the form's taps land in the report frame, out of its reach.
    const onPage = await pressesIn(tab);
    expect(onPage.length).toBeGreaterThanOrEqual(1);
    expect(new Set(onPage)).toEqual(new Set(['touch']));
    // Two boxes and Send, tapped through the frame's click guard (components/report/click-guard.ts).
    const inFrame = await pressesIn(form.tab);
    expect(inFrame.length).toBeGreaterThanOrEqual(3);
    expect(new Set(inFrame)).toEqual(new Set(['touch']));
    await tab.close();
  });

  test('the popup (a page of its own on Android) and the welcome page fit, every target big enough', async () => {
    const popup = await openPopup(firefox);
    await popup.element('main.popup');
    expect(await touchProblems(popup)).toEqual([]);
    await popup.close();
    const welcome = await firefox.extensionPage('onboarding.html');
    await welcome.element('main');
    expect(await touchProblems(welcome)).toEqual([]);
    await welcome.close();
  });
});
