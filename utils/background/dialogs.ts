/**
 * The report dialog runs in an extension page (entrypoints/report-frame) that the content script places
 * in the page as an <iframe>. The content script hands the subject to the background and gets a one-time
 * token; it passes the token to its frame by postMessage addressed to the extension's origin, so the page
 * never sees it. The frame claims the subject with it, once, from the same tab. A page that loads the
 * frame's URL itself (it can read the iframe's src) gets a frame without a token, and so an empty one.
 */
import type { Browser } from 'wxt/browser';
import type { DialogSubject, ReportSubject } from '../domain';
import { REPORT_FRAME_PATH } from '../report-frame';
import { pageTarget } from './page-target';
import { accountPost } from '../platforms/read-dom';

function dialogSubjectOf(subject: ReportSubject): DialogSubject {
  if (subject.kind === 'clicked') return pageTarget(subject.clicked, subject.canonicalUrl, subject.pageMedia);
  if (subject.kind === 'account-page') return { kind: 'account', post: accountPost(subject.platform, subject.account, subject.pageUrl) };
  return subject as DialogSubject;
}

/** A token not claimed by then is forgotten: a frame claims it within a second of being placed. */
export const DIALOG_CLAIM_MS = 60_000;

interface Pending {
  subject: DialogSubject;
  tabId: number;
  expires: number;
}

const EXTENSION_SCHEMES = new Set(['chrome-extension:', 'moz-extension:']);

/**
 * Whether a sender of ours (messageListener checked `sender.id`) is an extension page at `path`, not a content
 * script, whose URL is the web page's. By scheme, not origin: Chrome serves a frame with use_dynamic_url from a
 * per-session origin.
 */
export function isExtensionPage(sender: Browser.runtime.MessageSender, path?: string): boolean {
  const url = URL.canParse(sender.url ?? '') ? new URL(sender.url!) : undefined;
  return url !== undefined && EXTENSION_SCHEMES.has(url.protocol) && (path === undefined || url.pathname === path);
}

export function createDialogs(now = () => Date.now()) {
  const pending = new Map<string, Pending>();

  function forgetExpired(): void {
    for (const [token, entry] of pending) if (entry.expires < now()) pending.delete(token);
  }

  return {
    /** From a content script (a tab's web page, never an extension page). */
    start(subject: ReportSubject, sender: Browser.runtime.MessageSender): { token: string } {
      if (sender.tab?.id === undefined || isExtensionPage(sender)) {
        throw new Error('a report starts from a content script');
      }
      forgetExpired();
      const token = crypto.randomUUID();
      const resolved = dialogSubjectOf(subject);
      pending.set(token, { subject: resolved, tabId: sender.tab.id, expires: now() + DIALOG_CLAIM_MS });
      return { token };
    },

    /** From the report frame, in the tab whose content script asked. */
    claim(token: string, sender: Browser.runtime.MessageSender): { subject: DialogSubject } {
      const entry = pending.get(token);
      if (!isExtensionPage(sender, REPORT_FRAME_PATH) || !entry || entry.tabId !== sender.tab?.id || entry.expires < now()) {
        throw new Error('no such report');
      }
      pending.delete(token);
      return { subject: entry.subject };
    },
  };
}
