#!/usr/bin/env bash
# The tests run every storage test against PostgreSQL too; install Debian's server when it is missing.
set -euo pipefail
if ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || command -v pg_ctl >/dev/null 2>&1; then exit 0; fi
echo "Installing PostgreSQL (apt-get install postgresql)…"
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends postgresql
