import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { hashListItem, itemsOf, MAX_ITEMS, MAX_PAGES, PAGE_SIZE, syncHashList } from '../../utils/wellbeing/hash-list';

const BASE = 'https://endpoint.example/api';
const endpoint = { base: BASE, token: 'secret' };
const hex = (n: number) => n.toString(16).padStart(64, '0');

/**
 * A fake endpoint whose list grows between syncs; answers pages the way endpoint/src/routes/hashes.ts does: an
 * entry's seq is its place in `list` (1-based); a retracted entry moves to the end, and is listed (as deleted)
 * only to `deletions=1`.
 */
function fakeEndpoint(options: { hashList?: boolean } = {}) {
  const list: { algorithm: string; value: string; deleted?: true }[] = [];
  const asked: string[] = [];
  vi.stubGlobal('fetch', async (input: string, init: RequestInit) => {
    const url = new URL(input);
    asked.push(`${url.pathname}${url.search} ${new Headers(init.headers).get('authorization')}`);
    if (url.pathname === '/api/v1') return Response.json({ name: 'fake', accepts: ['flagpost.report/1'], hashList: options.hashList ?? true });
    const since = Number(url.searchParams.get('since'));
    const limit = Number(url.searchParams.get('limit'));
    const deletions = url.searchParams.get('deletions') === '1';
    const rows = list
      .map((item, i) => ({ item, seq: i + 1 }))
      .filter(({ item, seq }) => item && seq > since && (deletions || !item.deleted))
      .slice(0, limit);
    return Response.json({ items: rows.map(({ item }) => item), next: String(rows.at(-1)?.seq ?? since) });
  });
  /** The endpoint's reports for `value` were withdrawn or rejected. */
  const retract = (value: string) => {
    const at = list.findIndex((item) => item?.value === value);
    const [item] = list.splice(at, 1, undefined as never);
    list.push({ ...item!, deleted: true });
  };
  return { list, asked, retract };
}

beforeEach(() => fakeBrowser.reset());
afterEach(() => vi.unstubAllGlobals());

describe('syncing the endpoint hash list', () => {
  test('pages from the cursor until an empty page, then resumes from where it stopped', async () => {
    const fake = fakeEndpoint();
    for (let i = 0; i < PAGE_SIZE + 3; i++) fake.list.push({ algorithm: 'url_sha256', value: hex(i) });
    const first = await syncHashList(endpoint, 1000);
    expect(first).toMatchObject({ base: BASE, cursor: String(PAGE_SIZE + 3), syncedAt: 1000 });
    expect(first!.items).toHaveLength(PAGE_SIZE + 3);
    expect(fake.asked).toEqual([
      '/api/v1 Bearer secret',
      `/api/v1/hashes?since=0&limit=${PAGE_SIZE} Bearer secret`,
      `/api/v1/hashes?since=${PAGE_SIZE}&limit=${PAGE_SIZE} Bearer secret`,
      `/api/v1/hashes?since=${PAGE_SIZE + 3}&limit=${PAGE_SIZE} Bearer secret`,
    ]);

    fake.list.push({ algorithm: 'pdq', value: hex(1).toUpperCase() });
    fake.asked.length = 0;
    const second = await syncHashList(endpoint, 2000);
    expect(fake.asked[1]).toBe(`/api/v1/hashes?since=${PAGE_SIZE + 3}&limit=${PAGE_SIZE}&deletions=1 Bearer secret`);
    expect(itemsOf(second).at(-1)).toEqual({ algorithm: 'pdq', value: hex(1) });
    expect(await hashListItem.getValue()).toEqual(second);
  });

  test('reads at most MAX_PAGES pages a sync and keeps only the newest MAX_ITEMS entries', async () => {
    const fake = fakeEndpoint();
    const total = MAX_PAGES * PAGE_SIZE + 10;
    for (let i = 0; i < total; i++) fake.list.push({ algorithm: 'md5', value: hex(i).slice(32) });
    const first = await syncHashList(endpoint);
    expect(fake.asked).toHaveLength(1 + MAX_PAGES);
    expect(first!.cursor).toBe(String(MAX_PAGES * PAGE_SIZE));
    const second = await syncHashList(endpoint);
    expect(second!.cursor).toBe(String(total));
    expect(second!.items).toHaveLength(MAX_ITEMS);
    expect(second!.items.at(-1)).toBe(`md5:${hex(total - 1).slice(32)}`);
    expect(second!.items[0]).toBe(`md5:${hex(total - MAX_ITEMS).slice(32)}`);
  });

  test('another endpoint starts from scratch; one without a hash list clears it', async () => {
    await hashListItem.setValue({ base: 'https://old.example', cursor: '99', items: ['md5:00'], syncedAt: 1 });
    const fake = fakeEndpoint();
    fake.list.push({ algorithm: 'md5', value: 'ab'.repeat(16) });
    expect((await syncHashList(endpoint))!.items).toEqual([`md5:${'ab'.repeat(16)}`]);
    expect(fake.asked[1]).toContain('since=0');

    vi.unstubAllGlobals();
    const none = fakeEndpoint({ hashList: false });
    expect(await syncHashList(endpoint)).toBeNull();
    expect(await hashListItem.getValue()).toBeNull();
    expect(none.asked).toEqual(['/api/v1 Bearer secret']);
  });

  test('an update asks for retracted entries and drops them; one listed again comes back', async () => {
    const fake = fakeEndpoint();
    for (let i = 0; i < 4; i++) fake.list.push({ algorithm: 'md5', value: hex(i).slice(32) });
    await syncHashList(endpoint);
    expect(fake.asked[1]).not.toContain('deletions');
    fake.retract(hex(1).slice(32));
    fake.retract(hex(2).slice(32));
    const updated = await syncHashList(endpoint);
    expect(fake.asked.at(-1)).toContain('&deletions=1');
    expect(updated!.items).toEqual([`md5:${hex(0).slice(32)}`, `md5:${hex(3).slice(32)}`]);
    expect(await hashListItem.getValue()).toEqual(updated);

    fake.list.push({ algorithm: 'md5', value: hex(2).slice(32) }); // vouched for again by a new report
    expect((await syncHashList(endpoint))!.items.at(-1)).toBe(`md5:${hex(2).slice(32)}`);
  });

  test('a bad page keeps what was stored and fails loudly', async () => {
    const stored = { base: BASE, cursor: '5', items: ['md5:00'], syncedAt: 1 };
    await hashListItem.setValue(stored);
    vi.stubGlobal('fetch', async (input: string) =>
      input.endsWith('/v1') ? Response.json({ name: 'x', accepts: ['flagpost.report/1'], hashList: true }) : Response.json({ items: 'nope' }),
    );
    await expect(syncHashList(endpoint)).rejects.toThrow(/hash list/);
    expect(await hashListItem.getValue()).toEqual(stored);
  });
});

test('a malformed entry is skipped and counted; the entries around it are kept and the cursor moves on', async () => {
  const good = (n: number) => ({ algorithm: 'md5', value: hex(n).slice(32) });
  const pages: Record<string, unknown> = {
    '0': { items: [good(1), { algorithm: 'md5', value: 42 }, { algorithm: 'x'.repeat(41), value: 'ab' }, null, good(2)], next: '5' },
    '5': { items: [], next: '5' },
  };
  vi.stubGlobal('fetch', async (input: string) => {
    const url = new URL(input);
    if (url.pathname === '/api/v1') return Response.json({ name: 'fake', accepts: ['flagpost.report/1'], hashList: true });
    return Response.json(pages[url.searchParams.get('since')!]);
  });
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const list = await syncHashList(endpoint);
  expect(itemsOf(list)).toEqual([good(1), good(2)]);
  expect(list!.cursor).toBe('5');
  expect(warn).toHaveBeenCalledWith(expect.stringContaining('3 invalid entries'));
  warn.mockRestore();
});
