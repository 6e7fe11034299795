#!/usr/bin/env bash
# Output digests: builds every example, the blog book and (when ../shared/corpus is present)
# every corpus post to PDF and EPUB with a fixed SOURCE_DATE_EPOCH and prints one
# `sha256  path` line per output, sorted. Two runs on two commits that print the same lines
# produced byte-identical outputs (used to check refactors).
# Usage: bash benches/digests.sh [BIN] > digests.txt
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-}
if [ -z "$bin" ]; then
  cargo build --release --quiet
  bin=$PWD/target/release/inkbind
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1767225600
inputs=(examples/*.md)
if [ -d ../shared/corpus ]; then
  inputs+=(../shared/corpus/*.md)
fi
for f in "${inputs[@]}"; do
  [ "$(basename "$f")" = README.md ] && continue
  name=$(basename "$(dirname "$f")")-$(basename "$f" .md)
  "$bin" build "$f" --to pdf,epub -o "$work/$name.pdf" 2>/dev/null || echo "FAILED $f"
done
"$bin" book examples/blog/book.yaml -o "$work/blog-book.pdf" 2>/dev/null || echo "FAILED book pdf"
"$bin" book examples/blog/book.yaml -o "$work/blog-book.epub" 2>/dev/null || echo "FAILED book epub"
(cd "$work" && sha256sum -- * | sort -k2)
