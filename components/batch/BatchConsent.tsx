import { useState } from 'preact/hooks';
import { errorText, formatNumber, isolate, t } from '../../utils/i18n';
import { sendToBackground } from '../../utils/messages';

interface Props {
  batchId: string;
  /** The posts whose media wait for the user's agreement, and those media's URLs. */
  count: number;
  urls: string[];
  onError: (message: string) => void;
}

/**
 * The batch's one step for media off the platforms' media servers (components/report/ConfirmFetch.tsx for a single
 * report): the sites, once for every post, since fifty lists of addresses would not be read. Nothing is downloaded
 * until one click agrees; sent without it, those media are reported unfetched, "the reporter did not agree".
 */
export function BatchConsent({ batchId, count, urls, onError }: Props) {
  const [agreed, setAgreed] = useState(false);
  const hosts = [...new Set(urls.map(hostOf))].join(', ');
  function agree(): void {
    setAgreed(true);
    sendToBackground('batch.fetchMedia', { batchId }).catch((error: unknown) => onError(errorText(error)));
  }
  return (
    <div class="confirm-fetch" data-flagpost-confirm-fetch>
      {/* Isolated: in Arabic, a Latin list of hosts keeps its own order. */}
      <p>{t('batchConfirmFetch', formatNumber(count), isolate(hosts))}</p>
      {agreed
        ? <p class="status" role="status">{t('dialogFetchingAgreed')}</p>
        : <button type="button" onClick={agree} data-flagpost-action="batch-fetch-media">{t('dialogFetchMedia')}</button>}
    </div>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
