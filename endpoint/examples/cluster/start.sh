#!/usr/bin/env bash
# Several stateless endpoint processes on one PostgreSQL database, behind a reverse proxy on
# 127.0.0.1:8787. Everything listens on loopback only; TLS is the proxy's job (endpoint/README.md).
#
#   DATABASE_URL=postgres://user@127.0.0.1/flagpost bash examples/cluster/start.sh [processes]
#
# Ctrl+C stops the proxy and every process it started.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${DATABASE_URL:?set DATABASE_URL to the PostgreSQL database the processes share}"
COUNT="${1:-3}"
FIRST_PORT="${FLAGPOST_CLUSTER_FIRST_PORT:-8801}"
HERE=examples/cluster
RUN="$(mktemp -d -t flagpost-cluster-XXXXXX)"
pids=()
stop() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait || true
  rm -rf "$RUN"
}
trap stop EXIT INT TERM

# The first process migrates the database and prints the local token; the rest start after it.
upstreams=""
for i in $(seq 0 $((COUNT - 1))); do
  port=$((FIRST_PORT + i))
  # One proxy in front: the client address is the one it saw (X-Forwarded-For, rightmost).
  FLAGPOST_HOST=127.0.0.1 FLAGPOST_PORT="$port" FLAGPOST_TRUST_PROXY=1 node bin/start.mjs >"$RUN/process-$i.log" 2>&1 &
  pids+=($!)
  until grep -q 'Stop with Ctrl+C' "$RUN/process-$i.log" 2>/dev/null; do
    if ! kill -0 "${pids[-1]}" 2>/dev/null; then cat "$RUN/process-$i.log"; exit 1; fi
    sleep 0.2
  done
  upstreams+="    server 127.0.0.1:$port;"$'\n'
  [ "$i" = 0 ] && sed -n '/Access token/p' "$RUN/process-0.log"
done

if command -v nginx >/dev/null; then
  # The config with this run's upstreams and a scratch prefix (no root, no /etc needed).
  mkdir -p "$RUN/nginx/logs"
  awk -v up="$upstreams" '/# UPSTREAMS/ { printf "%s", up; next } { print }' "$HERE/nginx.conf" >"$RUN/nginx/nginx.conf"
  nginx -p "$RUN/nginx" -c nginx.conf -g 'daemon off; pid nginx.pid;' &
  pids+=($!)
  echo "nginx on http://127.0.0.1:8787 → $COUNT processes (ports $FIRST_PORT…)"
elif command -v caddy >/dev/null; then
  UPSTREAMS="$(seq -s ' ' -f "127.0.0.1:%g" "$FIRST_PORT" $((FIRST_PORT + COUNT - 1)))" caddy run --config "$HERE/Caddyfile" --adapter caddyfile &
  pids+=($!)
  echo "Caddy on http://127.0.0.1:8787 → $COUNT processes (ports $FIRST_PORT…)"
else
  echo "Neither nginx nor caddy is installed: the $COUNT processes listen on 127.0.0.1:$FIRST_PORT… without a proxy."
fi
echo "Bench it (start with FLAGPOST_RATE_PER_MINUTE=1000000 FLAGPOST_RATE_BURST=1000000 FLAGPOST_HASH_QUOTA_PER_DAY=10000000, or the limits are what you measure):"
echo "  npm run bench:endpoint -- --url http://127.0.0.1:8787 --token <the access token above>"
wait
