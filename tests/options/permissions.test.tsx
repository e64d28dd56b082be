/** What the settings page asks the browser for, and gives back: a host or API it no longer uses is not kept. */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Options } from '../../components/options/Options';
import { instancesItem } from '../../utils/instances';
import { defaultSettings, loadSettings, settingsItem } from '../../utils/settings';
import { containerPerTest } from '../preact-container';

const container = containerPerTest();
let grantedOrigins: Set<string>;
let grantedApis: Set<string>;
let grantedConsents: Set<string>;
type Asked = { origins?: string[]; permissions?: string[]; data_collection?: string[] };

beforeEach(() => {
  fakeBrowser.reset();
  grantedOrigins = new Set();
  grantedApis = new Set();
  grantedConsents = new Set();
  fakeBrowser.permissions.request = vi.fn(async ({ origins = [], permissions = [], data_collection = [] }: Asked) => {
    origins.forEach((o) => grantedOrigins.add(o));
    permissions.forEach((p) => grantedApis.add(p));
    data_collection.forEach((c) => grantedConsents.add(c));
    return true;
  }) as typeof fakeBrowser.permissions.request;
  fakeBrowser.permissions.remove = vi.fn(async ({ origins = [], permissions = [], data_collection = [] }: Asked) => {
    origins.forEach((o) => grantedOrigins.delete(o));
    permissions.forEach((p) => grantedApis.delete(p));
    data_collection.forEach((c) => grantedConsents.delete(c));
    return true;
  }) as typeof fakeBrowser.permissions.remove;
  fakeBrowser.permissions.contains = vi.fn(async ({ origins = [], permissions = [], data_collection = [] }: Asked) =>
    origins.every((o) => grantedOrigins.has(o)) && permissions.every((p) => grantedApis.has(p))
      && data_collection.every((c) => grantedConsents.has(c)),
  ) as typeof fakeBrowser.permissions.contains;
  fakeBrowser.permissions.getAll = vi.fn(async () => ({ origins: [...grantedOrigins], permissions: [...grantedApis] })) as typeof fakeBrowser.permissions.getAll;
});
afterEach(() => vi.unstubAllEnvs());

const tick = () => act(async () => { await new Promise((r) => setTimeout(r, 0)); });

async function open() {
  await act(() => render(<Options />, container()));
  await tick();
}

async function typeInto(id: string, value: string) {
  const input = container().querySelector<HTMLInputElement>(`#${id}`)!;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await tick();
}

async function save() {
  const button = [...container().querySelectorAll('button')].find((b) => b.textContent === 'Save')!;
  await act(async () => { button.click(); await new Promise((r) => setTimeout(r, 0)); });
  await tick();
}

test('moving to another endpoint gives back the old endpoint host permission', async () => {
  await settingsItem.setValue({ ...defaultSettings, endpointBase: 'https://old-intake.example' });
  grantedOrigins.add('https://old-intake.example/*');
  await open();
  await typeInto('endpointBase', 'https://new-intake.example');
  await save();
  expect((await loadSettings()).endpointBase).toBe('https://new-intake.example');
  expect([...grantedOrigins]).toEqual(['https://new-intake.example/*']);
});

test('clearing the endpoint gives back its host permission', async () => {
  await settingsItem.setValue({ ...defaultSettings, endpointBase: 'https://old-intake.example' });
  grantedOrigins.add('https://old-intake.example/*');
  await open();
  await typeInto('endpointBase', '');
  await save();
  expect((await loadSettings()).endpointBase).toBe('');
  expect([...grantedOrigins]).toEqual([]);
});

test('the old endpoint host stays granted while a Mastodon instance the user added is on it', async () => {
  await settingsItem.setValue({ ...defaultSettings, endpointBase: 'https://social.example/flagpost' });
  await instancesItem.setValue(['social.example']);
  grantedOrigins.add('https://social.example/*');
  await open();
  await typeInto('endpointBase', 'https://new-intake.example');
  await save();
  expect([...grantedOrigins].sort()).toEqual(['https://new-intake.example/*', 'https://social.example/*']);
});

test('saving the same endpoint again keeps its host', async () => {
  await settingsItem.setValue({ ...defaultSettings, endpointBase: 'https://intake.example' });
  grantedOrigins.add('https://intake.example/*');
  await open();
  await typeInto('token', 'tok');
  await save();
  expect([...grantedOrigins]).toEqual(['https://intake.example/*']);
});

test('notifications switched off but the page left unsaved: the stored choice and the permission agree when the page is opened again', async () => {
  await settingsItem.setValue({ ...defaultSettings, notifyOutcomes: true });
  grantedApis.add('notifications');
  await open();
  const box = () => container().querySelector<HTMLInputElement>('#notifyOutcomes')!;
  expect(box().checked).toBe(true);
  await act(async () => { box().click(); await new Promise((r) => setTimeout(r, 0)); });
  expect(box().checked).toBe(false);
  // The volunteer closes the tab without pressing Save, then opens Settings again.
  render(null, container());
  await open();
  const permission = grantedApis.has('notifications');
  // Shown on while the browser holds no permission, no notification would ever come.
  expect({ checked: box().checked, permission }).toEqual({ checked: permission, permission });
});

test('notifications stored on but taken back in the browser\'s settings: shown off, and Save stores off', async () => {
  await settingsItem.setValue({ ...defaultSettings, notifyOutcomes: true });
  await open();
  expect(container().querySelector<HTMLInputElement>('#notifyOutcomes')!.checked).toBe(false);
  await save();
  expect((await loadSettings()).notifyOutcomes).toBe(false);
});

test('on Firefox, going from named back to anonymous gives back the consent to send name and email', async () => {
  vi.stubEnv('FIREFOX', true as never);
  await settingsItem.setValue({ ...defaultSettings, reporterMode: 'named', reporterName: 'Ada', reporterEmail: 'ada@example.org' });
  grantedConsents.add('personallyIdentifyingInfo');
  await open();
  await act(async () => container().querySelector<HTMLInputElement>('input[value="anonymous"]')!.click());
  await save();
  expect((await loadSettings()).reporterMode).toBe('anonymous');
  expect([...grantedConsents]).toEqual([]);
});

test('on Firefox, saving in named mode keeps the consent it asked for', async () => {
  vi.stubEnv('FIREFOX', true as never);
  await open();
  await act(async () => container().querySelector<HTMLInputElement>('input[value="named"]')!.click());
  await typeInto('reporterName', 'Ada');
  await typeInto('reporterEmail', 'ada@example.org');
  await save();
  expect((await loadSettings()).reporterMode).toBe('named');
  expect([...grantedConsents]).toEqual(['personallyIdentifyingInfo']);
});
