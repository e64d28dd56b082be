import { useState } from 'preact/hooks';
import { formatNumber, isolate, plural, t } from '../../utils/i18n';
import { urlVerdict } from '../../utils/pipeline/url-policy';
import type { ExtractedAccount, ExtractedPost } from '../../utils/platforms/types';
import type { MediaEntry } from '../../utils/schema/report';
import { RevealMedia } from './RevealMedia';

interface Props {
  /** The post an account report is built from (utils/platforms/read-dom.ts `accountPost`): its media are the avatar and banner. */
  post: ExtractedPost & { account: ExtractedAccount };
  /** The media as the background judged them once prepare answered: until then, no picture is loaded here. */
  hashed?: MediaEntry[];
}

/** The account being reported (report 1.2): name, handle, address, its pictures blurred until asked, its posts counted. */
export function AccountSummary({ post, hashed }: Props) {
  const [revealed, setRevealed] = useState(false);
  const { account } = post;
  const name = isolate(`${account.displayName ?? ''} ${account.handle}`.trim());
  const pictures = post.media.filter((medium) => urlVerdict(medium.sourceUrl).allowed);
  return (
    <section class="post" aria-label={t('dialogAccount', name)} data-flagpost-subject="account">
      <p class="post-author">{t('dialogAccount', name)}</p>
      <p class="post-url"><bdi>{account.url}</bdi></p>
      {account.recentPosts.length > 0 && <p class="hint">{plural('dialogAccountRecentPosts', account.recentPosts.length)}</p>}
      {pictures.length > 0 && (
        <div class="media">
          <ul class={revealed ? 'thumbs' : 'thumbs blurred'}>
            {pictures.map((medium, index) => (
              <li key={medium.sourceUrl}>
                {hashed && (
                  <img src={medium.sourceUrl} alt={t('dialogThumbnailAlt', formatNumber(index + 1))} referrerpolicy="no-referrer" loading="lazy" />
                )}
              </li>
            ))}
          </ul>
          <RevealMedia revealed={revealed} onToggle={() => setRevealed(!revealed)} />
        </div>
      )}
    </section>
  );
}
