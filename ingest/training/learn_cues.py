"""Learn the cue lexicon from an annotated attribution corpus (PolNeAR train).

In: a gold JSONL file in the evaluation format (``../shared/eval/README.md``), parsed with the
shared spaCy pipeline (or a DocBin of those parses, ``--docbin``, for speed).
Out: ``ingest/data/cues_learnt.json``: per verb lemma, how often its token heads a gold cue span,
how often the lemma occurs as a verb outside quotations, the precision of the two, and how the gold content
hangs on the cue; per noun lemma with a possessive ("her criticism of …"), the same count and precision (``ccomp`` clause, ``dobj`` noun phrase, ``xcomp`` infinitive...). Only counts
and single lemmas are written — no text of the corpus.

``common.Lexicon`` adds every lemma that passes the file's ``thresholds`` (count, precision, share of a
content relation) to the cue sets its dominant content relations call for. A rewrite keeps the ``thresholds`` of
the file it replaces (they are settings, not learnt).

Run (about a minute on two cores)::

    python -m quotegraph.ingest.training.learn_cues ../shared/eval/polnear_train.jsonl \
        --model ../shared/models/en_core_web_sm-3.8.0
"""
from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "data" / "cues_learnt.json"
MIN_COUNT = 5


def _relation(doc, cue_root, span) -> str:
    """How a gold content span hangs on its cue token."""
    if span is None or len(span) == 0:
        return "other"
    r = span.root
    if r.head.i == cue_root.i and r.i != cue_root.i:
        return r.dep_
    if r.head.dep_ == "prep" and r.head.head.i == cue_root.i:
        return "prep:" + r.head.lower_  # "called for X", "pointed to X"
    if r.dep_ == "prep" and r.head.i == cue_root.i:
        return "prep:" + r.lower_
    if span.start <= cue_root.head.i < span.end:
        return "head"  # "…, he said": the cue hangs under its content
    return "other"


def learn(gold, docs) -> dict:
    cue = Counter()
    total = Counter()
    ncue = Counter()  # nouns heading a gold cue that have a possessive ("his support for …")
    ntotal = Counter()
    rel: dict[str, Counter] = defaultdict(Counter)
    from ..components.quotes import find_quotes

    for art, doc in zip(gold, docs):
        # Verbs inside quotations are the quoted speaker's and never gold cues: not counted.
        quoted = [f for q in find_quotes(art.text) for f in q.fragments]
        in_quote = [False] * len(doc)
        for s, e in quoted:
            sp = doc.char_span(s, e, alignment_mode="expand")
            if sp is not None:
                for i in range(sp.start, sp.end):
                    in_quote[i] = True
        cue_tokens: dict[int, list] = {}
        for q in art.quotes:
            if not q.cue_spans:
                continue
            cs, ce = q.cue_spans[0]
            sp = doc.char_span(cs, ce, alignment_mode="expand")
            if sp is None or len(sp) == 0:
                continue
            verbs = [t for t in sp if t.pos_ in ("VERB", "AUX") and t.lemma_.isalpha()]
            if not verbs:
                if sp.root.pos_ == "NOUN":
                    cue_tokens.setdefault(sp.root.i, []).append("noun")
                continue
            root = sp.root if sp.root in verbs else verbs[-1]
            content = doc.char_span(q.spans[0][0], q.spans[0][1], alignment_mode="expand")
            cue_tokens.setdefault(root.i, []).append(_relation(doc, root, content))
        for t in doc:
            if t.pos_ == "NOUN" and not in_quote[t.i] and any(c.dep_ == "poss" for c in t.children):
                ntotal[t.lemma_.lower()] += 1
                if t.i in cue_tokens:
                    ncue[t.lemma_.lower()] += 1
            if t.pos_ != "VERB" or in_quote[t.i]:
                continue
            lem = t.lemma_.lower()
            total[lem] += 1
            if t.i in cue_tokens:
                cue[lem] += 1
                rel[lem].update(set(cue_tokens[t.i]))
    out = {}
    for lem, n in cue.most_common():
        if n < MIN_COUNT or not lem.isalpha():
            continue
        out[lem] = {"count": n, "verb_count": total[lem], "precision": round(n / max(1, total[lem]), 3),
                    "relations": dict(rel[lem].most_common())}
    nouns = {}
    for lem, n in ncue.most_common():
        if n >= 3 and lem.isalpha():
            nouns[lem] = {"count": n, "poss_count": ntotal[lem], "precision": round(n / max(1, ntotal[lem]), 3)}
    return out, nouns


def kept_settings(path: Path) -> dict:
    """The ``thresholds`` of the table at ``path`` (else of the packaged one): a rewrite must keep them."""
    from ..aliases import load_data

    old = json.loads(path.read_text(encoding="utf-8")) if path.exists() else load_data("cues_learnt.json")
    return {"thresholds": old["thresholds"]} if "thresholds" in old else {}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold")
    ap.add_argument("--model", default=None)
    ap.add_argument("--docbin", default=None, help="parses of the gold texts, in order (spaCy DocBin)")
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args(argv)
    from ..evaluation import read_gold
    from ..model import load_spacy

    gold = read_gold(args.gold)
    nlp = load_spacy(args.model)
    if args.docbin:
        from spacy.tokens import DocBin

        docs = list(DocBin().from_disk(args.docbin).get_docs(nlp.vocab))
    else:
        docs = nlp.pipe((a.text for a in gold), batch_size=16)
    lemmas, nouns = learn(gold, docs)
    doc = {
        "_doc": "Learnt by ingest/training/learn_cues.py from PolNeAR train: per verb lemma, gold cue count, "
                "occurrences as a verb, precision, and the relations of the gold content to the cue; "
                "'nouns': nouns with a possessive heading gold cues, their count among possessed nouns. Counts only.",
        "lemmas": lemmas,
        "nouns": nouns,
    }
    doc.update(kept_settings(Path(args.out)))
    Path(args.out).write_text(json.dumps(doc, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    print(f"{len(lemmas)} lemmas -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
