"""Light rule-based coreference for speakers (``quotegraph_coref``).

In: a Doc with ``doc._.qg_mentions`` (entities.py) and a dependency parse.
Out: ``doc._.qg_coref``: for every third-person pronoun with an antecedent, ``[pronoun token, name, kind,
antecedent token]``. he/she -> the last Person mention before it (a subject in the last three sentences
preferred, since speakers are usually subjects), it -> the last Organization/Place mention acting as a
subject, they -> the last plural nominal subject. Surnames were already merged with full names by
entities.py.

Readers use :func:`mention_index`: a :class:`MentionIndex` maps a token to the entity mention covering it
(``mention``) and a pronoun to its stored antecedent (``resolve``). The candidate lists are sorted positions
searched with bisect, so resolution is O(log n) per pronoun.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from .common import LEXICON_TABLES, Lexicon, LexiconComponent, has_parse, lemma, noun_phrase_name
from .entities import EntMention, read_mentions
from .quotes import read_quotes


@dataclass
class Antecedent:
    name: str
    kind: str  # person / organization / group / unnamed
    token: int  # head token index of the antecedent mention


class MentionIndex:
    """Token -> entity mention, pronoun -> stored antecedent (built from a processed Doc's layers)."""

    def __init__(self, doc: Doc, mentions: list[EntMention]) -> None:
        self.mentions = mentions
        self.mention_at: list[int] = [-1] * len(doc)
        for k, m in enumerate(mentions):
            for i in range(m.start, m.end):
                self.mention_at[i] = k
        self.antecedents = {row[0]: Antecedent(row[1], row[2], row[3]) for row in (doc._.qg_coref or [])}

    def mention(self, tok) -> Optional[EntMention]:
        k = self.mention_at[tok.i] if tok.i < len(self.mention_at) else -1
        return self.mentions[k] if k >= 0 else None

    def resolve(self, tok) -> Optional[Antecedent]:
        """Antecedent of a pronoun token, or None."""
        return self.antecedents.get(tok.i)


def mention_index(doc: Doc) -> MentionIndex:
    """The :class:`MentionIndex` of a Doc the entities and coref components have processed."""
    return MentionIndex(doc, read_mentions(doc))


@dataclass
class Candidate:
    token: int
    antecedent: Antecedent
    salience: int  # 2: subject of a reporting verb, 1: other subject, 0: elsewhere, -1: inside a quotation
    gender: Optional[str] = None  # "m" / "f" when the name or an honorific says so


class _Candidates:
    """Antecedent candidates of one type, sorted by position."""

    def __init__(self, items: list[Candidate]) -> None:
        self.items = sorted(items, key=lambda c: c.token)
        self.positions = [c.token for c in self.items]

    def last(self, i: int, sent_no: list[int], max_sents: int, gender: Optional[str] = None) -> Optional[Antecedent]:
        """Who a pronoun at token i stands for: within ``max_sents`` sentences, the nearest candidate of the
        highest salience (the last person reported speaking beats a nearer name in an object or a quotation);
        else the last agreeing candidate anywhere before (the same person keeps being "he"). A candidate of the
        other gender is never taken."""
        k = bisect_left(self.positions, i) - 1
        agreeing = [c for c in self.items[: k + 1] if gender is None or c.gender in (None, gender)]
        if not agreeing:
            return None
        near = [c for c in agreeing if sent_no[i] - sent_no[c.token] <= max_sents and c.salience >= 0]
        if near:
            best = max(c.salience for c in near)
            return next(c for c in reversed(near) if c.salience == best).antecedent
        outside = [c for c in agreeing if c.salience >= 0]
        return (outside or agreeing)[-1].antecedent


def _salience(doc: Doc, head: int, quoted: list[bool], L: Lexicon) -> int:
    """How likely a mention is the one a later pronoun continues (see :class:`Candidate`)."""
    if quoted[head]:
        return -1
    tok = doc[head]
    if not has_parse(doc) or tok.dep_ not in ("nsubj", "nsubjpass"):
        return 0
    return 2 if lemma(tok.head) in L.speech_verbs else 1


def _quoted_tokens(doc: Doc) -> list[bool]:
    """Token index -> inside a quotation (the quotes component's spans)."""
    quoted = [False] * len(doc)
    for q in read_quotes(doc):
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        for i in range(span.start, span.end) if span is not None else ():
            quoted[i] = True
    return quoted


def _mention_candidates(doc: Doc, mentions: list[EntMention], L: Lexicon, genders: dict) -> tuple[list, list]:
    """(person, thing) candidates from the entity mentions."""
    quoted = _quoted_tokens(doc)
    person, thing = [], []
    for m in mentions:
        head = m.end - 1
        salience = _salience(doc, head, quoted, L)
        if m.label == "Person":
            person.append(Candidate(head, Antecedent(m.name, "person", head), salience, genders.get(m.name)))
        elif m.label in ("Organization", "Place") and m.spacy_label != "NORP":
            thing.append(Candidate(head, Antecedent(m.name, "organization", head), salience))
    return person, thing


def person_genders(doc: Doc, mentions: list[EntMention], first_names: dict[str, str],
                   L: Lexicon) -> dict[str, str]:
    """Person name -> "m"/"f" from an honorific before any of its mentions ("Mrs. Clinton"), else from its
    first name when the name table is clear about it; people with neither are left out."""
    genders: dict[str, str] = {}
    for m in mentions:
        if m.label != "Person" or m.start == 0:
            continue
        honorific = doc[m.start - 1].lower_.rstrip(".")
        if honorific in L.words["male_honorifics"]:
            genders.setdefault(m.name, "m")
        elif honorific in L.words["female_honorifics"]:
            genders.setdefault(m.name, "f")
    for m in mentions:
        words = m.name.split()
        if m.label == "Person" and len(words) >= 2 and m.name not in genders:
            g = first_names.get(words[0].lower())
            if g:
                genders[m.name] = g
    return genders


def _nominal_candidates(doc: Doc, covered: set[int], L: Lexicon) -> tuple[list, list]:
    """(group, institution) candidates: plural source nouns ("officials") and institution nouns ("the
    ministry") as subjects outside any entity mention."""
    plural, thing = [], []
    for tok in doc if has_parse(doc) else ():
        if tok.dep_ != "nsubj" or tok.i in covered:
            continue
        if tok.tag_ in ("NNS", "NNPS") and (tok.lemma_.lower() in L.person_source_nouns
                                            or tok.lower_ in L.person_source_nouns):
            plural.append(Candidate(tok.i, Antecedent(noun_phrase_name(tok), "group", tok.i), 1))
        elif tok.tag_ == "NN" and tok.lower_ in L.institution_nouns:
            thing.append(Candidate(tok.i, Antecedent(noun_phrase_name(tok), "organization", tok.i), 1))
    return plural, thing


def _sentence_numbers(doc: Doc) -> list[int]:
    numbers, n = [0] * len(doc), 0
    if has_parse(doc) or doc.has_annotation("SENT_START"):
        for tok in doc:
            if tok.is_sent_start and tok.i > 0:
                n += 1
            numbers[tok.i] = n
    return numbers


def resolve_pronouns(doc: Doc, mentions: list[EntMention], L: Lexicon, max_sentences: int,
                     first_names: dict[str, str]) -> list[list]:
    """``[pronoun token, name, kind, antecedent token]`` for every he/she/it/they (and his/its/their, sources of
    speech nouns: "his claim that …") with an antecedent."""
    covered = {i for m in mentions for i in range(m.start, m.end)}
    person, thing = _mention_candidates(doc, mentions, L, person_genders(doc, mentions, first_names, L))
    plural, institutions = _nominal_candidates(doc, covered, L)
    by_pronoun = {"person": _Candidates(person), "thing": _Candidates(thing + institutions),
                  "plural": _Candidates(plural)}
    sent_no = _sentence_numbers(doc)
    rows = []
    for tok in doc:
        low = tok.lower_
        kind = "person" if low in L.words["person_pronouns"] or low == "his" else "thing" if low in ("it", "its") else (
            "plural" if low in ("they", "them", "their") else None)
        if kind is None:
            continue
        gender = "m" if low in ("he", "him", "his") else "f" if low in ("she", "her") else None
        ante = by_pronoun[kind].last(tok.i, sent_no, max_sentences if kind == "person" else min(2, max_sentences),
                                     gender)
        if ante is not None:
            rows.append([tok.i, ante.name, ante.kind, ante.token])
    return rows


class CorefResolver(LexiconComponent):
    """``quotegraph_coref``: writes ``doc._.qg_coref``. Its tables include ``first_names.json`` (see
    ingest/training/build_first_names.py)."""

    tables_used = LEXICON_TABLES + ("first_names.json",)

    def __init__(self, nlp: Language, name: str, max_sentences: int) -> None:
        super().__init__(nlp, name)
        self.max_sentences = max_sentences

    def __call__(self, doc: Doc) -> Doc:
        first_names = self.tables["first_names.json"]["names"]
        doc._.qg_coref = resolve_pronouns(doc, read_mentions(doc), self.lexicon, self.max_sentences, first_names)
        return doc


@Language.factory("quotegraph_coref", assigns=["doc._.qg_coref"], requires=["doc._.qg_mentions", "token.dep"],
                  default_config={"max_sentences": 3})
def make_coref_resolver(nlp: Language, name: str, max_sentences: int) -> CorefResolver:
    """``max_sentences``: how far back a he/she prefers a subject (it/they look at most two back)."""
    return CorefResolver(nlp, name, max_sentences)
