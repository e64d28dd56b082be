/**
 * The opt-in outcome notice asks the optional `notifications` permission at the click, and gives it back when turned off;
 * the choice is stored with it, so a page closed unsaved cannot leave the two apart.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Notifications } from '../../components/options/Notifications';
import { defaultSettings, loadSettings, settingsItem, type Settings } from '../../utils/settings';
import { containerPerTest } from '../preact-container';

const container = containerPerTest();
const asked: string[] = [];

beforeEach(() => {
  fakeBrowser.reset();
  asked.length = 0;
});

async function show(settings: Partial<Settings>, grant: boolean) {
  fakeBrowser.permissions.request = vi.fn(async ({ permissions = [] }) => (asked.push(`request ${permissions.join()}`), grant));
  fakeBrowser.permissions.remove = vi.fn(async ({ permissions = [] }) => (asked.push(`remove ${permissions.join()}`), true));
  const onChange = vi.fn();
  await act(() => render(<Notifications settings={{ ...defaultSettings, ...settings }} onChange={onChange} />, container()));
  const box = container().querySelector<HTMLInputElement>('#notifyOutcomes')!;
  return { onChange, box };
}

/** A click, and the permission's answer and re-render after it. */
async function click(box: HTMLInputElement): Promise<void> {
  await act(async () => {
    box.click();
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

describe('Notifications', () => {
  test('off by default; turning it on asks the permission and, granted, turns it on', async () => {
    const { onChange, box } = await show({}, true);
    expect(box.checked).toBe(false);
    await click(box);
    expect(asked).toEqual(['request notifications']);
    expect(onChange).toHaveBeenLastCalledWith({ notifyOutcomes: true });
    expect(container().querySelector('[role="alert"]')).toBeNull();
    expect((await loadSettings()).notifyOutcomes).toBe(true);
  });

  test('refused by the browser: stays off, and says why', async () => {
    const { onChange, box } = await show({}, false);
    await click(box);
    expect(onChange).toHaveBeenLastCalledWith({ notifyOutcomes: false });
    expect(container().querySelector('[role="alert"]')?.textContent).toBe('The browser did not allow notifications, so this stays off.');
  });

  test('turning it off gives the permission back', async () => {
    await settingsItem.setValue({ ...defaultSettings, notifyOutcomes: true });
    const { onChange, box } = await show({ notifyOutcomes: true }, true);
    await click(box);
    expect(onChange).toHaveBeenLastCalledWith({ notifyOutcomes: false });
    expect(asked).toEqual(['remove notifications']);
    expect((await loadSettings()).notifyOutcomes).toBe(false);
  });
});
