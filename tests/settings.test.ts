import { fakeBrowser } from 'wxt/testing';
import { beforeEach, describe, expect, test } from 'vitest';
import { endpointOriginPattern, parseEndpointBase } from '../utils/endpoint/base';
import { saveRelease, saveRequest } from '../utils/save-permissions';
import { defaultVideoLimits } from '../utils/hash/video-decode';
import { videoLimitsFrom } from '../utils/hash/video-limits';
import { defaultSettings, loadSettings, settingsItem, validateSettings } from '../utils/settings';

describe('parseEndpointBase', () => {
  test.each([
    ['https://reports.example.org/', 'https://reports.example.org'],
    ['  https://reports.example.org/flagpost//  ', 'https://reports.example.org/flagpost'],
    ['http://127.0.0.1:8787', 'http://127.0.0.1:8787'],
    ['http://localhost:8787/', 'http://localhost:8787'],
    ['http://[::1]:8787', 'http://[::1]:8787'],
  ])('accepts %s', (input, base) => {
    expect(parseEndpointBase(input)).toEqual({ ok: true, value: base });
  });

  test.each([
    ['', 'errorUrlEmpty'],
    ['reports.example.org', 'errorUrlInvalid'],
    ['http://reports.example.org', 'errorUrlNotHttps'],
    ['http://192.168.1.10', 'errorUrlNotHttps'],
    ['ftp://reports.example.org', 'errorUrlNotHttps'],
    ['javascript:alert(1)', 'errorUrlNotHttps'],
    ['https://reports.example.org/?a=1', 'errorUrlHasQuery'],
    ['https://user:pw@reports.example.org', 'errorUrlInvalid'],
  ])('refuses %j with a message that says why', (input, error) => {
    expect(parseEndpointBase(input)).toEqual({ ok: false, error });
  });

  test('asks permission for the endpoint host only', () => {
    expect(endpointOriginPattern('http://127.0.0.1:8787/x')).toBe('http://127.0.0.1/*');
  });
});

describe('validateSettings', () => {
  test('the defaults are valid: anonymous, no endpoint yet', () => {
    expect(validateSettings(defaultSettings)).toEqual({});
  });

  test('names each bad field', () => {
    expect(
      validateSettings({ ...defaultSettings, endpointBase: 'http://example.org', reporterMode: 'named', reporterEmail: 'nope' }),
    ).toEqual({ endpointBase: 'errorUrlNotHttps', reporterName: 'errorNameRequired', reporterEmail: 'errorEmailInvalid' });
  });

  test('a base URL ending in /v1 is refused at Save: Flagpost adds /v1 itself, so every request would go to /v1/v1/…', () => {
    for (const endpointBase of ['https://endpoint.example/v1', 'https://endpoint.example/api/V1/']) {
      expect(validateSettings({ ...defaultSettings, endpointBase })).toEqual({ endpointBase: 'connectionBasePathV1' });
    }
    expect(validateSettings({ ...defaultSettings, endpointBase: 'https://endpoint.example/v1x' })).toEqual({});
  });

  test('a token with a space or line break inside is refused; one only padded by them is fine (it is trimmed on save)', () => {
    expect(validateSettings({ ...defaultSettings, token: 'abc def' })).toEqual({ token: 'errorTokenInvalid' });
    expect(validateSettings({ ...defaultSettings, token: 'abc\ndef' })).toEqual({ token: 'errorTokenInvalid' });
    expect(validateSettings({ ...defaultSettings, token: 'tök' })).toEqual({ token: 'errorTokenInvalid' });
    expect(validateSettings({ ...defaultSettings, token: '  abc.DEF-123_~+/=\n' })).toEqual({});
  });

  test('what the schema refuses is named at its field: too long, or a value no control offers', () => {
    expect(validateSettings({ ...defaultSettings, reporterMode: 'named', reporterName: 'n'.repeat(201), reporterEmail: 'a@b.org' }))
      .toEqual({ reporterName: 'errorTooLong' });
    expect(validateSettings({ ...defaultSettings, language: 'zh' as never })).toEqual({ language: 'errorFieldInvalid' });
    expect(validateSettings({ ...defaultSettings, markReported: 'yes' as never })).toEqual({ markReported: 'errorFieldInvalid' });
  });
});

describe('video limits', () => {
  test('the defaults are the decoder\'s own', () => {
    expect(videoLimitsFrom(defaultSettings)).toEqual(defaultVideoLimits);
  });

  test('whole minutes and megabytes within range; anything else is named at its field', () => {
    expect(validateSettings({ ...defaultSettings, videoMaxMinutes: 60, videoMaxMegabytes: 1 })).toEqual({});
    for (const videoMaxMinutes of [0, 61, 2.5, Number.NaN]) {
      expect(validateSettings({ ...defaultSettings, videoMaxMinutes })).toEqual({ videoMaxMinutes: 'errorVideoMinutes' });
    }
    for (const videoMaxMegabytes of [0, 2001, 1.5, Number.NaN]) {
      expect(validateSettings({ ...defaultSettings, videoMaxMegabytes })).toEqual({ videoMaxMegabytes: 'errorVideoMegabytes' });
    }
  });

  test('the user\'s values become the decoder\'s limits, with frames to match a longer duration', () => {
    const limits = videoLimitsFrom({ videoMaxMinutes: 20, videoMaxMegabytes: 800 });
    expect(limits).toMatchObject({ maxDurationS: 1200, maxBytes: 800 * 1024 * 1024, maxFrameSide: defaultVideoLimits.maxFrameSide });
    expect(limits.maxFrames).toBe(defaultVideoLimits.maxFrames * 2);
  });
});

describe('loadSettings', () => {
  beforeEach(() => fakeBrowser.reset());

  test('settings saved before the newer fields existed keep their endpoint and gain the defaults', async () => {
    const { language: _l, markReported: _m, blurReportedMedia: _b, matchOnScreenMedia: _p, ...older } = defaultSettings;
    await settingsItem.setValue({ ...older, endpointBase: 'https://reports.example.org', token: 't' } as never);
    expect(await loadSettings()).toEqual({ ...defaultSettings, endpointBase: 'https://reports.example.org', token: 't' });
  });

  // One field this version no longer accepts must not cost the endpoint, token and identity (the next Save would store the loss).
  const stored = {
    ...defaultSettings, endpointBase: 'https://reports.example.org', token: 'tok-123',
    reporterMode: 'named' as const, reporterName: 'Ada', reporterEmail: 'ada@example.org',
  };

  test('a video limit outside today\'s range (saved when it was wider) is brought to its nearest end; the rest is kept', async () => {
    await fakeBrowser.storage.local.set({ settings: { ...stored, videoMaxMinutes: 90, videoMaxMegabytes: 0 } });
    expect(await loadSettings()).toEqual({ ...stored, videoMaxMinutes: 60, videoMaxMegabytes: 1 });
  });

  test('a language no longer offered, or a field of the wrong type, falls back to its default alone', async () => {
    await fakeBrowser.storage.local.set({ settings: { ...stored, language: 'ru', markReported: 'yes', videoMaxMinutes: 'ten' } });
    expect(await loadSettings()).toEqual({ ...stored, language: 'auto', markReported: true, videoMaxMinutes: defaultSettings.videoMaxMinutes });
  });
});

describe('what Save asks the browser for', () => {
  test('the endpoint host; on Firefox in named mode, consent to send name and email too', () => {
    expect(saveRequest('https://reports.example.org/*', false, false)).toEqual({ origins: ['https://reports.example.org/*'] });
    expect(saveRequest('https://reports.example.org/*', true, false)).toEqual({ origins: ['https://reports.example.org/*'] });
    expect(saveRequest(undefined, true, true)).toEqual({ data_collection: ['personallyIdentifyingInfo'] });
    expect(saveRequest(undefined, false, true)).toEqual({});
  });

  test('what Save gives back: a previous endpoint host no longer used, and on Firefox a consent no longer needed', () => {
    const anonymous = { endpointBase: 'https://new.example', reporterMode: 'anonymous' };
    expect(saveRelease('https://old.example/api', anonymous, [], false)).toEqual({ origins: ['https://old.example/*'] });
    expect(saveRelease('https://old.example/api', { ...anonymous, endpointBase: '' }, [], false)).toEqual({ origins: ['https://old.example/*'] });
    // Same origin, another path: still used.
    expect(saveRelease('https://new.example/v2', anonymous, [], false)).toEqual({});
    // A Mastodon instance the user added on that origin still needs it.
    expect(saveRelease('https://social.example/api', anonymous, ['social.example'], false)).toEqual({});
    expect(saveRelease('', anonymous, [], true)).toEqual({ data_collection: ['personallyIdentifyingInfo'] });
    expect(saveRelease('', { ...anonymous, reporterMode: 'named' }, [], true)).toEqual({});
  });
});
