"""The learnt content tagger: which tokens of a sentence are someone's reported words or stance?

In: a parsed Doc, the cue candidates cues.py found on it (with the wide candidate sets, before the cue
classifier's gate) and the classifier's probability for each. Out: content spans as token ranges, from a linear-chain
CRF (CRFsuite, through ``python-crfsuite``) with B/I/O labels over the tokens of each sentence.

The features follow citron (Newell et al.'s PARC/PolNeAR attribution extractor): the token, its lemma, POS tag,
dependency relation and entity type, the same for a +-2 token window, inside-quotation-marks and quotation-mark
flags, and where the token hangs relative to the nearest cue: the lemma of the first cue-like ancestor, the
dependency relation through which the token reaches it, the side, the learnt cue precision bucket. The rule
system is stacked in: each token knows whether it lies in (begins, ends) the content of a rule candidate, with the
candidate's relation, lexicon/candidate origin and classifier probability bucket.

:class:`ContentModel` holds the CRFsuite model as bytes (the ``content_crf.bin.gz`` file of ``ingest/data``, trained by
``python -m quotegraph.ingest.training.train_content_model``; stored gzip-compressed as ``content_crf.bin.gz``); the cues component carries it through ``to_disk`` /
``from_disk``. Only feature names (words, lemmas, labels) and weights are in the model, no corpus text.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Iterable, Optional

from .common import lemma


@dataclass
class Candidate:
    """What the tagger reads of one rule candidate: its cue token, content tokens, relation, origin, probability."""

    token: int
    start: int
    end: int
    rel: str
    lexicon: bool
    prob: float


def prob_bucket(p: float) -> str:
    return "p0" if p < 0.15 else "p1" if p < 0.3 else "p2" if p < 0.45 else "p3" if p < 0.6 else "p4" if p < 0.8 else "p5"


class DocInfo:
    """Per-Doc inputs of the features: inside-quotation flags, the cue lemma set, learnt statistics, candidates."""

    def __init__(self, doc, inside_quote: list[bool], cue_lemmas: frozenset, stats: dict,
                 candidates: Iterable[Candidate]) -> None:
        self.doc = doc
        self.inside_quote = inside_quote
        self.cue_lemmas = cue_lemmas
        self.stats = stats
        self.inside: dict[int, float] = {}  # the tagger's per-token content probabilities, once tagged
        self.cand_feats: dict[int, list[str]] = {}
        for c in candidates:
            tag = ("lex" if c.lexicon else "cand") + "|" + c.rel
            pb = prob_bucket(c.prob)
            for i in range(c.start, c.end):
                f = self.cand_feats.setdefault(i, [])
                f += ["rc=" + tag, "rcp=" + pb, "rctp=" + tag + "|" + pb, "rcs=" + ("R" if c.start > c.token else "L")]
            self.cand_feats.setdefault(c.start, []).append("rcB|" + pb)
            self.cand_feats.setdefault(c.end - 1, []).append("rcE|" + pb)
            if c.end < len(doc):
                self.cand_feats.setdefault(c.end, []).append("rcAfter|" + pb)

    def is_cue_like(self, tok) -> bool:
        return (tok.pos_ in ("VERB", "AUX") and lemma(tok) in self.cue_lemmas) or (
            tok.lower_ == "according" and tok.i + 1 < len(self.doc) and self.doc[tok.i + 1].lower_ == "to")


def _cue_ancestor(tok, info: DocInfo) -> list[str]:
    """Features of the first cue-like ancestor: lemma, the relation the path leaves it by, side, precision."""
    child, a = tok, tok.head
    for depth in range(1, 9):
        if a is child:
            return ["noanc"]
        if info.is_cue_like(a):
            lem, rel = lemma(a), child.dep_
            pb = info.stats.get(lem, ("pna", "nna"))[0]
            side = "L" if tok.i < a.i else "R"
            d = str(min(depth, 4))
            return ["ca=" + lem, "car=" + rel, "cad=" + lem + "|" + rel, "cas=" + side + "|" + rel, "cap=" + pb,
                    "capr=" + pb + "|" + rel, "cdep=" + d, "cdr=" + d + "|" + rel]
        child, a = a, a.head
    return ["noanc"]


def _word(tok) -> str:
    return tok.lower_ if len(tok.lower_) <= 20 else tok.shape_


def token_features(doc, i: int, sent_start: int, sent_end: int, info: DocInfo) -> list[str]:
    """The features of token ``i`` of the sentence [sent_start, sent_end)."""
    t = doc[i]
    q = info.inside_quote
    f = ["b", "w=" + _word(t), "l=" + lemma(t), "p=" + t.tag_, "d=" + t.dep_, "pd=" + t.tag_ + "|" + t.dep_,
         "hd=" + t.head.dep_ + "|" + t.dep_, "e=" + (t.ent_type_ or "-")]
    if q[i]:
        f.append("q")
    if t.is_quote:
        f.append("qm|" + ("in" if q[i] else "out"))
    for k in (-2, -1, 1, 2):
        j = i + k
        if sent_start <= j < sent_end:
            u = doc[j]
            f += [f"w{k}=" + _word(u), f"p{k}=" + u.tag_, f"d{k}=" + u.dep_]
            if k in (-1, 1):
                f.append(f"q{k}=" + ("1" if q[j] else "0"))
        else:
            f.append(f"edge{k}")
    if info.is_cue_like(t):
        f += ["iscue", "iscue=" + lemma(t), "iscp=" + info.stats.get(lemma(t), ("pna", "nna"))[0]]
    f += _cue_ancestor(t, info)
    f += info.cand_feats.get(i, ["norc"])
    return f


def sentence_features(doc, sent, info: DocInfo) -> list[list[str]]:
    return [token_features(doc, i, sent.start, sent.end, info) for i in range(sent.start, sent.end)]


def spans_of(labels: list[str], offset: int) -> list[tuple[int, int]]:
    """Token ranges [start, end) of the B/I runs of a label sequence (an I after O starts a span too)."""
    out, start = [], None
    for k, lab in enumerate(labels):
        if lab == "B" or (lab == "I" and start is None):
            if start is not None:
                out.append((offset + start, offset + k))
            start = k
        elif lab == "O" and start is not None:
            out.append((offset + start, offset + k))
            start = None
    if start is not None:
        out.append((offset + start, offset + len(labels)))
    return out


class ContentModel:
    """A CRFsuite tagger loaded from the model's bytes; :meth:`spans` tags a Doc sentence by sentence."""

    def __init__(self, data: bytes, settings: Optional[dict] = None) -> None:
        import pycrfsuite

        self.data = data
        self.settings = dict(settings or {})
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open_inmemory(data)
        # A Tagger keeps the last tagged sequence for its marginals: threads sharing the pipeline (a Dask worker
        # runs several) take turns.
        self.lock = threading.Lock()

    @classmethod
    def from_gzip(cls, packed: bytes, settings: Optional[dict] = None) -> "ContentModel":
        """The model of a gzip-compressed CRFsuite file (as ``content_crf.bin.gz`` holds it)."""
        import gzip

        return cls(gzip.decompress(packed), settings)

    def to_gzip(self) -> bytes:
        import gzip

        return gzip.compress(self.data, compresslevel=9, mtime=0)

    def sentence_spans(self, xseq: list[list[str]], offset: int, inside: dict[int, float]) -> list[tuple[int, int, float]]:
        """(start, end, mean marginal of the span's labels) of the content spans of one sentence; ``inside`` gets
        each token's probability of being content (1 - P(O))."""
        with self.lock:
            labels = self.tagger.tag(xseq)
            for k in range(len(labels)):
                inside[offset + k] = 1.0 - self.tagger.marginal("O", k)
            spans = spans_of(labels, offset)
            return [(s, e, sum(self.tagger.marginal(labels[k - offset], k - offset) for k in range(s, e)) / (e - s))
                    for s, e in spans]

    @staticmethod
    def tags(sent, info: DocInfo) -> bool:
        """Whether a sentence is tagged: it has a cue-like token, a quotation or a candidate's content."""
        return any(info.is_cue_like(t) or info.inside_quote[t.i] or t.i in info.cand_feats for t in sent)

    def spans(self, doc, info: DocInfo) -> tuple[list[tuple[int, int, float]], dict[int, float]]:
        """Content spans of the Doc, from the sentences :meth:`tags` selects, and the per-token content
        probabilities (tokens of untagged sentences: absent, i.e. 0)."""
        out, inside = [], {}
        for sent in doc.sents:
            if self.tags(sent, info):
                out += self.sentence_spans(sentence_features(doc, sent, info), sent.start, inside)
        return out, inside


def mean_inside(inside: dict[int, float], start: int, end: int) -> float:
    """Mean content probability of tokens [start, end)."""
    return sum(inside.get(i, 0.0) for i in range(start, end)) / max(1, end - start)


def load_binary(name: str) -> Optional[bytes]:
    """A binary file of ``ingest/data`` (None when it is not there)."""
    from importlib import resources
    from pathlib import Path

    try:
        return resources.files("quotegraph.ingest").joinpath("data", name).read_bytes()
    except (ModuleNotFoundError, FileNotFoundError):
        f = Path(__file__).resolve().parents[1] / "data" / name
        return f.read_bytes() if f.exists() else None
