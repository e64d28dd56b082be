/**
 * Debian's Firefox ESR with the built Firefox extension (dist/firefox-mv2), driven over WebDriver BiDi.
 *
 * Where requests are answered: pages and extension pages through BiDi (`network.addIntercept`, then
 * `network.provideResponse` from the same `Routes` as the Chromium harness). BiDi does not see the requests
 * of the extension's background page (no browsing context of its own), so those reach a loopback TLS server
 * that answers from the same routes: every host resolves to 127.0.0.1 (`network.dns.forceResolve`) and port
 * 443 is mapped to the server's (`network.socket.forcePort`); `acceptInsecureCerts` lets its test-only
 * certificate through. Nothing can leave loopback: no proxy, DoH off, no telemetry, updates or remote settings.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FixtureRequest, FixtureResponse, Routes } from '../harness';
import { isLoopbackHost } from '../../utils/net/loopback';
import { Bidi } from './bidi';
import { Tab } from './tab';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const FIREFOX_EXTENSION_DIR = path.resolve(__dirname, '../../dist/firefox-mv2');
/** The add-on id the manifest declares (wxt.config.ts, browser_specific_settings.gecko.id). */
const ADDON_ID = 'flagpost@flagpost.example';

/** One request a route answered or refused; `via` tells a page's (BiDi) from the background page's (TLS). */
export interface FirefoxRequest {
  url: string;
  method: string;
  via: 'bidi' | 'background';
  outcome: 'fulfilled' | 'blocked';
  status?: number;
}

export interface FirefoxSession {
  bidi: Bidi;
  /** moz-extension://<uuid>, fixed per run through the profile (extensions.webextensions.uuids). */
  extensionBase: string;
  requests: FirefoxRequest[];
  setRoutes(routes: Routes): void;
  /** A new foreground tab, at `url` when given. */
  newTab(url?: string): Promise<Tab>;
  /** One of the extension's own pages (popup.html, options.html) as a tab. */
  extensionPage(page: string): Promise<Tab>;
  close(): Promise<void>;
}

/** Prefs for a quiet, loopback-only browser; the rest is Firefox's own "recommended for automation" set. */
function prefs(uuid: string, tlsPort: number, phone: boolean): Record<string, string | number | boolean> {
  return {
    ...(phone ? phonePrefs : {}),
    'remote.prefs.recommended': true,
    'network.dns.forceResolve': '127.0.0.1',
    'network.socket.forcePort': `443=${tlsPort}`,
    'network.proxy.type': 0,
    'network.trr.mode': 5,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'services.settings.server': 'data:,#remote-settings-off',
    'toolkit.telemetry.enabled': false,
    'toolkit.telemetry.server': '',
    'datareporting.policy.dataSubmissionEnabled': false,
    'datareporting.healthreport.uploadEnabled': false,
    'app.update.disabledForTesting': true,
    'app.normandy.enabled': false,
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'browser.safebrowsing.downloads.enabled': false,
    'extensions.getAddons.cache.enabled': false,
    'extensions.update.enabled': false,
    'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: uuid }),
    // Save grants the endpoint's host without the doorhanger a test cannot click.
    'extensions.webextOptionalPermissionPrompts': false,
  };
}

/** A screen of Firefox for Android (CSS pixels), and what the phone's pointer is. */
export const PHONE = { width: 360, height: 640, devicePixelRatio: 3 };
const phonePrefs = {
  // A finger and nothing else, as on a phone: `(pointer: coarse)` and `(hover: none)` match, touch events on.
  'ui.primaryPointerCapabilities': 1,
  'ui.allPointerCapabilities': 1,
  'dom.w3c_touch_events.enabled': 1,
  // Scrollbars over the content, as on Android: the page gets the whole width of the screen.
  'ui.useOverlayScrollbars': 1,
  // A second tap soon after the first is a tap, not half of a zoom gesture: the tests tap faster than people.
  'apz.allow_double_tap_zooming': false,
};

function toFixtureRequest(url: string, method: string, headers: Record<string, string>, resourceType: string): FixtureRequest {
  return { url, method, headers, resourceType };
}

export interface FirefoxOptions {
  routes?: Routes;
  /** Every tab at the size of a phone's screen, with a coarse pointer and no hover (Firefox for Android). */
  phone?: boolean;
}

export async function launchFirefox(options: FirefoxOptions = {}): Promise<FirefoxSession> {
  let routes: Routes = options.routes ?? (() => undefined);
  const requests: FirefoxRequest[] = [];
  const answer = async (request: FixtureRequest, via: FirefoxRequest['via']): Promise<FixtureResponse | undefined> => {
    const response = await Promise.resolve(routes(request.url, request)).catch(() => undefined);
    requests.push({ url: request.url, method: request.method, via, outcome: response ? 'fulfilled' : 'blocked', status: response?.status ?? (response ? 200 : undefined) });
    return response;
  };

  const tls = await startLoopbackTls(answer);
  const uuid = randomUUID();
  const profile = mkdtempSync(path.join(tmpdir(), 'flagpost-firefox-'));
  writeFileSync(
    path.join(profile, 'user.js'),
    Object.entries(prefs(uuid, (tls.address() as AddressInfo).port, options.phone ?? false)).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});\n`).join(''),
  );
  const firefox = spawn(
    FIREFOX_PATH,
    ['--headless', '--no-remote', '--profile', profile, '--remote-debugging-port=0', '--remote-allow-system-access', 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  // A test run that exits without close() (a hung test the runner gave up on) must not leave Firefox behind.
  const onExit = () => {
    firefox.kill('SIGKILL');
    rmSync(profile, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  const cleanup = async () => {
    process.off('exit', onExit);
    await stop(firefox);
    await new Promise((resolve) => tls.close(resolve));
    tls.closeAllConnections();
    rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  };
  try {
    const bidi = await Bidi.connect(`${await bidiUrl(firefox)}/session`);
    await bidi.send('session.new', { capabilities: { alwaysMatch: { acceptInsecureCerts: true, webSocketUrl: true } } });
    await interceptPages(bidi, answer);
    const extensionBase = `moz-extension://${uuid}`;
    const welcome = waitForContext(bidi, `${extensionBase}/onboarding.html`);
    await bidi.send('webExtension.install', { extensionData: { type: 'path', path: FIREFOX_EXTENSION_DIR } });
    // Flagpost opens its welcome tab on install; left open it would take the foreground from the tests' tabs.
    await bidi.send('browsingContext.close', { context: await welcome });

    const newTab = async (url?: string) => {
      const { context } = await bidi.send('browsingContext.create', { type: 'tab' });
      const tab = new Tab(bidi, context);
      if (options.phone) await tab.setViewport(PHONE.width, PHONE.height, PHONE.devicePixelRatio);
      if (url) await tab.goto(url);
      return tab;
    };
    return {
      bidi,
      extensionBase,
      requests,
      setRoutes: (next) => void (routes = next),
      newTab,
      extensionPage: (page) => newTab(`${extensionBase}/${page}`),
      close: async () => {
        bidi.close();
        await cleanup();
      },
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** The BiDi endpoint Firefox prints once it listens (port 0: a free one of its choosing). */
function bidiUrl(firefox: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let said = '';
    firefox.stderr!.on('data', (chunk) => {
      said += String(chunk);
      const match = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(said);
      if (match) resolve(match[1]!);
    });
    firefox.once('exit', (code) => reject(new Error(`Firefox exited (${code}) before listening: ${said.slice(-500)}`)));
  });
}

/** The context that shows `url` (now or soon). */
async function waitForContext(bidi: Bidi, url: string): Promise<string> {
  for (const started = Date.now(); Date.now() - started < 20_000; ) {
    const { contexts } = await bidi.send('browsingContext.getTree', { maxDepth: 0 });
    const hit = contexts.find((c: { url: string }) => c.url === url);
    if (hit) return hit.context;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no tab showed ${url}`);
}

/** Every http(s) request of a page or extension page: loopback goes through, the rest is answered or failed. */
async function interceptPages(bidi: Bidi, answer: (request: FixtureRequest, via: 'bidi') => Promise<FixtureResponse | undefined>): Promise<void> {
  await bidi.send('session.subscribe', { events: ['network.beforeRequestSent'] });
  await bidi.send('network.addIntercept', { phases: ['beforeRequestSent'] });
  bidi.on('network.beforeRequestSent', (event) => {
    if (!event.isBlocked) return;
    const { request: id, url, method, headers } = event.request as { request: string; url: string; method: string; headers: { name: string; value: { value: string } }[] };
    const reply = async () => {
      const { protocol, hostname } = new URL(url);
      if ((protocol !== 'http:' && protocol !== 'https:') || isLoopbackHost(hostname)) {
        return bidi.send('network.continueRequest', { request: id });
      }
      const byName = Object.fromEntries(headers.map((h) => [h.name.toLowerCase(), h.value.value]));
      const response = await answer(toFixtureRequest(url, method, byName, event.initiator?.type ?? ''), 'bidi');
      if (!response) return bidi.send('network.failRequest', { request: id });
      const body = response.body === undefined ? Buffer.alloc(0) : Buffer.from(response.body);
      return bidi.send('network.provideResponse', {
        request: id,
        statusCode: response.status ?? 200,
        reasonPhrase: 'OK',
        headers: Object.entries(response.headers ?? {}).map(([name, value]) => ({ name, value: { type: 'string', value } })),
        body: { type: 'base64', value: body.toString('base64') },
      });
    };
    // The request may be gone already (tab closed): nothing to answer then.
    reply().catch(() => undefined);
  });
}

/** The loopback TLS server for the background page's requests (see the top of this file). */
async function startLoopbackTls(answer: (request: FixtureRequest, via: 'background') => Promise<FixtureResponse | undefined>): Promise<Server> {
  const read = (file: string) => readFileSync(path.join(__dirname, file));
  const server = createServer({ key: read('loopback-tls.key'), cert: read('loopback-tls.crt') }, (req, res) => {
    const url = `https://${req.headers.host}${req.url}`;
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    answer(toFixtureRequest(url, req.method ?? 'GET', headers, 'background'), 'background').then(
      (response) => {
        if (!response) return void req.socket.destroy();
        res.writeHead(response.status ?? 200, response.headers ?? {});
        res.end(response.body ?? '');
      },
      () => req.socket.destroy(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

async function stop(firefox: ChildProcess): Promise<void> {
  if (firefox.exitCode !== null || firefox.signalCode !== null) return;
  const exited = new Promise((resolve) => firefox.once('exit', resolve));
  firefox.kill('SIGTERM');
  const timer = setTimeout(() => firefox.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
