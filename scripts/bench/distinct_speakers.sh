#!/usr/bin/env bash
# Peak memory of `whosaid extract` when every article quotes a different
# person (issue 6: peak RSS under 200 MB whatever the corpus size). The
# speakers.csv tally is the one structure that grows with the number of
# distinct speakers rather than with the batches in flight; this input makes
# it as large as it can get for its size.
#
# In: nothing (it generates its input). Out: input size, distinct speakers in
# speakers.csv, wall time and peak RSS on stdout; exit status 1 if the peak
# is over the limit.
#
# It writes N JSONL articles (default 300,000, ~95 MB), article k quoting a
# made-up person whose name spells k in syllables ("Bako Dazefi"), so no two
# articles share a speaker, and runs
#   /usr/bin/time -v $BIN extract big.jsonl -o OUT --threads 2
# The input is kept for the next run (delete $WORK to start over).
#
#   scripts/bench/distinct_speakers.sh              # WORK=/tmp/whosaid-speakers
#   N=1000000 scripts/bench/distinct_speakers.sh
#   BIN=/path/to/older/whosaid scripts/bench/distinct_speakers.sh   # compare
set -euo pipefail

cd "$(dirname "$0")/../.."
WORK=${WORK:-/tmp/whosaid-speakers}
N=${N:-300000}
LIMIT_MB=${LIMIT_MB:-200}
THREADS=${THREADS:-2}
BIN=${BIN:-target/release/whosaid}
INPUT="$WORK/big-$N.jsonl"

if [ "$BIN" = target/release/whosaid ]; then
    cargo build --release --bin whosaid -q
fi
mkdir -p "$WORK"

if [ ! -s "$INPUT" ]; then
    echo "generating $N articles: $INPUT"
    python3 - "$N" "$INPUT.tmp" <<'PY'
import json, sys
n, out = int(sys.argv[1]), sys.argv[2]
# 20 consonant-vowel syllables: k in base 20, two digits for the first name
# and three for the surname, is a different name for every k below 3.2
# million; past that the surname spells the rest of k too.
syl = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"][:20]
def name(k):
    digits = []
    for _ in range(5):
        digits.append(syl[k % 20])
        k //= 20
    first = "".join(digits[3:])
    last = "".join(digits[:3]) + "".join(syl[int(d)] for d in str(k) if k)
    return first.capitalize() + " " + last.capitalize()
with open(out, "w", encoding="utf-8") as f:
    for k in range(n):
        who = name(k)
        text = (
            f"Council vote number {k} goes ahead\n\n"
            f"\"We will win this vote and then we will fix the roads,\" said {who}, "
            f"a candidate for the district council.\n\n"
            f"The count is expected on Friday evening."
        )
        f.write(json.dumps({"id": f"a{k}", "text": text}))
        f.write("\n")
PY
    mv "$INPUT.tmp" "$INPUT"
fi

bytes=$(stat -c %s "$INPUT")
rm -rf "$WORK/out"
/usr/bin/time -v -o "$WORK/time.txt" \
    "$BIN" extract "$INPUT" -o "$WORK/out" --threads "$THREADS" -q
rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time.txt")
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WORK/time.txt")
speakers=$(($(wc -l < "$WORK/out/speakers.csv") - 1))

echo "input: $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB of JSONL, $N articles"
echo "speakers.csv: $speakers speakers"
echo "wall: $wall"
echo "peak RSS: $(awk -v kb="$rss_kb" 'BEGIN { printf "%.1f", kb / 1024 }') MB"
if [ "$rss_kb" -gt $((LIMIT_MB * 1024)) ]; then
    echo "peak RSS is over the ${LIMIT_MB} MB limit" >&2
    exit 1
fi
