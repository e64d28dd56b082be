#!/usr/bin/env bash
# Installs the reference endpoint's own dependencies (Fastify, SQLite, pg) when missing or stale.
set -euo pipefail
cd "$(dirname "$0")/../endpoint"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing the endpoint's dependencies (npm ci in endpoint/)…"
  npm ci --no-audit --no-fund
fi
