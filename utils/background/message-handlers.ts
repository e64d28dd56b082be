/** What the background answers to each message of the typed map (utils/messages.ts) it receives. */
import { t } from '../i18n';
import { chosenLanguage, feedWords } from '../language';
import { pageOriginOf, sendToTab, type Handlers } from '../messages';
import { endpointCapabilities } from '../endpoint/info';
import { withdrawReport } from '../pipeline/withdraw';
import { configuredEndpoint } from '../settings';
import { getClaimedPost, saveClaimedPost } from '../store/drafts';
import { goodFaithRemembered, rememberGoodFaith } from '../store/good-faith-session';
import { deleteReport } from '../store/reports';
import { inBackground, notifyReportsChanged, notifyWellbeingChanged } from './in-background';
import { deleteAllLocalData } from './local-data';
import { previousReport } from './previous-reports';
import type { Services } from './services';

export function messageHandlers({ dialogs, drafts, queue, tracker, wellbeing, batches }: Services): Handlers {
  return {
    // Batch reporting (utils/background/batch.ts).
    'batch.start': async ({ posts }, sender) => batches.start(posts, sender),
    'batch.claim': async ({ token }, sender) => batches.claim(token, sender),
    async 'batch.submit'({ batchId, form }) {
      const state = await batches.submit(batchId, form);
      inBackground(tracker.poll()); // schedules the first status checks, as 'report.submit'
      return state;
    },
    'batch.status': async ({ batchId }) => batches.status(batchId),
    async 'batch.fetchMedia'({ batchId }) {
      await batches.allowFetch(batchId);
      return {};
    },
    async 'batch.discard'({ batchId }) {
      await batches.discard(batchId);
      return {};
    },
    'dialog.start': async ({ subject }, sender) => dialogs.start(subject, sender),
    async 'dialog.claim'({ token }, sender) {
      const { subject } = dialogs.claim(token, sender);
      // An account is reported as the post its report is built from (utils/domain.ts AccountSubject).
      if (subject.kind !== 'post' && subject.kind !== 'account') return { subject };
      const id = crypto.randomUUID();
      await saveClaimedPost(id, subject.post);
      return { subject, id };
    },
    async 'report.prepare'({ id }, sender) {
      const post = await getClaimedPost(id);
      if (!post) throw new Error(t('draftGone'));
      return drafts.prepare(id, post, sender.tab?.id === undefined ? undefined : { tabId: sender.tab.id, frameId: sender.frameId ?? 0 }, pageOriginOf(sender));
    },
    // Issue 18: "Send and next" goes back to the content script that placed the report frame; the duplicate guard.
    async 'dialog.next'(_, sender) {
      const { tabId, frameId } = dialogs.openerOf(sender);
      return sendToTab(tabId, frameId, 'dialog.nextPost', {});
    },
    async 'report.previous'({ id }) {
      const post = await getClaimedPost(id);
      if (!post) throw new Error(t('draftGone'));
      return previousReport(post, (payload) => wellbeing.check(payload));
    },
    'goodFaith.remembered': async () => ({ remembered: await goodFaithRemembered() }),
    async 'goodFaith.remember'({ remember }) {
      await rememberGoodFaith(remember);
      return {};
    },
    async 'report.fetchMedia'({ id }) {
      await drafts.allowFetch(id);
      return {};
    },
    async 'content.language'() {
      const language = await chosenLanguage();
      return { language, words: feedWords(language) };
    },
    async 'report.stopHashing'({ id }) {
      await drafts.stopHashing(id);
      return {};
    },
    async 'report.discard'({ id }) {
      await drafts.discard(id);
      return {};
    },
    async 'report.submit'({ id, form }) {
      const { result } = await drafts.submit(id, form);
      inBackground(tracker.poll()); // schedules the first status check
      // No "already reported" mark in the page: it would tell the page what this user reports (PRIVACY.md).
      return result;
    },
    async 'reports.refresh'() {
      await tracker.poll({ refresh: true });
      return {};
    },
    'wellbeing.check': wellbeing.check,
    'wellbeing.match': wellbeing.match,
    async 'report.retry'({ id }) {
      const record = await queue.retry(id);
      if (!record) throw new Error(`no report ${id}`);
      return { status: record.status };
    },
    'endpoint.capabilities': async () => endpointCapabilities(await configuredEndpoint()),
    async 'report.withdraw'({ id }) {
      const outcome = await withdrawReport(id, await configuredEndpoint());
      notifyReportsChanged();
      return outcome;
    },
    async 'report.delete'({ id }) {
      await deleteReport(id);
      notifyReportsChanged();
      return {};
    },
    async 'data.deleteAll'() {
      // Before and after: a sync under way, or one started by the settings' removal, writes nothing back.
      wellbeing.forget();
      await deleteAllLocalData();
      wellbeing.forget();
      notifyReportsChanged();
      // The list is gone: open feeds drop their marks now, not at their next load.
      inBackground(notifyWellbeingChanged());
      return {};
    },
  };
}
