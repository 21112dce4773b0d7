"""Train the learnt extra-cue classifier (``ingest/data/extra_cue_classifier.json``) on PolNeAR train.

In: the gold training JSONL (``../shared/eval/polnear_train.jsonl``) and its parses (``--docbin``, in order, as for
train_cue_classifier.py). Out: ``extra_cue_classifier.json``: feature name -> weight, bias, thresholds. Only feature
names (lemmas, labels, buckets) and weights are written, no text of the corpus.

Recipe (deterministic: full-batch Adam from zero weights, folds by article order):
1. per article: the extraction without extra cues; then every (word, span) pair of ``CueFinder.extra_pairs`` given
   the cues it kept; a pair is positive when its span matches (character Jaccard >= 0.5) a gold content that
   extraction misses and the speaker its source gives (speakers.py, as for every cue) is that content's source
   (``SPEAKER_LABEL``; without it a right content with a wrong source taught the model to add wrong speakers);
2. the word-cluster features of ``CLUSTERS`` added to every pair's (extra_cues.WordClusters, the table that
   build_word_clusters.py writes; the classifier table names it, and the model adds them at run time);
   L2-regularised logistic regression (train_cue_classifier.fit, ``L2``);
3. threshold: 2-fold cross-fitting by article halves, the whole extraction scored on the other half for each of
   ``THRESHOLDS`` (``WEAK_MARGIN`` more for a source found the weak way, extra_cues.WEAK_SOURCES); the best summed
   F1 among those whose precision is at most ``MAX_PRECISION_DROP`` and speaker accuracy at most
   ``MAX_SPEAKER_DROP`` below the extraction's without extra cues (ties: attribution F1); then trained on
   everything.

Run (a few minutes with a DocBin on two cores)::

    python -m quotegraph.ingest.training.train_extra_cues ../shared/eval/polnear_train.jsonl \\
        --model ../shared/models/en_core_web_sm-3.8.0 --docbin train.spacy
"""
from __future__ import annotations

import json
from pathlib import Path

from .train_cue_classifier import cue_finder, fit, predictions, recipe_parser, score_with, training_inputs

OUT = Path(__file__).resolve().parents[1] / "data" / "extra_cue_classifier.json"
L2 = 10.0
OFF = 1.01  # a threshold no probability reaches: the extraction without the model
THRESHOLDS = (0.35, 0.4, 0.45, 0.5, 0.55, 0.6, OFF)
WEAK_MARGIN = 0.1  # a participle's clause subject or a noun's owner is wrong more often (LOG.md step 19)
MAX_PRECISION_DROP = 0.01  # dev precision is 0.816 without the model and must stay >= 0.80
MAX_SPEAKER_DROP = 0.001  # dev speaker accuracy is 0.963 without the model and must stay >= 0.96
SPEAKER_LABEL = True  # a pair is positive only when its source is also right (LOG.md step 19)
CLUSTERS = "word_clusters.json"  # the word-cluster table (build_word_clusters.py) whose features are added; None: none


def fold_content_models(gold, docs, nlp, log) -> list[bytes]:
    """Content taggers for cross-fitting: [one trained on the second half of the articles, one on the first], so
    that every article's content probabilities come from a tagger that did not see it (as on new text)."""
    import tempfile

    from .train_content_model import sequences, train

    seqs = sequences(gold, docs, nlp)
    half = len(gold) // 2
    out = []
    for tr in (range(half, len(gold)), range(0, half)):
        with tempfile.TemporaryDirectory() as tmp:
            train([seqs[i] for i in tr], tmp + "/m.bin")
            out.append(Path(tmp + "/m.bin").read_bytes())
        log("content tagger trained")
    return out


def fold_rows(gold, docs, nlp, fold: range):
    """(features, label, article index) of every pair of the articles ``fold``, given the extraction without extra
    cues (with the cues component's current content tagger): positive when the span matches a gold content that
    extraction misses and, with ``SPEAKER_LABEL``, the pair's source names that content's source."""
    from ..components.cues import chars, read_cues
    from ..evaluation import characters, jaccard

    finder = cue_finder(nlp)
    saved, finder.extra_model = finder.extra_model, None
    try:
        preds = predictions([gold[i] for i in fold], [docs[i] for i in fold], nlp, finder.model)
        out = []
        for ai, ps in zip(fold, preds):
            art, doc = gold[ai], docs[ai]
            _, inside = finder.content_model.spans(doc, finder.content_info(doc, finder.find(doc, gate=False)))
            open_gold = _open_gold(art, ps)
            who = _speaker_of(doc, finder.lexicon)
            for tok, kind, s, e, src, how, feats in finder.extra_pairs(doc, read_cues(doc), inside):
                pc = characters(art.text, [chars(doc, s, e)])
                hit = [q for g, q in open_gold if jaccard(g, pc) >= 0.5]
                out.append((feats, int(bool(hit) and (not SPEAKER_LABEL or who(tok, src, hit))), ai))
    finally:
        finder.extra_model = saved
    return out


def _open_gold(art, preds) -> list:
    """(characters, gold quote) of the gold contents no prediction matches."""
    from ..evaluation import characters, jaccard

    pch = [characters(art.text, p.spans) for p in preds]
    gold = [(characters(art.text, q.spans), q) for q in art.quotes]
    return [(g, q) for g, q in gold if not any(jaccard(g, p) >= 0.5 for p in pch)]


def _speaker_of(doc, lexicon):
    """who(word, source, gold quotes): whether the speaker the attributions would give a cue on ``word`` with
    source token ``source`` is right for one of the gold quotes (evaluation.speaker_right)."""
    from types import SimpleNamespace

    from ..components.coref import mention_index
    from ..components.cues import Cue
    from ..components.roles import read_roles
    from ..components.speakers import SpeakerContext, cue_source_speaker
    from ..evaluation import speaker_right

    ctx = SpeakerContext(doc, mention_index(doc), read_roles(doc), lexicon)

    def who(tok, src, quotes) -> bool:
        sp = cue_source_speaker(ctx, Cue(token=tok.i, cue_start=tok.idx, cue_end=tok.idx + len(tok.text),
                                         speaker=src.i))
        return any(speaker_right(q, SimpleNamespace(speaker=sp)) for q in quotes)
    return who


def cross_fit(gold, docs, nlp, log, taggers):
    """(rows of every article, threshold -> [matched, predicted, gold, speaker right] over both held-out halves).
    Each half is run with the content tagger of the other half (``taggers``, from :func:`fold_content_models`); the
    classifier scored on it is trained on the other half's rows."""
    from ..components.extra_cues import ExtraCueModel

    finder = cue_finder(nlp)
    clusters = word_clusters()
    half = len(gold) // 2
    folds = [range(0, half), range(half, len(gold))]
    saved_tagger, saved = finder.content_model, finder.extra_model
    rows, totals = [], {}
    try:
        for k in (0, 1):
            finder.content_model = taggers[k]
            rows.append(with_clusters(fold_rows(gold, docs, nlp, folds[k]), clusters))
        log(f"{sum(len(r) for r in rows)} pairs, {sum(x[1] for r in rows for x in r)} positive")
        for k in (0, 1):
            finder.content_model = taggers[k]
            w, b = fit(rows[1 - k], l2=L2)
            for th in THRESHOLDS:
                finder.extra_model = ExtraCueModel(w, b, th, th + WEAK_MARGIN, clusters)
                s = score_with([gold[i] for i in folds[k]], [docs[i] for i in folds[k]], nlp, finder.model)
                acc = totals.setdefault(th, [0, 0, 0, 0])
                for j, v in enumerate((s.matched, s.pred, s.gold, s.speaker_right)):
                    acc[j] += v
            log("fold done")
    finally:
        finder.content_model, finder.extra_model = saved_tagger, saved
    return rows[0] + rows[1], totals


def word_clusters():
    """The :class:`~..components.extra_cues.WordClusters` of ``CLUSTERS`` (None without)."""
    from ..aliases import load_data
    from ..components.extra_cues import WordClusters

    return WordClusters(load_data(CLUSTERS)) if CLUSTERS else None


def with_clusters(rows, clusters):
    """``rows`` with the word-cluster features added to every pair's features (as the model adds them)."""
    return rows if clusters is None else [(clusters.features(f), *rest) for f, *rest in rows]


def best_threshold(totals) -> float:
    """The threshold with the best F1 among those whose precision is at most ``MAX_PRECISION_DROP`` and speaker
    accuracy at most ``MAX_SPEAKER_DROP`` below the extraction's without the model (threshold ``OFF``, in the same
    cross-fitting); ties: attribution F1."""
    m0, p0, _, r0 = totals[OFF]
    best = None
    for th, (m, p, g, r) in sorted(totals.items()):
        f, fa = 2 * m / max(1, p + g), 2 * r / max(1, p + g)
        print(f"threshold={th}: P {m / max(1, p):.4f} R {m / max(1, g):.4f} F1 {f:.4f} attr F1 {fa:.4f} "
              f"speaker accuracy {r / max(1, m):.4f}")
        ok = (m / max(1, p) >= m0 / max(1, p0) - MAX_PRECISION_DROP
              and r / max(1, m) >= r0 / max(1, m0) - MAX_SPEAKER_DROP)
        if ok and (best is None or (f, fa) > best[0]):
            best = ((f, fa), th)
    return best[1]


def parse_args(argv):
    ap = recipe_parser(__doc__, OUT)
    ap.add_argument("--threshold", type=float, default=None, help="use this threshold, not the cross-fitted one")
    return ap.parse_args(argv)


def main(argv=None) -> int:
    from ..components.content_model import ContentModel

    args = parse_args(argv)
    gold, nlp, docs, log = training_inputs(args)
    settings = cue_finder(nlp).content_model.settings
    taggers = [ContentModel(d, settings) for d in fold_content_models(gold, docs, nlp, log)]
    rows, totals = cross_fit(gold, docs, nlp, log, taggers)
    th = args.threshold if args.threshold is not None else best_threshold(totals)
    w, b = fit(rows, l2=L2)
    table = {"_doc": "Learnt extra cues (components/extra_cues.py), trained by training/train_extra_cues.py on "
                     "PolNeAR train; thresholds by 2-fold cross-fitting; word clusters (LOG.md steps 18-19, 21).",
             "clusters": CLUSTERS, "bias": b, "threshold": th, "weak_threshold": min(OFF, th + WEAK_MARGIN),
             "weights": dict(sorted(w.items()))}
    Path(args.out).write_text(json.dumps(table, indent=0, sort_keys=False) + "\n", encoding="utf-8")
    log(f"{len(w)} weights, threshold {th} -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
