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
# articles/s, CPU seconds, cores kept busy (CPU over wall time) and peak
# RSS, then per configuration the range over the rounds, and the range of
# each configuration's speed relative to the first one's in the same round
# (so `X:1` against `X:2` gives the scaling).
set -euo pipefail
usage() {
  sed -n '2,/^set /{/^#/p}' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
[ $# -ge 3 ] || usage
corpus=$1
rounds=$2
shift 2
configs=("$@")
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "alternate: ROUNDS must be a whole number >= 1, not '$rounds'" >&2; usage; }
for c in "${configs[@]}"; do
  [[ $c =~ :[1-9][0-9]*$ ]] || { echo "alternate: '$c' is not BIN:THREADS" >&2; usage; }
done
out=$(mktemp -d /tmp/whosaid-alternate.XXXXXX)
trap 'rm -rf "$out"' EXIT
results=$out/results.tsv

for round in $(seq 1 "$rounds"); do
  for i in "${!configs[@]}"; do
    bin=${configs[$i]%:*}
    threads=${configs[$i]##*:}
    log=$out/log
    rm -rf "$out/csv"
    if ! /usr/bin/time -f 'cpu %U %S %e %M' "$bin" extract "$corpus" -o "$out/csv" \
      --threads "$threads" >/dev/null 2>"$log"; then
      echo "alternate: ${configs[$i]} failed:" >&2
      cat "$log" >&2
      exit 1
    fi
    # The summary lines, after any warnings naming files:
    # `whosaid: 11235 articles, ...` and `whosaid: 51.2 MB in 2.31 s: 22.2 MB/s`.
    articles=$(grep -oE '^whosaid: [0-9]+ articles,' "$log" | tail -1 | grep -oE '[0-9]+' || true)
    read -r mb secs < <(sed -nE 's/^whosaid: ([0-9.]+) MB in ([0-9.]+) s:.*/\1 \2/p' "$log" | tail -1) || true
    if [ -z "$articles" ] || [ -z "${mb:-}" ]; then
      echo "alternate: no summary line from ${configs[$i]}:" >&2
      cat "$log" >&2
      exit 1
    fi
    mbs=$(awk -v m="$mb" -v s="$secs" 'BEGIN { printf "%.1f", (s > 0 ? m / s : 0) }')
    aps=$(awk -v a="$articles" -v s="$secs" 'BEGIN { printf "%.0f", (s > 0 ? a / s : 0) }')
    cpu=$(awk '/^cpu / { printf "%.2f", $2 + $3 }' "$log")
    # CPU seconds over wall seconds: how many cores the run kept busy.
    busy=$(awk '/^cpu / { printf "%.2f", ($4 > 0 ? ($2 + $3) / $4 : 0) }' "$log")
    rss=$(awk '/^cpu / { printf "%.1f", $5 / 1024 }' "$log")
    printf '%s\t%s\t%s\t%s\n' "$round" "$i" "$mbs" "$aps" >>"$results"
    printf 'round %s  %-32s %6s MB/s  %6s articles/s  CPU %s s  %s cores busy  peak RSS %s MB\n' \
      "$round" "${configs[$i]}" "$mbs" "$aps" "$cpu" "$busy" "$rss"
  done
done

echo
printf '%s\n' "${configs[@]}" >"$out/names"
awk -F'\t' '
  FILENAME == ARGV[1] { name[n++] = $0; next }
  { mbs[$1, $2] = $3; aps[$1, $2] = $4; if ($1 > rounds) rounds = $1 }
  END {
    for (i = 0; i < n; i++) {
      lo = hi = alo = ahi = rlo = rhi = ""
      for (r = 1; r <= rounds; r++) {
        m = mbs[r, i]; a = aps[r, i]; ratio = mbs[r, 0] > 0 ? m / mbs[r, 0] : 0
        if (lo == "" || m < lo) lo = m; if (hi == "" || m > hi) hi = m
        if (alo == "" || a < alo) alo = a; if (ahi == "" || a > ahi) ahi = a
        if (rlo == "" || ratio < rlo) rlo = ratio; if (rhi == "" || ratio > rhi) rhi = ratio
      }
      printf "%-32s %.1f–%.1f MB/s, %d–%d articles/s, %.2f–%.2f× the first\n", name[i], lo, hi, alo, ahi, rlo, rhi
    }
  }' "$out/names" "$results"
