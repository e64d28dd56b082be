import { changeStatus, movesFor } from '../core/status.ts';
import { ApiError } from '../errors.ts';
import type { Report } from '../shared.ts';
import type { ForwardChannel, Forwarding } from '../storage/forwardings.ts';
import type { Storage } from '../storage/types.ts';
import { forwardToBluesky } from './bluesky.ts';
import { ForwardError, type Fetch } from './http.ts';
import { forwardToMastodon, mastodonAccount } from './mastodon.ts';
import type { ForwardingSettings } from '../forwarding-config.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Sends items to their platforms and records it (forward/forwarder.ts). */
    forwarder: Forwarder;
  }
}

/** What the page offers for an item: an API report where an account is configured, and always the notice. */
export interface ForwardOptions {
  api?: Exclude<ForwardChannel, 'notice'>;
  /** The platform's DSA notice form, when the operator configured one. */
  formUrl?: string;
}

/** Statuses after which nothing is forwarded: the item is decided, or its reporter took it back. */
const CLOSED = new Set(['actioned', 'rejected', 'withdrawn']);
export const isForwardable = (status: string) => !CLOSED.has(status);

export class Forwarder {
  constructor(
    private readonly storage: Storage,
    private readonly settings: ForwardingSettings,
    private readonly fetchFn: Fetch,
    private readonly now: () => Date,
  ) {}

  get notifier() {
    return this.settings.notifier;
  }

  options(report: Report): ForwardOptions {
    const { platform } = report.target;
    const api = platform === 'mastodon' && mastodonAccount(this.settings, report) ? 'mastodon'
      : platform === 'bluesky' && this.settings.bluesky ? 'bluesky' : undefined;
    const formUrl = this.settings.noticeForms[platform];
    return { ...(api ? { api } : {}), ...(formUrl ? { formUrl } : {}) };
  }

  /**
   * Forwards by `channel` and records it with its audit entry; then moves the item to `forwarded`
   * where the workflow allows (a received item passes through under review, each move audited).
   * A failed call records nothing and throws a 502 that says what the platform answered.
   */
  async forward(reportId: string, channel: ForwardChannel, by: { tokenId?: string; name: string }): Promise<Forwarding> {
    const [state, body] = await Promise.all([this.storage.reportState(reportId), this.storage.reportBody(reportId)]);
    if (!state || !body) throw new ApiError(404, 'not_found', 'id: no such report');
    if (!isForwardable(state.status)) throw new ApiError(409, 'invalid_transition', `forward: a ${state.status} report is not forwarded`);
    const report = JSON.parse(body) as Report;
    const offered = this.options(report);
    if (channel !== 'notice' && offered.api !== channel) throw new ApiError(409, 'not_configured', `forward: no ${channel} account configured for this post`);
    let sent: { destination: string; remoteId?: string };
    try {
      sent = channel === 'mastodon' ? await forwardToMastodon(this.fetchFn, this.settings, report)
        : channel === 'bluesky' ? await forwardToBluesky(this.fetchFn, this.settings, report)
        : { destination: offered.formUrl ?? `${report.target.platform} notice` };
    } catch (error) {
      if (error instanceof ForwardError) throw new ApiError(502, 'forward_failed', error.message);
      throw error;
    }
    const forwarding: Forwarding = { reportId, at: this.now().toISOString(), channel, ...sent, by: { role: 'reviewer', ...by } };
    await this.storage.forwardings.record(forwarding, state.status);
    for (const step of ['under_review', 'forwarded'] as const) {
      const current = (await this.storage.reportState(reportId))!.status;
      if (!movesFor('reviewer', current).includes(step)) continue;
      // Someone else moved it meanwhile (the reporter withdrew): the forwarding stays recorded.
      await changeStatus(this.storage, { id: reportId, status: step, by: 'reviewer', who: by }, this.now).catch((error: unknown) => {
        if (!(error instanceof ApiError && error.status === 409)) throw error;
      });
    }
    return forwarding;
  }
}
