#!/usr/bin/env bash
# End-to-end throughput and memory of `whosaid extract` (issues 2 and 6).
#
#   scripts/bench/run.sh [CORPUS_DIR]
#
# Builds release, generates the 50 MB benchmark corpus (seeded, so the same
# bytes every time) into /tmp/whosaid-bench unless CORPUS_DIR is given, then
# runs `whosaid extract CORPUS -o /tmp/whosaid-bench-out --threads N` for
# N = 1 and 2 under `/usr/bin/time -v`, and prints MB/s (from whosaid's
# summary line), articles/s and peak RSS. Set POLNEAR=1 to also replicate
# the PolNeAR dev texts to 50 MB (scripts/bench/replicate_polnear.sh) and
# measure them. Set THREADS="1 2 4" to change the thread counts.
#
# CPU time is printed beside MB/s because the wall-clock figure depends on
# what else runs on the machine; CPU seconds per run do much less so.
set -euo pipefail
cd "$(dirname "$0")/../.."
THREADS=${THREADS:-"1 2"}
cargo build --release --quiet --bin whosaid
if [ $# -ge 1 ]; then
  corpora=("$1")
else
  if [ ! -d /tmp/whosaid-bench ]; then
    cargo bench --quiet --bench throughput -- --generate /tmp/whosaid-bench --mb 50
  fi
  corpora=(/tmp/whosaid-bench)
  if [ "${POLNEAR:-0}" = 1 ]; then
    [ -d /tmp/whosaid-polnear ] || scripts/bench/replicate_polnear.sh /tmp/whosaid-polnear 50
    corpora+=(/tmp/whosaid-polnear)
  fi
fi
for corpus in "${corpora[@]}"; do
  for t in $THREADS; do
    out=/tmp/whosaid-bench-out-$t
    log=$(mktemp)
    /usr/bin/time -v target/release/whosaid extract "$corpus" -o "$out" --threads "$t" 2>"$log" >/dev/null
    line=$(grep -E 'MB/s' "$log" | tail -1)
    articles=$(grep -oE '[0-9]+ articles' "$log" | head -1 | cut -d' ' -f1)
    secs=$(echo "$line" | sed -E 's/.* in ([0-9.]+) s.*/\1/')
    rss=$(grep 'Maximum resident set size' "$log" | awk '{print $NF}')
    cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$log")
    wall=$(grep 'Elapsed (wall clock)' "$log" | awk '{print $NF}')
    aps=$(awk -v a="$articles" -v s="$secs" 'BEGIN { if (s > 0) printf "%.0f", a / s }')
    printf '%s threads=%s: %s, %s articles/s, peak RSS %.1f MB, CPU %s s (user+sys), wall %s\n' \
      "$corpus" "$t" "${line#whosaid: }" "$aps" "$(echo "$rss / 1024" | bc -l)" "$cpu" "$wall"
    rm -f "$log"
  done
done
