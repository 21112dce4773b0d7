"""Train the learnt cue classifier (``ingest/data/cue_classifier.json``) on PolNeAR train.

In: the gold training JSONL (``../shared/eval/polnear_train.jsonl``), parsed with the shared spaCy pipeline
(or a DocBin of those parses, ``--docbin``, in order, to skip the parsing).
Out: ``ingest/data/cue_classifier.json``: feature name -> weight, bias, threshold. Only feature names (lemmas,
dependency labels, buckets) and weights are written — no text of the corpus.

Recipe:
1. candidates: every cue the cues component finds with the wide candidate sets (``CueFinder.find(doc, gate=False)``)
   that has a
   content; label 1 when its content overlaps a gold content (character Jaccard >= 0.5), else 0;
2. L2-regularised logistic regression (numpy, full-batch gradient descent) over features seen >= ``MIN_FEAT``
   times;
3. thresholds (extra candidates / lexicon cues): 2-fold cross-fitting — train on one half of the articles, run the whole extraction on the other half
   for each threshold in ``THRESHOLDS`` and score it; pick the threshold with the best summed F1 (ties: the
   better attribution F1); then train on everything.

Run (about 1 minute with a DocBin on two cores; add ~3 minutes of parsing without one)::

    python -m quotegraph.ingest.training.train_cue_classifier ../shared/eval/polnear_train.jsonl \\
        --model ../shared/models/en_core_web_sm-3.8.0 [--docbin train.spacy]
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "data" / "cue_classifier.json"
MIN_FEAT = 3
L2 = 20.0
THRESHOLDS = (0.35, 0.4, 0.45)  # for the extra candidates
LEXICON_THRESHOLDS = (0.0, 0.3, 0.35, 0.4, 0.45)  # for the lexicon's own cues (0: all kept)
PRE = ["quotegraph_quotes", "quotegraph_entities", "quotegraph_coref", "quotegraph_roles"]
POST = ["quotegraph_cues", "quotegraph_attributions"]


def run_components(nlp, doc, names):
    """``doc`` through the named components of ``nlp``, in order."""
    for name in names:
        doc = nlp.get_pipe(name)(doc)
    return doc


def cue_finder(nlp):
    """The pipeline's cues component (its lexicon, learnt statistics and classifier)."""
    return nlp.get_pipe("quotegraph_cues")


def candidates(gold, docs, nlp):
    """(features, label, article index, found with the lexicon) of every candidate cue with a content.

    A lexicon cue is positive when its content matches a gold content; an extra candidate only when it matches a
    gold content that the lexicon-only extraction misses (else keeping it adds a duplicate, not a hit).
    """
    from ..components.cues import chars
    from ..evaluation import characters, jaccard

    finder = cue_finder(nlp)
    lexicon_preds = predictions(gold, docs, nlp, None)
    out = []
    for ai, (art, doc) in enumerate(zip(gold, docs)):
        gch = [characters(art.text, q.spans) for q in art.quotes]
        pch = [characters(art.text, p.spans) for p in lexicon_preds[ai]]
        covered = [any(jaccard(g, p) >= 0.5 for p in pch) for g in gch]
        for c in finder.find(doc, gate=False):
            if c.features is None:
                continue
            cs, ce = chars(doc, *c.content_tokens)
            pc = characters(art.text, [(cs, ce)])
            y = int(any(jaccard(g, pc) >= 0.5 and (c.lexicon or not covered[i]) for i, g in enumerate(gch)))
            out.append((c.features, y, ai, c.lexicon))
    return out


def fit(rows, l2: float = L2, iters: int = 300):
    """Logistic regression; returns (weights dict, bias)."""
    from collections import Counter

    cnt = Counter(f for feats, *_ in rows for f in set(feats))
    vocab = {f: i for i, f in enumerate(sorted(f for f, n in cnt.items() if n >= MIN_FEAT))}
    n, d = len(rows), len(vocab)
    r_idx, c_idx = [], []
    for i, (feats, *_) in enumerate(rows):
        for f in set(feats):
            j = vocab.get(f)
            if j is not None:
                r_idx.append(i)
                c_idx.append(j)
    r_idx, c_idx = np.array(r_idx), np.array(c_idx)
    y = np.array([r[1] for r in rows], dtype=float)
    w = np.zeros(d)
    b = 0.0
    # Adam on the mean log loss + l2/n * |w|^2 / 2
    m_w, v_w, m_b, v_b = np.zeros(d), np.zeros(d), 0.0, 0.0
    lr, b1, b2, eps = 0.1, 0.9, 0.999, 1e-8
    for t in range(1, iters + 1):
        z = np.bincount(r_idx, weights=w[c_idx], minlength=n) + b
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        g = p - y
        gw = np.bincount(c_idx, weights=g[r_idx], minlength=d) / n + l2 / n * w
        gb = g.mean()
        m_w = b1 * m_w + (1 - b1) * gw
        v_w = b2 * v_w + (1 - b2) * gw * gw
        m_b = b1 * m_b + (1 - b1) * gb
        v_b = b2 * v_b + (1 - b2) * gb * gb
        w -= lr * (m_w / (1 - b1 ** t)) / (np.sqrt(v_w / (1 - b2 ** t)) + eps)
        b -= lr * (m_b / (1 - b1 ** t)) / (np.sqrt(v_b / (1 - b2 ** t)) + eps)
    inv = {i: f for f, i in vocab.items()}
    weights = {inv[j]: round(float(w[j]), 4) for j in range(d) if abs(w[j]) >= 1e-3}
    return weights, round(float(b), 4)


def predictions(gold, docs, nlp, model):
    """Per article, the attributions of cues + attributions run with ``model`` on already pre-processed docs."""
    from ..pipeline import extract_record
    from ..records import Article

    finder = cue_finder(nlp)
    saved = finder.model
    finder.model = model
    out = []
    try:
        for art, doc in zip(gold, docs):
            doc = run_components(nlp, doc, POST)
            rec = extract_record(doc, Article(id=art.id, text=art.text))
            out.append(list(rec.attributions))
    finally:
        finder.model = saved
    return out


def score_with(gold, docs, nlp, model):
    """Scores at overlap 0.5 of the extraction with ``model``."""
    from ..evaluation import score

    return score(gold, [p for ps in predictions(gold, docs, nlp, model) for p in ps]).scores[0.5]


def recipe_parser(doc: str, out: Path, out_help: str | None = None) -> argparse.ArgumentParser:
    """The arguments every training recipe takes: the gold JSONL, the pipeline, its parses, where to write."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("gold")
    ap.add_argument("--model", default=None)
    ap.add_argument("--docbin", default=None, help="parses of the gold texts, in order (spaCy DocBin)")
    ap.add_argument("--out", default=str(out), help=out_help)
    return ap


def parse_args(argv):
    return recipe_parser(__doc__, OUT).parse_args(argv)


def prepared_docs(gold, nlp, docbin):
    """The gold texts parsed (or read from ``docbin``) and run through the components before the cues."""
    if docbin:
        from spacy.tokens import DocBin

        raw = DocBin().from_disk(docbin).get_docs(nlp.vocab)
    else:
        base = [n for n in nlp.pipe_names if not n.startswith("quotegraph_")]
        raw = nlp.pipe((a.text for a in gold), batch_size=16, disable=[n for n in nlp.pipe_names if n not in base])
    return [run_components(nlp, d, PRE) for d in raw]


def cross_fit(gold, docs, nlp, rows, log):
    """2-fold cross-fitting: (lexicon_threshold, threshold) -> [matched, predicted, gold, speaker right]."""
    from ..components.cue_model import CueModel

    half = len(gold) // 2
    folds = [(range(0, half), range(half, len(gold))), (range(half, len(gold)), range(0, half))]
    totals: dict[tuple, list] = {}
    for tr, te in folds:
        trs = set(tr)
        w, b = fit([r for r in rows if r[2] in trs])
        g_te = [gold[i] for i in te]
        d_te = [docs[i] for i in te]
        for gate in LEXICON_THRESHOLDS:
            for th in THRESHOLDS:
                s = score_with(g_te, d_te, nlp, CueModel(w, b, th, gate))
                acc = totals.setdefault((gate, th), [0, 0, 0, 0])
                acc[0] += s.matched
                acc[1] += s.pred
                acc[2] += s.gold
                acc[3] += s.speaker_right
        log("fold done")
    return totals


def _f1(m, p, g):
    return 2 * m / max(1, p + g)


def best_thresholds(totals):
    """((F1, attribution F1), lexicon_threshold, threshold) with the best F1 (ties: attribution F1)."""
    best = None
    for (gate, th), (m, p, g, r) in sorted(totals.items()):
        f, fa = _f1(m, p, g), _f1(r, p, g)
        print(f"lexicon_threshold={gate} threshold={th}: P {m / max(1, p):.4f} R {m / max(1, g):.4f} F1 {f:.4f} attr F1 {fa:.4f}")
        if best is None or (f, fa) > best[0]:
            best = ((f, fa), gate, th)
    return best


def write_table(path, rows, best, s_none) -> None:
    """Train on everything and write the ``cue_classifier.json`` table."""
    (f, fa), gate, th = best
    w, b = fit(rows)
    out = {
        "_doc": "Learnt by ingest/training/train_cue_classifier.py from PolNeAR train: logistic regression over "
                "cue-candidate features (lemmas, dependency labels, buckets); weights only.",
        "threshold": th, "lexicon_threshold": gate, "bias": b,
        "cv": {"f1": round(f, 4), "attr_f1": round(fa, 4), "lexicon_only_f1": round(s_none.f1, 4),
               "candidates": len(rows), "positive": sum(r[1] for r in rows)},
        "weights": dict(sorted(w.items())),
    }
    Path(path).write_text(json.dumps(out, indent=0, sort_keys=False) + "\n", encoding="utf-8")
    print(f"threshold {th}, lexicon_threshold {gate}, {len(w)} weights -> {path}")


def training_inputs(args):
    """(gold articles, pipeline, prepared Docs, log) for a training run: what both training recipes start from.
    ``log(msg)`` prints with the seconds since the start."""
    from ..evaluation import read_gold
    from ..pipeline import load_pipeline

    t0 = time.time()

    def log(msg):
        print(f"{msg} ({time.time() - t0:.0f}s)", flush=True)

    gold = read_gold(args.gold)
    nlp = load_pipeline(args.model)
    docs = prepared_docs(gold, nlp, args.docbin)
    log(f"{len(docs)} docs ready")
    return gold, nlp, docs, log


def main(argv=None) -> int:
    args = parse_args(argv)
    gold, nlp, docs, log = training_inputs(args)
    rows = candidates(gold, docs, nlp)
    pos = sum(r[1] for r in rows)
    log(f"{len(rows)} candidates, {pos} positive ({sum(1 for r in rows if not r[3])} outside the lexicon)")
    totals = cross_fit(gold, docs, nlp, rows, log)
    s_none = score_with(gold, docs, nlp, None)
    print(f"lexicon only: F1 {s_none.f1:.4f}")
    write_table(args.out, rows, best_thresholds(totals), s_none)
    log("done")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
