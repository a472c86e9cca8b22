#!/usr/bin/env bash
# Checks that an optimisation changed nothing: runs two whosaid binaries on
# the same inputs and compares every output file byte for byte.
#
#   scripts/bench/same_output.sh BASE_BIN NEW_BIN [INPUT...]
#
# INPUT defaults to corpus/, the PolNeAR dev texts and the generated
# benchmark corpus (/tmp/whosaid-bench) when they exist. Exit 1 on any
# difference.
set -euo pipefail
base=$1 new=$2
shift 2
inputs=("$@")
if [ ${#inputs[@]} -eq 0 ]; then
  inputs=(corpus)
  for d in /work/shared/eval/polnear/dev-txt /tmp/whosaid-bench; do
    [ -d "$d" ] && inputs+=("$d")
  done
fi
# Outputs go to a folder of this run's own, so that two checks running at
# once (one per worktree) do not overwrite each other's files.
work=$(mktemp -d /tmp/same-output.XXXXXX)
trap 'rm -rf "$work"' EXIT
status=0
for input in "${inputs[@]}"; do
  tag=$(echo "$input" | tr '/' '_')
  a=$work/base$tag b=$work/new$tag
  "$base" extract "$input" -o "$a" --threads 2 --quiet
  "$new" extract "$input" -o "$b" --threads 2 --quiet
  for f in "$a"/*; do
    if ! cmp -s "$f" "$b/$(basename "$f")"; then
      echo "DIFFERENT: $input $(basename "$f")"
      status=1
    fi
  done
  [ $status -eq 0 ] && echo "same: $input ($(ls "$a" | wc -l) files)"
done
exit $status
