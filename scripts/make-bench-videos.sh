#!/usr/bin/env bash
# Benign test videos for the vPDQ benchmarks, made with ffmpeg from the shared sample videos
# (../shared/fixtures/vpdq/videos) into bench/.videos/ (gitignored). Run: bash scripts/make-bench-videos.sh
#   doorknob-1080p.mp4        doorknob-hd-no-bar (1280×720, 120 frames) scaled to 1920×1080 and played 3 times
#                             (360 frames, 12 s at 30 fps), H.264 High, yuv420p: the per-frame speed file.
#   chair-sd-long.mp4         chair-19-sd-bar (480×720, 564 frames) played 8 times (4,512 frames, 2.5 min),
#                             H.264 Main like the source: TMK at a propaganda video's usual length, beside the
#                             19 s sample (bench/tmk-video.ts).
#   ladder/SOURCE-NNNp.mp4    one source encoded at the usual streaming rungs, each from the source itself (not
#                             from the rung above), same frames and fps, H.264 at typical bitrates. NNN is the
#                             SHORTER side (portrait sources keep their shape: chair is 480×720, so 240p = 240×360).
# Existing files are kept; delete the directory to make them again.
set -euo pipefail
cd "$(dirname "$0")/.."
SOURCES="${VPDQ_SAMPLE_VIDEOS:-../shared/fixtures/vpdq/videos}"
OUT=bench/.videos
mkdir -p "$OUT/ladder"

encode() { # out, then ffmpeg arguments between input and output
  local out="$1"
  shift
  [ -s "$out" ] && return 0
  ffmpeg -hide_banner -loglevel error -nostdin -y "$@" -an -c:v libx264 -pix_fmt yuv420p -movflags +faststart "$out.tmp.mp4"
  mv "$out.tmp.mp4" "$out"
  echo "made $out"
}

encode "$OUT/doorknob-1080p.mp4" -stream_loop 2 -i "$SOURCES/doorknob-hd-no-bar.mp4" \
  -vf scale=1920:1080:flags=bicubic -preset medium -crf 20 -profile:v high

encode "$OUT/chair-sd-long.mp4" -stream_loop 7 -i "$SOURCES/chair-19-sd-bar.mp4" -preset medium -crf 20 -profile:v main

# Rung (shorter side) → video bitrate, roughly what streaming services use for 30 fps H.264.
declare -A BITRATE=([240]=400k [360]=800k [480]=1400k [720]=2800k [1080]=5000k)
for source in doorknob-hd-no-bar chair-19-sd-bar; do
  for rung in 240 360 480 720 1080; do
    # Scale the shorter side to the rung, the other side in proportion, rounded to even (4:2:0).
    scale="scale='if(lt(iw,ih),$rung,-2)':'if(lt(iw,ih),-2,$rung)':flags=bicubic"
    rate="${BITRATE[$rung]}"
    encode "$OUT/ladder/${source%%-*}-${rung}p.mp4" -i "$SOURCES/$source.mp4" -vf "$scale" \
      -preset medium -profile:v high -b:v "$rate" -maxrate "$rate" -bufsize "$((${rate%k} * 2))k" -g 60
  done
done
