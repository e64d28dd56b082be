#!/usr/bin/env bash
# The 60-second 720p HLS stream of `bench/video-report.bench.ts`, made from a shared sample video (benign: a
# doorknob, 1280×720 H.264, 4 s with a keyframe every 2 s) into the gitignored .fixtures/bench-video/.
# Idempotent: does nothing once complete. The 720p rendition is the sample looped 15 times with `-c copy`
# (the same frames as the source, 2 s segments on its keyframes); the smaller renditions are re-encodes, as
# X's ladder has them (16:9: 480×270, 640×360, 1280×720). master.m3u8 lists the three; master-720p.m3u8
# only the 720p one.
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=../shared/fixtures/vpdq/videos/doorknob-hd-no-bar.mp4
OUT=.fixtures/bench-video
STAMP=$OUT/.complete-v2
[ -f "$STAMP" ] && exit 0
command -v ffmpeg >/dev/null || bash scripts/make-video-fixtures.sh # installs ffmpeg when missing

rm -rf "$OUT" && mkdir -p "$OUT"/{720p,360p,270p}
ff() { ffmpeg -nostdin -hide_banner -loglevel error -y "$@"; }

# 'duration 4': the video's own length (the container's is the longer audio's), so the loops join without a gap.
for _ in $(seq 15); do printf "file '%s'\nduration 4\n" "$(realpath "$SRC")"; done > "$OUT/loop.txt"
ff -f concat -safe 0 -i "$OUT/loop.txt" -an -c copy "$OUT/source-60s.mp4"
rm "$OUT/loop.txt"
ff -i "$OUT/source-60s.mp4" -c copy -f hls -hls_time 2 -hls_playlist_type vod \
  -hls_segment_filename "$OUT/720p/seg%03d.ts" "$OUT/720p/index.m3u8"
for size in 640x360 480x270; do
  ff -i "$OUT/source-60s.mp4" -vf "scale=${size/x/:}" -c:v libx264 -preset veryfast -b:v $([ $size = 640x360 ] && echo 500k || echo 300k) \
    -g 60 -keyint_min 60 -sc_threshold 0 -f hls -hls_time 2 -hls_playlist_type vod \
    -hls_segment_filename "$OUT/${size#*x}p/seg%03d.ts" "$OUT/${size#*x}p/index.m3u8"
done
# Bandwidth: each rendition's peak segment rate, as a packager declares it.
bandwidth() { node -e '
  const fs = require("fs"), dir = process.argv[1];
  const segs = fs.readFileSync(dir + "/index.m3u8", "utf8").split("\n").filter((l) => l.endsWith(".ts"));
  console.log(Math.max(...segs.map((s) => fs.statSync(dir + "/" + s).size * 8 / 2)) | 0);' "$1"; }
cat > "$OUT/master.m3u8" <<M3U8
#EXTM3U
#EXT-X-VERSION:3
#EXT-X-STREAM-INF:BANDWIDTH=$(bandwidth "$OUT/270p"),RESOLUTION=480x270,CODECS="avc1.640015"
270p/index.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=$(bandwidth "$OUT/360p"),RESOLUTION=640x360,CODECS="avc1.64001e"
360p/index.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=$(bandwidth "$OUT/720p"),RESOLUTION=1280x720,CODECS="avc1.4d401f"
720p/index.m3u8
M3U8
# The same stream with only its 720p rendition: what is hashed when a ladder offers nothing smaller.
sed -n '1,2p;/1280x720/,$p' "$OUT/master.m3u8" > "$OUT/master-720p.m3u8"
touch "$STAMP"
