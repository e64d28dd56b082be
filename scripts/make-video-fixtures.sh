#!/usr/bin/env bash
# Streams and containers made from the shared sample videos, for the video tests (tests/hash/video-*.test.ts,
# e2e/hash-stream.e2e.ts). Idempotent: does nothing when .fixtures/video/ is complete. Everything is `-c copy`
# (same frames, so the same vPDQ lines as the source) except the WebM files (VP9, VP8, AV1 re-encodes: tolerance
# only) and the master playlist's small second rendition. Two short videos keep it to a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=../shared/fixtures/vpdq/videos
OUT=.fixtures/video
STAMP=$OUT/.complete-v2
[ -f "$STAMP" ] && exit 0

bash "$(dirname "$0")/ensure-ffmpeg.sh"

rm -rf "$OUT" && mkdir -p "$OUT"
ff() { ffmpeg -nostdin -hide_banner -loglevel error -y "$@"; }

for name in pattern-sd-grey-bar test-padded-dimensions; do
  in=$SRC/$name.mp4
  d=$OUT/$name
  mkdir -p "$d"/{hls-ts,hls-fmp4,hls-byterange,dash-number,dash-timeline,dash-ranges,dash-base}
  # HLS, MPEG-TS segments (2 s: the sources have a keyframe every 2 s).
  ff -i "$in" -an -c copy -f hls -hls_time 2 -hls_playlist_type vod \
    -hls_segment_filename "$d/hls-ts/seg%03d.ts" "$d/hls-ts/index.m3u8"
  # HLS, fMP4 (CMAF) segments with an init section (#EXT-X-MAP).
  ff -i "$in" -an -c copy -f hls -hls_time 2 -hls_playlist_type vod -hls_segment_type fmp4 \
    -hls_fmp4_init_filename init.mp4 -hls_segment_filename "$d/hls-fmp4/seg%03d.m4s" "$d/hls-fmp4/index.m3u8"
  # HLS, one TS file addressed by #EXT-X-BYTERANGE.
  ff -i "$in" -an -c copy -f hls -hls_time 2 -hls_playlist_type vod -hls_flags single_file \
    "$d/hls-byterange/index.m3u8"
  # DASH: SegmentTemplate $Number$, SegmentTemplate + SegmentTimeline $Time$, one file + SegmentList mediaRange.
  ff -i "$in" -an -c copy -f dash -seg_duration 2 -use_template 1 -use_timeline 0 "$d/dash-number/manifest.mpd"
  ff -i "$in" -an -c copy -f dash -seg_duration 2 -use_template 1 -use_timeline 1 "$d/dash-timeline/manifest.mpd"
  ff -i "$in" -an -c copy -f dash -seg_duration 2 -single_file 1 "$d/dash-ranges/manifest.mpd"
  # DASH SegmentBase: one fragmented file with a global sidx (indexRange); the MPD by hand, from its box offsets.
  ff -i "$in" -an -c copy -movflags frag_keyframe+empty_moov+global_sidx+default_base_moof "$d/dash-base/video.mp4"
  sidx=$(node -e '
    const b = require("fs").readFileSync(process.argv[1]);
    for (let at = 0; at < b.length; at += b.readUInt32BE(at))
      if (b.toString("latin1", at + 4, at + 8) === "sidx") { console.log(at, at + b.readUInt32BE(at) - 1); break; }
  ' "$d/dash-base/video.mp4")
  sed -e '/<SegmentTemplate/,/<\/SegmentTemplate>/d' \
      -e "s|\(<Representation [^>]*>\)|\1<BaseURL>video.mp4</BaseURL><SegmentBase indexRange=\"${sidx% *}-${sidx#* }\"><Initialization range=\"0-$((${sidx% *} - 1))\"/></SegmentBase>|" \
      "$d/dash-number/manifest.mpd" > "$d/dash-base/manifest.mpd"
  # Files: fragmented MP4, H.264 in Matroska.
  ff -i "$in" -an -c copy -movflags frag_keyframe+empty_moov+default_base_moof "$d/fragmented.mp4"
  ff -i "$in" -an -c copy "$d/h264.mkv"
done

# WebM re-encodes, high quality (only the tolerance holds): VP9, VP8, AV1 — fast settings, one each.
ff -i "$SRC/pattern-sd-grey-bar.mp4" -an -c:v libvpx-vp9 -crf 12 -b:v 0 -deadline good -cpu-used 5 -row-mt 1 \
  "$OUT/pattern-sd-grey-bar/vp9.webm"
ff -i "$SRC/test-padded-dimensions.mp4" -an -c:v libvpx -crf 6 -b:v 4M -deadline realtime -cpu-used 8 \
  "$OUT/test-padded-dimensions/vp8.webm"
ff -i "$SRC/test-padded-dimensions.mp4" -an -c:v libsvtav1 -preset 12 -crf 20 -svtav1-params verbosity=0 \
  "$OUT/test-padded-dimensions/av1.webm" 2>/dev/null # SVT-AV1 prints its settings whatever the log level

# DASH SegmentList, written by hand over the $Number$ segments (ffmpeg's muxer does not write one).
d=$OUT/pattern-sd-grey-bar/dash-number
init=$(grep -o 'initialization="[^"]*"' "$d/manifest.mpd" | head -1 | cut -d'"' -f2)
media=$(grep -o 'media="[^"]*"' "$d/manifest.mpd" | head -1 | cut -d'"' -f2)
{
  sed -n '1,/<Representation /p' "$d/manifest.mpd" | sed '/<SegmentTemplate/d'
  echo "        <SegmentList timescale=\"15360\" duration=\"30720\">"
  echo "          <Initialization sourceURL=\"${init//\$RepresentationID\$/0}\"/>"
  n=1
  while f="${media//\$RepresentationID\$/0}"; f="${f//\$Number%05d\$/$(printf %05d $n)}"; [ -f "$d/$f" ]; do
    echo "          <SegmentURL media=\"$f\"/>"; n=$((n + 1))
  done
  echo "        </SegmentList>"
  sed -n '/<\/Representation>/,$p' "$d/manifest.mpd"
} > "$d/list.mpd"

# A master playlist over two renditions: the source (-c copy) and a 240×360 re-encode.
d=$OUT/pattern-sd-grey-bar
mkdir -p "$d/hls-master/small"
ff -i "$SRC/pattern-sd-grey-bar.mp4" -an -vf scale=240:360 -c:v libx264 -preset veryfast -g 60 -f hls -hls_time 2 \
  -hls_playlist_type vod -hls_segment_filename "$d/hls-master/small/seg%03d.ts" "$d/hls-master/small/index.m3u8"
cp -r "$d/hls-ts" "$d/hls-master/full"
cat > "$d/hls-master/master.m3u8" <<'EOF'
#EXTM3U
#EXT-X-VERSION:3
#EXT-X-STREAM-INF:BANDWIDTH=300000,RESOLUTION=240x360,CODECS="avc1.64001e"
small/index.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=2000000,RESOLUTION=480x720,CODECS="avc1.64001e"
full/index.m3u8
EOF
touch "$STAMP"
