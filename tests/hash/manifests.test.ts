/**
 * The manifest readers on hand-written inputs (what ffmpeg's muxers do not write): ladders, inherited
 * DASH segment information, nested BaseURLs, SegmentTimeline repeats, HLS byte ranges without offsets,
 * and the rendition rule. The ffmpeg-made streams are in video-streams.test.ts.
 */
import { describe, expect, test } from 'vitest';
import { parseDashManifest } from '../../utils/hash/dash-manifest';
import { parseHlsPlaylist } from '../../utils/hash/hls-playlist';
import { chooseRendition, MIN_SHORT_SIDE_PX } from '../../utils/hash/rendition';
import { manifestKind } from '../../utils/hash/stream-plan';
import { VideoFormatError } from '../../utils/hash/video-mp4';

const BASE = 'https://cdn.example/v/master.mpd';
const noFetch = async () => {
  throw new Error('no fetch expected');
};

describe('rendition rule', () => {
  const ladder = [240, 360, 480, 720, 1080].map((h) => ({ url: `https://cdn.example/${h}.m3u8`, width: (h * 16) / 9, height: h, bitrate: h * 3000 }));

  test(`the smallest rendition whose shorter side is ≥ ${MIN_SHORT_SIDE_PX} px`, () => {
    expect(chooseRendition(ladder).height).toBe(360);
    expect(chooseRendition([...ladder].reverse()).height).toBe(360);
    // Portrait video: the shorter side is the width.
    expect(chooseRendition([{ url: 'https://a/1', width: 360, height: 640 }, { url: 'https://a/2', width: 720, height: 1280 }]).width).toBe(360);
    // Two bitrates at the qualifying size: the lower.
    expect(chooseRendition([{ ...ladder[1]!, bitrate: 2 }, { ...ladder[1]!, bitrate: 1 }]).bitrate).toBe(1);
  });

  test('else the largest; sizes unknown: the highest bitrate', () => {
    expect(chooseRendition(ladder.slice(0, 1)).height).toBe(240);
    expect(chooseRendition([{ url: 'https://a/1', bitrate: 5 }, { url: 'https://a/2', bitrate: 9 }]).bitrate).toBe(9);
    expect(() => chooseRendition([])).toThrow('lists no video rendition');
  });
});

describe('HLS', () => {
  test('byte ranges without an offset follow the previous range of the same file; the init section may be a range', () => {
    const playlist = parseHlsPlaylist(
      '#EXTM3U\n#EXT-X-MAP:URI="all.mp4",BYTERANGE="800@0"\n#EXTINF:2,\n#EXT-X-BYTERANGE:1000@800\nall.mp4\n#EXTINF:2,\n#EXT-X-BYTERANGE:500\nall.mp4\n',
      'https://cdn.example/hls/index.m3u8',
    );
    const url = 'https://cdn.example/hls/all.mp4';
    expect(playlist).toEqual({
      kind: 'media',
      init: { url, start: 0, end: 800 },
      segments: [{ url, start: 800, end: 1800 }, { url, start: 1800, end: 2300 }],
      durationS: 4,
    });
  });

  test('a master playlist keeps video variants only, with their size and bitrate', () => {
    const master = parseHlsPlaylist(
      '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=64000,CODECS="mp4a.40.2"\naudio.m3u8\n' +
        '#EXT-X-STREAM-INF:BANDWIDTH=800000,AVERAGE-BANDWIDTH=700000,RESOLUTION=640x360,CODECS="avc1.4d401e,mp4a.40.2"\n360/index.m3u8\n',
      'https://cdn.example/hls/master.m3u8',
    );
    expect(master).toEqual({ kind: 'master', variants: [{ url: 'https://cdn.example/hls/360/index.m3u8', width: 640, height: 360, bitrate: 700000 }] });
  });

  test('discontinuities are refused rather than hashed on a broken timeline', () => {
    expect(() => parseHlsPlaylist('#EXTM3U\n#EXTINF:2,\na.ts\n#EXT-X-DISCONTINUITY\n#EXTINF:2,\nb.ts\n', BASE)).toThrow('discontinuities');
  });
});

describe('DASH', () => {
  const mpd = (adaptationSet: string) => `<?xml version="1.0"?>
    <MPD xmlns="urn:mpeg:dash:schema:mpd:2011" mediaPresentationDuration="PT7S"><BaseURL>media/</BaseURL>
      <Period><AdaptationSet mimeType="video/mp4">${adaptationSet}</AdaptationSet>
      <AdaptationSet mimeType="audio/mp4"><Representation id="a" bandwidth="64000"/></AdaptationSet></Period></MPD>`;

  test('a ladder: the rule picks the representation; the AdaptationSet\'s SegmentTemplate is inherited', async () => {
    const plan = await parseDashManifest(
      mpd(`<SegmentTemplate timescale="1000" duration="2000" startNumber="0" initialization="$RepresentationID$/init.mp4" media="$RepresentationID$/$Number%03d$.m4s"/>
        <Representation id="v1080" width="1920" height="1080" bandwidth="5000000"/>
        <Representation id="v360" width="640" height="360" bandwidth="700000"><BaseURL>low/</BaseURL></Representation>`),
      BASE,
      noFetch,
    );
    expect(plan.rendition).toEqual({ url: 'https://cdn.example/v/media/low/v360/init.mp4', width: 640, height: 360, bitrate: 700000 });
    expect(plan.parts.map((p) => p.url.replace('https://cdn.example/v/media/low/', ''))).toEqual([
      'v360/init.mp4', 'v360/000.m4s', 'v360/001.m4s', 'v360/002.m4s', 'v360/003.m4s',
    ]);
    expect(plan.durationS).toBe(7);
  });

  test('SegmentTimeline: $Time$ from t, d and r (r = -1 runs to the period end)', async () => {
    const plan = await parseDashManifest(
      mpd(`<Representation id="v" width="640" height="360"><SegmentTemplate timescale="10" initialization="i.mp4" media="t$Time$.m4s">
        <SegmentTimeline><S t="5" d="20" r="1"/><S d="15" r="-1"/></SegmentTimeline></SegmentTemplate></Representation>`),
      BASE,
      noFetch,
    );
    expect(plan.parts.map((p) => p.url.split('/').at(-1))).toEqual(['i.mp4', 't5.m4s', 't25.m4s', 't45.m4s', 't60.m4s']);
  });

  test('SegmentTimeline r = -1 with a presentationTimeOffset runs to the period end in media time; a timeline past it lists nothing and says so', async () => {
    const timeline = (s: string) =>
      mpd(`<Representation id="v" width="640" height="360"><SegmentTemplate timescale="1000" presentationTimeOffset="3600000" initialization="i.mp4" media="t$Time$.m4s">
        <SegmentTimeline>${s}</SegmentTimeline></SegmentTemplate></Representation>`);
    const plan = await parseDashManifest(timeline('<S t="3600000" d="2000" r="-1"/>'), BASE, noFetch);
    expect(plan.parts.map((p) => p.url.split('/').at(-1))).toEqual(['i.mp4', 't3600000.m4s', 't3602000.m4s', 't3604000.m4s', 't3606000.m4s']);
    await expect(parseDashManifest(timeline('<S t="3608000" d="2000" r="-1"/>'), BASE, noFetch)).rejects.toThrow('the DASH manifest lists no segment');
  });

  test('a sidx too short for its version is a format error, not a RangeError', async () => {
    // A version 1 sidx cut after first_offset: 36 bytes, where its header needs 40.
    const sidx = new Uint8Array(36);
    new DataView(sidx.buffer).setUint32(0, sidx.byteLength);
    sidx.set(new TextEncoder().encode('sidx'), 4);
    sidx[8] = 1;
    const plan = parseDashManifest(
      mpd('<Representation id="v" width="640" height="360"><BaseURL>v.mp4</BaseURL><SegmentBase indexRange="800-835"/></Representation>'),
      BASE,
      async () => sidx,
    );
    await expect(plan).rejects.toThrow(VideoFormatError);
    await expect(plan).rejects.toThrow('the DASH sidx box is truncated: 36 bytes, a version 1 header needs 40');
  });

  test('the manifest is known by its first bytes, and bad ones say why', async () => {
    expect(manifestKind(undefined, new TextEncoder().encode('\uFEFF<?xml version="1.0"?>\n<!-- x -->\n<MPD>'))).toBe('dash');
    expect(manifestKind('text/plain', new TextEncoder().encode('#EXTM3U\n'))).toBe('hls');
    expect(manifestKind('video/mp4', new Uint8Array(8))).toBeUndefined();
    await expect(parseDashManifest('<MPD><Period><AdaptationSet mimeType="video/mp4"><Representation id="v"><SegmentTemplate media="$Number$.m4s"/></Representation></AdaptationSet></Period></MPD>', BASE, noFetch))
      .rejects.toThrow('without a duration or timeline');
    await expect(parseDashManifest('<html/>', BASE, noFetch)).rejects.toThrow('not a DASH manifest');
  });
});
