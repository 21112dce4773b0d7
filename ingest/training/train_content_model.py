"""Train the content tagger (``ingest/data/content_crf.bin.gz``, a gzip-compressed CRFsuite model) on PolNeAR train.

In: the gold training JSONL (``../shared/eval/polnear_train.jsonl``) and its parses with the shared spaCy pipeline
(``--docbin``: a DocBin of those parses, in order, made with the pipeline's ``quotegraph_paragraphs`` and parser;
without one the texts are parsed here). Out: the CRFsuite model file. Only feature names and weights are in it.

Recipe (fixed: CRFsuite's L-BFGS is deterministic, the folds are by article order):
1. per article: the components before the cues, then every cue candidate (``CueFinder.find(doc, gate=False)``) with
   the cue classifier's probability; per sentence with a cue-like token, a quotation or a candidate: the features
   of :mod:`..components.content_model` and B/I/O labels from the gold content spans (a token is inside when its
   first character is; a span starts where a gold content starts);
2. CRF, L-BFGS, ``C1`` / ``C2`` elastic net, ``ITERATIONS`` iterations, features seen at least ``MIN_FREQ`` times;
3. ``--cv``: 2-fold cross-fitting by article halves scores the whole extraction with each half's model on the other
   half for the combination settings in ``SETTINGS_GRID``; the best summed F1 among those with precision >=
   ``MIN_PRECISION`` is written into the cues component's ``content_settings.json``.

Run (about 7 minutes with a DocBin on two busy cores, ~2.5 CPU-minutes; ~5 more to parse without one)::

    python -m quotegraph.ingest.training.train_content_model ../shared/eval/polnear_train.jsonl \\
        --model ../shared/models/en_core_web_sm-3.8.0 --docbin train.spacy [--cv]
"""
from __future__ import annotations

import gzip
import json
import tempfile
from pathlib import Path

from .train_cue_classifier import cue_finder, recipe_parser, training_inputs

DATA = Path(__file__).resolve().parents[1] / "data"
C1, C2, ITERATIONS, MIN_FREQ = 0.1, 0.01, 100, 3
MIN_PRECISION = 0.80  # --cv picks the best F1 among the settings at this precision or more


def gold_labels(doc, spans: list[list[tuple[int, int]]], sent) -> list[str]:
    """B/I/O per token of ``sent`` from the gold contents (each a list of character spans)."""
    starts = {s for frags in spans for s, _ in frags}
    ranges = sorted((s, e) for frags in spans for s, e in frags)
    labels = []
    for t in sent:
        inside = any(s <= t.idx < e for s, e in ranges)
        if not inside or t.is_space:
            labels.append("O")
        elif labels and labels[-1] != "O" and not any(t.idx <= s < t.idx + len(t.text) for s in starts):
            labels.append("I")
        else:
            labels.append("B")
    return labels


def sequences(gold, docs, nlp):
    """Per article: [(xseq, yseq)] of its tagged sentences."""
    finder = cue_finder(nlp)
    out = []
    for art, doc in zip(gold, docs):
        info = finder.content_info(doc, finder.find(doc, gate=False))
        spans = [q.spans for q in art.quotes]
        seqs = []
        for sent in doc.sents:
            if finder.tagged_sentence(sent, info):
                from ..components.content_model import sentence_features

                seqs.append((sentence_features(doc, sent, info), gold_labels(doc, spans, sent)))
        out.append(seqs)
    return out


def train(seqs, path: str, iterations: int = ITERATIONS) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for art in seqs:
        for x, y in art:
            trainer.append(x, y)
    trainer.set_params({"c1": C1, "c2": C2, "max_iterations": iterations, "feature.minfreq": MIN_FREQ,
                        "feature.possible_transitions": True})
    trainer.train(path)


def parse_args(argv):
    ap = recipe_parser(__doc__, DATA / "content_crf.bin.gz", "the model, gzip-compressed")
    ap.add_argument("--cv", action="store_true", help="2-fold cross-fitting of the combination settings")
    return ap.parse_args(argv)


def score_halves(gold, docs, nlp, seqs, grid, log):
    """2-fold cross-fitting: settings index -> [matched, predicted, gold, speaker right]."""
    from ..components.content_model import ContentModel
    from .train_cue_classifier import score_with

    finder = cue_finder(nlp)
    half = len(gold) // 2
    folds = [(range(0, half), range(half, len(gold))), (range(half, len(gold)), range(0, half))]
    totals: dict[int, list] = {}
    saved = finder.content_model
    try:
        for tr, te in folds:
            with tempfile.TemporaryDirectory() as tmp:
                train([seqs[i] for i in tr], tmp + "/m.bin")
                data = Path(tmp + "/m.bin").read_bytes()
            for k, settings in enumerate(grid):
                finder.content_model = ContentModel(data, {**finder.tables["content_settings.json"], **settings})
                s = score_with([gold[i] for i in te], [docs[i] for i in te], nlp, finder.model)
                acc = totals.setdefault(k, [0, 0, 0, 0])
                for j, v in enumerate((s.matched, s.pred, s.gold, s.speaker_right)):
                    acc[j] += v
            log("fold done")
    finally:
        finder.content_model = saved
    return totals


def main(argv=None) -> int:
    args = parse_args(argv)
    gold, nlp, docs, log = training_inputs(args)
    seqs = sequences(gold, docs, nlp)
    log(f"{sum(len(s) for s in seqs)} sentences")
    if args.cv:
        grid = SETTINGS_GRID
        totals = score_halves(gold, docs, nlp, seqs, grid, log)
        ok = [k for k in totals if totals[k][0] >= MIN_PRECISION * totals[k][1]] or list(totals)
        best = max(ok, key=lambda k: (2 * totals[k][0] / (totals[k][1] + totals[k][2]), totals[k][3]))
        for k, (m, p, g, r) in sorted(totals.items()):
            print(f"{grid[k]}: P {m / max(1, p):.4f} R {m / g:.4f} F1 {2 * m / (p + g):.4f} attr F1 {2 * r / (p + g):.4f}")
        settings = {**cue_finder(nlp).tables["content_settings.json"], **grid[best]}
        (DATA / "content_settings.json").write_text(json.dumps(settings, indent=1) + "\n", encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        train(seqs, tmp + "/m.bin")
        Path(args.out).write_bytes(gzip.compress(Path(tmp + "/m.bin").read_bytes(), compresslevel=9, mtime=0))
    log(f"model -> {args.out} ({Path(args.out).stat().st_size // 1024} KB)")
    return 0


# Combination settings tried by --cv (LOG.md step 17); each completes the committed content_settings.json.
SETTINGS_GRID = [
    {"new_min": 1.01, "drop_below": 0.0},  # the classifier's gate, rule contents (no tagger decisions)
    {"new_min": 1.01, "drop_below": 0.0, "boundaries": "crf"},  # tagged boundaries on matched candidates
    {"new_min": 0.9, "drop_below": 0.0, "boundaries": "crf"},  # + tagged spans no candidate has
    {"new_min": 0.9, "drop_below": 0.1, "boundaries": "crf"},
    {"new_min": 0.9, "drop_below": 0.1},  # the committed settings
    {"new_min": 0.8, "drop_below": 0.1, "boundaries": "crf"},
    {"new_min": 0.9, "drop_below": 0.2, "boundaries": "crf"},
]

if __name__ == "__main__":
    raise SystemExit(main())
