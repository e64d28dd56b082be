#!/usr/bin/env bash
# `npm start`: sets everything up, builds the extension for Chrome and Firefox, then runs the
# reference endpoint on 127.0.0.1 with a local token, so reports have somewhere to go.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/ensure-endpoint-deps.sh
npx wxt build
npx wxt build -b firefox
cat <<TXT

Flagpost is built.
  Chrome / Chromium / Edge: open chrome://extensions, turn on Developer mode,
                            "Load unpacked" and choose: $PWD/dist/chrome-mv3
  Firefox:                  open about:debugging#/runtime/this-firefox, "Load Temporary Add-on…"
                            and choose: $PWD/dist/firefox-mv2/manifest.json
Then open Flagpost's Settings and paste the endpoint's base URL and token printed below.
TXT
exec node endpoint/bin/start.mjs
