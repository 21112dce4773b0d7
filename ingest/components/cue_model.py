"""The learnt cue classifier: is this verb, in this context, reporting someone's words or stance?

In: a candidate :class:`~.cues.Cue` found by cues.py with the lexicon or with the wider candidate sets
(``Lex.cand``: every lemma learnt from PolNeAR train with precision >= ``CAND_MIN_PRECISION``), and the Doc.
Out: :func:`features` (a few dozen sparse string features: lemma, lemma x content relation, lemma x subject type,
tense, negation, modality, content length and shape, the learnt lexicon statistics) and :class:`CueModel`, a
logistic regression over them (``ingest/data/cue_classifier.json``, trained by
``python -m quotegraph.ingest.training.train_cue_classifier``). cues.py keeps a candidate when
``prob >= threshold``, and a cue found with the hand/learnt lexicon when ``prob >= lexicon_threshold`` (0: kept
as before). Linear in the number of candidates; no corpus text is stored, only
feature names (lemmas, labels) and weights.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Optional

from .common import PRONOUNS_PERSON, lemma, lex

MODEL_PATH = Path(__file__).resolve().parents[1] / "data" / "cue_classifier.json"

_MODALS = {"will", "would", "could", "can", "may", "might", "should", "must", "'ll", "wo", "ca", "shall"}
_PEOPLE_PRON = PRONOUNS_PERSON | {"they", "i", "we", "you"}


class CueModel:
    def __init__(self, data: dict) -> None:
        self.weights: dict[str, float] = data["weights"]
        self.bias: float = data["bias"]
        self.threshold: float = data["threshold"]
        self.lexicon_threshold: float = data.get("lexicon_threshold", 0.0)  # for cues the lexicon finds

    def score(self, feats: list[str]) -> float:
        w = self.weights
        return self.bias + sum(w.get(f, 0.0) for f in feats)

    def prob(self, feats: list[str]) -> float:
        z = self.score(feats)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


_OVERRIDE: list = []


def use(model: Optional[CueModel]) -> None:
    """Use ``model`` instead of the stored one (training / tests); ``use(None)`` disables the classifier."""
    _OVERRIDE[:] = [model]


def reset() -> None:
    _OVERRIDE.clear()


def load() -> Optional[CueModel]:
    """The trained model, or None when no weights file is there (cues.py then uses the lexicon alone)."""
    if _OVERRIDE:
        return _OVERRIDE[0]
    return _load_file(str(MODEL_PATH))


@lru_cache(maxsize=2)
def _load_file(path: str) -> Optional[CueModel]:
    p = Path(path)
    try:
        return CueModel(json.loads(p.read_text(encoding="utf-8")))
    except (FileNotFoundError, ValueError, KeyError):
        return None


@lru_cache(maxsize=1)
def _learnt_stats() -> dict[str, tuple[str, str]]:
    """lemma -> (precision bucket, count bucket) from cues_learnt.json."""
    from ..aliases import load_data

    try:
        learnt = load_data("cues_learnt.json").get("lemmas", {})
    except (FileNotFoundError, ValueError):
        return {}
    out = {}
    for lem, st in learnt.items():
        p, n = st["precision"], st["count"]
        pb = "p0" if p < 0.1 else "p1" if p < 0.25 else "p2" if p < 0.5 else "p3" if p < 0.75 else "p4"
        nb = "n0" if n < 10 else "n1" if n < 50 else "n2" if n < 200 else "n3"
        out[lem] = (pb, nb)
    return out


def _subject_type(tok) -> str:
    if tok is None:
        return "none"
    low = tok.lower_
    if low in _PEOPLE_PRON:
        return "pron_person" if low in PRONOUNS_PERSON or low == "they" else "pron_1st2nd"
    if tok.pos_ == "PRON" or low in ("who", "which", "that", "this", "it", "what"):
        return "pron_" + low if low in ("it", "this", "that", "who", "which", "what") else "pron_other"
    if tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return tok.ent_type_
    if tok.pos_ == "PROPN":
        return "propn"
    L = lex()
    lem = lemma(tok)
    if lem in L.titles or lem in L.person_source_nouns or tok.lower_ in L.person_source_nouns:
        return "person_noun"
    if lem in L.institution_nouns or lem in L.document_nouns or lem in L.source_nouns:
        return "source_noun"
    return "noun"


def _len_bucket(n: int) -> str:
    return "1" if n <= 1 else "2" if n <= 3 else "4" if n <= 8 else "9" if n <= 20 else "21"


def features(doc, cue, inside_quote=None) -> list[str]:
    """Sparse features of a candidate cue (strings)."""
    tok = doc[cue.token]
    lem = lemma(tok)
    rel = cue.rel
    sp = doc[cue.speaker] if cue.speaker is not None else None
    st = _subject_type(sp)
    s, e = cue.content_tokens
    n = e - s
    first = doc[s].lower_ if n > 0 else ""
    neg = any(c.dep_ == "neg" for c in tok.children)
    modal = any(c.dep_ == "aux" and c.lower_ in _MODALS for c in tok.children)
    pb, nb = _learnt_stats().get(lem, ("pna", "nna"))
    L = lex()
    inlex = "lex" if cue.lexicon else "cand"
    f = [
        "lem=" + lem, "rel=" + rel, "lem_rel=" + lem + "|" + rel, "subj=" + st, "lem_subj=" + lem + "|" + st,
        "how=" + cue.how, "tag=" + tok.tag_, "lem_tag=" + lem + "|" + tok.tag_, "dep=" + tok.dep_,
        "rel_dep=" + rel + "|" + tok.dep_, "len=" + _len_bucket(n), "rel_len=" + rel + "|" + _len_bucket(n),
        "pb=" + pb, "nb=" + nb, "pb_rel=" + pb + "|" + rel, "pb_subj=" + pb + "|" + st, inlex,
        inlex + "|" + rel, "after=" + ("1" if s > tok.i else "0"),
        "first=" + (first if first in ("that", "whether", "if", "to", "the", "a", "his", "her", "their", "it", "he", "she", "they", "we", "i") else "other"),
        "rel_first=" + rel + "|" + (first if first in ("that", "whether", "if", "to") else "x"),
    ]
    if neg:
        f += ["neg", "lem_neg=" + lem]
    if modal:
        f += ["modal", "lem_modal=" + lem]
    if lem in L.clause:
        f.append("hand_clause")
    if cue.participial:
        f += ["participial", "lem_part=" + lem]
    if sp is not None and sp.dep_ == "nsubjpass":
        f.append("subj_pass")
    if n > 0:
        ct = doc[s:e]
        root = ct.root
        f.append("croot=" + root.pos_)
        f.append("rel_croot=" + rel + "|" + root.pos_)
        if any(t.dep_ in ("nsubj", "nsubjpass") for t in ct):
            f.append("csubj")
        if inside_quote is not None and any(inside_quote[i] for i in range(s, min(e, s + 60))):
            f.append("cquote")
    return f
