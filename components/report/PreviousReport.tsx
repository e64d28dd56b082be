import { stageLabel } from '../popup/labels';
import { formatDateTime, t } from '../../utils/i18n';
import type { ResponseOf } from '../../utils/messages';
import type { Stage } from '../../utils/store/report-filter';

/** The longest reason for a repeated report. */
export const REPEAT_REASON_MAX = 300;
/** What the reason takes at the explanation's end, with the words around it: the explanation leaves that room. */
export const REPEAT_REASON_ROOM = REPEAT_REASON_MAX + 100;

/**
 * The explanation of a repeated report, with the reporter's reason for it at its end: the wire schema has no
 * note of its own (utils/schema/report.ts), and the explanation is what a reviewer reads.
 */
export function withReason(explanation: string, reason: string): string {
  const trimmed = reason.trim();
  return trimmed ? `${explanation.trimEnd()}\n\n${t('repeatReasonInExplanation', trimmed)}` : explanation;
}

interface Props {
  previous: ResponseOf<'report.previous'>;
  reason: string;
  onReason: (reason: string) => void;
}

/** The duplicate guard (issue 18): this post was reported before; a new report is still possible, with a reason. */
export function PreviousReportNote({ previous, reason, onReason }: Props) {
  const { local, listed } = previous;
  const stage = local && (stageLabel as Record<string, Parameters<typeof t>[0] | undefined>)[local.stage as Stage];
  return (
    <div class="previous" data-flagpost-previous={local ? 'local' : 'listed'}>
      <p class="previous-title" role="status">
        {local && t('reportedBeforeLocal', formatDateTime(local.createdAt), stage ? t(stage) : local.stage)}
        {local && listed && ' '}
        {listed && t('reportedBeforeListed')}
      </p>
      <label class="field" for="flagpost-repeat-reason">{t('repeatReasonLabel')}</label>
      <textarea
        id="flagpost-repeat-reason"
        rows={2}
        maxLength={REPEAT_REASON_MAX}
        value={reason}
        onInput={(event) => onReason(event.currentTarget.value)}
      />
    </div>
  );
}
