#!/usr/bin/env bash
# Wall-clock throughput of several builds or thread counts, measured in
# alternation (issue 6).
#
#   scripts/bench/alternate.sh CORPUS ROUNDS BIN:THREADS [BIN:THREADS ...]
#   e.g. scripts/bench/alternate.sh /tmp/whosaid-polnear 4 \
#          /tmp/old-whosaid:2 target/release/whosaid:2 target/release/whosaid:1
#
# This machine's speed drifts by up to a third within minutes, so one run of
# A followed by one run of B says little. Each round runs every BIN:THREADS
# once, in the order given (`whosaid extract CORPUS -o OUT --threads N`), and
# the comparison is made round by round: the script prints each run's MB/s,
# articles/s and CPU seconds, then per configuration the range over the
# rounds, and the range of each configuration's speed relative to the first
# one's in the same round (so `X:1` against `X:2` gives the scaling).
set -euo pipefail
if [ $# -lt 3 ]; then
  sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
corpus=$1
rounds=$2
shift 2
configs=("$@")
out=$(mktemp -d /tmp/whosaid-alternate.XXXXXX)
trap 'rm -rf "$out"' EXIT
results=$out/results.tsv

for round in $(seq 1 "$rounds"); do
  for i in "${!configs[@]}"; do
    bin=${configs[$i]%:*}
    threads=${configs[$i]##*:}
    log=$out/log
    rm -rf "$out/csv"
    /usr/bin/time -f 'cpu %U %S' "$bin" extract "$corpus" -o "$out/csv" --threads "$threads" \
      >/dev/null 2>"$log"
    # `whosaid: 51.2 MB in 2.31 s: 22.2 MB/s` and `whosaid: 11235 articles, ...`
    mb=$(grep -oE '[0-9.]+ MB in' "$log" | tail -1 | cut -d' ' -f1)
    secs=$(grep -oE 'in [0-9.]+ s' "$log" | tail -1 | cut -d' ' -f2)
    mbs=$(awk -v m="$mb" -v s="$secs" 'BEGIN { if (s > 0) printf "%.1f", m / s }')
    articles=$(grep -oE '[0-9]+ articles' "$log" | head -1 | cut -d' ' -f1)
    cpu=$(awk '/^cpu / { printf "%.2f", $2 + $3 }' "$log")
    aps=$(awk -v a="$articles" -v s="$secs" 'BEGIN { if (s > 0) printf "%.0f", a / s }')
    printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$i" "$mbs" "$aps" "$cpu" >>"$results"
    printf 'round %s  %-40s %6s MB/s  %6s articles/s  CPU %s s\n' \
      "$round" "${configs[$i]}" "$mbs" "$aps" "$cpu"
  done
done

echo
awk -F'\t' -v names="${configs[*]}" '
  BEGIN { n = split(names, name, " ") }
  { mbs[$1, $2] = $3; aps[$1, $2] = $4; if ($1 > rounds) rounds = $1 }
  function range(lo, hi) { return sprintf("%.1f–%.1f", lo, hi) }
  END {
    for (i = 0; i < n; i++) {
      lo = hi = alo = ahi = rlo = rhi = ""
      for (r = 1; r <= rounds; r++) {
        m = mbs[r, i]; a = aps[r, i]; ratio = m / mbs[r, 0]
        if (lo == "" || m < lo) lo = m; if (hi == "" || m > hi) hi = m
        if (alo == "" || a < alo) alo = a; if (ahi == "" || a > ahi) ahi = a
        if (rlo == "" || ratio < rlo) rlo = ratio; if (rhi == "" || ratio > rhi) rhi = ratio
      }
      printf "%-40s %s MB/s, %d–%d articles/s, %.2f–%.2f× the first\n", name[i + 1], range(lo, hi), alo, ahi, rlo, rhi
    }
  }' "$results"
