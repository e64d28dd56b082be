import { errorText, formatNumber, t } from '../../utils/i18n';
import type { MediaProgress } from '../../utils/domain';
import { isSettled } from '../../utils/pipeline/media-state';
import { isVideoKind } from '../../utils/pipeline/prepare-bounds';
import type { MediaEntry } from '../../utils/schema/report';
import { useNeverShrinks } from './useNeverShrinks';

interface Props {
  /** Undefined until the background has answered 'report.prepare'. */
  media?: MediaEntry[];
  progress: MediaProgress;
  /** Hashing ends at most this long after the dialog opened (utils/pipeline/prepare-bounds.ts). */
  boundMs?: number;
  onStop: () => void;
}

/**
 * Everything about the media that changes while the form is filled, in one block placed after the Send button
 * (issue 21): the dialog is anchored at its top, so nothing the user clicks — a checkbox, Send — moves when a
 * medium is done or fails. (Above the form, a medium's error or the "hashed" note pushed the checkboxes down
 * between the moment a click was aimed and the moment it landed: the good-faith click hit the field above it,
 * and Send stayed disabled.)
 *
 * While any medium is being hashed: how long it may take at most (past that bound the media not done are sent
 * with their error), and each video's frames hashed out of the total, as a labelled progress bar (its value is
 * what a screen reader reads; the label is not a live region, which would speak a few times a second).
 */
export function HashingProgress(props: Props) {
  // It never shrinks while the dialog is open: scrolled to its end, a shorter dialog would clamp its scroll
  // and move the form down under the pointer (seen once under load: the good-faith click missed).
  const block = useNeverShrinks<HTMLDivElement>();
  return <div ref={block}>{mediaStatus(props)}</div>;
}

function mediaStatus({ media, progress, boundMs, onStop }: Props) {
  if (!media) return <p class="status" role="status">{t('dialogPreparing')}</p>;
  const failed = media.flatMap((entry, index) => (entry.error ? [{ index, error: entry.error }] : []));
  const errors = failed.length > 0 && (
    <ul class="media-errors">
      {failed.map(({ index, error }) => (
        <li key={index}>{t('dialogThumbnailAlt', formatNumber(index + 1))}: {t('dialogMediaError', errorText(error))}</li>
      ))}
    </ul>
  );
  if (media.every(isSettled)) {
    const hashed = media.filter((entry) => entry.hashes.length > 0).length;
    return (
      <div class="hashing-done" data-flagpost-hashed>
        {errors}
        {media.length > 0 && <p class="media-note">{t('dialogMediaHashed', formatNumber(hashed))}</p>}
      </div>
    );
  }
  const videos = media.flatMap((entry, index) => (isSettled(entry) || !isVideoKind(entry.kind) ? [] : [index]));
  return (
    <div class="hashing" data-flagpost-hashing>
      {videos.map((index) => {
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
      {errors}
      {boundMs !== undefined && <p class="hint">{t('dialogHashingBound', String(Math.ceil(boundMs / 1000)))} {t('dialogHashingNote')}</p>}
      <button type="button" onClick={onStop} data-flagpost-action="stop-hashing">{t('dialogStopHashing')}</button>
    </div>
  );
}
