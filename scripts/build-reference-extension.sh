#!/usr/bin/env bash
# Builds the extension of an earlier commit into OUT_DIR, for benches that measure a reference build beside this
# tree's in the same minutes (bench:feed's FEED_REFERENCE_DIR). Default: 77eda22, version 1 as the issues found it,
# whose X feed measured 12.7 ms of script per 1,000 posts on 2026-11-24 (docs/benchmarks.md).
#   bash scripts/build-reference-extension.sh [COMMIT] [OUT_DIR]
set -euo pipefail
commit="${1:-77eda22}"
root="$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
out="$(realpath -m "${2:-$root/bench/.reference/$commit}")"
work="$(mktemp -d)"
trap 'git -C "$root" worktree remove --force "$work" >/dev/null 2>&1 || rm -rf "$work"' EXIT
git -C "$root" worktree add --detach "$work" "$commit" >/dev/null
# This tree's packages: the older build needs no package it lacks (a missing one fails the build, loudly).
ln -s "$root/node_modules" "$work/node_modules"
(cd "$work" && npx wxt build > build.log 2>&1) || { cat "$work/build.log" >&2; exit 1; }
rm -rf "$out" && mkdir -p "$(dirname "$out")" && cp -r "$work/dist/chrome-mv3" "$out"
echo "$out"
