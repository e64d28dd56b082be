#!/usr/bin/env bash
# `npm start`: sets everything up and builds the extension for Chrome and Firefox.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
npx wxt build
npx wxt build -b firefox
cat <<TXT

Flagpost is built.
  Chrome / Chromium / Edge: open chrome://extensions, turn on Developer mode,
                            "Load unpacked" and choose: $PWD/dist/chrome-mv3
  Firefox:                  open about:debugging#/runtime/this-firefox, "Load Temporary Add-on…"
                            and choose: $PWD/dist/firefox-mv2/manifest.json
Then open Flagpost's Settings and paste your referral endpoint's base URL (and token, if it gave you one).
TXT
