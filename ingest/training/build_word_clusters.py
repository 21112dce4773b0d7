"""Build the word-cluster lexicon (``ingest/data/word_clusters.json``) from the static vectors of en_core_web_md.

In: the official en_core_web_md 3.8.0 package (MIT; its 300-d vectors, 20,000 rows shared by ~685k keys) and the
WordNet lemma index of the English lemmatizer tables it ships with sm (``lemmatizer/lookups``). Out: a JSON table:
word -> cluster at three granularities (``LEVELS``, hierarchical: every fine cluster lies in one middle and one
coarse cluster). Only English words and cluster numbers are written, no corpus text.

Recipe (deterministic, seed ``SEED``): the vocabulary is every lower-case alphabetic noun, verb, adjective and adverb
lemma of the lemma index that has an md vector; the distinct vector rows of those words (unit length) are clustered
by spherical k-means (k-means++ start, ``ITERS`` rounds) into the finest level; the fine centroids are clustered
into the coarser levels the same way (weighted by their sizes). A word takes its vector row's clusters.

Used by the extra-cue classifier (extra_cues.py, ``ExtraCueModel.clusters``) so that a lemma unseen in train shares
weights with its neighbours, with any pipeline (sm has no vectors: the table carries the generalisation). Run::

    python -m quotegraph.ingest.training.build_word_clusters --md ../shared/models/en_core_web_md-3.8.0 \\
        --sm ../shared/models/en_core_web_sm-3.8.0
"""
from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "data" / "word_clusters.json"
LEVELS = (64, 256, 1024)
SEED = 13
ITERS = 25
POS = ("noun", "verb", "adj", "adv")


def vocabulary(sm: Path) -> list[str]:
    """The lower-case alphabetic lemmas of the lemma index (nouns, verbs, adjectives, adverbs)."""
    from spacy.lookups import Lookups

    lk = Lookups().from_bytes((sm / "lemmatizer" / "lookups" / "lookups.bin").read_bytes())
    index = lk.get_table("lemma_index")
    return sorted({w for pos in POS for w in index[pos] if re.fullmatch(r"[a-z]+", w)})


def kmeans(x: np.ndarray, k: int, rng: np.random.Generator, weights: np.ndarray | None = None) -> tuple:
    """Spherical k-means of the unit rows ``x``: (labels, unit centroids)."""
    n = len(x)
    w = np.ones(n) if weights is None else weights
    # k-means++ start on cosine distance
    centres = [int(rng.integers(n))]
    d = 1.0 - x @ x[centres[0]]
    for _ in range(1, k):
        p = np.maximum(d, 0) ** 2 * w
        centres.append(int(rng.choice(n, p=p / p.sum())))
        d = np.minimum(d, 1.0 - x @ x[centres[-1]])
    c = x[centres].copy()
    labels = np.zeros(n, dtype=np.int64)
    for _ in range(ITERS):
        labels = np.argmax(x @ c.T, axis=1)
        s = np.zeros_like(c)
        np.add.at(s, labels, x * w[:, None])
        empty = np.linalg.norm(s, axis=1) == 0
        s[empty] = c[empty]
        c = s / np.linalg.norm(s, axis=1, keepdims=True)
    return np.argmax(x @ c.T, axis=1), c


def build(md: Path, sm: Path) -> dict:
    from spacy.strings import StringStore
    from spacy.vectors import Vectors

    vec = Vectors(shape=(1, 1)).from_disk(md / "vocab")
    strings = StringStore().from_disk(md / "vocab" / "strings.json")
    words = [(w, vec.key2row[strings[w]]) for w in vocabulary(sm) if w in strings and strings[w] in vec.key2row]
    rows = sorted({r for _, r in words})
    x = np.asarray(vec.data[rows], dtype=np.float64)
    x /= np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-9)
    rng = np.random.default_rng(SEED)
    fine, centres = kmeans(x, LEVELS[-1], rng)
    size = np.bincount(fine, minlength=LEVELS[-1]).astype(float)
    parents = []
    for k in LEVELS[:-1]:
        lab, _ = kmeans(centres, k, rng, weights=np.maximum(size, 1e-3))
        parents.append(lab)
    of_row = dict(zip(rows, fine.tolist()))
    groups: dict[int, list[str]] = {}
    for w, r in words:
        groups.setdefault(of_row[r], []).append(w)
    return {"_doc": "Word clusters (training/build_word_clusters.py): spherical k-means of the en_core_web_md 3.8.0 "
                    "vectors (Explosion's, CC0) of the WordNet lemma index's words, seed %d; 'words': fine cluster -> its words; "
                    "'parents': per fine cluster, its cluster at each coarser level of 'levels'." % SEED,
            "levels": list(LEVELS),
            "parents": [[int(p[i]) for p in parents] for i in range(LEVELS[-1])],
            "words": {str(c): " ".join(sorted(ws)) for c, ws in sorted(groups.items())}}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--md", required=True, help="the en_core_web_md package directory")
    ap.add_argument("--sm", required=True, help="the en_core_web_sm package directory (its lemmatizer tables)")
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args(argv)
    table = build(Path(args.md), Path(args.sm))
    Path(args.out).write_text(json.dumps(table, indent=0) + "\n", encoding="utf-8")
    n = sum(len(v.split()) for v in table["words"].values())
    print(f"{n} words in {len(table['words'])} clusters -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
