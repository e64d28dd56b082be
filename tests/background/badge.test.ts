/** The toolbar: the badge counts status changes since the popup was last opened; outcome notices only when opted in. */
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { badgeText, createToolbar, unseenChangesItem } from '../../utils/background/badge';
import type { StatusChange } from '../../utils/pipeline/track';
import type { StoredReport } from '../../utils/store/reports';
import { validReport } from '../../test-support/fixtures';

const report = validReport();
const record = { id: report.id, report, status: 'sent', attempts: 1, nextAttemptAt: 0, createdAt: 0, updatedAt: 0 } as StoredReport;
const change = (from: StatusChange['from'], to: StatusChange['to']): StatusChange => ({ record, from, to });

function toolbar(mayNotify = false) {
  const shown: { text: string; title: string }[] = [];
  const notify = vi.fn(async () => {});
  const bar = createToolbar({ show: async (text, title) => void shown.push({ text, title }), mayNotify: async () => mayNotify, notify });
  return { bar, shown, notify };
}

beforeEach(() => fakeBrowser.reset());

describe('badgeText', () => {
  test('nothing for none, the number, and never wider than the badge', () => {
    expect([0, 1, 42, 99, 100, 5000].map(badgeText)).toEqual(['', '1', '42', '99', '99+', '99+']);
  });
});

describe('the toolbar badge', () => {
  test('counts each status change, with a title that says it in words (plural)', async () => {
    const { bar, shown } = toolbar();
    await bar.statusChanged(change('received', 'under_review'));
    await bar.statusChanged(change('under_review', 'actioned'));
    expect(shown).toEqual([
      { text: '1', title: 'Flagpost — 1 status change since you last opened Flagpost' },
      { text: '2', title: 'Flagpost — 2 status changes since you last opened Flagpost' },
    ]);
    expect(await unseenChangesItem.getValue()).toBe(2);
  });

  test('opening the popup clears it; the next change counts from one again', async () => {
    const { bar, shown } = toolbar();
    await bar.statusChanged(change('received', 'under_review'));
    await bar.seen();
    expect(shown.at(-1)).toEqual({ text: '', title: 'Flagpost' });
    await bar.statusChanged(change('under_review', 'rejected'));
    expect(shown.at(-1)?.text).toBe('1');
  });

  test('a browser restart shows the count kept in storage again', async () => {
    await unseenChangesItem.setValue(4);
    const { bar, shown } = toolbar();
    await bar.restore();
    expect(shown).toEqual([{ text: '4', title: 'Flagpost — 4 status changes since you last opened Flagpost' }]);
  });
});

describe('outcome notifications', () => {
  test('only for actioned or rejected, and only when opted in (setting and permission)', async () => {
    const off = toolbar(false);
    await off.bar.statusChanged(change('under_review', 'actioned'));
    expect(off.notify).not.toHaveBeenCalled();

    const on = toolbar(true);
    await on.bar.statusChanged(change('received', 'under_review'));
    await on.bar.statusChanged(change('under_review', 'forwarded'));
    expect(on.notify).not.toHaveBeenCalled();
    await on.bar.statusChanged(change('forwarded', 'actioned'));
    await on.bar.statusChanged(change('under_review', 'rejected'));
    expect(on.notify.mock.calls).toEqual([
      [`flagpost-outcome-${record.id}`, 'Flagpost: a report was actioned', report.target.url],
      [`flagpost-outcome-${record.id}`, 'Flagpost: a report was rejected', report.target.url],
    ]);
  });
});
