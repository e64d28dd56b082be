/** The platforms `npm run bench:feed` builds feeds for: X (posts that never change), YouTube (recycled renderers). */
import { xAdapter } from '../utils/platforms/x';
import { youtubeAdapter } from '../utils/platforms/youtube';

export const adapters = { x: xAdapter, youtube: youtubeAdapter };

/** `item`: what the platform adds to its feed for each post (X: the post's list cell; YouTube: the post itself). */
export const FEEDS = {
  x: { pageUrl: 'https://x.com/home', fixture: 'x/x_profile_timeline_lcMenci_2025-11-03.html', item: '[data-testid="cellInnerDiv"]' },
  youtube: { pageUrl: 'https://www.youtube.com/', fixture: 'youtube/home_grid_lockup_2025-12.html', item: undefined },
} as const;
