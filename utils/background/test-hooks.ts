/**
 * The service worker's handles for the end-to-end tests and `npm run hash`, as `globalThis.flagpost`: in the
 * test build only (`FLAGPOST_TEST_HOOKS=1`, build-config/test-build.ts). The shipped build compiles the call away,
 * and this module with it (e2e/build-artifacts.e2e.ts checks both builds).
 *  - tests cannot click a native context menu or press a browser shortcut: they call the same handlers;
 *  - `npm run hash` and the hashing tests call the extension's own fetch → decode → hash path
 *    (videoTmk: `npm run hash -- --tmk`, TMK+PDQF);
 *  - the fault tests drain the queue with the worker's clock moved forward instead of waiting for alarms;
 *  - the security tests start a hash-list sync and delete all local data while it runs.
 */
import { hashMedia } from '../pipeline/hash-media';
import { videoTmk } from '../pipeline/hash-tmk';
import { onReportMenuClick } from './context-menu';
import { onReportCommand } from './report-command';
import type { Services } from './services';

export function exposeTestHooks({ queue, drafts, wellbeing }: Pick<Services, 'queue' | 'drafts' | 'wellbeing'>): void {
  Object.assign(globalThis, { flagpost: { onReportMenuClick, onReportCommand, hashMedia, videoTmk, queue, drafts, wellbeing } });
}
