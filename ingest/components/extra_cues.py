"""Learnt extra cues: reporting constructions the rules miss, found from the parse by a learnt classifier.

In: a parsed Doc and one of its words (a verb, auxiliary or noun outside quotations, no cue of the rules) with a
source (its subject, 'by' agent or owner, found by cues.py). Out: :func:`structures`, the spans of the word's
dependents that could be what it reports (a clausal complement, an infinitive, a direct object, a prepositional
object, a predicate: ``CONTENT_DEPS`` / ``CONTENT_PREPS``, or for a parenthetical verb the clause it interrupts), and
:func:`features` of one (word, span) pair: the lemma and how the span hangs on it, crossed with each other, the
part of speech, tense, negation, modality, the source's type, the span's length, first word and shape, the
neighbouring words, the learnt lexicon statistics, and how the source hangs on the word and what it is
(:func:`source_features`); cues.py adds what the rules kept around the word (a cue in its sentence, a cue governing
it, a quotation in its sentence) and the content tagger's mean probability over the span (:func:`inside_features`).
:class:`WordClusters` adds the clusters of the word's lemma and of the span's root (``word_clusters.json``, k-means of
the en_core_web_md vectors, so that a lemma rare in train shares weights with its neighbours on any pipeline).
:class:`ExtraCueModel` is a logistic regression over them (the ``extra_cue_classifier.json`` table, trained by
``python -m quotegraph.ingest.training.train_extra_cues`` on PolNeAR train: a pair is positive when its span matches a
gold content the rest of the extraction misses and its source gives that content's speaker); cues.py keeps pairs at
``threshold`` or more (``weak_threshold`` when the source is a participle's clause subject or a noun's owner, which
are wrong more often), best first, one per word, none overlapping a kept content or another kept pair, and no
non-statement. Only feature names (lemmas, labels, buckets) and weights are stored, no corpus text.
"""
from __future__ import annotations

import math
from typing import Optional

from .common import lemma, load_data
from .cue_model import subject_type

CONTENT_DEPS = ("ccomp", "xcomp", "dobj", "acomp", "attr", "oprd", "advcl")
CONTENT_PREPS = ("for", "on", "about", "of", "as", "to", "with", "against", "over", "that", "in", "from")
_FIRST = ("that", "whether", "if", "to", "the", "a", "an", "his", "her", "their", "it", "he", "she", "they", "we",
          "i", "what", "how", "why", "not", "more", "no")


WEAK_SOURCES = ("participial", "noun_learnt")  # a participle's clause subject, a noun's owner


class WordClusters:
    """Word -> cluster numbers at a few granularities, coarse to fine (the ``word_clusters.json`` table, built by
    ``python -m quotegraph.ingest.training.build_word_clusters`` from the en_core_web_md vectors): it carries lexical
    generalisation to pipelines without vectors (sm). :meth:`features` adds, to the features of :func:`features`,
    the clusters of the word's lemma (alone, with the span's kind, with the source's type) and of the span root's
    lemma (with the kind), read back from those features, so that the cues component needs no change."""

    def __init__(self, table: dict) -> None:
        self.levels = table["levels"]
        parents = table["parents"]
        self.of = {w: (*parents[int(c)], int(c)) for c, ws in table["words"].items() for w in ws.split()}

    def features(self, feats: list[str]) -> list[str]:
        lem = kind = st = root = None
        for f in feats:
            key, _, v = f.partition("=")
            if key == "l" and lem is None:
                lem = v
            elif key == "k" and kind is None:
                kind = v
            elif key == "st" and st is None:
                st = v
            elif key == "rl" and root is None:
                root = v.split("|")[0]
        c, r = self.of.get(lem), self.of.get(root)
        out = []
        for level, n in enumerate(self.levels):
            if c is not None:
                out += [f"c{n}={c[level]}", f"c{n}k={c[level]}|{kind}", f"c{n}s={c[level]}|{st}"]
            if r is not None:
                out.append(f"r{n}k={r[level]}|{kind}")
        return feats + out


class ExtraCueModel:
    """Logistic regression over :func:`features` (and, when the table names one, the :class:`WordClusters`
    features); ``threshold`` is the probability a pair needs, ``weak_threshold`` (at least ``threshold``) the one a
    pair whose source was found the weak way (``WEAK_SOURCES``) needs."""

    def __init__(self, weights: dict[str, float], bias: float, threshold: float,
                 weak_threshold: float | None = None, clusters: WordClusters | None = None) -> None:
        self.weights = weights
        self.bias = bias
        self.threshold = threshold
        self.weak_threshold = max(threshold, weak_threshold if weak_threshold is not None else threshold)
        self.clusters = clusters

    @classmethod
    def from_table(cls, data: dict, clusters_table: Optional[dict] = None) -> "ExtraCueModel":
        """The model of an ``extra_cue_classifier.json`` table; its ``clusters`` entry names the word-cluster
        table its weights were trained with: ``clusters_table`` (the component's, which travels with
        ``to_disk``), else the packaged one."""
        clusters = None
        if data.get("clusters"):
            clusters = WordClusters(clusters_table if clusters_table is not None else load_data(data["clusters"]))
        return cls(data.get("weights", {}), data.get("bias", 0.0), data.get("threshold", 1.01),
                   data.get("weak_threshold"), clusters)

    def keeps(self, prob: float, how: str) -> bool:
        """Whether a pair of probability ``prob`` whose source was found by ``how`` is kept."""
        return prob >= (self.weak_threshold if how in WEAK_SOURCES else self.threshold)

    def prob(self, feats: list[str]) -> float:
        if self.clusters is not None:
            feats = self.clusters.features(feats)
        w = self.weights
        z = self.bias + sum(w.get(f, 0.0) for f in feats)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def _trim(doc, s: int, e: int) -> tuple[int, int]:
    while s < e and (doc[s].is_punct or doc[s].is_space):
        s += 1
    while e > s and (doc[e - 1].is_punct or doc[e - 1].is_space):
        e -= 1
    return s, e


def _subtree(tok) -> tuple[int, int]:
    return _trim(tok.doc, tok.left_edge.i, tok.right_edge.i + 1)


def structures(tok) -> list[tuple[str, int, int]]:
    """(kind, start, end) token ranges that word ``tok`` could report: its content-like dependents' subtrees, and
    for a verb hung under a clause ('The plan, he said, failed'), that clause without the verb's own subtree."""
    doc = tok.doc
    out = []
    for c in tok.children:
        if c.dep_ in CONTENT_DEPS:
            out.append((c.dep_, *_subtree(c)))
        elif c.dep_ == "prep" and c.i > tok.i:
            obj = next((p for p in c.children if p.dep_ in ("pobj", "pcomp")), None)
            if obj is not None:
                kind = "prep_" + (c.lower_ if c.lower_ in CONTENT_PREPS else "other")
                out.append((kind, *_subtree(obj)))
        elif c.dep_ in ("acl", "relcl") and tok.pos_ == "NOUN" and c.i > tok.i:
            out.append((c.dep_, *_subtree(c)))
    h = tok.head
    if tok.dep_ in ("parataxis", "ccomp", "advcl") and h is not tok and h.pos_ in ("VERB", "AUX"):
        a, b = h.left_edge.i, h.right_edge.i + 1
        x, y = tok.left_edge.i, tok.right_edge.i + 1
        out.append(("under", *(_trim(doc, a, x) if x - a >= b - y else _trim(doc, y, b))))
    return [(k, s, e) for k, s, e in out if e - s >= 2 and not (s <= tok.i < e)]


def _len_bucket(n: int) -> str:
    return "2" if n <= 3 else "4" if n <= 8 else "9" if n <= 20 else "21" if n <= 40 else "41"


def features(tok, kind: str, s: int, e: int, src, lex, stats: dict, how: str) -> list[str]:
    """Sparse features of the pair (word ``tok``, span [s, e) of kind ``kind``) with source token ``src``;
    ``lex`` is the cues component's Lexicon, ``stats`` :func:`cue_model.learnt_stats` of the learnt table."""
    doc = tok.doc
    lem = lemma(tok)
    st = subject_type(src, lex)
    pb, nb = stats.get(lem, ("pna", "nna"))
    first = doc[s].lower_
    first = first if first in _FIRST else "x"
    inlex = "lex" if lem in lex.any_cue else "cand" if lem in lex.cand.any_cue else "out"
    f = ["k=" + kind, "l=" + lem, "lk=" + lem + "|" + kind, "pos=" + tok.pos_ + "|" + kind, "tag=" + tok.tag_,
         "dep=" + tok.dep_, "depk=" + tok.dep_ + "|" + kind, "st=" + st, "stk=" + st + "|" + kind, "ls=" + lem + "|" + st,
         "how=" + how, "pb=" + pb + "|" + kind, "nb=" + nb, "in=" + inlex, "ink=" + inlex + "|" + kind,
         "len=" + _len_bucket(e - s) + "|" + kind, "first=" + first + "|" + kind, "side=" + ("R" if s > tok.i else "L"),
         "root=" + doc[s:e].root.pos_ + "|" + kind, "hl=" + lemma(tok.head) + "|" + tok.dep_]
    if any(t.dep_ in ("nsubj", "nsubjpass") for t in doc[s:e]):
        f.append("csubj|" + kind)
    for c in tok.children:
        if c.dep_ == "neg":
            f += ["neg", "lneg=" + lem]
        elif c.dep_ in ("aux", "auxpass"):
            f += ["aux=" + c.lower_, "laux=" + lem + "|" + c.lower_]
    for k in (-1, 1):
        j = tok.i + k
        if 0 <= j < len(doc):
            f.append(f"w{k}=" + doc[j].lower_ + "|" + kind)
    root = doc[s:e].root
    gap = s - tok.i if s > tok.i else tok.i - e + 1
    f += ["tk=" + tok.tag_ + "|" + kind, "gap=" + ("1" if gap <= 1 else "3" if gap <= 3 else "9") + "|" + kind,
          "hp=" + tok.head.pos_ + "|" + tok.dep_ + "|" + kind]
    if any(lemma(t) in lex.any_cue and t.pos_ == "VERB" for t in doc[s:min(e, s + 30)]):
        f.append("cuein|" + kind)
    f += ["rl=" + lemma(root) + "|" + kind, "lrl=" + lem + "|" + lemma(root), "lf=" + lem + "|" + first]
    if any(t.is_quote for t in doc[s:e]):
        f.append("cq|" + kind)
    if tok.is_sent_start or tok.i - 1 >= 0 and doc[tok.i - 1].is_punct:
        f.append("after_punct|" + kind)
    return f + source_features(tok, src, st, how)


def source_features(tok, src, st: str, how: str) -> list[str]:
    """How the source hangs on the word and what it is: its dependency with the way it was found, its part of
    speech and tag with its type, its type with the word's own dependency, and a noun source's lemma."""
    f = ["sd=" + src.dep_ + "|" + how, "sp=" + src.pos_ + "|" + st, "stag=" + src.tag_,
         "sth=" + st + "|" + how + "|" + tok.dep_]
    if st in ("noun", "person_noun", "source_noun"):
        f.append("sn=" + lemma(src))
    return f


def inside_features(kind: str, p: float, source_type: str) -> list[str]:
    """The content tagger's mean content probability over the span, bucketed, alone, with the span's kind and with
    the kind and the source's type."""
    b = "i0" if p < 0.05 else "i1" if p < 0.15 else "i2" if p < 0.3 else "i3" if p < 0.5 else "i4" if p < 0.7 else "i5"
    return ["ci=" + b, "cik=" + b + "|" + kind, "cis=" + b + "|" + kind + "|" + source_type]
