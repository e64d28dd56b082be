/** The platforms `npm run bench:feed` builds feeds for: X (posts that never change), YouTube (recycled renderers). */
import { xAdapter } from '../utils/platforms/x';
import { youtubeAdapter } from '../utils/platforms/youtube';

export const adapters = { x: xAdapter, youtube: youtubeAdapter };

export const FEEDS = {
  x: { pageUrl: 'https://x.com/home', fixture: 'x/x_profile_timeline_lcMenci_2025-11-03.html' },
  youtube: { pageUrl: 'https://www.youtube.com/', fixture: 'youtube/home_grid_lockup_2025-12.html' },
} as const;
