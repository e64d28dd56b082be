import { formatNumber, t } from '../../utils/i18n';
import type { MediaProgress } from '../../utils/messages';
import { isSettled } from '../../utils/pipeline/media-state';
import type { MediaEntry } from '../../utils/schema/report';

interface Props {
  media: MediaEntry[];
  progress: MediaProgress;
  onStop: () => void;
}

/**
 * Each video still being hashed: frames hashed out of the total, as a labelled progress bar (its value is
 * what a screen reader reads; the label is not a live region, which would speak a few times a second).
 */
export function HashingProgress({ media, progress, onStop }: Props) {
  const hashing = media.flatMap((entry, index) => (isSettled(entry) || (entry.kind !== 'video' && entry.kind !== 'gif') ? [] : [index]));
  if (!hashing.length) return null;
  return (
    <div class="hashing" data-flagpost-hashing>
      {hashing.map((index) => {
        const id = `flagpost-hashing-${index + 1}`;
        const known = progress[index];
        const number = formatNumber(index + 1);
        return (
          <div class="hashing-medium" key={index}>
            <label for={id}>
              {known?.total ? t('dialogVideoProgress', number, formatNumber(known.done), formatNumber(known.total)) : t('dialogVideoWaiting', number)}
            </label>
            {/* Without a total the bar is indeterminate: no value until the decoder knows how many frames there are. */}
            {known?.total ? <progress id={id} value={known.done} max={known.total} /> : <progress id={id} />}
          </div>
        );
      })}
      <p class="hint">{t('dialogHashingNote')}</p>
      <button type="button" onClick={onStop} data-flagpost-action="stop-hashing">{t('dialogStopHashing')}</button>
    </div>
  );
}
