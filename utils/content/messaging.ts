/**
 * The content script's end of the protocol in utils/messages.ts, without zod: the feed must not
 * carry a schema library (the content-script budget is 10 KB gzip; zod alone is ~30 KB). Same
 * envelope and replies as messages.ts. The few messages a content script receives are checked here by hand
 * as strictly as their zod schemas (tests/content/messaging.test.ts compares the two); whatever it
 * sends or answers, the background parses with zod.
 */
import { browser, type Browser } from 'wxt/browser';
import type { RequestOf, ResponseOf } from '../messages';
import type { ClickContext } from '../domain';

/** The messages a content script answers. */
type ContentMessage = 'dialog.open' | 'dialog.shortcut' | 'posts.extract' | 'dialog.nextPost' | 'wellbeing.changed';
/** Each listener answers its own few types; the others are left to the frame's other listeners. */
export type ContentHandlers = {
  [T in ContentMessage]?: (payload: RequestOf<T>) => Promise<ResponseOf<T>>;
};

const MAX_URL = 4000;
const MEDIA_TYPES: readonly unknown[] = ['image', 'video', 'audio'];

type Check = (field: unknown) => boolean;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A strict object: only `optional` and `required` keys, each passing its check; every required key present. */
function hasOnly(value: unknown, optional: Record<string, Check>, required: Record<string, Check> = {}): value is Record<string, unknown> {
  const checks = { ...optional, ...required };
  return (
    isRecord(value) &&
    Object.keys(required).every((key) => Object.hasOwn(value, key)) &&
    Object.keys(value).every((key) => Object.hasOwn(checks, key) && checks[key]!(value[key]))
  );
}

const isUrl: Check = (field) => typeof field === 'string' && field.length <= MAX_URL;
const optional = (check: Check): Check => (field) => field === undefined || check(field);
const isEmpty: Check = (field) => hasOnly(field, {});

export function isClickContext(value: unknown): value is ClickContext {
  return hasOnly(
    value,
    {
      linkUrl: optional(isUrl), srcUrl: optional(isUrl), mediaType: optional((field) => MEDIA_TYPES.includes(field)),
      inOtherFrame: optional((field) => field === true),
    },
    { pageUrl: isUrl },
  );
}

const requestChecks: { [T in ContentMessage]: Check } = {
  'dialog.open': (payload) => hasOnly(payload, {}, { context: isClickContext }),
  'dialog.shortcut': isEmpty,
  'posts.extract': isEmpty,
  'dialog.nextPost': isEmpty,
  'wellbeing.changed': isEmpty,
};

/** An error's words, whatever was thrown. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A runtime.onMessage listener for the content script: answers the given types, only from this
 * extension and only with payloads that pass their checks; ignores anything else.
 * It answers through `sendResponse` (and returns true to keep the channel open), the one form every
 * browser's own API accepts: content scripts use it directly, without webextension-polyfill.
 */
export function contentMessageListener(handlers: ContentHandlers) {
  return (raw: unknown, sender: Browser.runtime.MessageSender, sendResponse: (reply: unknown) => void): true | undefined => {
    if (sender.id !== browser.runtime.id || !isRecord(raw)) return undefined;
    const type = raw.type;
    if (typeof type !== 'string' || !Object.hasOwn(handlers, type)) return undefined;
    const handler = handlers[type as ContentMessage] as (payload: unknown) => Promise<unknown>;
    const reply = requestChecks[type as ContentMessage](raw.payload)
      ? handler(raw.payload).then(
          (value) => ({ ok: true, value }),
          (error: unknown) => ({ ok: false, error: errorText(error) }),
        )
      : Promise.resolve({ ok: false, error: `invalid ${type}` });
    void reply.then(sendResponse);
    return true;
  };
}

/** Listens for the background's messages until `signal` aborts. */
export function listenToBackground(handlers: ContentHandlers, signal: AbortSignal): void {
  const listener = contentMessageListener(handlers) as Parameters<typeof browser.runtime.onMessage.addListener>[0];
  browser.runtime.onMessage.addListener(listener);
  signal.addEventListener('abort', () => browser.runtime.onMessage.removeListener(listener), { once: true });
}

/**
 * The messages a content script sends. Their answers are not checked again here: only the extension's own contexts
 * can answer a runtime message (never the page), and the typed message map fixes their shape; the checks cost about
 * 240 B gzip of the 10 KB every feed pays. What the background receives, it parses with zod.
 */
type ContentRequest = 'dialog.start' | 'batch.start' | 'wellbeing.check' | 'wellbeing.match' | 'content.language';

export async function askBackground<T extends ContentRequest>(type: T, payload: RequestOf<T>): Promise<ResponseOf<T>> {
  const reply: unknown = await browser.runtime.sendMessage({ type, payload });
  if (isRecord(reply) && reply.ok === true) return reply.value as ResponseOf<T>;
  throw new Error(isRecord(reply) && typeof reply.error === 'string' ? reply.error : `no valid answer to ${type}`);
}
