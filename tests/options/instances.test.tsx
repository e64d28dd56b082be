/** The Mastodon instances list on the settings page: each host granted by the user is kept, even with two settings pages open. */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Instances } from '../../components/options/Instances';
import { instancesItem } from '../../utils/instances';
import { defaultSettings, settingsItem } from '../../utils/settings';

let pages: HTMLElement[] = [];
beforeEach(() => {
  fakeBrowser.reset();
  pages = [document.createElement('div'), document.createElement('div')];
  document.body.append(...pages);
});
afterEach(() => {
  for (const page of pages) { render(null, page); page.remove(); }
});

async function type(page: HTMLElement, text: string) {
  const input = page.querySelector<HTMLInputElement>('#instance')!;
  input.value = text;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await act(async () => {});
}
const addButton = (page: HTMLElement) => [...page.querySelectorAll('button')].find((b) => b.textContent === 'Add instance')!;

test('an instance added on one page while the other page waits for its prompt is not lost', async () => {
  let grantA!: (granted: boolean) => void;
  fakeBrowser.permissions.request = vi.fn(({ origins = [] }) =>
    origins[0] === 'https://a.example/*' ? new Promise<boolean>((resolve) => (grantA = resolve)) : Promise.resolve(true),
  ) as typeof fakeBrowser.permissions.request;
  await act(() => render(<Instances />, pages[0]!));
  await act(() => render(<Instances />, pages[1]!));
  await act(async () => {});

  await type(pages[0]!, 'a.example');
  await act(async () => addButton(pages[0]!).click()); // prompt up on page A
  await type(pages[1]!, 'b.example');
  await act(async () => { addButton(pages[1]!).click(); await new Promise((r) => setTimeout(r, 0)); });
  expect(await instancesItem.getValue()).toEqual(['b.example']);

  await act(async () => { grantA(true); await new Promise((r) => setTimeout(r, 0)); });
  // Both were granted by the user: both must be kept (b.example's host permission stays granted either way).
  expect((await instancesItem.getValue()).sort()).toEqual(['a.example', 'b.example']);
});

test('a wildcard host is refused with the reason, before any permission is asked', async () => {
  fakeBrowser.permissions.request = vi.fn(async () => true) as typeof fakeBrowser.permissions.request;
  await act(() => render(<Instances />, pages[0]!));
  await type(pages[0]!, '*.com');
  await act(async () => addButton(pages[0]!).click());
  expect(fakeBrowser.permissions.request).not.toHaveBeenCalled();
  expect(pages[0]!.querySelector('#instance-error')?.textContent).toBe('Enter an https address such as mastodon.social.');
  expect(await instancesItem.getValue()).toEqual([]);
});

test('removing an instance on the same origin as the saved endpoint keeps that host: the endpoint still uses it', async () => {
  await settingsItem.setValue({ ...defaultSettings, endpointBase: 'https://social.example/api' });
  await instancesItem.setValue(['social.example', 'other.example']);
  fakeBrowser.permissions.remove = vi.fn(async () => true) as typeof fakeBrowser.permissions.remove;
  await act(() => render(<Instances />, pages[0]!));
  await act(async () => { await new Promise((r) => setTimeout(r, 0)); });
  const removeButton = (host: string) => pages[0]!.querySelector<HTMLButtonElement>(`[data-instance="${host}"] button`)!;
  await act(async () => { removeButton('social.example').click(); await new Promise((r) => setTimeout(r, 0)); });
  await act(async () => { removeButton('other.example').click(); await new Promise((r) => setTimeout(r, 0)); });
  expect(await instancesItem.getValue()).toEqual([]);
  expect(vi.mocked(fakeBrowser.permissions.remove).mock.calls).toEqual([[{ origins: ['https://other.example/*'] }]]);
});
