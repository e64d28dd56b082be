import { useState } from 'preact/hooks';
import { formatNumber, isolate, t } from '../../utils/i18n';
import { urlVerdict } from '../../utils/pipeline/url-policy';
import type { ExtractedPost } from '../../utils/platforms/types';
import type { MediaEntry } from '../../utils/schema/report';
import { RevealMedia } from './RevealMedia';

interface Props {
  post: ExtractedPost;
  /**
   * The media as the background judged them once prepare answered: a URL it refused is not loaded here either.
   * Their progress and errors are shown below the form (HashingProgress), so this summary does not move.
   */
  hashed?: MediaEntry[];
}

/** The post being reported. Text is rendered as text; media stays blurred until the user asks. */
export function PostSummary({ post, hashed }: Props) {
  const [revealed, setRevealed] = useState(false);
  const author = isolate(post.author ? `${post.author.displayName ?? ''} ${post.author.handle}`.trim() : post.url);
  return (
    <section class="post" aria-label={t('dialogPostBy', author)}>
      <p class="post-author">{t('dialogPostBy', author)}</p>
      {/* An address keeps its own (left-to-right) order in any page; the post's text takes the direction of its own script. */}
      <p class="post-url"><bdi>{post.url}</bdi></p>
      <p class={post.text ? 'post-text' : 'post-text empty'} dir={post.text ? 'auto' : undefined}>{post.text ?? t('dialogNoText')}</p>
      {post.media.length > 0 && (
        <div class="media">
          <ul class={revealed ? 'thumbs' : 'thumbs blurred'}>
            {post.media.map((medium, index) => (
              <li key={medium.sourceUrl}>
                {/* Only from the platforms' own media hosts, once the background has judged the post: this frame is an
                    extension page, and an <img> follows redirects unchecked, so an address the page names (a redirect to
                    a local one) is never loaded here; the page itself shows those. */}
                {hashed && thumbnailOf(medium) && (
                  <img
                    src={thumbnailOf(medium)}
                    alt={t('dialogThumbnailAlt', formatNumber(index + 1))}
                    referrerpolicy="no-referrer"
                    loading="lazy"
                  />
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

/** The picture the dialog may show for a medium: its thumbnail or itself, on a platform's media host only. */
function thumbnailOf(medium: ExtractedPost['media'][number]): string | undefined {
  const url = medium.thumbnailUrl ?? medium.sourceUrl;
  return urlVerdict(url).allowed ? url : undefined;
}
