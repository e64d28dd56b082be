/**
 * The background's long-lived parts, each given what it depends on: the queue, the drafts being written, the
 * dialogs' tokens, the status tracker, the wellbeing lists and the log of stream manifests the players request.
 */
import { browser } from 'wxt/browser';
import { deliverReport } from '../endpoint/deliver';
import { endpointTakes } from '../endpoint/info';
import { hashMedia } from '../pipeline/hash-media';
import { createQueue, DRAIN_ALARM } from '../pipeline/queue';
import { createTracker, TRACK_ALARM } from '../pipeline/track';
import { streamPageMatches, streamRequestPatterns } from '../platforms';
import { configuredEndpoint, loadSettings } from '../settings';
import { pageOriginOf, sendToTab } from '../messages';
import { getReport } from '../store/reports';
import { createBatches, sessionBatchStore } from './batch';
import { createWellbeing, hashOnScreenMedium } from '../wellbeing/service';
import { createDialogs } from './dialogs';
import { createDrafts, DRAFTS_ALARM, DRAFTS_WAKE_MINUTES } from './drafts';
import { createToolbar } from './badge';
import { inBackground, notifyReportsChanged, notifyWellbeingChanged } from './in-background';
import { explainRefusal, locateStreams } from './locate-streams';
import { draftContext, keepWorkerAlive } from './report-service';
import { createStreamLog, listenForStreams } from './stream-sniffer';

export function createServices() {
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
  const toolbar = createToolbar();
  const tracker = createTracker({
    endpoint: configuredEndpoint,
    scheduleWakeUp: (when) => browser.alarms.create(TRACK_ALARM, { when }),
    notify: notifyReportsChanged,
    statusChanged: toolbar.statusChanged,
  });
  const wellbeing = createWellbeing({
    endpoint: configuredEndpoint, settings: loadSettings, hashMedium: hashOnScreenMedium, listChanged: () => inBackground(notifyWellbeingChanged()),
  });
  const batches = createBatches({
    drafts,
    stored: getReport,
    push: (tab, payload) => sendToTab(tab.tabId, tab.frameId, 'batch.progress', payload),
    store: sessionBatchStore,
    pageOrigin: pageOriginOf,
  });
  return { queue, drafts, dialogs: createDialogs(), tracker, wellbeing, toolbar, batches };
}

export type Services = ReturnType<typeof createServices>;
