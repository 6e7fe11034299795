#!/usr/bin/env bash
# Regenerates truth/<type>/NNNN.json for every corpus/<type>/NNNN.mmd with Mermaid's own parsers.
#
#   ./rebuild.sh [WORKDIR]
#
# WORKDIR (default $MERMAID_TYPES_WORKDIR, else ${TMPDIR:-/tmp}/mermaid-types-oracle) gets a copy of
# tools/package.json and tools/package-lock.json and an `npm ci` of the runtime dependencies
# (mermaid 12.3.0, jsdom 26.1.0); node_modules never lands in this folder. Needs node >= 20 and npm
# with a registry reachable through npm's own configuration. npm warns that mermaid 12 declares
# node >= 22.12; the parse path used here runs on node 20.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WORK=${1:-${MERMAID_TYPES_WORKDIR:-${TMPDIR:-/tmp}/mermaid-types-oracle}}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
case "$WORK/" in "$HERE"/*) echo "refusing: WORKDIR must be outside $HERE" >&2; exit 2 ;; esac

if ! cmp -s "$HERE/tools/package-lock.json" "$WORK/package-lock.json" || [ ! -d "$WORK/node_modules/mermaid" ]; then
  cp "$HERE/tools/package.json" "$HERE/tools/package-lock.json" "$WORK/"
  (cd "$WORK" && npm ci --omit=dev --no-audit --no-fund --ignore-scripts --loglevel=error)
fi

rm -rf "$HERE/truth"
# Gantt dates are local time in Mermaid: UTC makes them the same on every machine.
TZ=UTC node "$HERE/tools/truth.mjs" "$WORK/node_modules" "$HERE/corpus" "$HERE/truth"
