#!/bin/sh
# Batch throughput with 1 and 2 workers on the fixture submissions
# (fixtures/cases.tsv, repeated ROUNDS times), with warm engines per worker.
# Usage: scripts/batch_scaling.sh [ROUNDS]   (after `cargo build --release`)
set -eu
cd "$(dirname "$0")/.."
rounds=${1:-2}
bin=${KYCMATCH_BIN:-target/release/kycmatch}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
img="$PWD/fixtures/images"
r=1
while [ "$r" -le "$rounds" ]; do
  awk -F'\t' -v img="$img" -v r="$r" '
    function q(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); return "\"" s "\"" }
    /^#/ || $1 == "case" || NF < 10 { next }
    {
      line = "{\"id\": " q($1 "-" r) ", \"front\": " q(img "/" $2)
      if ($3 != "") line = line ", \"back\": " q(img "/" $3)
      split("name dob id_number doc_type country as_of", keys, " ")
      for (k = 1; k <= 6; k++) if ($(k + 3) != "") line = line ", \"" keys[k] "\": " q($(k + 3))
      print line "}"
    }' fixtures/cases.tsv >> "$dir/manifest.jsonl"
  r=$((r + 1))
done
n=$(wc -l < "$dir/manifest.jsonl")
for jobs in 1 2; do
  start=$(date +%s.%N)
  OMP_THREAD_LIMIT=1 "$bin" batch "$dir/manifest.jsonl" --jobs "$jobs" --out "$dir/out$jobs.jsonl" 2>/dev/null
  end=$(date +%s.%N)
  echo "$jobs $start $end" >> "$dir/times"
done
awk -v n="$n" '{ t[$1] = $3 - $2; printf "jobs %d: %d submissions in %.1f s, %.2f/s\n", $1, n, t[$1], n / t[$1] }
  END { printf "scaling 1 -> 2 jobs: %.2fx\n", t[1] / t[2] }' "$dir/times"
cmp -s "$dir/out1.jsonl" "$dir/out2.jsonl" || {
  # Timings differ run to run; the verdicts must not.
  a=$(grep -o '"decision":"[a-z]*"' "$dir/out1.jsonl" | md5sum)
  b=$(grep -o '"decision":"[a-z]*"' "$dir/out2.jsonl" | md5sum)
  [ "$a" = "$b" ] && echo "same decisions with 1 and 2 jobs" || { echo "decisions differ between 1 and 2 jobs"; exit 1; }
}
