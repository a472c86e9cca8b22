#!/usr/bin/env bash
# whosaid under Apache Spark: pipes corpus/ through `whosaid extract - --format
# jsonl` with `rdd.pipe` on a local Spark (local[2], 4 partitions) and checks
# the records equal a plain run's (see pipe.py for what "equal" means).
#
# Needs Java 17 and python3. Installs pyspark from PyPI into a virtual
# environment under target/spark/venv (not committed; reused by later runs;
# WHOSAID_SPARK_VENV moves it) and builds the release binary. Exit status 0
# when the records agree.
#
#   scripts/spark/run.sh
#   WHOSAID_SPARK=1 cargo test --test tests spark    # the same, as a test
set -euo pipefail

cd "$(dirname "$0")/../.."
PYSPARK_VERSION=4.3.0
VENV=${WHOSAID_SPARK_VENV:-$PWD/target/spark/venv}
CORPUS=${CORPUS:-corpus}

if ! command -v java >/dev/null; then
    echo "spark: needs Java 17 (java is not on PATH)" >&2
    exit 1
fi
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c "import sys, pyspark; sys.exit(pyspark.__version__ != '$PYSPARK_VERSION')" 2>/dev/null; then
    echo "spark: installing pyspark $PYSPARK_VERSION into $VENV"
    "$VENV/bin/pip" install -q "pyspark==$PYSPARK_VERSION"
fi

cargo build --release --bin whosaid -q

WORK=$(mktemp -d "${TMPDIR:-/tmp}/whosaid-spark.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
# Spark's Python workers must be the venv's Python (it has pyspark).
export PYSPARK_PYTHON="$VENV/bin/python"
export PYSPARK_DRIVER_PYTHON="$VENV/bin/python"
# Everything is local: no need to look up the host's network address.
export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}
"$VENV/bin/python" scripts/spark/pipe.py \
    --whosaid target/release/whosaid \
    --corpus "$CORPUS" \
    --work "$WORK" \
    --partitions 4 \
    --master 'local[2]'
