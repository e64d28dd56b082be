import { useState } from 'preact/hooks';
import { formatNumber, isolate, t } from '../../utils/i18n';
import { NOT_FETCHED } from '../../utils/pipeline/media-state';
import type { ExtractedPost } from '../../utils/platforms/types';
import type { MediaEntry } from '../../utils/schema/report';

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
                {/* Only once the background has judged the URLs: a refused one (a local address) is not loaded here either. */}
                {hashed && !hashed[index]?.error?.startsWith(NOT_FETCHED) && (
                  <img
                    src={medium.thumbnailUrl ?? medium.sourceUrl}
                    alt={t('dialogThumbnailAlt', formatNumber(index + 1))}
                    referrerpolicy="no-referrer"
                    loading="lazy"
                  />
                )}
              </li>
            ))}
          </ul>
          <p class="media-note">
            {revealed ? '' : `${t('dialogMediaHidden')} `}
            <button type="button" class="link" onClick={() => setRevealed(!revealed)} aria-pressed={revealed}>
              {revealed ? t('dialogHideMedia') : t('dialogRevealMedia')}
            </button>
          </p>
        </div>
      )}
    </section>
  );
}
