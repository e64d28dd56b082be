/**
 * Which of puppeteer's CDP calls Chromium has not answered, and the last messages either way: for a test that
 * times out in an await no step bounds (a `page.close()`, a key press), its failure then names the call it
 * waited on, or shows the event that never came (a `Target.closeTarget` answered, no target detached after it).
 *
 * Puppeteer keeps a log capture for its own tests (`setLogCapture`): every message it sends or receives is pushed
 * to one array. Rather than keeping the messages, which carry media as base64, each push is read at once for its
 * method, id and session, and only those are kept. Ids count per CDP session; two browsers in one file share
 * the browser-level count, so the rare clash there can hide one pending call, never invent one.
 */
import { getCapturedLogs, setLogCapture } from 'puppeteer-core/internal/common/Debug.js';

const SEND = 'puppeteer:protocol:SEND ►';
const RECEIVE = 'puppeteer:protocol:RECV ◀';
/** Messages kept for a failure to show: enough to see the last exchanges of a test, little enough to read. */
const RECENT = 8;

interface Message {
  what: string;
  at: number;
}

const pending = new Map<string, Message>();
const recent: Message[] = [];

/** The message's own fields sit at its ends: method and id first, session last; the params between can be megabytes. */
function fields(json: string): { method?: string; id?: string; sessionId?: string } {
  const head = json.slice(0, 120);
  const tail = json.slice(-120);
  return {
    method: /^\{"method":"([^"]+)"/.exec(head)?.[1],
    id: /^\{"id":(\d+)/.exec(head)?.[1] ?? /"id":(\d+)(?:,"sessionId":"[^"]+")?\}$/.exec(tail)?.[1],
    sessionId: /"sessionId":"([^"]+)"\}$/.exec(tail)?.[1],
  };
}

function remember(entry: string): void {
  const at = performance.now();
  const sent = entry.startsWith(SEND);
  const { method, id, sessionId } = fields(entry.slice((sent ? SEND : RECEIVE).length));
  const key = `${sessionId ?? 'browser'}#${id}`;
  const session = sessionId ? ` in ${sessionId.slice(0, 6)}` : '';
  let what: string;
  if (sent) {
    const call = `${method} #${id}${session}`;
    what = `sent ${call}`;
    pending.set(key, { what: call, at });
  } else if (method) {
    what = `event ${method}${session}`;
    // A detached session's calls are failed by puppeteer itself: nothing waits on them any more.
    const detached = method === 'Target.detachedFromTarget' && /"params":\{"sessionId":"([^"]+)"/.exec(entry)?.[1];
    if (detached) for (const pendingKey of pending.keys()) if (pendingKey.startsWith(`${detached}#`)) pending.delete(pendingKey);
  } else {
    what = `answer to ${pending.get(key)?.what ?? `#${id}${session}`}`;
    pending.delete(key);
  }
  recent.push({ what, at });
  if (recent.length > RECENT) recent.shift();
}

/** From now on, every CDP message of this process's puppeteer is read as it passes. */
export function watchCdpCalls(): void {
  setLogCapture(true);
  const log = getCapturedLogs();
  // The capture array is puppeteer's; its own push would keep every message whole.
  log.push = (...entries: string[]) => {
    for (const entry of entries) remember(entry);
    return 0;
  };
}

const ago = (message: Message, now: number) => `${message.what} (${Math.round(now - message.at)} ms ago)`;

/**
 * The calls sent since `since` (performance.now()) and not answered, then the last messages since then, each with its
 * age; nothing when the test sent none (a Firefox test, driven over BiDi: a line with no messages would only fail it twice).
 */
export function cdpCallsReport(since: number): string[] {
  const now = performance.now();
  const unanswered = [...pending.values()].filter((message) => message.at >= since).map((message) => `unanswered: ${ago(message, now)}`);
  const last = recent.filter((message) => message.at >= since);
  return [...unanswered, ...(last.length ? [`last CDP messages: ${last.map((message) => ago(message, now)).join('; ')}`] : [])];
}
