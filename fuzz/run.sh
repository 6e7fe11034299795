#!/usr/bin/env bash
# Runs one fuzz target (markdown | mermaid | pipeline) for SECONDS (default 600) with
# libFuzzer through cargo-fuzz, seeded from the examples and, when present, ../shared's
# corpora. The stable toolchain is enough: RUSTC_BOOTSTRAP=1 lets cargo-fuzz pass its
# sanitizer-coverage flags. Crashes land in fuzz/artifacts/TARGET/; each one found becomes a
# regression test in tests/.
# Usage: bash fuzz/run.sh TARGET [SECONDS] [extra libFuzzer flags...]
#   needs: cargo install cargo-fuzz
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?target: markdown | mermaid | pipeline}
secs=${2:-600}
shift $(( $# > 1 ? 2 : 1 ))
seeds=corpus/$target
mkdir -p "$seeds"
if [ -z "$(ls -A "$seeds")" ]; then
  case $target in
    markdown|pipeline)
      cp ../examples/*.md ../examples/blog/*.md "$seeds/"
      if [ -d ../../shared/corpus ]; then cp ../../shared/corpus/*.md "$seeds/"; fi
      ;;
    mermaid)
      # Every ```mermaid fence of the examples, and the flowchart corpus when present.
      i=0
      for f in ../examples/*.md ../examples/blog/*.md; do
        awk -v out="$seeds/ex-$(basename "$f" .md)" '
          /^```mermaid/ { n++; on = 1; next }
          /^```/ && on { on = 0; next }
          on { print > (out "-" n ".mmd") }' "$f"
      done
      if [ -d ../../shared/mermaid-corpus/corpus ]; then
        cp ../../shared/mermaid-corpus/corpus/*.mmd "$seeds/"
      fi
      ;;
    *) echo "unknown target $target" >&2; exit 2 ;;
  esac
fi
export RUSTC_BOOTSTRAP=1
# -s none: no AddressSanitizer (safe Rust; keeps executions fast), coverage guidance stays.
exec cargo fuzz run -s none "$target" "$seeds" -- \
  -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=262144 "$@"
