#!/usr/bin/env bash
# The Firefox end-to-end tests (e2e/firefox/) drive Debian's Firefox ESR; install it when this machine has none.
set -euo pipefail
if [ -x /usr/bin/firefox-esr ]; then exit 0; fi
echo "Installing Firefox ESR (apt-get install firefox-esr)…"
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y firefox-esr
