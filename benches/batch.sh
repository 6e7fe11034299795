#!/usr/bin/env bash
# Batch benchmark: 200 documents (the four examples, each varied: its own title and an extra
# paragraph) to PDF with `-j 1` and `-j 2`, release build. Prints documents per second and
# the speed-up. Usage: bash benches/batch.sh [N_DOCS]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-200}
cargo build --release --quiet
bin=$PWD/target/release/inkbind
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in"
cp -r examples/images "$work/in/"
i=0
while [ "$i" -lt "$n" ]; do
  for f in examples/*.md; do
    [ "$i" -lt "$n" ] || break
    base=$(basename "$f" .md)
    sed "0,/^title: /s/^title: \(.*\)/title: \1 ($i)/" "$f" > "$work/in/$base-$i.md"
    printf '\n\nVariation %d: この段落は文書ごとに違います。This paragraph differs per document.\n' "$i" >> "$work/in/$base-$i.md"
    i=$((i + 1))
  done
done
declare -A secs
for j in 1 2; do
  mkdir -p "$work/out$j"
  start=$(date +%s.%N)
  "$bin" build "$work"/in/*.md -j "$j" -o "$work/out$j" 2> "$work/log$j" || { tail -5 "$work/log$j"; exit 1; }
  end=$(date +%s.%N)
  secs[$j]=$(awk "BEGIN { print $end - $start }")
  pdfs=$(ls "$work/out$j"/*.pdf | wc -l)
  awk -v j="$j" -v p="$pdfs" -v s="${secs[$j]}" 'BEGIN { printf "-j %d: %d PDFs in %.2f s = %.1f documents/s\n", j, p, s, p / s }'
done
awk -v a="${secs[1]}" -v b="${secs[2]}" 'BEGIN { printf "speed-up -j 2 over -j 1: %.2fx\n", a / b }'
