#!/usr/bin/env bash
# `npm test` in endpoint/: types, then every test on SQLite and on a throwaway PostgreSQL cluster
# (tests/support/global-setup.ts starts it on a loopback port and removes it afterwards).
set -euo pipefail
cd "$(dirname "$0")/.."
# The endpoint imports the extension's schema, and its zod, from the root install. npm passes this
# folder's .npmrc (strict-allow-scripts) on as npm_config_*; the root install has its own policy.
if [ ! -d ../node_modules/zod ]; then env -u npm_config_strict_allow_scripts bash ../scripts/ensure-deps.sh; fi
bash ../scripts/ensure-endpoint-deps.sh
bash scripts/ensure-postgres.sh
[ -f ../.wxt/types/paths.d.ts ] || (cd .. && npx wxt prepare >/dev/null)
npx tsc --noEmit
# Extra arguments go to vitest (the root `npm test` asks for a JSON report).
npx vitest run "$@"
