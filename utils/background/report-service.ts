/** The background's side of a report: prepare (hash), preview, submit, retry. */
import { browser } from 'wxt/browser';
import { t } from '../i18n';
import type { RequestOf, ReportDraft } from '../messages';
import { buildReport, type ClientInfo } from '../pipeline/build-report';
import { hashMedia } from '../pipeline/hash-media';
import { explainRefusals, locateStreams, type LocateDeps } from './locate-streams';
import type { Queue } from '../pipeline/queue';
import { timed } from '../pipeline/timing';
import type { ExtractedPost } from '../platforms/types';
import { Report } from '../schema/report';
import { describeIssues } from '../schema/zod';
import { loadSettings, pseudonymItem } from '../settings';

/** `locate` finds the streams the page did not name (utils/background/locate-streams.ts). */
export async function prepareDraft(post: ExtractedPost, locate: LocateDeps): Promise<{ draft: ReportDraft }> {
  const now = new Date().toISOString();
  const media = await timed('prepare', async () => explainRefusals(post.platform, await hashMedia(await locateStreams(post.media, locate))));
  return { draft: { id: crypto.randomUUID(), createdAt: now, observedAt: now, media } };
}

function clientInfo(): ClientInfo {
  return {
    name: 'Flagpost',
    version: browser.runtime.getManifest().version,
    browser: import.meta.env.BROWSER,
    locale: browser.i18n.getUILanguage(),
  };
}

async function build(request: RequestOf<'report.submit'>): Promise<{ report: Report; problems?: string }> {
  const report = buildReport({
    ...request,
    settings: await loadSettings(),
    pseudonym: await pseudonymItem.getValue(),
    goodFaithStatement: t('goodFaithStatement'),
    client: clientInfo(),
  });
  const checked = Report.safeParse(report);
  return checked.success ? { report: checked.data } : { report, problems: describeIssues(checked.error) };
}

export async function previewReport(request: RequestOf<'report.preview'>) {
  return build(request);
}

export async function submitReport(queue: Queue, request: RequestOf<'report.submit'>) {
  const { report, problems } = await timed('build', () => build(request));
  if (problems) throw new Error(problems);
  const stored = await queue.submit(report);
  return { id: stored.id, status: stored.status, ...(stored.lastError ? { reason: stored.lastError } : {}) };
}
