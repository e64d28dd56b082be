/**
 * YouTube's storyboards: the seek-bar preview sheets, the only frames of a video YouTube serves without
 * its player (the streams are signed per session and ciphered). The player response names them in
 * `storyboards.playerStoryboardSpecRenderer.spec`:
 *
 *   <base URL with $L and $N>|w#h#count#cols#rows#intervalMs#name#sigh|…
 *
 * one `|`-separated level after the base (level L = its position, from 0), each a grid of `cols`×`rows`
 * tiles of `w`×`h` per sheet, `count` tiles in all, one every `intervalMs` (0: spread over the whole
 * video, the one-sheet overview). Sheet M of level L: `$L` → L, `$N` → `name` with `$M` → M, then
 * `&sigh=<sigh>`. Read from the page's own script when it is this video's, else from the public watch page.
 */

export interface StoryboardLevel {
  /** The level's index in the spec (the `$L` of its URLs). */
  level: number;
  width: number;
  height: number;
  count: number;
  cols: number;
  rows: number;
  intervalMs: number;
  /** Every sheet's URL, in order: tile k is on sheet ⌊k / (cols·rows)⌋. */
  sheets: string[];
}

/** A spec longer than this is not one (real ones are under 1 KB); ExtractedMedia holds no more. */
export const MAX_STORYBOARD_SPEC = 4000;

/** At most this many sheets are fetched (5×5 tiles at 2 s: 100 minutes of video at the finest level). */
export const MAX_STORYBOARD_SHEETS = 120;
const MAX_TILE_SIDE = 1280;

/**
 * The finest timed level of a spec, or null when the spec has none (or is not one). Timed: the overview
 * level (interval 0) has no time per tile, and its tiles are the smallest.
 */
export function finestStoryboardLevel(spec: string): StoryboardLevel | null {
  const [base = '', ...levels] = spec.split('|');
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.hostname !== 'i.ytimg.com' || !url.pathname.startsWith('/sb/')) return null;
  let best: StoryboardLevel | null = null;
  levels.forEach((part, level) => {
    const [w, h, count, cols, rows, interval, name = '', sigh = ''] = part.split('#');
    const numbers = [w, h, count, cols, rows, interval].map((value) => Number(value));
    if (numbers.some((value) => !Number.isInteger(value) || value < 0)) return;
    const [width = 0, height = 0, tiles = 0, across = 0, down = 0, intervalMs = 0] = numbers;
    if (!width || !height || !tiles || !across || !down || !intervalMs || width > MAX_TILE_SIDE || height > MAX_TILE_SIDE) return;
    if (!/^[\w$-]{1,40}$/.test(name) || !/^[\w$.~-]{0,200}$/.test(sigh)) return;
    if (best && best.width * best.height >= width * height) return;
    const perSheet = across * down;
    const sheetCount = Math.min(Math.ceil(tiles / perSheet), MAX_STORYBOARD_SHEETS);
    // A name without $M is one sheet for the whole level.
    if (!name.includes('$M') && sheetCount > 1) return;
    const sheetUrl = (sheet: number) =>
      `${base.replace('$L', String(level)).replace('$N', name.replace('$M', String(sheet)))}&sigh=${sigh}`;
    best = {
      level,
      width,
      height,
      count: Math.min(tiles, sheetCount * perSheet),
      cols: across,
      rows: down,
      intervalMs,
      sheets: Array.from({ length: sheetCount }, (_, sheet) => sheetUrl(sheet)),
    };
  });
  return best;
}

/** A JSON string's body (`"spec":"…"`, escapes and all) → its value, or undefined. */
function jsonString(body: string | undefined): string | undefined {
  if (body === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(`"${body}"`);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

const SPEC = /"playerStoryboardSpecRenderer"\s*:\s*\{\s*"spec"\s*:\s*"((?:[^"\\]|\\.){1,8000})"/;

/**
 * The storyboard spec in the text of a watch page or its player-response script, only when that
 * player response is `videoId`'s: after YouTube's in-app navigation the page's script is the first
 * video's, not the one on screen.
 */
export function storyboardSpecIn(text: string, videoId: string): string | undefined {
  const details = /"videoDetails"\s*:\s*\{\s*"videoId"\s*:\s*"([\w-]{11})"/.exec(text)?.[1];
  if (details !== videoId) return undefined;
  const spec = jsonString(SPEC.exec(text)?.[1]);
  return spec && spec.length <= MAX_STORYBOARD_SPEC ? spec : undefined;
}

/** The spec from the page's own scripts (the watch page's `ytInitialPlayerResponse`), when it is this video's. */
export function storyboardSpecOnPage(root: ParentNode, videoId: string): string | undefined {
  for (const script of root.querySelectorAll('script:not([src])')) {
    const text = script.textContent ?? '';
    if (!text.includes('playerStoryboardSpecRenderer')) continue;
    const spec = storyboardSpecIn(text, videoId);
    if (spec) return spec;
  }
  return undefined;
}
