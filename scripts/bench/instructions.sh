#!/usr/bin/env bash
# Instructions per input byte, by stage: the repeatable counterpart of
# run.sh's wall-clock figures (issue 6).
#
#   scripts/bench/instructions.sh [BIN]
#
# Runs BIN (default: a fresh release build) under callgrind, one thread, on
# two inputs where the second is the first plus more articles, and prints
# the difference per byte of the added text, by function (inclusive). The
# difference cancels start-up (regex compiling, lexicon loading) and counts
# only text the process has not seen, so a cache that remembers earlier
# articles gains nothing it would not gain on a real corpus.
#
# Inputs: the PolNeAR dev texts (real news; needs ../shared), first half vs
# all, and the generated benchmark corpus (/tmp/whosaid-bench, made by
# run.sh), 200 vs 400 of its files. Takes about two minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ $# -ge 1 ]; then
  bin=$1
else
  cargo build --release --quiet --bin whosaid
  bin=target/release/whosaid
fi
work=$(mktemp -d /tmp/whosaid-instr.XXXXXX)
trap 'rm -rf "$work"' EXIT

# Copies the first N files (by name) of a folder tree into DEST.
first_files() {
  local src=$1 n=$2 dest=$3
  local files f
  mkdir -p "$dest"
  mapfile -t files < <(find "$src" -name '*.txt' | sort)
  for f in "${files[@]:0:$n}"; do
    # Flattened, as `business/001.txt` and `health/001.txt` both exist.
    cp "$f" "$dest/$(echo "${f#"$src"/}" | tr / _)"
  done
}

pairs=()
polnear=../shared/eval/polnear/dev-txt
if [ -d "$polnear" ]; then
  all=$(find "$polnear" -name '*.txt' | wc -l)
  first_files "$polnear" $((all / 2)) "$work/polnear-x"
  first_files "$polnear" "$all" "$work/polnear-y"
  pairs+=(polnear)
fi
if [ -d /tmp/whosaid-bench ]; then
  first_files /tmp/whosaid-bench 200 "$work/generated-x"
  first_files /tmp/whosaid-bench 400 "$work/generated-y"
  pairs+=(generated)
fi
[ ${#pairs[@]} -gt 0 ] || { echo "no input: run scripts/bench/run.sh first, or put ../shared beside the repo" >&2; exit 1; }

for p in "${pairs[@]}"; do
  for half in x y; do
    valgrind --tool=callgrind --callgrind-out-file="$work/$p-$half.cg" \
      "$bin" extract "$work/$p-$half" -o "$work/out-$p-$half" --threads 1 --quiet \
      >/dev/null 2>&1 &
  done
  wait
  added=$(( $(du -sb "$work/$p-y" | cut -f1) - $(du -sb "$work/$p-x" | cut -f1) ))
  echo "== $p: instructions per byte of $added bytes of added text"
  python3 - "$work/$p-x.cg" "$work/$p-y.cg" "$added" <<'EOF'
import re, subprocess, sys

def inclusive(path):
    out = subprocess.run(["callgrind_annotate", "--inclusive=yes", path],
                         capture_output=True, text=True).stdout
    cost = {}
    for line in out.splitlines():
        m = re.match(r"^ *([0-9,]+) \([ 0-9.]+%\)  (.*)$", line)
        if not m:
            continue
        name = m.group(2)
        if "PROGRAM TOTALS" in name:
            name = "TOTAL"
        else:
            name = re.sub(r" \(\d[\d,]*x\)$", "", re.sub(r" \[.*\]$", "", name))
            name = name.split(":", 1)[1] if ":" in name else name
        cost[name] = max(cost.get(name, 0), int(m.group(1).replace(",", "")))
    return cost

x, y, added = inclusive(sys.argv[1]), inclusive(sys.argv[2]), int(sys.argv[3])
stages = [
    ("everything", "TOTAL"),
    # Reading a file is inlined where it is called, so only its boilerplate
    # search has a name of its own; the rest is in "everything".
    # Inlined into its public wrapper in some builds and not in others:
    # whichever of the two names has the cost.
    ("boilerplate lines (ingest)", "whosaid::ingest::boilerplate::find|whosaid::ingest::find_boilerplate"),
    ("segment", "whosaid::segment::segment"),
    ("entities", "whosaid::entities::extract"),
    ("quotes", "whosaid::quotes::extract"),
    ("dates", "whosaid::dates::extract_dated"),
    ("publication date", "whosaid::dates::published::publication_date"),
    ("CSV encoding (workers)", "whosaid::write::Renderer::render"),
    ("writer thread", "<whosaid::write::CsvSink as whosaid::write::Sink>::write_rendered"),
    ("lazy DFA states (all regexes)", "regex_automata::hybrid::dfa::Lazy::cache_next_state"),
]
for label, fns in stages:
    d = max(y.get(fn, 0) - x.get(fn, 0) for fn in fns.split("|"))
    print(f"{label:32s} {d / added:7.1f}")
EOF
done
