/**
 * The content script's end of the protocol in utils/messages.ts, without zod: the feed must not
 * carry a schema library (the content-script budget is 10 KB gzip; zod alone is ~30 KB). Same
 * envelope and replies as messages.ts. The content script receives two small messages, checked
 * here by hand as strictly as their zod schemas (tests/content/messaging.test.ts compares the
 * two); whatever it sends or answers, the background parses with zod.
 */
import { browser, type Browser } from 'wxt/browser';
import type { ClickContext, MessageType, RequestOf, ResponseOf } from '../messages';

/** The messages a content script answers. */
type ContentMessage = 'dialog.open' | 'posts.extract';
export type ContentHandlers = {
  [T in ContentMessage]: (payload: RequestOf<T>) => Promise<ResponseOf<T>>;
};

const MAX_URL = 4000;
const MEDIA_TYPES: readonly unknown[] = ['image', 'video', 'audio'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Only these keys (a strict object), each passing its check when present. */
function hasOnly(value: unknown, checks: Record<string, (field: unknown) => boolean>): value is Record<string, unknown> {
  return isRecord(value) && Object.keys(value).every((key) => Object.hasOwn(checks, key) && checks[key]!(value[key]));
}

const optionalUrl = (field: unknown) => field === undefined || (typeof field === 'string' && field.length <= MAX_URL);

export function isClickContext(value: unknown): value is ClickContext {
  return (
    hasOnly(value, {
      pageUrl: optionalUrl,
      linkUrl: optionalUrl,
      srcUrl: optionalUrl,
      mediaType: (field) => field === undefined || MEDIA_TYPES.includes(field),
    }) && typeof value.pageUrl === 'string'
  );
}

const requestChecks: { [T in ContentMessage]: (payload: unknown) => payload is RequestOf<T> } = {
  'dialog.open': (payload): payload is RequestOf<'dialog.open'> =>
    hasOnly(payload, { context: isClickContext }) && isClickContext(payload.context),
  'posts.extract': (payload): payload is RequestOf<'posts.extract'> => hasOnly(payload, {}),
};

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A runtime.onMessage listener for the content script: answers `dialog.open` and `posts.extract`,
 * only from this extension and only with payloads that pass their checks; ignores anything else.
 * It answers through `sendResponse` (and returns true to keep the channel open), the one form every
 * browser's own API accepts: content scripts use it directly, without webextension-polyfill.
 */
export function contentMessageListener(handlers: ContentHandlers) {
  return (raw: unknown, sender: Browser.runtime.MessageSender, sendResponse: (reply: unknown) => void): true | undefined => {
    if (sender.id !== browser.runtime.id || !isRecord(raw)) return undefined;
    const type = raw.type;
    if (typeof type !== 'string' || !Object.hasOwn(handlers, type)) return undefined;
    const check = requestChecks[type as ContentMessage];
    const handler = handlers[type as ContentMessage] as (payload: unknown) => Promise<unknown>;
    const reply = check(raw.payload)
      ? handler(raw.payload).then(
          (value) => ({ ok: true, value }),
          (error: unknown) => ({ ok: false, error: errorText(error) }),
        )
      : Promise.resolve({ ok: false, error: `invalid ${type}` });
    void reply.then(sendResponse);
    return true;
  };
}

/** The messages a content script sends: their answers are empty, so only success or the error matters. */
type ContentRequest = Extract<MessageType, 'dialog.load'>;

export async function askBackground<T extends ContentRequest>(type: T, payload: RequestOf<T>): Promise<void> {
  const reply: unknown = await browser.runtime.sendMessage({ type, payload });
  if (isRecord(reply) && reply.ok === true) return;
  throw new Error(isRecord(reply) && typeof reply.error === 'string' ? reply.error : `no valid answer to ${type}`);
}
