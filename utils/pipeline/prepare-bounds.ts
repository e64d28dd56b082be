/**
 * How long preparing a report may take: the one place for every bound (issue 21). Each step has its own
 * timeout, so a medium that hangs cannot hold the others (nor the decode queue they share); the whole has a
 * bound too, which the dialog shows. When it is reached, every medium not done gets its `error` and the
 * report goes as it is: Send never waits on the media, and a report sent mid-hash is never held longer.
 */
import { CANCELLED, defaultVideoLimits, type VideoLimits } from '../hash/video-decode';
import type { MediaKind } from '../schema/report';

export const STEP_TIMEOUT_MS = {
  /** Finding a stream the page did not name: the tab's manifests, or the public watch page (its fetch). */
  locate: 10_000,
  /** One picture, or one storyboard sheet, fetched. */
  fetchImage: 20_000,
  /** One video fetched, or all the requests of one stream together. */
  fetchVideo: 120_000,
  /** One picture decoded and PDQ-hashed: well under a second, a few seconds for 50 megapixels on a slow machine. */
  decodeImage: 30_000,
  /** A video's decode and vPDQ may take the user's budget (VideoLimits.budgetMs), plus this for the hand-off. */
  videoHandoff: 15_000,
  /** The dialog's wait for the background's answer to `report.prepare`, per attempt (the answer waits for `locate`). */
  prepareAnswer: 15_000,
} as const;

/** The dialog asks this many times before it says plainly that the extension does not answer (a restarting worker). */
export const PREPARE_ATTEMPTS = 3;

/** A post of pictures only: all of it fetched, decoded and hashed within this, however many. */
const PICTURES_BOUND_MS = 60_000;

export const isVideoKind = (kind: MediaKind) => kind === 'video' || kind === 'gif';

/**
 * The bound on hashing a report's media, from the moment its dialog opened. A video may take its whole budget
 * (Settings), after its fetch; pictures share the pictures' bound with it.
 */
export function preparingBoundMs(kinds: readonly MediaKind[], videoLimits: VideoLimits = defaultVideoLimits): number {
  if (!kinds.some(isVideoKind)) return PICTURES_BOUND_MS;
  return STEP_TIMEOUT_MS.locate + STEP_TIMEOUT_MS.fetchVideo + videoLimits.budgetMs + STEP_TIMEOUT_MS.videoHandoff + PICTURES_BOUND_MS;
}

/** The `error` of a medium still not hashed when the bound is reached. */
export function preparingTimedOut(boundMs: number): string {
  return `not hashed within ${formatSeconds(boundMs)} (the limit for preparing a report): sent without its hashes`;
}

/** The `error` of a step that overran its own timeout. */
export function stepTimedOut(step: string, ms: number): string {
  return `${step} took longer than ${formatSeconds(ms)}`;
}

function formatSeconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}

/**
 * `work`, or a rejection with `message` once `ms` have passed. What `work` was doing is left to finish on its
 * own (a decode cannot be interrupted); whoever waits on it, a serial queue included, moves on.
 */
export function withinStep<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new StepTimeout(message)), ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export class StepTimeout extends Error {}

/** Why hashing was stopped: the user's cancel, or the bound on preparing the report (its reason's message). */
export function abortReason(signal: AbortSignal): string {
  return signal.reason instanceof Error && signal.reason.name !== 'AbortError' ? signal.reason.message : CANCELLED;
}
