#!/usr/bin/env python3
"""Build tests/gold/corpus.jsonl from the hand-written annotations.

In:  corpus/*.txt (the article texts) and tests/gold/corpus-annotations.json
     (annotations written by a person, with text snippets instead of offsets).
Out: tests/gold/corpus.jsonl, one article a line, in the gold format of
     DESIGN.md ("Gold format"): byte offsets into the UTF-8 text.

Why snippets: offsets typed by hand go stale as soon as an article is edited,
and nobody can review them. A snippet is either a literal string that must
occur exactly once in the article, or a context string with the wanted part
in double brackets, e.g. "[[He]] said that in 2011", where the whole context
(without the brackets) must occur exactly once. Anything not found, or found
more than once, stops the run with a message naming the article and snippet.

Entities may also be listed by name and type; every whole-word occurrence of
the name is then a mention, except occurrences inside a longer listed name
("England" inside "Public Health England") and inside the article's `skip`
contexts (boilerplate such as "Trending on HotAir Videos").

Usage: python3 scripts/make_gold.py [--check]   (--check: verify, write nothing)
"""

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
ANNOTATIONS = ROOT / "tests" / "gold" / "corpus-annotations.json"
OUT = ROOT / "tests" / "gold" / "corpus.jsonl"

QUOTE_KINDS = {"direct", "indirect", "mixed"}
SPEAKER_TYPES = {"person", "organization", "media", "document", "group", "anonymous"}
TIMEX_TYPES = {"DATE", "TIME", "DURATION", "SET"}
ENTITY_TYPES = {"PERSON", "ORG", "GPE_OR_LOC", "OTHER"}
# Characters that can open or close a quotation in the corpus (straight and
# curly double and single marks, guillemets, low-9 marks).
MARKS = set("\"'“”‘’«»„‚")
DOUBLE_MARKS = set("\"“”«»„")
TIMEX_VALUE = re.compile(
    r"^(PRESENT_REF|PAST_REF|FUTURE_REF"
    r"|P(\d+|X)(Y|M|W|D)|PT(\d+|X)(H|M|S)"
    r"|[\dX]{3,4}(-(\d\d|XX|W\d\d|WXX|SU|SP|FA|WI|Q\d)(-\d\d)?)?(T(\d\d:\d\d|MO|AF|EV|NI))?"
    r"|XXXX-XX-XXT(\d\d:\d\d|MO|AF|EV|NI))$"
)


class GoldError(Exception):
    pass


def locate(text, snippet, where):
    """Return the (char_start, char_end) of a snippet; see the module doc."""
    if snippet.count("[[") > 1 or snippet.count("]]") > 1:
        raise GoldError(f"{where}: more than one [[...]] in {snippet!r}")
    if "[[" in snippet:
        before, rest = snippet.split("[[", 1)
        if "]]" not in rest:
            raise GoldError(f"{where}: unclosed [[ in {snippet!r}")
        inner, after = rest.split("]]", 1)
        context = before + inner + after
        offset = len(before)
    else:
        inner, context, offset = snippet, snippet, 0
    if not inner:
        raise GoldError(f"{where}: empty span in {snippet!r}")
    hits = [m.start() for m in re.finditer(re.escape(context), text)]
    if not hits:
        raise GoldError(f"{where}: not found: {snippet!r}")
    if len(hits) > 1:
        raise GoldError(f"{where}: ambiguous ({len(hits)} hits), add context: {snippet!r}")
    start = hits[0] + offset
    return start, start + len(inner)


class ByteMap:
    """Char index -> UTF-8 byte offset, for texts with multi-byte characters."""

    def __init__(self, text):
        self.prefix = [0]
        for ch in text:
            self.prefix.append(self.prefix[-1] + len(ch.encode("utf-8")))

    def __call__(self, i):
        return self.prefix[i]


def build_quote(text, bm, q, where):
    kind = q["kind"]
    if kind not in QUOTE_KINDS:
        raise GoldError(f"{where}: bad kind {kind!r}")
    s, e = locate(text, q["q"], where)
    span = text[s:e]
    if span != span.strip():
        raise GoldError(f"{where}: quote span has outer whitespace: {span!r}")
    if kind == "direct":
        # The span excludes its enclosing marks: a mark right outside each end,
        # past any spaces (NYT style closes a nested quote as "Cold.' ''").
        before = text[:s].rstrip(" ")
        after = text[e:].lstrip(" ")
        if not (before and before[-1] in MARKS):
            raise GoldError(f"{where}: direct quote not preceded by a mark: {span[:40]!r}")
        if not (after and after[0] in MARKS):
            raise GoldError(f"{where}: direct quote not followed by a mark: {span[-40:]!r}")
    elif kind == "mixed":
        if not any(c in MARKS for c in span):
            raise GoldError(f"{where}: mixed quote without any quotation mark: {span[:40]!r}")
    elif kind == "indirect" and not q.get("marks_not_speech"):
        if any(c in DOUBLE_MARKS for c in span) or "''" in span:
            raise GoldError(f"{where}: indirect quote contains quotation marks: {span[:40]!r}")
    item = {
        "start": bm(s),
        "end": bm(e),
        "text": span,
        "kind": kind,
        "speaker": q.get("speaker"),
    }
    if q.get("who"):
        ms, me = locate(text, q["who"], where + " (speaker mention)")
        item["speaker_start"] = bm(ms)
        item["speaker_end"] = bm(me)
        item["speaker_mention"] = text[ms:me]
    elif q.get("speaker") is not None:
        raise GoldError(f"{where}: speaker without a mention")
    stype = q.get("speaker_type")
    if q.get("speaker") is not None and stype not in SPEAKER_TYPES:
        raise GoldError(f"{where}: bad speaker_type {stype!r}")
    item["speaker_type"] = stype
    item["cue"] = q.get("cue")
    if q.get("note"):
        item["note"] = q["note"]
    return (s, e), item


def build_entities(text, bm, art, where):
    cands = []  # (start, end, type, origin)
    for etype, names in art.get("entities", {}).items():
        if etype not in ENTITY_TYPES:
            raise GoldError(f"{where}: bad entity type {etype!r}")
        for name in names:
            pat = re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)")
            hits = [(m.start(), m.end()) for m in pat.finditer(text)]
            if not hits:
                raise GoldError(f"{where}: entity name not found: {name!r}")
            cands += [(s, e, etype, name) for s, e in hits]
    for ent in art.get("entity_mentions", []):
        s, e = locate(text, ent["e"], where + " (entity)")
        if ent["type"] not in ENTITY_TYPES:
            raise GoldError(f"{where}: bad entity type {ent['type']!r}")
        cands.append((s, e, ent["type"], ent["e"]))
    skips = [locate(text, sk, where + " (skip)") for sk in art.get("skip", [])]

    def inside(a, b):
        return b[0] <= a[0] and a[1] <= b[1] and (a[0], a[1]) != (b[0], b[1])

    kept = []
    for c in cands:
        if any(s <= c[0] and c[1] <= e for s, e in skips):
            continue
        if any(inside(c, d) for d in cands):
            continue
        kept.append(c)
    kept.sort()
    out = []
    for i, c in enumerate(kept):
        if i and c[0] < kept[i - 1][1]:
            if (c[0], c[1]) == (kept[i - 1][0], kept[i - 1][1]):
                raise GoldError(f"{where}: entity listed twice: {text[c[0]:c[1]]!r}")
            raise GoldError(f"{where}: overlapping entities {kept[i-1][3]!r} / {c[3]!r}")
        out.append({"start": bm(c[0]), "end": bm(c[1]), "text": text[c[0]:c[1]], "type": c[2]})
    return out


def build_article(art):
    aid = art["id"]
    raw = (CORPUS / f"{aid}.txt").read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    text = raw.decode("utf-8")
    bm = ByteMap(text)
    gold = {"id": aid, "text": text}
    if art.get("dct"):
        gold["dct"] = art["dct"]

    quotes = []
    for i, q in enumerate(art.get("quotes", [])):
        quotes.append(build_quote(text, bm, q, f"{aid} quote {i}"))
    quotes.sort(key=lambda x: (x[0][0], x[0][1]))
    seen = set()
    for (s, e), _ in quotes:
        if (s, e) in seen:
            raise GoldError(f"{aid}: the same quote span twice: {text[s:e][:40]!r}")
        seen.add((s, e))
    gold["quotes"] = [item for _, item in quotes]

    timexes = []
    for i, t in enumerate(art.get("timexes", [])):
        where = f"{aid} timex {i}"
        if t["type"] not in TIMEX_TYPES:
            raise GoldError(f"{where}: bad type {t['type']!r}")
        if not TIMEX_VALUE.match(t["value"]):
            raise GoldError(f"{where}: odd value {t['value']!r}")
        s, e = locate(text, t["t"], where)
        timexes.append((s, e, {"start": bm(s), "end": bm(e), "text": text[s:e],
                               "type": t["type"], "value": t["value"]}))
    timexes.sort(key=lambda x: x[:2])
    for a, b in zip(timexes, timexes[1:]):
        if b[0] < a[1]:
            raise GoldError(f"{aid}: overlapping timexes {a[2]['text']!r} / {b[2]['text']!r}")
    gold["timexes"] = [x[2] for x in timexes]

    gold["entities"] = build_entities(text, bm, art, aid)

    # Final guard: every span reads back from the bytes exactly.
    data = text.encode("utf-8")
    for key in ("quotes", "timexes", "entities"):
        for item in gold[key]:
            if data[item["start"]:item["end"]].decode("utf-8") != item["text"]:
                raise GoldError(f"{aid}: {key} span does not read back: {item['text'][:40]!r}")
    for item in gold["quotes"]:
        if "speaker_start" in item:
            if data[item["speaker_start"]:item["speaker_end"]].decode("utf-8") != item["speaker_mention"]:
                raise GoldError(f"{aid}: speaker mention does not read back")
    return gold


def main(argv):
    check_only = "--check" in argv
    ann = json.loads(ANNOTATIONS.read_text(encoding="utf-8"))
    arts = ann["articles"]
    ids = [a["id"] for a in arts]
    on_disk = sorted(p.stem for p in CORPUS.glob("*.txt"))
    missing = sorted(set(on_disk) - set(ids))
    extra = sorted(set(ids) - set(on_disk))
    if missing or extra or len(ids) != len(set(ids)):
        raise GoldError(f"annotations vs corpus/: unannotated {missing}, no file {extra}, or duplicate ids")
    golds = [build_article(a) for a in sorted(arts, key=lambda a: a["id"])]
    nq = sum(len(g["quotes"]) for g in golds)
    nt = sum(len(g["timexes"]) for g in golds)
    ne = sum(len(g["entities"]) for g in golds)
    kinds = {}
    for g in golds:
        for q in g["quotes"]:
            kinds[q["kind"]] = kinds.get(q["kind"], 0) + 1
    print(f"{len(golds)} articles, {nq} quotes {kinds}, {nt} timexes, {ne} entities")
    if not check_only:
        with OUT.open("w", encoding="utf-8") as f:
            for g in golds:
                f.write(json.dumps(g, ensure_ascii=False) + "\n")
        print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except GoldError as err:
        sys.exit(f"make_gold: {err}")
