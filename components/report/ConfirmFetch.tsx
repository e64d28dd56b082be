import { useState } from 'preact/hooks';
import { errorText, t } from '../../utils/i18n';
import { sendToBackground } from '../../utils/messages';

interface Props {
  id: string;
  /** The URLs off the platforms' media hosts (report.prepare's `confirmFetch`). */
  urls: string[];
  onError: (message: string) => void;
}

/**
 * Media the page names off the platforms' own media servers: the user sees exactly what would be
 * downloaded, and nothing is until one click agrees (utils/pipeline/url-policy.ts). Sent without it,
 * those media are reported unfetched, with the reason.
 */
export function ConfirmFetch({ id, urls, onError }: Props) {
  const [agreed, setAgreed] = useState(false);
  function agree(): void {
    setAgreed(true);
    sendToBackground('report.fetchMedia', { id }).catch((error: unknown) => onError(errorText(error)));
  }
  return (
    <div class="confirm-fetch" data-flagpost-confirm-fetch>
      <p id="flagpost-confirm-fetch">{t('dialogConfirmFetch')}</p>
      <ul aria-labelledby="flagpost-confirm-fetch">
        {/* An address reads left to right in any dialog: in Arabic, unisolated, its trailing "/" or "?" was drawn at its start. */}
        {urls.map((url) => <li key={url}><code dir="ltr">{url}</code></li>)}
      </ul>
      {agreed
        ? <p class="status" role="status">{t('dialogFetchingAgreed')}</p>
        : <button type="button" onClick={agree} data-flagpost-action="fetch-media">{t('dialogFetchMedia')}</button>}
    </div>
  );
}
