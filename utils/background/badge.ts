/**
 * What the toolbar says between two openings of the popup: the badge counts the status changes the tracker
 * learned since the popup was last opened (utils/pipeline/track.ts tells them; opening the popup clears it), and,
 * opt-in, a notification when a report is actioned or rejected. The count is kept in storage, so a restarted
 * browser (which forgets badge text) shows it again.
 */
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { plural, t } from '../i18n';
import type { StatusChange } from '../pipeline/track';
import type { EndpointStatus } from '../schema/report';
import { notifyOutcomesOn } from '../notify-outcomes';
import { loadSettings } from '../settings';

export const unseenChangesItem = storage.defineItem<number>('local:unseenStatusChanges', { fallback: 0 });

/** The statuses worth interrupting a volunteer for, when they asked to be. */
export const NOTIFIED_STATUSES: readonly EndpointStatus[] = ['actioned', 'rejected'];
const BADGE_MAX = 99;

/** The badge's text for a count: nothing for none, and never wider than the badge. */
export function badgeText(count: number): string {
  return count <= 0 ? '' : count > BADGE_MAX ? `${BADGE_MAX}+` : String(count);
}

export interface ToolbarDeps {
  /** The badge text and the button's title (what a screen reader reads: the badge alone is not read). */
  show: (text: string, title: string) => Promise<void>;
  /** Whether notifying is both chosen in Settings and allowed by the browser. */
  mayNotify: () => Promise<boolean>;
  notify: (id: string, title: string, message: string) => Promise<void>;
}

export function createToolbar(deps: ToolbarDeps = browserToolbar) {
  async function show(count: number): Promise<void> {
    await deps.show(badgeText(count), count > 0 ? `${t('extName')} — ${plural('badgeStatusChanges', count)}` : t('extName'));
  }

  return {
    /** One status change learned by the tracker. */
    async statusChanged({ record, to }: StatusChange): Promise<void> {
      const count = (await unseenChangesItem.getValue()) + 1;
      await unseenChangesItem.setValue(count);
      await show(count);
      if (!NOTIFIED_STATUSES.includes(to) || !(await deps.mayNotify())) return;
      const url = record.report.target.url;
      await deps.notify(`flagpost-outcome-${record.id}`, t(to === 'actioned' ? 'notifyActionedTitle' : 'notifyRejectedTitle'), url);
    },
    /** The popup was opened: everything in it has been seen. */
    async seen(): Promise<void> {
      // Removed rather than set to 0: nothing is kept for a count of none ("Delete all local data" leaves nothing).
      await unseenChangesItem.removeValue();
      await show(0);
    },
    /** The browser (re)started: badge text is not kept across restarts, the count is. */
    async restore(): Promise<void> {
      await show(await unseenChangesItem.getValue());
    },
  };
}

/** Chrome MV3 has `action`; Firefox MV2 `browserAction`. */
function toolbarButton() {
  return browser.action ?? (browser as unknown as { browserAction: typeof browser.action }).browserAction;
}

const browserToolbar: ToolbarDeps = {
  async show(text, title) {
    const button = toolbarButton();
    await button.setBadgeBackgroundColor({ color: '#8a1c1c' });
    await button.setBadgeText({ text });
    await button.setTitle({ title });
  },
  async mayNotify() {
    return notifyOutcomesOn(await loadSettings());
  },
  async notify(id, title, message) {
    await browser.notifications.create(id, { type: 'basic', iconUrl: browser.runtime.getURL('/icon/128.png'), title, message });
  },
};
