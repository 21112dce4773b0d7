"""Shared pieces for the quotegraph spaCy components.

In: nothing (imported by the components). Out:
- the Doc extensions every component writes (``doc._.qg_*``, registered once; see :data:`EXTENSIONS`), always
  plain data (lists, dicts, strings, numbers), so ``DocBin(store_user_data=True)`` round-trips a processed Doc
  and ``nlp.pipe(..., n_process=2)`` can send it between processes; :func:`write_layer` / :func:`read_layer`
  turn the typed records the components work with into that data and back;
- :class:`Lexicon`, the word lists of ``ingest/data/*.json`` as frozen sets, and :class:`LexiconComponent`,
  the base of every component that reads them: its lexicon is built from the tables it holds, which it saves
  with ``nlp.to_disk`` and loads with ``spacy.load`` (no module-global lexicon);
- small parse helpers that work with any English pipeline using ClearNLP dependency labels
  (en_core_web_sm/md/lg/trf).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, Iterable, Optional, TypeVar

from spacy import util
from spacy.tokens import Doc

from ..aliases import load_data

# Doc extensions: name -> what it holds (as plain data) and which component writes it.
EXTENSIONS = {
    "qg_quotes": "quotes.py: list of Quote dicts (quotation-mark spans)",
    "qg_mentions": "entities.py: list of EntMention dicts (entity mentions under canonical names)",
    "qg_entities": "entities.py: list of Entity dicts (one per canonical name)",
    "qg_dateline": "entities.py: [place, country] of the dateline, or None",
    "qg_coref": "coref.py: list of [pronoun token, antecedent name, kind, antecedent token]",
    "qg_roles": "roles.py: {person name: [{title, organization}]}",
    "qg_cues": "cues.py: list of Cue dicts (reporting constructions)",
    "qg_attributions": "attributions.py; about.py fills about, acts.py act, responses.py responds_to: Attribution dicts",
    "qg_events": "events.py: list of Event dicts",
    "qg_event_info": "events.py: list of EventInfo dicts (mention tokens, places, related words)",
}

T = TypeVar("T")


def register_extensions() -> None:
    """Register the Doc extensions (idempotent; ``force=False`` so user code may pre-register them)."""
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


register_extensions()


def write_layer(doc: Doc, name: str, items: Iterable, to_plain: Callable = None) -> None:
    """Store typed records on ``doc._.<name>`` as plain data (``to_plain`` or each record's ``to_dict``)."""
    doc._.set(name, [to_plain(x) if to_plain else x.to_dict() for x in items])


def read_layer(doc: Doc, name: str, from_plain: Callable[[dict], T]) -> list[T]:
    """The typed records of ``doc._.<name>`` (empty when the component did not run)."""
    return [from_plain(d) for d in (doc._.get(name) or [])]


# The tables a lexicon is built from, in ingest/data (see each file's "_doc").
LEXICON_TABLES = ("cues.json", "cues_learnt.json", "titles.json", "events.json", "words.json")


def load_tables(names: Iterable[str] = LEXICON_TABLES) -> dict[str, dict]:
    """The packaged tables by file name (one loader for every word list)."""
    return {name: load_data(name) for name in names}


class Lexicon:
    """The word lists as sets of lower-cased strings, built once from ``tables`` (file name -> JSON data)."""

    def __init__(self, tables: dict[str, dict]) -> None:
        cues, titles, events = tables["cues.json"], tables["titles.json"], tables["events.json"]
        self.words = {k: frozenset(v) for k, v in tables["words.json"].items() if k != "_doc" and isinstance(v, list)}
        self.content_preps_base = {k: frozenset(v) for k, v in tables["words.json"]["content_preps"].items()}
        for key in ("clause", "np", "np_needs_complement", "as_complement", "participial", "quote_only",
                    "first_person_blocked", "xcomp", "strong", "source_nouns"):
            setattr(self, key, frozenset(cues.get(key, [])))
        self.content_preps: dict[str, frozenset[str]] = {}
        # the hand-written reporting verbs only: a clear sign that someone is speaking (coref salience)
        self.speech_verbs = self.clause | self.np | self.participial | self.quote_only | self.words["speech_verbs"]
        self._add_learnt(tables["cues_learnt.json"])
        self.any_cue = (self.xcomp | self.clause | self.np | self.as_complement | self.participial | self.quote_only
                        | frozenset(self.content_preps))
        for key in ("titles", "head_of_state", "ranks", "honorifics", "institution_nouns", "person_source_nouns",
                    "document_nouns"):
            setattr(self, key, frozenset(t.lower() for t in titles[key]))
        self.event_triggers: dict[str, str] = {}
        for etype, words in events["triggers"].items():
            for w in words:
                self.event_triggers.setdefault(w, etype)
        self.event_related = {k: frozenset(v) for k, v in events["related"].items()}
        self.weapons = frozenset(events["weapons"])
        self.event_anaphors = frozenset(events["anaphors"])
        self.reportable_events = frozenset(events["reportable"])

    def _add_learnt(self, learnt_table: dict) -> None:
        """Add the cue lemmas learnt from PolNeAR train (``cues_learnt.json``, see ingest/training/learn_cues.py).

        A lemma joins a set when it heads gold cues often enough, precisely enough (gold cues / occurrences as a
        verb outside quotations) and its gold contents take that form often enough: the thresholds are the
        table's ``thresholds``. The wider candidate sets (``self.cand``) are what the learnt cue classifier
        (cue_model.py) decides on in context.
        """
        th = learnt_table.get("thresholds", {})
        learnt = learnt_table.get("lemmas", {})
        base = (self.clause, self.np, self.xcomp, self.participial)
        self.clause, self.np, self.xcomp, self.participial, self.content_preps = _learnt_sets(
            learnt, base, th, th["min_precision"], th["participial_precision"], frozenset(th["excluded"]))
        self.cand = CandidateSets(self, *_learnt_sets(learnt, base, th, th["candidate_min_precision"],
                                                       th["candidate_min_precision"],
                                                       frozenset(th["candidate_excluded"])))


def _learnt_sets(learnt: dict, base, th: dict, min_prec: float, part_prec: float, excluded: frozenset):
    """(clause, np, xcomp, participial, content_preps): the hand sets plus the learnt lemmas that pass."""
    clause, np_, xcomp, part = (set(x) for x in base)
    preps: dict[str, set[str]] = {}
    for lem, st in learnt.items():
        n, prec, rel = st["count"], st["precision"], st["relations"]
        if n < th["min_count"] or prec < min_prec or lem in excluded:
            continue
        share = {k: v / n for k, v in rel.items()}
        if prec >= part_prec:
            part.add(lem)  # ", citing …", ", referring to …"
        if share.get("ccomp", 0) + share.get("head", 0) >= th["min_share"]:
            clause.add(lem)
        if share.get("dobj", 0) >= th["min_share"]:
            np_.add(lem)
        if share.get("xcomp", 0) >= th["min_share"]:
            xcomp.add(lem)
        for k, v in rel.items():
            if k.startswith("prep:") and v >= 3 and v / n >= th["min_share"]:
                preps.setdefault(lem, set()).add(k[5:])
    return (frozenset(clause), frozenset(np_), frozenset(xcomp), frozenset(part),
            {k: frozenset(v) for k, v in preps.items()})


class CandidateSets:
    """The cue sets widened to every learnt lemma over the candidate threshold (same attribute names as
    :class:`Lexicon`, so cues.py can run on either)."""

    def __init__(self, L: Lexicon, clause, np_, xcomp, part, preps) -> None:
        self.clause, self.np, self.xcomp, self.participial, self.content_preps = clause, np_, xcomp, part, preps
        for key in ("np_needs_complement", "as_complement", "quote_only", "first_person_blocked", "strong",
                    "words", "content_preps_base"):
            setattr(self, key, getattr(L, key))
        self.base = L
        self.any_cue = (xcomp | clause | np_ | L.as_complement | part | L.quote_only | frozenset(preps))


class LexiconComponent:
    """Base of the components that read word lists: ``self.lexicon`` is built from ``self.tables``, which
    travel with the pipeline (``to_disk`` writes one JSON file per table, ``from_disk`` reads them back)."""

    tables_used: tuple[str, ...] = LEXICON_TABLES

    def __init__(self, nlp, name: str) -> None:
        self.name = name
        self.set_tables(load_tables(self.tables_used))

    def set_tables(self, tables: dict[str, dict]) -> None:
        self.tables = tables
        self.lexicon = self.build_lexicon(tables)

    def build_lexicon(self, tables: dict[str, dict]):
        """What the component's rules read, built from its tables (components with their own word lists override
        this)."""
        return Lexicon(tables)

    def to_disk(self, path, exclude: Iterable[str] = ()) -> None:
        path = util.ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        for name, data in self.tables.items():
            (path / name).write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), encoding="utf-8")

    def from_disk(self, path, exclude: Iterable[str] = ()):
        path = Path(path)
        self.set_tables({name: json.loads((path / name).read_text(encoding="utf-8")) for name in self.tables_used})
        return self


def has_parse(doc: Doc) -> bool:
    """True when the doc has dependency annotation (components degrade gracefully without it)."""
    return doc.has_annotation("DEP")


def lemma(tok) -> str:
    return (tok.lemma_ or tok.text).lower()


def subject_of(verb):
    """The nominal subject token of a verb, climbing through conjunctions ('X said A and reiterated B')."""
    v = verb
    for _ in range(7):
        subs = [c for c in v.children if c.dep_ in ("nsubj", "csubj") and not c.is_punct]
        if subs:
            # "“…,” said Dmitry Peskov": prefer a name over a mis-attached pronoun-less token
            return subs[-1] if len(subs) > 1 and subs[-1].pos_ == "PROPN" else subs[0]
        if not (v.dep_ == "conj" and v.head is not v and v.head.pos_ in ("VERB", "AUX")):
            return None
        v = v.head
    return None


_NP_LEFT = ("det", "amod", "compound", "poss", "nmod", "nummod", "quantmod", "npadvmod")


def noun_phrase(tok, appositions: bool = True) -> tuple[int, int]:
    """Token range [start, end) of the noun phrase headed by ``tok``: its left modifiers, right compounds
    and (``appositions``) a near apposition; no relative clauses or prepositional phrases."""
    start = min([c.left_edge.i for c in tok.lefts if c.dep_ in _NP_LEFT] + [tok.i])
    end = tok.i + 1
    for c in tok.rights:
        if c.dep_ in ("compound", "flat") or (appositions and c.dep_ == "appos" and c.i - tok.i <= 6):
            end = max(end, c.right_edge.i + 1)
    return start, end


def noun_phrase_name(tok) -> str:
    """'Russian officials' from the head noun: the noun phrase's words up to the head, no determiner or
    punctuation (the descriptive name of an unnamed or group source)."""
    left = [c for c in tok.lefts if c.dep_ in ("amod", "compound", "nmod", "npadvmod") and c.i >= tok.i - 4]
    start = min([c.left_edge.i for c in left] + [tok.i])
    words = [t.text for t in tok.doc[start : tok.i + 1] if t.dep_ != "det" and not t.is_punct and not t.is_space]
    return " ".join(words)


def trim_span(text: str, start: int, end: int, keep_final_punct: bool = True) -> tuple[int, int]:
    """Shrink [start, end) over surrounding spaces, commas, dashes and quotation marks."""
    edge = " \t\n\r\u00a0,;:-—–\"“”«»„'"
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


def char_token(doc, char: int) -> Optional[object]:
    """The token covering character ``char`` (or the next one), None outside the text."""
    if not 0 <= char < len(doc_text(doc)):
        return None
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def headline_end(doc) -> int:
    """Where the headline ends (a character offset), or 0 when the text does not open with one: a first
    paragraph of one short line, most of whose words are capitalised ("Donald Trump Tells Florida Supporters").
    Capitals there are the headline's style, not names."""
    text = doc_text(doc)
    first = text[: text.find("\n")] if "\n" in text[:400] else ""
    if not first or text[len(first) : len(first) + 2].replace("\r", "") != "\n\n":
        return 0  # a headline is a paragraph of its own
    words = [w for w in first.split() if w[:1].isalpha()]
    if not words or len(words) > 25:
        return 0
    capitalised = sum(w[:1].isupper() for w in words if w.lower() not in _HEADLINE_SMALL_WORDS)
    content = sum(1 for w in words if w.lower() not in _HEADLINE_SMALL_WORDS)
    return len(first) if content and capitalised / content >= 0.75 and content >= 3 else 0


# Words a title-case headline leaves in lower case.
_HEADLINE_SMALL_WORDS = frozenset("a an the and but or nor for of on in at to by up as is with from into vs via".split())


def dateline_end(doc, paragraph_start: int) -> int:
    """Where a dateline that opens the paragraph at ``paragraph_start`` ends ("CLEVELAND, July 19 (UPI) —",
    "RALEIGH, N.C. —"), as a token index after its dash; ``paragraph_start`` when there is none. A dateline
    starts with a place in capitals and ends at a dash within a dozen tokens ("FALLIN:" in a transcript is a
    speaker label, not a dateline)."""
    first = doc[paragraph_start] if paragraph_start < len(doc) else None
    if first is None or not first.is_alpha or not first.text[:1].isupper():
        return paragraph_start
    agency = False  # "Philadelphia (AFP) –": a wire agency in capitals between parentheses
    for tok in doc[paragraph_start + 1 : min(len(doc), paragraph_start + 12)]:
        agency = agency or (tok.text.isupper() and tok.is_alpha and len(tok.text) >= 2 and doc[tok.i - 1].text == "("
                            and tok.i + 1 < len(doc) and doc[tok.i + 1].text == ")")
        spaced = tok.i > 0 and doc[tok.i - 1].whitespace_ and tok.whitespace_
        if tok.text in ("—", "–", "--") or (tok.text == "-" and spaced):
            caps = first.text.isupper() and len(first.text) >= 3
            return tok.i + 1 if caps or agency else paragraph_start
        if tok.is_space and "\n" in tok.text or tok.text in (".", ":", "!", "?"):
            break
    return paragraph_start


def paragraph_start(tok) -> int:
    """The index of the first token of ``tok``'s paragraph (after the last line break before it)."""
    doc = tok.doc
    i = tok.i
    while i > 0 and not (doc[i - 1].is_space and "\n" in doc[i - 1].text):
        i -= 1
    return i
