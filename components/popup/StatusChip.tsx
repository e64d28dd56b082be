/**
 * A report's status as a chip: a word, a shape and a colour, so colour is never the only cue (the word carries the
 * meaning, the shape tells good from bad at a glance in any colour vision, and both are read the same in RTL).
 */
import { t } from '../../utils/i18n';
import { finalEndpointStatuses, type EndpointStatus } from '../../utils/schema/report';
import type { Stage } from '../../utils/store/report-filter';
import { stageLabel } from './labels';

/** good: the platform acted; bad: refused or failed; waiting: still moving; neutral: nothing more will come. */
export type Tone = 'good' | 'bad' | 'waiting' | 'neutral';

export const stageTone: Record<Stage, Tone> = {
  hashing: 'waiting', queued: 'waiting', sending: 'waiting', failed: 'bad', sent: 'neutral',
  received: 'waiting', under_review: 'waiting', forwarded: 'waiting', actioned: 'good', rejected: 'bad', withdrawn: 'neutral',
};

/** A shape per tone (decorative: the label says it in words). */
export const toneMark: Record<Tone, string> = { good: '✓', bad: '✕', waiting: '…', neutral: '•' };

export function isFinalStage(stage: Stage): boolean {
  return finalEndpointStatuses.includes(stage as EndpointStatus);
}

export function StatusChip({ stage }: { stage: Stage }) {
  const final = isFinalStage(stage);
  return (
    <span class={`chip chip-${stageTone[stage]}`} data-chip={stage} data-final={final ? 'true' : undefined}>
      <span class="chip-mark" aria-hidden="true">{toneMark[stageTone[stage]]}</span>
      {t(stageLabel[stage])}
      {final && <span class="chip-final"> · {t('popupFinal')}</span>}
    </span>
  );
}
