#!/usr/bin/env bash
# Builds the extension of an earlier commit into OUT_DIR, for benches that measure a reference build beside this
# tree's in the same minutes (bench:feed's FEED_REFERENCE_DIR). Default: 77eda22, version 1 as the issues found it,
# whose X feed the guide quotes as about 13 ms of script per 1,000 posts.
#   bash scripts/build-reference-extension.sh [COMMIT] [OUT_DIR]
set -euo pipefail
commit="${1:-77eda22}"
out="$(realpath -m "${2:-bench/.reference/$commit}")"
root="$(git rev-parse --show-toplevel)"
work="$(mktemp -d)"
trap 'git -C "$root" worktree remove --force "$work" >/dev/null 2>&1 || rm -rf "$work"' EXIT
git -C "$root" worktree add --detach "$work" "$commit" >/dev/null
# This tree's packages: the older build needs no package it lacks (a missing one fails the build, loudly).
ln -s "$root/node_modules" "$work/node_modules"
(cd "$work" && npx wxt build > build.log 2>&1) || { cat "$work/build.log" >&2; exit 1; }
rm -rf "$out" && mkdir -p "$(dirname "$out")" && cp -r "$work/dist/chrome-mv3" "$out"
echo "$out"
