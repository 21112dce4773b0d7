"""Shared pieces for the quotegraph spaCy components.

In: nothing (imported by the components). Out: the Doc extensions every
component writes (registered once, ``force=False`` so user code may pre-register
them), the cue/title lexicons from ``ingest/data`` as frozen sets, and small
parse helpers that work with any English pipeline using ClearNLP dependency
labels (en_core_web_sm/md/lg/trf and the dev pipeline).
"""
from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc

from ..aliases import load_data

# Doc extensions, documented where they are written.
DOC_EXTENSIONS = {
    "quotes": None,  # quotes.py: list[Quote]
    "qg_ents": None,  # entities.py: list[EntMention]
    "entities": None,  # entities.py: list[Entity]
    "dateline": None,  # entities.py: (place, country) or None
    "coref": None,  # coref.py: Coref
    "roles": None,  # roles.py: dict name -> list[Role]
    "cues": None,  # cues.py: list[Cue]
    "attributions": None,  # speakers.py: list[Attribution]
    "events": None,  # events.py: list[Event]
}


def register_extensions() -> None:
    """Register the Doc extensions (idempotent)."""
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register_extensions()

QUOTE_OPEN = {"“", "«", "„"}
QUOTE_CLOSE = {"”", "»", "‟"}
QUOTE_MARKS = {"\"", "“", "”", "«", "»", "„", "‟", "``", "''"}
PUNCT_EDGE = " \t\n\r\u00a0,;:-—–"
SUBJECT_DEPS = {"nsubj", "csubj"}
PRONOUNS_PERSON = {"he", "she", "him", "her"}
PRONOUNS_ALL = {"he", "she", "it", "they", "him", "her", "them", "i", "we", "you"}


class Lex:
    """The lexicons as sets of lower-cased strings (built once)."""

    def __init__(self) -> None:
        cues = load_data("cues.json")
        titles = load_data("titles.json")
        events = load_data("events.json")
        self.clause = frozenset(cues["clause"])
        self.np = frozenset(cues["np"])
        self.np_needs_complement = frozenset(cues["np_needs_complement"])
        self.as_complement = frozenset(cues["as_complement"])
        self.participial = frozenset(cues["participial"])
        self.quote_only = frozenset(cues["quote_only"])
        self.first_person_blocked = frozenset(cues.get("first_person_blocked", []))
        self.xcomp = frozenset(cues.get("xcomp", []))
        self.strong = frozenset(cues.get("strong", []))
        self.source_nouns = frozenset(cues.get("source_nouns", []))
        self.content_preps: dict[str, frozenset[str]] = {}
        self._add_learnt()
        self.any_cue = (self.xcomp | self.clause | self.np | self.as_complement | self.participial | self.quote_only
                        | frozenset(self.content_preps))
        self.titles = frozenset(t.lower() for t in titles["titles"])
        self.head_of_state = frozenset(t.lower() for t in titles["head_of_state"])
        self.ranks = frozenset(t.lower() for t in titles["ranks"])
        self.honorifics = frozenset(t.lower() for t in titles["honorifics"])
        self.institution_nouns = frozenset(t.lower() for t in titles["institution_nouns"])
        self.person_source_nouns = frozenset(t.lower() for t in titles["person_source_nouns"])
        self.document_nouns = frozenset(t.lower() for t in titles["document_nouns"])
        self.event_triggers: dict[str, str] = {}
        for etype, words in events["triggers"].items():
            for w in words:
                self.event_triggers.setdefault(w, etype)
        self.event_related = {k: frozenset(v) for k, v in events["related"].items()}
        self.weapons = frozenset(events["weapons"])
        self.event_anaphors = frozenset(events["anaphors"])
        self.reportable_events = frozenset(events["reportable"])


    def _add_learnt(self) -> None:
        """Add the cue lemmas learnt from PolNeAR train (``cues_learnt.json``, see ingest/training/learn_cues.py).

        A lemma joins a set when it heads gold cues often enough (``LEARNT_MIN_COUNT``), precisely enough
        (gold cues / occurrences as a verb outside quotations >= ``LEARNT_MIN_PRECISION``), and its gold
        contents take that form often enough (share of its cues >= ``LEARNT_MIN_SHARE``).
        """
        try:
            learnt = load_data("cues_learnt.json").get("lemmas", {})
        except (FileNotFoundError, ValueError):
            learnt = {}
        base = (self.clause, self.np, self.xcomp, self.participial)
        self.clause, self.np, self.xcomp, self.participial, self.content_preps = _learnt_sets(
            learnt, base, LEARNT_MIN_PRECISION, LEARNT_PARTICIPIAL_PRECISION, LEARNT_EXCLUDED)
        # The wider candidate sets the learnt cue classifier (cue_model.py) decides on in context.
        self.cand = CandidateSets(self, *_learnt_sets(learnt, base, CAND_MIN_PRECISION, CAND_MIN_PRECISION,
                                                       CAND_EXCLUDED))


def _learnt_sets(learnt: dict, base, min_prec: float, part_prec: float, excluded: frozenset):
    """(clause, np, xcomp, participial, content_preps): the hand sets plus the learnt lemmas that pass."""
    clause, np_, xcomp, part = (set(x) for x in base)
    preps: dict[str, set[str]] = {}
    for lem, st in learnt.items():
        n, prec, rel = st["count"], st["precision"], st["relations"]
        if n < LEARNT_MIN_COUNT or prec < min_prec or lem in excluded:
            continue
        share = {k: v / n for k, v in rel.items()}
        if prec >= part_prec:
            part.add(lem)  # ", citing …", ", referring to …"
        if share.get("ccomp", 0) + share.get("head", 0) >= LEARNT_MIN_SHARE:
            clause.add(lem)
        if share.get("dobj", 0) >= LEARNT_MIN_SHARE:
            np_.add(lem)
        if share.get("xcomp", 0) >= LEARNT_MIN_SHARE:
            xcomp.add(lem)
        for k, v in rel.items():
            if k.startswith("prep:") and v >= 3 and v / n >= LEARNT_MIN_SHARE:
                preps.setdefault(lem, set()).add(k[5:])
    return (frozenset(clause), frozenset(np_), frozenset(xcomp), frozenset(part),
            {k: frozenset(v) for k, v in preps.items()})


class CandidateSets:
    """The cue sets widened to every learnt lemma with ``precision >= CAND_MIN_PRECISION`` (same attribute names
    as :class:`Lex`, so cues.py can run on either)."""

    def __init__(self, L: "Lex", clause, np_, xcomp, part, preps) -> None:
        self.clause, self.np, self.xcomp, self.participial, self.content_preps = clause, np_, xcomp, part, preps
        self.np_needs_complement = L.np_needs_complement
        self.as_complement = L.as_complement
        self.quote_only = L.quote_only
        self.first_person_blocked = L.first_person_blocked
        self.strong = L.strong
        self.base = L
        self.any_cue = (xcomp | clause | np_ | L.as_complement | part | L.quote_only | frozenset(preps))


# Thresholds for taking learnt cue lemmas into the lexicon (see Lex._add_learnt).
LEARNT_MIN_COUNT = 5
LEARNT_MIN_PRECISION = 0.25
LEARNT_MIN_SHARE = 0.1
LEARNT_PARTICIPIAL_PRECISION = 0.45
# Frequent light verbs whose learnt counts come from idioms, not reporting.
LEARNT_EXCLUDED = frozenset({"make", "go", "take", "come", "give", "get", "have", "be", "do", "put", "use", "include", "become", "issue"})
# Candidates for the learnt cue classifier: low-precision lemmas too, decided in context.
CAND_MIN_PRECISION = 0.04
CAND_EXCLUDED = frozenset({"go", "come", "get", "have", "be", "do"})


@lru_cache(maxsize=1)
def lex() -> Lex:
    return Lex()


def has_parse(doc: Doc) -> bool:
    """True when the doc has dependency annotation (components degrade gracefully without it)."""
    try:
        return doc.has_annotation("DEP")
    except Exception:  # pragma: no cover - very old docs
        return False


def lemma(tok) -> str:
    return (tok.lemma_ or tok.text).lower()


def subject_of(verb):
    """The nominal subject token of a verb, climbing through conjunctions ('X said A and reiterated B')."""
    seen = 0
    v = verb
    while v is not None and seen < 6:
        subs = [c for c in v.children if c.dep_ in SUBJECT_DEPS and not c.is_punct]
        if subs:
            # "“…,” said Dmitry Peskov": prefer a name over a mis-attached pronoun-less token
            return subs[-1] if len(subs) > 1 and subs[-1].pos_ == "PROPN" else subs[0]
        if v.dep_ == "conj" and v.head is not v and v.head.pos_ in ("VERB", "AUX"):
            v = v.head
            seen += 1
            continue
        return None
    return None


def trim_span(text: str, start: int, end: int, keep_final_punct: bool = True) -> tuple[int, int]:
    """Shrink [start, end) over surrounding spaces, commas, dashes and quotation marks."""
    edge = PUNCT_EDGE + "\"“”«»„'"
    while start < end and text[start] in edge:
        start += 1
    while end > start and (text[end - 1] in edge or (not keep_final_punct and text[end - 1] in ".!?")):
        end -= 1
    return start, end


_TEXT_KEY = ("quotegraph", "text")


def doc_text(doc) -> str:
    """``doc.text`` cached on the doc: spaCy rebuilds Doc.text from tokens on every access (O(n))."""
    t = doc.user_data.get(_TEXT_KEY)
    if t is None:
        t = doc.text
        doc.user_data[_TEXT_KEY] = t
    return t
