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

from .common import Lexicon, LexiconComponent, has_parse, noun_phrase_name
from .entities import EntMention, read_mentions


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


class _Candidates:
    """Antecedent candidates of one type as sorted (token, Antecedent, is_subject) with their positions."""

    def __init__(self, items: list[tuple[int, Antecedent, bool]]) -> None:
        self.items = sorted(items, key=lambda x: x[0])
        self.positions = [p for p, _, _ in self.items]

    def last(self, i: int, sent_no: list[int], max_sents: int) -> Optional[Antecedent]:
        """The nearest subject before token i within ``max_sents`` sentences, else the nearest candidate there,
        else the last one anywhere before (the same person keeps being "he")."""
        k = bisect_left(self.positions, i) - 1
        if k < 0:
            return None
        fallback = None
        for p, ante, is_subj in reversed(self.items[: k + 1]):
            if sent_no[i] - sent_no[p] > max_sents:
                break
            if is_subj:
                return ante
            fallback = fallback or ante
        return fallback or self.items[k][1]


def _mention_candidates(doc: Doc, mentions: list[EntMention]) -> tuple[list, list]:
    """(person, thing) candidates from the entity mentions."""
    parsed = has_parse(doc)
    person, thing = [], []
    for m in mentions:
        head = m.end - 1
        is_subj = parsed and doc[head].dep_ in ("nsubj", "nsubjpass")
        if m.label == "Person":
            person.append((head, Antecedent(m.name, "person", head), is_subj))
        elif m.label in ("Organization", "Place") and m.spacy_label != "NORP":
            thing.append((head, Antecedent(m.name, "organization", head), is_subj))
    return person, thing


def _nominal_candidates(doc: Doc, covered: set[int], L: Lexicon) -> tuple[list, list]:
    """(group, institution) candidates: plural source nouns ("officials") and institution nouns ("the
    ministry") as subjects outside any entity mention."""
    plural, thing = [], []
    for tok in doc if has_parse(doc) else ():
        if tok.dep_ != "nsubj" or tok.i in covered:
            continue
        if tok.tag_ in ("NNS", "NNPS") and (tok.lemma_.lower() in L.person_source_nouns
                                            or tok.lower_ in L.person_source_nouns):
            plural.append((tok.i, Antecedent(noun_phrase_name(tok), "group", tok.i), True))
        elif tok.tag_ == "NN" and tok.lower_ in L.institution_nouns:
            thing.append((tok.i, Antecedent(noun_phrase_name(tok), "organization", tok.i), True))
    return plural, thing


def _sentence_numbers(doc: Doc) -> list[int]:
    numbers, n = [0] * len(doc), 0
    if has_parse(doc) or doc.has_annotation("SENT_START"):
        for tok in doc:
            if tok.is_sent_start and tok.i > 0:
                n += 1
            numbers[tok.i] = n
    return numbers


def resolve_pronouns(doc: Doc, mentions: list[EntMention], L: Lexicon, max_sentences: int) -> list[list]:
    """``[pronoun token, name, kind, antecedent token]`` for every he/she/it/they with an antecedent."""
    covered = {i for m in mentions for i in range(m.start, m.end)}
    person, thing = _mention_candidates(doc, mentions)
    plural, institutions = _nominal_candidates(doc, covered, L)
    by_pronoun = {"person": _Candidates(person), "thing": _Candidates(thing + institutions),
                  "plural": _Candidates(plural)}
    sent_no = _sentence_numbers(doc)
    rows = []
    for tok in doc:
        low = tok.lower_
        kind = "person" if low in L.words["person_pronouns"] else "thing" if low == "it" else (
            "plural" if low in ("they", "them") else None)
        if kind is None:
            continue
        ante = by_pronoun[kind].last(tok.i, sent_no, max_sentences if kind == "person" else min(2, max_sentences))
        if ante is not None:
            rows.append([tok.i, ante.name, ante.kind, ante.token])
    return rows


class CorefResolver(LexiconComponent):
    """``quotegraph_coref``: writes ``doc._.qg_coref``."""

    def __init__(self, nlp: Language, name: str, max_sentences: int) -> None:
        super().__init__(nlp, name)
        self.max_sentences = max_sentences

    def __call__(self, doc: Doc) -> Doc:
        doc._.qg_coref = resolve_pronouns(doc, read_mentions(doc), self.lexicon, self.max_sentences)
        return doc


@Language.factory("quotegraph_coref", assigns=["doc._.qg_coref"], requires=["doc._.qg_mentions", "token.dep"],
                  default_config={"max_sentences": 3})
def make_coref_resolver(nlp: Language, name: str, max_sentences: int) -> CorefResolver:
    """``max_sentences``: how far back a he/she prefers a subject (it/they look at most two back)."""
    return CorefResolver(nlp, name, max_sentences)
