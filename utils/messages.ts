/**
 * Every message between content script, dialog, background and extension pages: one typed map,
 * validated with zod on receipt at both ends. A content script lives in a hostile page, so the
 * background trusts nothing it did not parse.
 */
import { browser, type Browser } from 'wxt/browser';
import { ExtractedPost } from './platforms/types';
import { EndpointStatus, MediaEntry, Report, Reporter, VpdqFrame } from './schema/report';
import { describeIssues, z } from './schema/zod';
import { WELLBEING_BATCH, WELLBEING_MEDIA_BATCH } from './schema/limits';
import {
  ClickContext, DeliveryStatus, DialogSubject, MediaProgress, PostKeys, ReasonSchema, ReportDraft, ReportForm, ReportSubject, wellbeingUrl,
} from './domain';
import { BATCH_MAX_POSTS, REPORT_FRAME_PATH } from './report-frame';
import { feedWordKeys, MAX_FEED_WORD_LENGTH } from './feed-words';

const draftId = z.strictObject({ id: z.uuidv4() });
const nothing = z.strictObject({});
const FeedWords = z.strictObject(
  Object.fromEntries(feedWordKeys.map((key) => [key, z.string().max(MAX_FEED_WORD_LENGTH)])) as Record<(typeof feedWordKeys)[number], z.ZodString>,
);

/** Hands one dialog from the content script that asked for it to the report frame it placed (utils/background/dialogs.ts). */
const dialogToken = z.strictObject({ token: z.uuidv4() });
/** Each post of a batch, in the order selected: hashing → queued → delivered, or failed (with why). */
export const BatchStep = z.enum(['hashing', 'queued', 'delivered', 'failed']);
export type BatchStep = z.infer<typeof BatchStep>;
/** Media URLs off the platforms' hosts: nothing is fetched until the user has seen them and agreed (media-consent.ts). */
const ConfirmFetch = z.array(z.string().max(4000)).max(200);
const batchState = z.strictObject({
  steps: z.array(z.strictObject({
    id: z.uuidv4(), step: BatchStep, reason: ReasonSchema.optional(),
    /** A post still hashing whose media wait for the user's agreement ('batch.fetchMedia'), as a single report's. */
    confirmFetch: ConfirmFetch.optional(),
  })).max(BATCH_MAX_POSTS),
});
export type BatchState = z.infer<typeof batchState>;
/**
 * A batch post whose submit failed keeps its draft (drafts.ts submit): sending it again is safe, and the batch
 * form offers it. A post whose draft was never made, or whose report failed in delivery, is not sent again here.
 */
export const isRetryable = (reason: { key: string } | undefined): boolean => reason?.key === 'submitFailed';

/**
 * Who a message comes from, as the browser (not the message) says: `sender.id`, `sender.url`, `sender.tab`
 * and `sender.frameId`. A content script runs in a page that may be hostile (and a compromised renderer
 * can send anything a content script can), so it may only send what a report needs; whatever reads or
 * changes the user's data beyond the report being written is accepted only from Flagpost's own pages.
 */
export type SenderKind = 'background' | 'extension-page' | 'report-frame' | 'offscreen' | 'content-script';

/** Flagpost's own pages, each top-level in its tab or the toolbar popup. Never in a frame: none is web-accessible. */
const EXTENSION_PAGES = new Set(['/popup.html', '/options.html', '/onboarding.html']);
/** Extension pages a web page may frame (the report form): they may send report messages only. */
export const REPORT_FRAME_PAGES = new Set<string>([REPORT_FRAME_PATH]);
/** Chrome's service worker, Firefox's generated background page. */
const BACKGROUND_PAGES = new Set(['/background.js', '/_generated_background_page.html']);

export function senderKind(sender: Browser.runtime.MessageSender): SenderKind | undefined {
  if (sender.id !== browser.runtime.id) return undefined;
  const own = browser.runtime.getURL('/');
  // Chrome serves a web-accessible page with use_dynamic_url (the report frame) from a per-session origin: ours
  // too, since sender.id is ours, but not `own`. A content script's URL is always the web page's.
  const ours = sender.url !== undefined && (sender.url.startsWith(own) || /^(chrome|moz)-extension:/.test(sender.url));
  if (!ours) return sender.tab && sender.url ? 'content-script' : undefined;
  const path = new URL(sender.url!).pathname;
  if (REPORT_FRAME_PAGES.has(path)) return 'report-frame';
  // A page of ours inside someone's frame is not the page the user opened.
  const topLevel = sender.tab === undefined || sender.frameId === 0;
  if (topLevel && EXTENSION_PAGES.has(path)) return 'extension-page';
  if (sender.tab) return undefined;
  if (path === '/offscreen.html') return 'offscreen';
  return BACKGROUND_PAGES.has(path) ? 'background' : undefined;
}

/**
 * The origin of the web page a report starts on, as the browser names the sender: a content script's own
 * frame; for Flagpost's report frame, the tab's page (its top frame). Undefined when there is none.
 */
export function pageOriginOf(sender: Browser.runtime.MessageSender): string | undefined {
  const kind = senderKind(sender);
  const url = kind === 'content-script' ? sender.url : kind === 'report-frame' ? sender.tab?.url : undefined;
  return url && /^https?:/.test(url) && URL.canParse(url) ? new URL(url).origin : undefined;
}

const fromBackground = ['background'] as const;
/** The report being written: only Flagpost's report frame; the content script only asks for one (`dialog.start`). */
const fromReport = ['report-frame'] as const;
const fromPages = ['extension-page'] as const;

export const protocol = {
  /**
   * content → background: a report starts; keep its subject under a one-time token. The content script places the
   * report frame (an extension page) and hands it the token by postMessage to the extension's origin only.
   */
  'dialog.start': { from: ['content-script'], request: z.strictObject({ subject: ReportSubject }), response: dialogToken },
  /**
   * report frame → background: the subject kept under this token, once, for a frame in the same tab. A post comes
   * with the id of its draft: the background keeps the post under it, and the dialog names the draft by it alone.
   */
  'dialog.claim': { from: ['report-frame'], request: dialogToken, response: z.strictObject({ subject: DialogSubject, id: z.uuidv4().optional() }) },
  /** background → content: open the dialog for what was right-clicked. */
  'dialog.open': { from: fromBackground, request: z.strictObject({ context: ClickContext }), response: nothing },
  /** background → content: the keyboard shortcut was pressed; report the post in focus or most in view. */
  'dialog.shortcut': { from: fromBackground, request: nothing, response: nothing },
  // Issue 18, faster reports from the dialog (Send and next, the duplicate guard): one block, to ease merging.
  /** report frame → background: the report was sent; open the dialog for the next post in view ("Send and next"). */
  'dialog.next': { from: fromReport, request: nothing, response: z.strictObject({ opened: z.boolean() }) },
  /**
   * background → the content script that placed the asking report frame: close it and open the dialog for the next
   * post below that is in or near the viewport and not yet reported (utils/content/next-post.ts); false when none.
   */
  'dialog.nextPost': { from: fromBackground, request: nothing, response: z.strictObject({ opened: z.boolean() }) },
  /**
   * dialog → background: whether the draft's post was reported before: by this user (the report store: when, and
   * its stage) or on the endpoint's list of reported content. The dialog says so and asks why before a new report.
   */
  'report.previous': {
    from: fromReport,
    request: draftId,
    response: z.strictObject({
      local: z.strictObject({ createdAt: z.number().int().nonnegative(), stage: z.string().max(40) }).optional(),
      listed: z.boolean(),
    }),
  },
  /**
   * dialog → background: the good-faith confirmation remembered for the browser session, read and changed by the
   * background, which holds storage.session: Firefox gives none to an extension page framed in a web page.
   */
  'goodFaith.remembered': { from: fromReport, request: nothing, response: z.strictObject({ remembered: z.boolean() }) },
  'goodFaith.remember': { from: fromReport, request: z.strictObject({ remember: z.boolean() }), response: nothing },
  // End of issue 18's block.
  /** background → content (`npm run extract`, tests): every post the adapter reads on this page. */
  'posts.extract': { from: fromBackground, request: nothing, response: z.strictObject({ posts: z.array(ExtractedPost).max(5000) }) },
  /**
   * dialog → background: make the draft of the post claimed under this id and start hashing its media; answers at
   * once. The draft stays in the background under its id; what the preview needs to build the report comes back.
   */
  'report.prepare': {
    from: fromReport,
    // Asked again after a lost answer (a stopped worker), the same draft answers.
    request: draftId,
    // The reporter is only carried here: the preview validates the report it builds (Report.safeParse), and shows
    // a bad name or email from Settings as a problem to fix rather than as a dialog that cannot open.
    response: z.strictObject({
      draft: ReportDraft,
      reporter: z.custom<Reporter>((value) => typeof value === 'object' && value !== null),
      client: Report.shape.client,
      /** Media URLs off the platforms' hosts: nothing is fetched until the user has seen them and agreed ('report.fetchMedia'). */
      confirmFetch: ConfirmFetch,
      /** Hashing ends at most this long after `draft.createdAt` (utils/pipeline/prepare-bounds.ts): the dialog says so. */
      boundMs: z.number().int().positive(),
    }),
  },
  /** dialog → background: the user saw the URLs of `confirmFetch` and agreed: fetch and hash them. */
  'report.fetchMedia': { from: fromReport, request: draftId, response: nothing },
  /** background → dialog, a few times a second while hashing: each medium's progress; the media once one is done. */
  'report.progress': {
    from: fromBackground,
    request: z.strictObject({ id: z.uuidv4(), media: z.array(MediaEntry).max(50).optional(), progress: MediaProgress }),
    response: nothing,
  },
  /** dialog → background: stop hashing; the media not done yet are kept with the error "hashing cancelled". */
  'report.stopHashing': { from: fromReport, request: draftId, response: nothing },
  /** dialog → background: the dialog closed unsent: stop hashing and forget the draft. */
  'report.discard': { from: fromReport, request: draftId, response: nothing },
  /** dialog → background: validate, store, deliver (once its media are hashed: status 'hashing' until then). */
  'report.submit': {
    from: fromReport,
    request: z.strictObject({ id: z.uuidv4(), form: ReportForm }),
    response: z.strictObject({ id: z.string(), status: DeliveryStatus, reason: ReasonSchema.optional() }),
  },
  /** popup → background: try a queued or failed report again now. */
  'report.retry': { from: fromPages, request: z.strictObject({ id: z.uuidv4() }), response: z.strictObject({ status: DeliveryStatus }) },
  /** popup → background: what the configured endpoint supports (`GET /v1`), so the popup offers only that. */
  'endpoint.capabilities': {
    from: fromPages,
    request: nothing,
    response: z.strictObject({ base: z.string().max(2000).optional(), withdraw: z.boolean() }),
  },
  /** popup → background: take a sent report back at its endpoint; the endpoint's new status, or why not. */
  'report.withdraw': {
    from: fromPages,
    request: z.strictObject({ id: z.uuidv4() }),
    response: z.strictObject({ status: EndpointStatus.optional(), reason: ReasonSchema.optional() }),
  },
  /** popup → background: forget the local copy of a report (the endpoint keeps its own). */
  'report.delete': { from: fromPages, request: z.strictObject({ id: z.uuidv4() }), response: nothing },
  /** options → background: delete every report, the queue, settings, pseudonym and instances on this device. */
  'data.deleteAll': { from: fromPages, request: nothing, response: nothing },
  /** popup → background: ask the endpoint now about reports still in progress (the popup was opened). */
  'reports.refresh': { from: fromPages, request: nothing, response: nothing },
  /** background → extension pages: the stored reports changed. */
  'reports.changed': { from: fromBackground, request: nothing, response: nothing },
  /**
   * content → background: which of these posts the endpoint's list holds (never the user's own history), and
   * what the settings want done: mark them at all, blur their media, watch on-screen media.
   */
  'wellbeing.check': {
    from: ['content-script'],
    request: z.strictObject({ posts: z.array(PostKeys).max(WELLBEING_BATCH) }),
    response: z.strictObject({
      mark: z.boolean(),
      blur: z.boolean(),
      matchMedia: z.boolean(),
      /** The endpoint lists nothing (or marks are off): the page stops asking until 'wellbeing.changed'. */
      empty: z.boolean(),
      reported: z.array(z.number().int().nonnegative()).max(WELLBEING_BATCH),
    }),
  },
  /** background → content: the hash list or the wellbeing settings changed; the page asks again about its posts. */
  'wellbeing.changed': { from: fromBackground, request: nothing, response: nothing },
  /** content → background (opt-in): these media are on screen; answers with those whose hashes are listed. */
  'wellbeing.match': {
    from: ['content-script'],
    request: z.strictObject({ urls: z.array(wellbeingUrl).max(WELLBEING_MEDIA_BATCH) }),
    response: z.strictObject({ matched: z.array(wellbeingUrl).max(WELLBEING_MEDIA_BATCH) }),
  },
  /**
   * content → background: the few words the feed shows, in the language chosen in Settings. Asked, not
   * bundled: ten catalogues would take a tenth of a content script's budget. The content script never
   * reads Settings itself: they hold the token, and the reporter's name and email.
   */
  'content.language': {
    from: ['content-script'],
    request: nothing,
    response: z.strictObject({ language: z.string().max(20), words: FeedWords }),
  },
  /**
   * background → offscreen document (Chrome): vPDQ (and TMK) of the video waiting in the hand-off cache under `key`
   * (utils/hash/video-offscreen.ts). The bytes never travel in a message.
   */
  'video.hash': {
    from: fromBackground,
    request: z.strictObject({
      key: z.uuidv4(),
      secondsPerHash: z.number().min(0).max(60),
      limits: z.strictObject({
        maxBytes: z.number().int().positive(),
        maxDurationS: z.number().positive(),
        maxFrames: z.number().int().positive(),
        maxFrameSide: z.number().int().positive(),
        budgetMs: z.number().int().positive().max(60 * 60_000),
      }),
      /** Also TMK+PDQF (VideoHashOptions.tmk). */
      tmk: z.boolean().optional(),
      /** `false`: TMK alone, no vPDQ (VideoHashOptions.vpdq). */
      vpdq: z.boolean().optional(),
    }),
    response: z.strictObject({
      frames: z.array(VpdqFrame).max(200_000),
      width: z.number().int().positive().optional(),
      height: z.number().int().positive().optional(),
      durationS: z.number().nonnegative().optional(),
      /** The .tmk file (263,344 bytes for the reference's parameters), base64. */
      tmk: z.base64().max(400_000).optional(),
      /** Why TMK is missing beside the vPDQ (VideoHashes.tmkError). */
      tmkError: z.string().max(2000).optional(),
    }),
  },
  /** offscreen document → background: frames hashed so far for the job under `key` (HashMediaOptions.onProgress). */
  'video.progress': {
    from: ['offscreen'],
    request: z.strictObject({
      key: z.uuidv4(),
      done: z.number().int().nonnegative(),
      total: z.number().int().nonnegative(),
    }),
    response: nothing,
  },
  /** background → offscreen document: stop the job under `key` (its worker is terminated). */
  'video.cancel': { from: fromBackground, request: z.strictObject({ key: z.uuidv4() }), response: nothing },
  // Batch reporting (utils/background/batch.ts): several posts, one form, one report per post.
  /** content → background: the posts the user selected; kept under a one-time token for the batch frame, as 'dialog.start'. */
  'batch.start': {
    from: ['content-script'],
    request: z.strictObject({ posts: z.array(ExtractedPost).min(1).max(BATCH_MAX_POSTS) }),
    response: dialogToken,
  },
  /** batch frame → background: claim the posts (once, same tab); each gets its draft id and starts hashing at once. */
  'batch.claim': {
    from: fromReport,
    request: dialogToken,
    response: z.strictObject({ batchId: z.uuidv4(), items: z.array(z.strictObject({ id: z.uuidv4(), post: ExtractedPost })).max(BATCH_MAX_POSTS) }),
  },
  /** batch frame → background: one form for every post of the batch; answers once each report is stored (or failed). */
  'batch.submit': { from: fromReport, request: z.strictObject({ batchId: z.uuidv4(), form: ReportForm }), response: batchState },
  /** batch frame → background: where each report of the batch is now (asked again on 'reports.changed'). */
  'batch.status': { from: fromReport, request: z.strictObject({ batchId: z.uuidv4() }), response: batchState },
  /** batch frame → background: the user saw the hosts of the steps' `confirmFetch` and agreed: fetch and hash them all. */
  'batch.fetchMedia': { from: fromReport, request: z.strictObject({ batchId: z.uuidv4() }), response: nothing },
  /** batch frame → background: the batch closed unsent: its drafts go and their hashing stops. */
  'batch.discard': { from: fromReport, request: z.strictObject({ batchId: z.uuidv4() }), response: nothing },
  /** background → batch frame: a step of one of its posts changed. */
  'batch.progress': { from: fromBackground, request: z.strictObject({ batchId: z.uuidv4() }).extend(batchState.shape), response: nothing },
} as const;

export type MessageType = keyof typeof protocol;
export type RequestOf<T extends MessageType> = z.infer<(typeof protocol)[T]['request']>;
export type ResponseOf<T extends MessageType> = z.infer<(typeof protocol)[T]['response']>;

const Envelope = z.object({ type: z.string(), payload: z.unknown() });
const Reply = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.string().max(2000) }),
]);

function parseReply<T extends MessageType>(type: T, raw: unknown): ResponseOf<T> {
  const reply = Reply.safeParse(raw);
  if (!reply.success) throw new Error(`no valid answer to ${type}`);
  if (!reply.data.ok) throw new Error(reply.data.error);
  const value = protocol[type].response.safeParse(reply.data.value);
  if (!value.success) throw new Error(`invalid answer to ${type}: ${describeIssues(value.error)}`);
  return value.data as ResponseOf<T>;
}

export async function sendToBackground<T extends MessageType>(type: T, payload: RequestOf<T>): Promise<ResponseOf<T>> {
  return parseReply(type, await browser.runtime.sendMessage({ type, payload }));
}

export async function sendToTab<T extends MessageType>(
  tabId: number, frameId: number | undefined, type: T, payload: RequestOf<T>,
): Promise<ResponseOf<T>> {
  const options = frameId === undefined ? undefined : { frameId };
  return parseReply(type, await browser.tabs.sendMessage(tabId, { type, payload }, options));
}

export type Handlers = {
  [T in MessageType]?: (payload: RequestOf<T>, sender: Browser.runtime.MessageSender) => Promise<ResponseOf<T>>;
};

/** Whether a message of this type is accepted from this sender (the `from` of its entry in `protocol`). */
export function acceptsFrom(type: MessageType, sender: Browser.runtime.MessageSender): boolean {
  const kind = senderKind(sender);
  return kind !== undefined && (protocol[type].from as readonly SenderKind[]).includes(kind);
}

/**
 * A runtime.onMessage listener that answers only the given message types, only from this
 * extension, and only with payloads that parse. Another extension's message is ignored (no answer);
 * one of ours from a sender its type does not accept is refused with an error, as is a bad payload.
 */
export function messageListener(handlers: Handlers) {
  return (raw: unknown, sender: Browser.runtime.MessageSender): Promise<unknown> | undefined => {
    if (sender.id !== browser.runtime.id) return undefined;
    const envelope = Envelope.safeParse(raw);
    if (!envelope.success || !Object.hasOwn(handlers, envelope.data.type)) return undefined;
    const type = envelope.data.type as MessageType;
    if (!acceptsFrom(type, sender)) {
      return Promise.resolve({ ok: false, error: `${type} is not accepted from ${senderKind(sender) ?? 'this sender'}` });
    }
    const payload = protocol[type].request.safeParse(envelope.data.payload);
    if (!payload.success) {
      return Promise.resolve({ ok: false, error: `invalid ${type}: ${describeIssues(payload.error)}` });
    }
    const handler = handlers[type] as (p: unknown, s: typeof sender) => Promise<unknown>;
    return handler(payload.data, sender).then(
      (value) => ({ ok: true, value }),
      (error: unknown) => ({ ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
  };
}
