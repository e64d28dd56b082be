/** The background's side of a report: what a draft is built with, from Settings and the browser. */
import { browser } from 'wxt/browser';
import { t } from '../i18n';
import { reporterFrom, type ClientInfo } from '../pipeline/build-report';
import { videoLimitsFrom } from '../hash/video-limits';
import { loadSettings, pseudonymItem } from '../settings';
import type { DraftContext } from './drafts';

function clientInfo(): ClientInfo {
  return {
    name: 'Flagpost',
    version: browser.runtime.getManifest().version,
    browser: import.meta.env.BROWSER,
    locale: browser.i18n.getUILanguage(),
  };
}

export async function draftContext(): Promise<DraftContext> {
  const settings = await loadSettings();
  return {
    reporter: reporterFrom(settings, await pseudonymItem.getValue()),
    client: clientInfo(),
    goodFaithStatement: t('goodFaithStatement'),
    videoLimits: videoLimitsFrom(settings),
  };
}

/** An API call every 20 s: waiting on a fetch or a decoder is not activity, and Chrome stops a worker idle for 30 s. */
export function keepWorkerAlive(): () => void {
  const timer = setInterval(() => void browser.runtime.getPlatformInfo(), 20_000);
  return () => clearInterval(timer);
}
