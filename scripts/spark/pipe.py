"""Runs whosaid under Apache Spark with ``rdd.pipe`` and checks that the
records equal a plain run's.

In: a folder of ``.txt`` articles (corpus/), the whosaid binary, a scratch
folder. Out: "spark: same records ..." on stdout and exit status 0, or the
differences and exit status 1.

Steps: the articles become one JSONL file (whosaid's JSONL input: ``id``,
``title``, ``text``, one article a line); a plain run reads that file on
standard input (``whosaid extract - --format jsonl``); Spark reads it with
``sc.textFile`` into several partitions on ``local[2]`` and pipes every
partition through the same command. The two outputs are compared as
multisets of JSON records.

The per-article records (article, quote, entity, mention, date) must be
equal one for one. ``speaker`` records are not per article: each whosaid
process tallies the speakers of what it read, so a partition's tallies
cover its own articles. For them the check is that the counts add up:
summed over partitions, each speaker's quotes and articles equal the plain
run's. (first_article and sample_quote are the first in each partition's
order and are not compared.)

It does not install anything: scripts/spark/run.sh makes the virtual
environment, installs pyspark and builds whosaid, then calls this.
"""

import argparse
import collections
import json
import os
import subprocess
import sys


def corpus_to_jsonl(folder, out_path):
    """One JSON line per .txt file, ids as whosaid gives them to .txt files
    (path relative to the folder, without extension, '/'-separated)."""
    n = 0
    with open(out_path, "w", encoding="utf-8", newline="\n") as out:
        for root, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith(".") or not name.lower().endswith(".txt"):
                    continue
                path = os.path.join(root, name)
                with open(path, encoding="utf-8-sig") as f:
                    text = f.read()
                rel = os.path.relpath(path, folder).replace(os.sep, "/")
                ident = rel[: -len(".txt")]
                title = next((line.strip() for line in text.splitlines() if line.strip()), "")
                record = {"id": ident, "title": title, "text": text}
                # ensure_ascii=False keeps the text readable; JSON escapes
                # \n and \r, so each article stays on one line for Hadoop's
                # line reader.
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                n += 1
    return n


def split(lines):
    """JSON lines into (per-article records as canonical strings, speaker
    tallies name -> [quotes, articles])."""
    per_article = collections.Counter()
    speakers = collections.defaultdict(lambda: [0, 0])
    for line in lines:
        if not line.strip():
            continue
        record = json.loads(line)
        kind = record.get("record")
        if kind == "speaker":
            tally = speakers[record["speaker"]]
            tally[0] += record["quotes"]
            tally[1] += record["articles"]
        else:
            if kind is None or "article_id" not in record:
                raise SystemExit(f"spark: a record that does not say what it is: {line[:200]}")
            per_article[json.dumps(record, sort_keys=True, ensure_ascii=False)] += 1
    return per_article, dict(speakers)


def kinds(records):
    counts = collections.Counter(json.loads(r)["record"] for r in records.elements())
    return ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--whosaid", required=True, help="the whosaid binary")
    ap.add_argument("--corpus", required=True, help="folder of .txt articles")
    ap.add_argument("--work", required=True, help="scratch folder")
    ap.add_argument("--partitions", type=int, default=4)
    ap.add_argument("--master", default="local[2]")
    args = ap.parse_args()

    whosaid = os.path.abspath(args.whosaid)
    jsonl = os.path.join(os.path.abspath(args.work), "articles.jsonl")
    n = corpus_to_jsonl(args.corpus, jsonl)
    # One worker thread per process: Spark already runs one task per core.
    command = [whosaid, "extract", "-", "--format", "jsonl", "--threads", "1", "-q"]

    with open(jsonl, "rb") as f:
        plain = subprocess.run(command, stdin=f, capture_output=True, check=True)
    plain_lines = plain.stdout.decode("utf-8").splitlines()

    from pyspark import SparkConf, SparkContext

    conf = SparkConf().setMaster(args.master).setAppName("whosaid-pipe")
    conf.set("spark.ui.enabled", "false")
    conf.set("spark.ui.showConsoleProgress", "false")
    sc = SparkContext(conf=conf)
    sc.setLogLevel("ERROR")
    try:
        rdd = sc.textFile("file://" + jsonl, minPartitions=args.partitions)
        partitions = rdd.getNumPartitions()
        sizes = rdd.glom().map(len).collect()
        # checkCode: a whosaid that exits non-zero fails the task.
        spark_lines = rdd.pipe(" ".join(command), checkCode=True).collect()
    finally:
        sc.stop()

    want, want_speakers = split(plain_lines)
    got, got_speakers = split(spark_lines)
    articles = sum(1 for r in want.elements() if json.loads(r)["record"] == "article")
    ok = True
    if sum(1 for size in sizes if size > 0) < 2:
        print(f"spark: the articles were not split between partitions ({sizes}); nothing was tested")
        ok = False
    if articles != n:
        print(f"spark: the plain run wrote {articles} article records for {n} articles")
        ok = False
    if got != want:
        ok = False
        missing = list((want - got).elements())
        extra = list((got - want).elements())
        print(f"spark: records differ: {len(missing)} missing, {len(extra)} extra")
        for r in missing[:5]:
            print("  missing:", r[:300])
        for r in extra[:5]:
            print("  extra:  ", r[:300])
    if got_speakers != want_speakers:
        ok = False
        names = sorted(set(got_speakers) | set(want_speakers))
        diff = [(s, want_speakers.get(s), got_speakers.get(s)) for s in names
                if want_speakers.get(s) != got_speakers.get(s)]
        print(f"spark: speaker tallies differ for {len(diff)} speakers, e.g. {diff[:5]}")
    if not ok:
        return 1
    print(f"spark: same records ({kinds(want)}) from {n} articles in "
          f"{partitions} partitions ({sizes} articles) on {args.master}; speaker tallies "
          f"({len(want_speakers)} speakers) add up")
    return 0


if __name__ == "__main__":
    sys.exit(main())
