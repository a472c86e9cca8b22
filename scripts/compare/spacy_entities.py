"""Runs a spaCy English model over the texts of a whosaid gold file and writes
its entity mentions as a whosaid output folder, so that `whosaid eval --pred`
scores spaCy with exactly the rules it scores whosaid with.

In: a gold JSON Lines file (DESIGN.md "Gold format"; only `id` and `text`
are read, never the annotations) and a spaCy model package name.
Out: DIR/mentions.csv (article_id, entity_id, text, start, end, type,
sentence), plus DIR/quotes.csv and DIR/dates.csv with headers only, because
`eval --pred` reads every layer the gold annotates and spaCy gives no quotes
or dates; those layers score zero and are not part of the comparison.
It does not score anything itself: scoring is whosaid's, for both sides.

Usage: python spacy_entities.py GOLD.jsonl OUT_DIR MODEL [--strip-the]
"""

import csv
import json
import os
import sys

import spacy

# spaCy's OntoNotes labels onto the gold's coarse types, the same way
# whosaid's own types are folded by `CoarseType::parse` (src/eval/gold.rs):
# GPE and LOC are GPE_OR_LOC, NORP is OTHER. FAC (airports, bridges,
# buildings) is a place, so GPE_OR_LOC; EVENT, PRODUCT, LAW, WORK_OF_ART and
# LANGUAGE are names of other kinds, so OTHER, as CoNLL's MISC would have
# them. Dates, times, numbers, money, percentages, quantities and ordinals are
# not name mentions and are dropped: whosaid reports those in dates.csv, not
# mentions.csv, so neither side is scored on them.
LABELS = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "GPE_OR_LOC",
    "LOC": "GPE_OR_LOC",
    "FAC": "GPE_OR_LOC",
    "NORP": "OTHER",
    "EVENT": "OTHER",
    "PRODUCT": "OTHER",
    "LAW": "OTHER",
    "WORK_OF_ART": "OTHER",
    "LANGUAGE": "OTHER",
}


def byte_offsets(text):
    """Character index -> UTF-8 byte offset, for every index 0..=len(text).

    spaCy counts characters; the gold and whosaid count UTF-8 bytes, so an
    article with a curly quote or an accented name before an entity would
    otherwise have every later span shifted (013_multibyte-* has both).
    """
    table = [0] * (len(text) + 1)
    pos = 0
    for i, ch in enumerate(text):
        table[i] = pos
        pos += len(ch.encode("utf-8"))
    table[len(text)] = pos
    return table


def main(argv):
    if len(argv) < 4:
        sys.stderr.write(__doc__)
        return 2
    gold_path, out_dir, model = argv[1], argv[2], argv[3]
    # OntoNotes (spaCy's training data) puts a leading "the" inside names
    # ("the United States"); CoNLL-style gold, ours included, leaves it out.
    # --strip-the shows how much of spaCy's exact-span gap is only that.
    strip_the = "--strip-the" in argv[4:]
    nlp = spacy.load(model)
    docs = []
    with open(gold_path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                obj = json.loads(line)
                docs.append((obj["id"], obj["text"]))
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "quotes.csv"), "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerow(
            ["article_id", "quote_id", "kind", "quote_text", "quote_start", "quote_end", "speaker"]
        )
    with open(os.path.join(out_dir, "dates.csv"), "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerow(["article_id", "text", "start", "end", "value", "kind", "sentence"])
    rows = 0
    with open(os.path.join(out_dir, "mentions.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["article_id", "entity_id", "text", "start", "end", "type", "sentence"])
        for article_id, text in docs:
            doc = nlp(text)
            table = byte_offsets(text)
            sent_of = {}
            for n, sent in enumerate(doc.sents):
                sent_of[sent.start_char] = n
            starts = sorted(sent_of)
            for k, ent in enumerate(doc.ents):
                kind = LABELS.get(ent.label_)
                if kind is None:
                    continue
                start, end = ent.start_char, ent.end_char
                if strip_the and text[start:end].lower().startswith("the "):
                    start += 4
                sentence = max((sent_of[s] for s in starts if s <= start), default=0)
                w.writerow(
                    [
                        article_id,
                        "%s/e%d" % (article_id, k + 1),
                        text[start:end],
                        table[start],
                        table[end],
                        kind,
                        sentence,
                    ]
                )
                rows += 1
    sys.stderr.write("spacy: %d articles, %d name mentions -> %s\n" % (len(docs), rows, out_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
