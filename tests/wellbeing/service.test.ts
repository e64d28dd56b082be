import { beforeEach, describe, expect, test, vi, type Mock } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { defaultSettings, type Settings } from '../../utils/settings';
import { hashListItem, SYNC_OUTDATED } from '../../utils/wellbeing/hash-list';
import { permalinkHash, type HashListItem } from '../../utils/wellbeing/reported-index';
import { changesMarks, createWellbeing, ensureSyncAlarm, needsSync, SYNC_PERIOD_MINUTES, WELLBEING_SYNC_ALARM } from '../../utils/wellbeing/service';

const MINE = 'https://x.com/a/status/1';
const LISTED = 'https://x.com/b/status/2';
const OTHER = 'https://x.com/c/status/3';
const PICTURE = 'https://pbs.twimg.com/media/P?format=jpg&name=small';
const BRIDGE = 'd8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22';
const tab = { id: 'self', tab: { id: 1, url: 'https://x.com/home' } } as never;

let settings: Settings;
let hashMedium: Mock<(url: string) => Promise<HashListItem[]>>;

function wellbeing() {
  return createWellbeing({
    endpoint: async () => ({ key: 'popupNoEndpoint' }),
    settings: async () => settings,
    hashMedium,
  });
}

beforeEach(async () => {
  fakeBrowser.reset();
  settings = { ...defaultSettings };
  hashMedium = vi.fn(async (_url: string) => [{ algorithm: 'pdq', value: BRIDGE }]);
  await hashListItem.setValue({
    base: 'https://endpoint.example',
    cursor: '2',
    items: [`url_sha256:${await permalinkHash(LISTED)}`, `pdq:${BRIDGE}`],
    syncedAt: 0,
  });
});

describe('answering the content script', () => {
  test('the stored endpoint list marks posts, never the user\'s own history; settings say how', async () => {
    const answer = await wellbeing().check({ posts: [{ permalink: OTHER, media: [] }, { permalink: MINE, media: [] }, { permalink: LISTED, media: [] }] });
    expect(answer).toEqual({ mark: true, blur: true, matchMedia: false, empty: false, reported: [2] });
    settings = { ...settings, blurReportedMedia: false, matchOnScreenMedia: true };
    expect(await wellbeing().check({ posts: [] })).toMatchObject({ blur: false, matchMedia: true });
  });

  test('markReported off: nothing is marked and nothing is looked up', async () => {
    settings = { ...settings, markReported: false };
    expect(await wellbeing().check({ posts: [{ permalink: MINE, media: [] }] })).toEqual({ mark: false, blur: false, matchMedia: false, empty: true, reported: [] });
  });

  test('after "delete all local data" nothing of the list is remembered', async () => {
    const service = wellbeing();
    expect((await service.check({ posts: [{ permalink: LISTED, media: [] }] })).reported).toEqual([0]);
    await hashListItem.setValue(null);
    service.forget();
    expect(await service.check({ posts: [{ permalink: MINE, media: [] }, { permalink: OTHER, media: [] }, { permalink: LISTED, media: [] }] }))
      .toMatchObject({ empty: true, reported: [] });
  });
});

describe('"delete all local data" while work is under way', () => {
  test('a hash-list sync running when the user deletes everything writes nothing back', async () => {
    settings = { ...settings, endpointBase: 'https://endpoint.example', token: 'volunteer-token' };
    let wipe = () => {};
    vi.stubGlobal('fetch', async (input: string) => {
      if (input.endsWith('/v1')) return Response.json({ name: 'x', accepts: ['flagpost.report/1'], hashList: true });
      wipe(); // the user presses "Delete all local data" while the list is on its way
      return Response.json({ items: [{ algorithm: 'md5', value: '0'.repeat(32) }], next: '1' });
    });
    const service = createWellbeing({
      endpoint: async () => ({ base: 'https://endpoint.example/api', token: 'volunteer-token' }), settings: async () => settings, hashMedium,
    });
    wipe = () => {
      void fakeBrowser.storage.local.clear();
      service.forget();
    };
    await service.sync().catch(() => undefined);
    vi.unstubAllGlobals();
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    expect((await service.check({ posts: [{ permalink: LISTED, media: [] }] })).reported).toEqual([]);
  });

  test('the on-screen media hashed so far are forgotten', async () => {
    settings = { ...settings, matchOnScreenMedia: true };
    const service = wellbeing();
    await service.match({ urls: [PICTURE] }, tab);
    await service.match({ urls: [PICTURE] }, tab);
    expect(hashMedium).toHaveBeenCalledTimes(1); // remembered
    service.forget();
    await hashListItem.setValue({ base: 'https://endpoint.example', cursor: '2', items: [`pdq:${BRIDGE}`], syncedAt: 0 });
    await service.match({ urls: [PICTURE] }, tab);
    expect(hashMedium).toHaveBeenCalledTimes(2);
  });
});

describe('on-screen media', () => {
  test('opted out (the default): no medium is fetched', async () => {
    expect(await wellbeing().match({ urls: [PICTURE] }, tab)).toEqual({ matched: [] });
    expect(hashMedium).not.toHaveBeenCalled();
  });

  test('opted in: media hosts and the page\'s own host only; a listed PDQ marks the medium', async () => {
    settings = { ...settings, matchOnScreenMedia: true };
    const own = 'https://x.com/picture.png';
    const answer = await wellbeing().match({ urls: [PICTURE, 'https://evil.example/a.png', 'http://pbs.twimg.com/a.png', own] }, tab);
    expect(answer).toEqual({ matched: [PICTURE, own] });
    expect(hashMedium.mock.calls.map(([url]) => url).sort()).toEqual([own, PICTURE].sort());
  });
});

test('a sync is due when the endpoint or the wellbeing switches change, not for other settings', () => {
  expect(needsSync({ ...defaultSettings, endpointBase: 'https://e.example' }, defaultSettings)).toBe(true);
  expect(needsSync({ ...defaultSettings, matchOnScreenMedia: true }, defaultSettings)).toBe(true);
  expect(needsSync({ ...defaultSettings, reporterName: 'A' }, defaultSettings)).toBe(false);
});

test('the sync alarm is made once, and a wake-up does not restart its countdown', async () => {
  await ensureSyncAlarm(fakeBrowser.alarms);
  const first = await fakeBrowser.alarms.get(WELLBEING_SYNC_ALARM);
  expect(first).toMatchObject({ periodInMinutes: SYNC_PERIOD_MINUTES });
  const create = vi.spyOn(fakeBrowser.alarms, 'create');
  await ensureSyncAlarm(fakeBrowser.alarms);
  expect(create).not.toHaveBeenCalled();
});

describe('the endpoint changes while a sync is under way', () => {
  test('the list in use is the current endpoint\'s, whichever sync started first', async () => {
    const ON_A = 'https://x.com/a/status/1';
    const ON_B = 'https://x.com/b/status/2';
    await hashListItem.setValue(null);
    let releaseA!: () => void;
    const gateA = new Promise<void>((resolve) => (releaseA = resolve));
    const listed: Record<string, string> = { 'a.example': await permalinkHash(ON_A), 'b.example': await permalinkHash(ON_B) };
    vi.stubGlobal('fetch', async (input: string) => {
      const url = new URL(input);
      if (url.pathname === '/v1') return Response.json({ name: 'fake', accepts: ['flagpost.report/1'], hashList: true });
      if (url.hostname === 'a.example') await gateA; // the previous endpoint is slow
      const since = Number(url.searchParams.get('since'));
      const items = since === 0 ? [{ algorithm: 'url_sha256', value: listed[url.hostname] }] : [];
      return Response.json({ items, next: String(since + items.length) });
    });
    let endpoint = { base: 'https://a.example', token: 't' };
    const service = createWellbeing({ endpoint: async () => endpoint, settings: async () => settings, hashMedium });

    const alarmSync = service.sync().catch(() => undefined); // the 30-minute alarm, still on endpoint A
    await new Promise((resolve) => setTimeout(resolve, 0));
    endpoint = { base: 'https://b.example', token: 't' }; // the volunteer saves endpoint B: settings watch → sync
    const settingsSync = service.sync();
    await new Promise((resolve) => setTimeout(resolve, 50)); // time enough for B's sync, were it not waiting for A's
    releaseA();
    await Promise.all([alarmSync, settingsSync]);
    vi.unstubAllGlobals();

    expect((await hashListItem.getValue())?.base).toBe('https://b.example');
    expect((await service.check({ posts: [{ permalink: ON_A, media: [] }, { permalink: ON_B, media: [] }] })).reported).toEqual([1]);
  });

  test('a sync whose endpoint is no longer the configured one writes nothing', async () => {
    const stored = await hashListItem.getValue();
    let endpoint = { base: 'https://a.example', token: 't' };
    vi.stubGlobal('fetch', async (input: string) => {
      const url = new URL(input);
      if (url.pathname === '/v1') return Response.json({ name: 'fake', accepts: ['flagpost.report/1'], hashList: true });
      endpoint = { base: 'https://b.example', token: 't' }; // saved while A's list is on its way
      return Response.json({ items: [{ algorithm: 'md5', value: '0'.repeat(32) }], next: '1' });
    });
    const service = createWellbeing({ endpoint: async () => endpoint, settings: async () => settings, hashMedium });
    await expect(service.sync()).rejects.toThrow(SYNC_OUTDATED);
    vi.unstubAllGlobals();
    expect(await hashListItem.getValue()).toEqual(stored);
  });
});

test('an entry the endpoint retracted no longer marks posts, in memory as in storage', async () => {
  const retracted = { algorithm: 'url_sha256', value: await permalinkHash(LISTED), deleted: true };
  vi.stubGlobal('fetch', async (input: string) => {
    const url = new URL(input);
    if (url.pathname === '/v1') return Response.json({ name: 'fake', accepts: ['flagpost.report/1'], hashList: true });
    const since = url.searchParams.get('since');
    return Response.json(since === '2' && url.searchParams.get('deletions') === '1' ? { items: [retracted], next: '3' } : { items: [], next: since });
  });
  const service = createWellbeing({ endpoint: async () => ({ base: 'https://endpoint.example', token: 't' }), settings: async () => settings, hashMedium });
  expect((await service.check({ posts: [{ permalink: LISTED, media: [] }] })).reported).toEqual([0]);
  await service.sync();
  vi.unstubAllGlobals();
  expect((await service.check({ posts: [{ permalink: LISTED, media: [] }] })).reported).toEqual([]);
  expect((await hashListItem.getValue())!.items).toEqual([`pdq:${BRIDGE}`]);
});

describe('telling open feeds that the list changed', () => {
  const endpoint = async () => ({ base: 'https://endpoint.example', token: 't' });
  /** An endpoint that lists `items` after the stored cursor (2) once, then nothing new. */
  function serve(items: unknown[]) {
    vi.stubGlobal('fetch', async (input: string) => {
      const url = new URL(input);
      if (url.pathname === '/v1') return Response.json({ name: 'fake', accepts: ['flagpost.report/1'], hashList: true });
      const since = url.searchParams.get('since')!;
      return Response.json(since === '2' && items.length ? { items, next: '3' } : { items: [], next: since });
    });
  }

  test('a sync that brings entries tells them; one that brings nothing does not', async () => {
    const listChanged = vi.fn();
    const service = createWellbeing({ endpoint, settings: async () => settings, hashMedium, listChanged });
    serve([]);
    await service.sync();
    expect(listChanged).not.toHaveBeenCalled();
    serve([{ algorithm: 'md5', value: '0'.repeat(32) }]);
    await service.sync();
    vi.unstubAllGlobals();
    expect(listChanged).toHaveBeenCalledTimes(1);
  });

  test('the settings that change what a feed shows are the marking switches, not the endpoint', () => {
    expect(changesMarks({ ...defaultSettings, markReported: false }, defaultSettings)).toBe(true);
    expect(changesMarks({ ...defaultSettings, blurReportedMedia: false }, defaultSettings)).toBe(true);
    expect(changesMarks({ ...defaultSettings, endpointBase: 'https://e.example' }, defaultSettings)).toBe(false);
  });
});
