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
  /** The frame whose content script asked (a post may be in a subframe): "Send and next" goes back to it. */
  frameId: number;
  expires: number;
}

/** Where a report frame's content script is: the tab, and the frame in it that placed the report frame. */
export interface Opener {
  tabId: number;
  frameId: number;
}

/** At most this many report frames are remembered with their opener (one per open dialog; old ones are dropped). */
const MAX_OPENERS = 50;

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
  /** `tabId:frameId` of a report frame that claimed its subject → the content script that placed it. */
  const openers = new Map<string, Opener>();
  const frameKey = (sender: Browser.runtime.MessageSender) => `${sender.tab?.id}:${sender.frameId ?? 0}`;

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
      pending.set(token, { subject: resolved, tabId: sender.tab.id, frameId: sender.frameId ?? 0, expires: now() + DIALOG_CLAIM_MS });
      return { token };
    },

    /** From the report frame, in the tab whose content script asked. */
    claim(token: string, sender: Browser.runtime.MessageSender): { subject: DialogSubject } {
      const entry = pending.get(token);
      if (!isExtensionPage(sender, REPORT_FRAME_PATH) || !entry || entry.tabId !== sender.tab?.id || entry.expires < now()) {
        throw new Error('no such report');
      }
      pending.delete(token);
      openers.delete(frameKey(sender));
      openers.set(frameKey(sender), { tabId: entry.tabId, frameId: entry.frameId });
      if (openers.size > MAX_OPENERS) openers.delete(openers.keys().next().value!);
      return { subject: entry.subject };
    },

    /**
     * The content script that placed this report frame (for "Send and next"). Forgotten with a stopped service
     * worker: then the tab's top frame, where the posts of every platform Flagpost knows are.
     */
    openerOf(sender: Browser.runtime.MessageSender): Opener {
      if (!isExtensionPage(sender, REPORT_FRAME_PATH) || sender.tab?.id === undefined) throw new Error('no such report');
      const opener = openers.get(frameKey(sender));
      return opener?.tabId === sender.tab.id ? opener : { tabId: sender.tab.id, frameId: 0 };
    },
  };
}
