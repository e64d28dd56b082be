/**
 * The user's per-video limits (Settings) as the decoder's limits. The defaults are the decoder's own
 * (defaultVideoLimits): this file only converts units and bounds what Settings may ask for.
 */
import { defaultVideoLimits, type VideoLimits } from './video-decode';

const MB = 1024 * 1024;

/** What the settings page accepts: whole minutes and megabytes. */
export const videoMinutesRange = { min: 1, max: 60 } as const;
export const videoMegabytesRange = { min: 1, max: 2000 } as const;

export const defaultVideoMinutes = Math.round(defaultVideoLimits.maxDurationS / 60);
export const defaultVideoMegabytes = Math.round(defaultVideoLimits.maxBytes / MB);

export interface VideoLimitSettings {
  videoMaxMinutes: number;
  videoMaxMegabytes: number;
}

/** A longer allowed duration allows as many more frames (the default allows 60 a second) and as much more time. */
export function videoLimitsFrom({ videoMaxMinutes, videoMaxMegabytes }: VideoLimitSettings): VideoLimits {
  const maxDurationS = videoMaxMinutes * 60;
  const perSecondAllowed = (value: number) => Math.round((value / defaultVideoLimits.maxDurationS) * maxDurationS);
  return {
    ...defaultVideoLimits,
    maxBytes: videoMaxMegabytes * MB,
    maxDurationS,
    maxFrames: perSecondAllowed(defaultVideoLimits.maxFrames),
    budgetMs: perSecondAllowed(defaultVideoLimits.budgetMs),
  };
}
