import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createReportMenu, onReportMenuClick } from '../utils/background/context-menu';
import { DRAFTS_ALARM } from '../utils/background/drafts';
import { inBackground, notifyWellbeingChanged } from '../utils/background/in-background';
import { syncInstanceScripts } from '../utils/background/instance-scripts';
import { messageHandlers } from '../utils/background/message-handlers';
import { openOnboarding } from '../utils/background/onboarding';
import { onReportCommand } from '../utils/background/report-command';
import { createServices } from '../utils/background/services';
import { keepStorageFromContentScripts } from '../utils/background/storage-access';
import { exposeTestHooks } from '../utils/background/test-hooks';
import { instancesItem } from '../utils/instances';
import { loadLanguage, watchLanguage } from '../utils/language';
import { messageListener } from '../utils/messages';
import { DRAIN_ALARM } from '../utils/pipeline/queue';
import { TRACK_ALARM } from '../utils/pipeline/track';
import { settingsItem } from '../utils/settings';
import { changesMarks, ensureSyncAlarm, needsSync, WELLBEING_SYNC_ALARM } from '../utils/wellbeing/service';

export default defineBackground(() => {
  // Made first and synchronously: a stream manifest's request is what wakes the worker, and must find its listener.
  const services = createServices();
  const { queue, drafts, tracker, wellbeing } = services;
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
    inBackground(services.toolbar.restore());
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
    if (changesMarks(next, previous)) inBackground(notifyWellbeingChanged());
  });
  instancesItem.watch(() => inBackground(syncInstanceScripts()));
  inBackground(loadLanguage().then((language) => watchLanguage(language, () => inBackground(createReportMenu()))));
  browser.permissions.onAdded.addListener(() => inBackground(syncInstanceScripts()));
  browser.permissions.onRemoved.addListener(() => inBackground(syncInstanceScripts()));

  browser.runtime.onMessage.addListener(messageListener(messageHandlers(services)) as Parameters<typeof browser.runtime.onMessage.addListener>[0]);

  // A report left half-sent by a stopped service worker goes out again on this wake-up, and hashing it left
  // unfinished starts again.
  inBackground(drafts.resume());
  inBackground(queue.recoverInterrupted().then(() => queue.drain()).then(() => tracker.poll()));

  // The test build's handles for the end-to-end tests and `npm run hash`; the shipped build has none.
  if (import.meta.env.FLAGPOST_TEST_HOOKS) exposeTestHooks(services);
});
