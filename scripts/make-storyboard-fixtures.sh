#!/usr/bin/env bash
# A benign YouTube-style storyboard for the e2e tests (e2e/report-streams.e2e.ts): one frame every 2 s of a
# shared sample video, 160×90, tiled 3×2 per sheet (YouTube uses 5×5 and more; 3×2 gives this short video two sheets), and each tile
# also on its own. PNG, not JPEG: the sheet's tiles are then exactly the single tiles' pixels, so the test can
# check every tile's PDQ against the tile hashed alone. Idempotent; into the gitignored .fixtures/.
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=../shared/fixtures/vpdq/videos/chair-19-sd-bar.mp4
OUT=.fixtures/storyboard
STAMP=$OUT/.complete-v1
[ -f "$STAMP" ] && exit 0
rm -rf "$OUT" && mkdir -p "$OUT/tiles"
ff() { ffmpeg -nostdin -hide_banner -loglevel error -y "$@"; }
# Frames at t = 0, 2, 4 … (the storyboard's interval), scaled like YouTube's 160×90 level.
ff -i "$SRC" -vf "fps=1/2:round=down,scale=160:90:flags=bicubic" -start_number 0 "$OUT/tiles/%03d.png"
# The same frames as sheets of 3×2 (the last sheet padded black, as YouTube's are).
ff -framerate 1 -start_number 0 -i "$OUT/tiles/%03d.png" -vf "tile=3x2" -start_number 0 "$OUT/M%d.png"
touch "$STAMP"
