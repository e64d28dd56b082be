import { t, type MessageKey } from '../../utils/i18n';
import { videoMegabytesRange, videoMinutesRange } from '../../utils/hash/video-limits';
import type { SettingsFieldProps } from './field-props';

type LimitKey = 'videoMaxMinutes' | 'videoMaxMegabytes';
const limits: { field: LimitKey; label: MessageKey; range: { min: number; max: number } }[] = [
  { field: 'videoMaxMinutes', label: 'optionsVideoMinutes', range: videoMinutesRange },
  { field: 'videoMaxMegabytes', label: 'optionsVideoMegabytes', range: videoMegabytesRange },
];

/** How long and how large a video may be for Flagpost to hash it on this device. */
export function VideoLimits({ settings, errors, onChange }: SettingsFieldProps) {
  return (
    <fieldset>
      <legend>{t('optionsVideoLegend')}</legend>
      <p class="hint" id="video-limits-hint">{t('optionsVideoHint')}</p>
      {limits.map(({ field, label, range }) => {
        const error = errors[field];
        return (
          <div key={field}>
            <label for={field}>{t(label)}</label>
            <input
              id={field} name={field} type="number" inputMode="numeric" step={1} min={range.min} max={range.max}
              // An emptied field is NaN: validation names it instead of saving a zero.
              value={Number.isFinite(settings[field]) ? settings[field] : ''}
              aria-invalid={Boolean(error)}
              aria-describedby={error ? `video-limits-hint ${field}-error` : 'video-limits-hint'}
              onInput={(event) => onChange({ [field]: event.currentTarget.value === '' ? Number.NaN : Number(event.currentTarget.value) })}
            />
            {error && <p class="field-error" id={`${field}-error`}>{t(error, String(range.min), String(range.max))}</p>}
          </div>
        );
      })}
    </fieldset>
  );
}
