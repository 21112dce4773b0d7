"""The learnt cue classifier: is this verb, in this context, reporting someone's words or stance?

In: a candidate :class:`~.cues.Cue` found by cues.py with the lexicon or with the wider candidate sets
(``Lexicon.cand``: every lemma learnt from PolNeAR train over the candidate precision threshold), the Doc and the
lexicon. Out: :func:`features` (a few dozen sparse string features: lemma, lemma x content relation, lemma x
subject type, tense, negation, modality, content length and shape, the learnt lexicon statistics of
:func:`learnt_stats`) and :class:`CueModel`, a logistic regression over them (the ``cue_classifier.json`` table,
trained by ``python -m quotegraph.ingest.training.train_cue_classifier``; the cues component holds it). cues.py
keeps a candidate when ``prob >= threshold``, and a cue found with the hand/learnt lexicon when
``prob >= lexicon_threshold`` (0: kept as before). Linear in the number of candidates; no corpus text is stored,
only feature names (lemmas, labels) and weights. No module state: everything comes from the tables passed in.
"""
from __future__ import annotations

import math

from .common import Lexicon, lemma


class CueModel:
    """Logistic regression over :func:`features`."""

    def __init__(self, weights: dict[str, float], bias: float, threshold: float, lexicon_threshold: float = 0.0):
        self.weights = weights
        self.bias = bias
        self.threshold = threshold
        self.lexicon_threshold = lexicon_threshold  # for cues the lexicon finds

    @classmethod
    def from_table(cls, data: dict) -> "CueModel":
        """The model of a ``cue_classifier.json`` table (weights, bias, threshold, lexicon_threshold)."""
        return cls(data["weights"], data["bias"], data["threshold"], data.get("lexicon_threshold", 0.0))

    def score(self, feats: list[str]) -> float:
        w = self.weights
        return self.bias + sum(w.get(f, 0.0) for f in feats)

    def prob(self, feats: list[str]) -> float:
        z = self.score(feats)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def learnt_stats(learnt_table: dict) -> dict[str, tuple[str, str]]:
    """lemma -> (precision bucket, count bucket) from a ``cues_learnt.json`` table."""
    out = {}
    for lem, st in learnt_table.get("lemmas", {}).items():
        p, n = st["precision"], st["count"]
        pb = "p0" if p < 0.1 else "p1" if p < 0.25 else "p2" if p < 0.5 else "p3" if p < 0.75 else "p4"
        nb = "n0" if n < 10 else "n1" if n < 50 else "n2" if n < 200 else "n3"
        out[lem] = (pb, nb)
    return out


def subject_type(tok, L: Lexicon) -> str:
    if tok is None:
        return "none"
    low = tok.lower_
    if low in L.words["people_pronouns"]:
        return "pron_person" if low in L.words["person_pronouns"] or low == "they" else "pron_1st2nd"
    if tok.pos_ == "PRON" or low in ("who", "which", "that", "this", "it", "what"):
        return "pron_" + low if low in ("it", "this", "that", "who", "which", "what") else "pron_other"
    if tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return tok.ent_type_
    if tok.pos_ == "PROPN":
        return "propn"
    lem = lemma(tok)
    if lem in L.titles or lem in L.person_source_nouns or tok.lower_ in L.person_source_nouns:
        return "person_noun"
    if lem in L.institution_nouns or lem in L.document_nouns or lem in L.source_nouns:
        return "source_noun"
    return "noun"


def _len_bucket(n: int) -> str:
    return "1" if n <= 1 else "2" if n <= 3 else "4" if n <= 8 else "9" if n <= 20 else "21"


_FIRST_WORDS = ("that", "whether", "if", "to", "the", "a", "his", "her", "their", "it", "he", "she", "they", "we", "i")


def features(doc, cue, L: Lexicon, stats: dict[str, tuple[str, str]], inside_quote=None) -> list[str]:
    """Sparse features of a candidate cue (strings); ``stats`` is :func:`learnt_stats` of the learnt table."""
    tok = doc[cue.token]
    lem, rel = lemma(tok), cue.rel
    sp = doc[cue.speaker] if cue.speaker is not None else None
    st = subject_type(sp, L)
    s, e = cue.content_tokens
    n = e - s
    first = doc[s].lower_ if n > 0 else ""
    pb, nb = stats.get(lem, ("pna", "nna"))
    inlex = "lex" if cue.lexicon else "cand"
    f = [
        "lem=" + lem, "rel=" + rel, "lem_rel=" + lem + "|" + rel, "subj=" + st, "lem_subj=" + lem + "|" + st,
        "how=" + cue.how, "tag=" + tok.tag_, "lem_tag=" + lem + "|" + tok.tag_, "dep=" + tok.dep_,
        "rel_dep=" + rel + "|" + tok.dep_, "len=" + _len_bucket(n), "rel_len=" + rel + "|" + _len_bucket(n),
        "pb=" + pb, "nb=" + nb, "pb_rel=" + pb + "|" + rel, "pb_subj=" + pb + "|" + st, inlex,
        inlex + "|" + rel, "after=" + ("1" if s > tok.i else "0"),
        "first=" + (first if first in _FIRST_WORDS else "other"),
        "rel_first=" + rel + "|" + (first if first in ("that", "whether", "if", "to") else "x"),
    ]
    f += _verb_features(tok, lem, cue, sp, L)
    if n > 0:
        f += _content_features(doc, s, e, rel, inside_quote)
    return f


def _verb_features(tok, lem: str, cue, sp, L: Lexicon) -> list[str]:
    """Negation, modality, hand lexicon, participle, passive subject."""
    f = []
    if any(c.dep_ == "neg" for c in tok.children):
        f += ["neg", "lem_neg=" + lem]
    if any(c.dep_ == "aux" and c.lower_ in L.words["modals"] for c in tok.children):
        f += ["modal", "lem_modal=" + lem]
    if lem in L.clause:
        f.append("hand_clause")
    if cue.participial:
        f += ["participial", "lem_part=" + lem]
    if sp is not None and sp.dep_ == "nsubjpass":
        f.append("subj_pass")
    return f


def _content_features(doc, s: int, e: int, rel: str, inside_quote) -> list[str]:
    """The content's root, whether it has a subject, whether it runs into a quotation."""
    ct = doc[s:e]
    root = ct.root
    f = ["croot=" + root.pos_, "rel_croot=" + rel + "|" + root.pos_]
    if any(t.dep_ in ("nsubj", "nsubjpass") for t in ct):
        f.append("csubj")
    if inside_quote is not None and any(inside_quote[i] for i in range(s, min(e, s + 60))):
        f.append("cquote")
    return f
