/**
 * The settings page loads what is stored after it appears: a field typed into before that load answers keeps what
 * was typed (a quick typist on a loaded machine; the Firefox e2e's settings were wiped this way, now and then).
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Options } from '../../components/options/Options';
import { defaultSettings, settingsItem } from '../../utils/settings';
import { containerPerTest } from '../preact-container';

const container = containerPerTest();

beforeEach(() => {
  fakeBrowser.reset();
});

test('what is typed before the stored settings load stays; the other fields show what is stored', async () => {
  await settingsItem.setValue({ ...defaultSettings, endpointBase: 'https://stored.example', token: 'stored-token' });
  // Rendered, and typed into at once: before the page's effect has asked storage for anything.
  render(<Options />, container());
  const base = container().querySelector<HTMLInputElement>('#endpointBase')!;
  base.value = 'https://typed.example';
  base.dispatchEvent(new Event('input', { bubbles: true }));
  await act(async () => {});
  await vi.waitFor(() => expect(container().querySelector<HTMLInputElement>('#token')!.value).toBe('stored-token'));
  expect(container().querySelector<HTMLInputElement>('#endpointBase')!.value).toBe('https://typed.example');
});
