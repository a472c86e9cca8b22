#!/usr/bin/env bash
# Replicates the PolNeAR dev texts (real news, ~2 MB) into a folder of at
# least MB megabytes, for issue 6's "real text" throughput figure.
#
#   scripts/bench/replicate_polnear.sh [DEST=/tmp/whosaid-polnear] [MB=50]
#
# The copies go to /tmp (or DEST) at run time and are never committed: the
# evaluation texts must not enter the repository. Each copy is a folder
# `copyNNN/`, so article ids stay distinct.
set -euo pipefail
SRC=${POLNEAR_DEV:-/work/shared/eval/polnear/dev-txt}
DEST=${1:-/tmp/whosaid-polnear}
MB=${2:-50}
[ -d "$SRC" ] || { echo "no PolNeAR texts at $SRC (set POLNEAR_DEV)" >&2; exit 1; }
rm -rf "$DEST"
mkdir -p "$DEST"
one=$(cat "$SRC"/*.txt | wc -c)
copies=$(( (MB * 1000000 + one - 1) / one ))
for i in $(seq -f %03g 1 "$copies"); do
  cp -r "$SRC" "$DEST/copy$i"
done
echo "$copies copies of $one bytes: $(( copies * one / 1000000 )) MB in $DEST"
