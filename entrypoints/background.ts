import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createReportMenu, onReportMenuClick } from '../utils/background/context-menu';
import { onReportCommand } from '../utils/background/report-command';
import { syncInstanceScripts } from '../utils/background/instance-scripts';
import { instancesItem } from '../utils/instances';
import { deleteAllLocalData } from '../utils/background/local-data';
import { openOnboarding } from '../utils/background/onboarding';
import { loadLanguage, watchLanguage } from '../utils/language';
import { createDialogs } from '../utils/background/dialogs';
import { createDrafts, DRAFTS_ALARM, DRAFTS_WAKE_MINUTES } from '../utils/background/drafts';
import { draftContext, keepWorkerAlive } from '../utils/background/report-service';
import { explainRefusal, locateStreams } from '../utils/background/locate-streams';
import { createStreamLog, listenForStreams } from '../utils/background/stream-sniffer';
import { streamPageMatches, streamRequestPatterns } from '../utils/platforms';
import { messageListener, pageOriginOf, sendToTab } from '../utils/messages';
import { endpointCapabilities, endpointTakes } from '../utils/endpoint/info';
import { chosenLanguage } from '../utils/language';
import { keepStorageFromContentScripts } from '../utils/background/storage-access';
import { deliverReport } from '../utils/endpoint/deliver';
import { hashMedia } from '../utils/pipeline/hash-media';
import { videoTmk } from '../utils/pipeline/hash-tmk';
import { createQueue, DRAIN_ALARM } from '../utils/pipeline/queue';
import { createTracker, TRACK_ALARM } from '../utils/pipeline/track';
import { withdrawReport } from '../utils/pipeline/withdraw';
import { configuredEndpoint, loadSettings, settingsItem } from '../utils/settings';
import { deleteReport } from '../utils/store/reports';
import { createWellbeing, ensureSyncAlarm, hashOnScreenMedium, needsSync, WELLBEING_SYNC_ALARM } from '../utils/wellbeing/service';

/** For work started from an event: a failure is logged, never left as an unhandled rejection. */
function inBackground(task: Promise<unknown>): void {
  task.catch((error: unknown) => console.warn('Flagpost:', error));
}

function notifyReportsChanged(): void {
  // Only open extension pages listen; with none open there is nobody to tell.
  browser.runtime.sendMessage({ type: 'reports.changed', payload: {} }).catch(() => {});
}

export default defineBackground(() => {
  const queue = createQueue({
    deliver: deliverReport,
    endpoint: configuredEndpoint,
    scheduleWakeUp: (when) => browser.alarms.create(DRAIN_ALARM, { when }),
    notify: notifyReportsChanged,
  });
  // Registered first and synchronously: a manifest request is what wakes the worker, and must find its listener.
  const streams = createStreamLog(browser.storage.session);
  listenForStreams(
    { onCompleted: browser.webRequest.onCompleted, onBeforeRequest: browser.webRequest.onBeforeRequest, onTabRemoved: browser.tabs.onRemoved },
    streams,
    { manifests: streamRequestPatterns, pageMatches: streamPageMatches },
    (error) => console.warn('Flagpost:', error),
  );

  const drafts = createDrafts({
    // A report's videos get TMK too when the endpoint lists it in GET /v1 `hashes` (asked as the first is decoded).
    hashMedia: (media, options) => hashMedia(media, { ...options, tmk: async () => endpointTakes(await configuredEndpoint(), 'tmk') }),
    locate: (post, tab) => locateStreams(post.media, { manifests: async () => (tab ? streams.manifests(tab.tabId) : []) }),
    explain: explainRefusal,
    queue,
    context: draftContext,
    push: (tab, payload) => sendToTab(tab.tabId, tab.frameId, 'report.progress', payload),
    keepAlive: keepWorkerAlive,
    wakeUpWhileHashing: (on) =>
      inBackground(on ? browser.alarms.create(DRAFTS_ALARM, { periodInMinutes: DRAFTS_WAKE_MINUTES }) : browser.alarms.clear(DRAFTS_ALARM)),
  });
  const dialogs = createDialogs();
  const tracker = createTracker({
    endpoint: configuredEndpoint,
    scheduleWakeUp: (when) => browser.alarms.create(TRACK_ALARM, { when }),
    notify: notifyReportsChanged,
  });

  const wellbeing = createWellbeing({ endpoint: configuredEndpoint, settings: loadSettings, hashMedium: hashOnScreenMedium });
  inBackground(ensureSyncAlarm(browser.alarms));
  inBackground(keepStorageFromContentScripts());

  browser.runtime.onInstalled.addListener(({ reason }) => {
    inBackground(createReportMenu());
    inBackground(syncInstanceScripts());
    inBackground(wellbeing.sync());
    // A first install only: an update or a browser update must not open a tab.
    if (reason === 'install') inBackground(openOnboarding());
  });
  browser.runtime.onStartup.addListener(() => {
    inBackground(createReportMenu());
    inBackground(queue.drain());
  });
  // Firefox for Android has neither context menus nor keyboard shortcuts: without these guards the rest of
  // the background (messages, alarms) would never be set up there.
  browser.contextMenus?.onClicked.addListener((info, tab) => inBackground(onReportMenuClick(info, tab)));
  browser.commands?.onCommand.addListener((command, tab) => inBackground(onReportCommand(command, tab)));
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === DRAIN_ALARM) inBackground(drafts.resume().then(() => queue.drain()).then(() => tracker.poll()));
    if (alarm.name === DRAFTS_ALARM) inBackground(drafts.resume());
    if (alarm.name === TRACK_ALARM) inBackground(tracker.poll());
    if (alarm.name === WELLBEING_SYNC_ALARM) inBackground(wellbeing.sync());
  });
  settingsItem.watch(() => inBackground(queue.drain()));
  settingsItem.watch((next, previous) => {
    if (needsSync(next, previous)) inBackground(wellbeing.sync());
  });
  instancesItem.watch(() => inBackground(syncInstanceScripts()));
  inBackground(loadLanguage().then((language) => watchLanguage(language, () => inBackground(createReportMenu()))));
  browser.permissions.onAdded.addListener(() => inBackground(syncInstanceScripts()));
  browser.permissions.onRemoved.addListener(() => inBackground(syncInstanceScripts()));

  browser.runtime.onMessage.addListener(
    messageListener({
      'dialog.start': async ({ subject }, sender) => dialogs.start(subject, sender),
      'dialog.claim': async ({ token }, sender) => dialogs.claim(token, sender),
      'report.prepare': ({ id, post }, sender) =>
        drafts.prepare(id, post, sender.tab?.id === undefined ? undefined : { tabId: sender.tab.id, frameId: sender.frameId ?? 0 }, pageOriginOf(sender)),
      async 'report.fetchMedia'({ id }) {
        await drafts.allowFetch(id);
        return {};
      },
      'content.language': async () => ({ language: await chosenLanguage() }),
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
        return {};
      },
    }) as Parameters<typeof browser.runtime.onMessage.addListener>[0],
  );

  // A report left half-sent by a stopped service worker goes out again on this wake-up, and hashing it left
  // unfinished starts again.
  inBackground(drafts.resume());
  inBackground(queue.recoverInterrupted().then(() => queue.drain()).then(() => tracker.poll()));

  // End-to-end tests cannot click a native context menu or press a browser shortcut; they call the
  // same handlers here. `npm run hash` and the hashing tests call the extension's own fetch → decode → hash path
  // (videoTmk: `npm run hash -- --tmk`, TMK+PDQF).
  // The fault tests drain the queue with the worker's clock moved forward instead of waiting for alarms.
  // The security tests start a hash-list sync and delete all local data while it runs.
  Object.assign(globalThis, { flagpost: { onReportMenuClick, onReportCommand, hashMedia, videoTmk, queue, drafts, wellbeing } });
});
