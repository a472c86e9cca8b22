#!/usr/bin/env bash
# Peak memory of `whosaid extract` on one large JSONL file (issue 6: peak RSS
# under 200 MB whatever the corpus size).
#
# In: nothing (it generates its input). Out: peak RSS and MB/s on stdout;
# exit status 1 if the peak is over the limit.
#
# It generates about 1.1 GB of articles with the throughput bench's
# generator (benches/gen/corpus.rs), turns them into one JSONL file (one
# article a line: id, text), deletes the .txt files, and runs
#   /usr/bin/time -v target/release/whosaid extract big.jsonl -o OUT --threads 2
# The input is kept for the next run (delete $WORK to start over). It is a
# benchmark, not a CI test: it needs ~2.5 GB of disk and a few minutes.
#
#   scripts/bench/memory_1gb.sh                  # WORK=/tmp/whosaid-mem, 1100 MB
#   MB=2200 WORK=/tmp/big scripts/bench/memory_1gb.sh
set -euo pipefail

cd "$(dirname "$0")/../.."
WORK=${WORK:-/tmp/whosaid-mem}
MB=${MB:-1100}
LIMIT_MB=${LIMIT_MB:-200}
THREADS=${THREADS:-2}
INPUT="$WORK/big.jsonl"

cargo build --release --bin whosaid -q
mkdir -p "$WORK"

if [ ! -s "$INPUT" ]; then
    echo "generating ${MB} MB of articles in $WORK/txt"
    rm -rf "$WORK/txt"
    cargo bench --bench throughput -q -- --generate "$WORK/txt" --mb "$MB"
    echo "converting to one JSONL file: $INPUT"
    python3 - "$WORK/txt" "$INPUT.tmp" <<'EOF'
import json, os, sys
root, out = sys.argv[1], sys.argv[2]
with open(out, "w", encoding="utf-8") as f:
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as t:
                text = t.read()
            ident = os.path.splitext(os.path.relpath(path, root))[0]
            f.write(json.dumps({"id": ident, "text": text}, ensure_ascii=False))
            f.write("\n")
EOF
    mv "$INPUT.tmp" "$INPUT"
    rm -rf "$WORK/txt"
fi

bytes=$(stat -c %s "$INPUT")
rm -rf "$WORK/out"
/usr/bin/time -v -o "$WORK/time.txt" \
    target/release/whosaid extract "$INPUT" -o "$WORK/out" --threads "$THREADS" -q
rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time.txt")
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WORK/time.txt")
# m:ss.cc or h:mm:ss into seconds.
secs=$(echo "$wall" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
articles=$(($(wc -l < "$WORK/out/articles.csv") - 1))

awk -v b="$bytes" -v kb="$rss_kb" -v s="$secs" -v n="$articles" -v t="$THREADS" 'BEGIN {
    printf "input: %.1f MB of JSONL, %d articles\n", b / 1e6, n
    printf "threads %d: %.1f s, %.1f MB/s\n", t, s, b / 1e6 / s
    printf "peak RSS: %.1f MB\n", kb / 1024
}'
if [ "$rss_kb" -gt $((LIMIT_MB * 1024)) ]; then
    echo "peak RSS is over the ${LIMIT_MB} MB limit" >&2
    exit 1
fi
