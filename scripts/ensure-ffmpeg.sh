#!/usr/bin/env bash
# Video fixtures and the TMK reference check are made with Debian's ffmpeg; install it when this machine has none.
set -euo pipefail
if command -v ffmpeg >/dev/null; then exit 0; fi
echo "Installing ffmpeg (apt-get install ffmpeg)…"
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y ffmpeg
