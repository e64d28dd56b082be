import { storage } from 'wxt/utils/storage';
import { endsWithVersion, isValidToken, parseEndpointBase } from './endpoint/base';
import type { MessageKey, Reason } from './i18n';
import type { Endpoint } from './endpoint/request';
import { z } from './schema/zod';
import { uiLanguages } from './ui-languages';
import { defaultVideoMegabytes, defaultVideoMinutes, videoMegabytesRange, videoMinutesRange } from './hash/video-limits';

export const ReporterMode = z.enum(['anonymous', 'pseudonymous', 'named']);
export type ReporterMode = z.infer<typeof ReporterMode>;

/** 'auto' follows the browser's language. */
export const Language = z.enum(['auto', ...uiLanguages]);
export type Language = z.infer<typeof Language>;

export const Settings = z.object({
  endpointBase: z.string().max(2000),
  token: z.string().max(4000),
  reporterMode: ReporterMode,
  reporterName: z.string().max(200),
  reporterEmail: z.string().max(320),
  language: Language,
  /** Wellbeing: mark posts already reported (local history or the endpoint's list) on the page. */
  markReported: z.boolean(),
  /** Wellbeing: blur the media of posts already reported, one click to show. */
  blurReportedMedia: z.boolean(),
  /** Opt-in: PDQ-hash on-screen media and match it against the endpoint's hash list. */
  matchOnScreenMedia: z.boolean(),
  /** Opt-in: a browser notification when the endpoint says a report was actioned or rejected (needs the optional `notifications` permission). */
  notifyOutcomes: z.boolean(),
  /** Per video: longer or larger ones are reported with an `error` instead of a vPDQ (utils/hash/video-limits.ts). */
  videoMaxMinutes: z.number().int().min(videoMinutesRange.min).max(videoMinutesRange.max),
  videoMaxMegabytes: z.number().int().min(videoMegabytesRange.min).max(videoMegabytesRange.max),
});
export type Settings = z.infer<typeof Settings>;

export const defaultSettings: Settings = {
  endpointBase: '',
  token: '',
  reporterMode: 'anonymous',
  reporterName: '',
  reporterEmail: '',
  language: 'auto',
  markReported: true,
  blurReportedMedia: true,
  matchOnScreenMedia: false,
  notifyOutcomes: false,
  videoMaxMinutes: defaultVideoMinutes,
  videoMaxMegabytes: defaultVideoMegabytes,
};

export const settingsItem = storage.defineItem<Settings>('local:settings', { fallback: defaultSettings });

/** Stable per install, made on first use: lets an endpoint count a volunteer's reports, nothing more. */
export const pseudonymItem = storage.defineItem<string>('local:pseudonym', {
  init: () => crypto.randomUUID(),
});

/** Limits whose range may narrow between versions: a stored value outside it is brought to its nearest end. */
const clampedOnLoad: Partial<Record<keyof Settings, { min: number; max: number }>> = {
  videoMaxMinutes: videoMinutesRange,
  videoMaxMegabytes: videoMegabytesRange,
};

/**
 * Field by field, so one value this version no longer accepts (a narrower range, a language dropped) costs only
 * that field, never the endpoint, token and identity; a field saved by an older version without it gets its default.
 */
export async function loadSettings(): Promise<Settings> {
  const stored: Record<string, unknown> = Object((await settingsItem.getValue()) ?? {});
  const fields = Object.keys(Settings.shape) as (keyof Settings)[];
  return Object.fromEntries(fields.map((field) => [field, loadField(field, stored[field])])) as Settings;
}

function loadField(field: keyof Settings, value: unknown): unknown {
  const parsed = Settings.shape[field].safeParse(value);
  if (parsed.success) return parsed.data;
  const range = clampedOnLoad[field];
  if (range && typeof value === 'number' && Number.isFinite(value)) return Math.min(range.max, Math.max(range.min, Math.round(value)));
  return defaultSettings[field];
}

export type SettingsErrors = Partial<Record<keyof Settings, MessageKey>>;

/** Field-by-field problems, shown next to each field; empty when the settings can be saved. */
export function validateSettings(settings: Settings): SettingsErrors {
  const errors: SettingsErrors = {};
  if (settings.endpointBase.trim()) {
    const base = parseEndpointBase(settings.endpointBase);
    if (!base.ok) errors.endpointBase = base.error;
    else if (endsWithVersion(base.value)) errors.endpointBase = 'connectionBasePathV1';
  }
  if (!isValidToken(settings.token)) errors.token = 'errorTokenInvalid';
  if (settings.reporterMode === 'named') {
    if (!settings.reporterName.trim()) errors.reporterName = 'errorNameRequired';
    if (!z.email().safeParse(settings.reporterEmail.trim()).success) errors.reporterEmail = 'errorEmailInvalid';
  }
  if (!Settings.shape.videoMaxMinutes.safeParse(settings.videoMaxMinutes).success) errors.videoMaxMinutes = 'errorVideoMinutes';
  if (!Settings.shape.videoMaxMegabytes.safeParse(settings.videoMaxMegabytes).success) errors.videoMaxMegabytes = 'errorVideoMegabytes';
  // Anything else the schema refuses (too long, a value no control offers) is still named at its field.
  for (const issue of Settings.safeParse(settings).error?.issues ?? []) {
    const field = issue.path[0] as keyof Settings | undefined;
    if (field && !errors[field]) errors[field] = issue.code === 'too_big' ? 'errorTooLong' : 'errorFieldInvalid';
  }
  return errors;
}

/** The endpoint reports go to, or why there is none yet. */
export async function configuredEndpoint(): Promise<Endpoint | Reason> {
  const settings = await loadSettings();
  const base = parseEndpointBase(settings.endpointBase);
  return base.ok ? { base: base.value, token: settings.token } : { key: 'popupNoEndpoint' };
}
