#!/usr/bin/env bash
# Is the loss from 1 to 2 threads ours or the machine's? (issue 6)
#
#   scripts/bench/pair.sh CORPUS ROUNDS [BIN]
#   e.g. scripts/bench/pair.sh /tmp/whosaid-polnear 3 target/release/whosaid
#
# Each round runs, one after another:
#   solo   one `whosaid extract CORPUS --threads 1` alone;
#   pair   two of them at once, each over the whole corpus (two processes,
#          nothing shared but the machine);
#   t2     one `--threads 2` run;
#   shards the one-process-per-core recipe of the README: two `--threads 1`
#          processes at once, with `--shard 1/2` and `--shard 2/2`; the job
#          takes as long as the later one, to set beside t2's wall time;
#   awk    a CPU-only loop (no memory to speak of), alone and then two at
#          once, as a control: if two of those run at solo speed, the two
#          cores are real and not throttled when both are busy.
# It prints each run's wall and CPU seconds, then per round the CPU time of
# a pair process and of the t2 run relative to the solo run. If a pair
# process costs as much more CPU as the t2 run does, the 2-thread run's
# extra CPU is the machine's (two busy cores slow each other down, through
# shared cache or memory), not the threads' own overhead; the scaling
# ceiling for this program on this machine is then about 2 / that ratio.
set -euo pipefail
usage() {
  sed -n '2,/^set /{/^#/p}' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
[ $# -ge 2 ] && [ $# -le 3 ] || usage
corpus=$1
rounds=$2
bin=${3:-target/release/whosaid}
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "pair: ROUNDS must be a whole number >= 1, not '$rounds'" >&2; usage; }
[ -x "$bin" ] || { echo "pair: no executable at '$bin' (cargo build --release?)" >&2; exit 2; }
[ -e "$corpus" ] || { echo "pair: no corpus at '$corpus'" >&2; exit 2; }
out=$(mktemp -d /tmp/whosaid-pair.XXXXXX)
trap 'rm -rf "$out"' EXIT

# Runs "$@" under /usr/bin/time, appending "wall cpu" to the file $1.
timed() {
  local to=$1 t=$out/time.$BASHPID
  shift
  if ! /usr/bin/time -f "%e %U %S" -o "$t" "$@" >/dev/null 2>"$t.err"; then
    { echo "pair: failed: $*"; cat "$t.err"; } >"$out/failed"
    return 1
  fi
  awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$t" >>"$to"
}
whosaid() { timed "$1" "$bin" extract "$corpus" -o "$out/csv-$2" --threads "$3" --quiet "${@:4}"; }
spin() { timed "$1" awk 'BEGIN { for (i = 0; i < 3e7; i++) x += i * i; print x }'; }
# Two at once; `wait PID` returns each one's status, so a failure stops us.
both() {
  "$@" a & local a=$!
  "$@" b & local b=$!
  wait "$a" && wait "$b" || { cat "$out/failed" >&2; exit 1; }
}
pair_whosaid() { whosaid "$out/r.pair" "$1" 1; }
pair_spin() { spin "$out/r.spinpair"; }
half() { whosaid "$out/r.shards" "$1" 1 --shard "$([ "$1" = a ] && echo 1 || echo 2)/2"; }
# A file of "wall cpu" lines as "wall/cpu,wall/cpu", or its walls only.
wallcpu() { awk '{ printf "%s%s/%s", sep, $1, $2; sep = "," }' "$1"; }
wall() { awk '{ printf "%s%s", sep, $1; sep = "," }' "$1"; }

echo "wall/CPU seconds; a pair's two processes are given as A,B"
printf '%-5s  %-11s  %-21s  %-11s  %-21s  %-9s  %-15s  %s\n' round solo "pair" t2 shards "awk solo" "awk pair" \
  "CPU/solo CPU: pair, t2"
for round in $(seq 1 "$rounds"); do
  rm -f "$out"/r.*
  whosaid "$out/r.solo" a 1
  both pair_whosaid
  whosaid "$out/r.t2" a 2
  both half
  spin "$out/r.spin"
  both pair_spin
  ratios=$(awk 'FNR == 1 { f++ } f == 1 { solo = $2 } f == 2 { p += $2; n++ } f == 3 { t = $2 }
    END { printf "%.2f, %.2f", p / n / solo, t / solo }' "$out/r.solo" "$out/r.pair" "$out/r.t2")
  printf '%-5s  %-11s  %-21s  %-11s  %-21s  %-9s  %-15s  %s\n' "$round" "$(wallcpu "$out/r.solo")" "$(wallcpu "$out/r.pair")" \
    "$(wallcpu "$out/r.t2")" "$(wallcpu "$out/r.shards")" "$(wall "$out/r.spin")" "$(wall "$out/r.spinpair")" "$ratios"
done
