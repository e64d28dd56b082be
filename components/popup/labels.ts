/** Words for the popup's statuses and platforms. */
import type { MessageKey } from '../../utils/i18n';
import { t } from '../../utils/i18n';
import type { DeliveryStatus } from '../../utils/domain';
import { platformName as adapterName } from '../../utils/platforms';
import { OTHER_PLATFORM, type EndpointStatus, type Platform } from '../../utils/schema/report';
import type { Stage } from '../../utils/store/report-filter';

export const deliveryLabel: Record<DeliveryStatus, MessageKey> = {
  hashing: 'statusHashing',
  queued: 'statusQueued',
  sending: 'statusSending',
  sent: 'statusSent',
  failed: 'statusFailed',
};

export const endpointStatusLabel: Record<EndpointStatus, MessageKey> = {
  received: 'endpointStatusReceived',
  under_review: 'endpointStatusUnderReview',
  forwarded: 'endpointStatusForwarded',
  actioned: 'endpointStatusActioned',
  rejected: 'endpointStatusRejected',
  withdrawn: 'endpointStatusWithdrawn',
};

export const stageLabel: Record<Stage, MessageKey> = { ...deliveryLabel, ...endpointStatusLabel };

/** Brand names stay as the platforms write them (their adapters' `name`); only "other" is ours to translate. */
export function platformName(platform: Platform): string {
  return platform === OTHER_PLATFORM ? t('platformOther') : adapterName(platform);
}
