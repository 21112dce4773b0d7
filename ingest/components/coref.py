"""Light rule-based coreference for speakers (``quotegraph_coref``).

In: a Doc with ``Doc._.qg_ents`` (entities.py) and a dependency parse.
Out: ``Doc._.coref``, a :class:`Coref` that maps a token to the entity
mention covering it (``mention_at``) and resolves third-person pronouns
(``resolve``): he/she -> the last Person mention before it (a subject in the
last three sentences preferred, since speakers are usually subjects), it ->
the last Organization/Place mention acting as a subject, they -> the last
plural nominal subject or organization. Surnames were already merged with
full names by entities.py. Everything is precomputed once per doc (sorted
positions + bisect), so resolution is O(log n) per query.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from .common import has_parse, lex, register_extensions


@dataclass
class Antecedent:
    name: str
    kind: str  # person / organization / group / unnamed
    token: int  # head token index of the antecedent mention


class Coref:
    """Token -> entity mention, pronoun -> antecedent (see module docstring)."""

    def __init__(self, doc: Doc):
        self.doc = doc
        mentions = doc._.qg_ents or []
        self.mentions = mentions
        self.mention_at: list[int] = [-1] * len(doc)
        for k, m in enumerate(mentions):
            for i in range(m.start, m.end):
                self.mention_at[i] = k
        parsed = has_parse(doc)
        L = lex()
        # Candidate antecedents by type, as (token index, Antecedent, is_subject).
        self._person: list[tuple[int, Antecedent, bool]] = []
        self._thing: list[tuple[int, Antecedent, bool]] = []
        self._plural: list[tuple[int, Antecedent, bool]] = []
        for m in mentions:
            head = m.end - 1
            is_subj = parsed and doc[head].dep_ in ("nsubj", "nsubjpass")
            if m.label == "Person":
                self._person.append((head, Antecedent(m.name, "person", head), is_subj))
            elif m.label in ("Organization", "Place") and m.spacy_label != "NORP":
                self._thing.append((head, Antecedent(m.name, "organization", head), is_subj))
        if parsed:
            for tok in doc:
                if tok.dep_ == "nsubj" and tok.tag_ in ("NNS", "NNPS") and self.mention_at[tok.i] < 0:
                    if tok.lemma_.lower() in L.person_source_nouns or tok.lower_ in L.person_source_nouns:
                        name = _np_name(tok)
                        self._plural.append((tok.i, Antecedent(name, "group", tok.i), True))
                elif tok.dep_ == "nsubj" and tok.tag_ == "NN" and self.mention_at[tok.i] < 0:
                    if tok.lower_ in L.institution_nouns:
                        self._thing.append((tok.i, Antecedent(_np_name(tok), "organization", tok.i), True))
        self._thing.sort(key=lambda x: x[0])
        self._plural.sort(key=lambda x: x[0])
        self._person_pos = [p for p, _, _ in self._person]
        self._thing_pos = [p for p, _, _ in self._thing]
        self._plural_pos = [p for p, _, _ in self._plural]
        # Sentence start token for each token, to bound look-back windows.
        self._sent_no: list[int] = [0] * len(doc)
        if parsed or doc.has_annotation("SENT_START"):
            n = 0
            for tok in doc:
                if tok.is_sent_start and tok.i > 0:
                    n += 1
                self._sent_no[tok.i] = n

    def _last(self, pos_list, items, i: int, max_sents: int = 3) -> Optional[Antecedent]:
        k = bisect_left(pos_list, i) - 1
        if k < 0:
            return None
        here = self._sent_no[i] if i < len(self._sent_no) else 0
        fallback = None
        j = k
        while j >= 0:
            p, ante, is_subj = items[j]
            if here - self._sent_no[p] > max_sents:
                break
            if is_subj:
                return ante
            if fallback is None:
                fallback = ante
            j -= 1
        if fallback is not None:
            return fallback
        # Nothing near: the last one anywhere before (same person keeps being "he").
        return items[k][1]

    def resolve(self, tok) -> Optional[Antecedent]:
        """Antecedent of a pronoun token, or None."""
        low = tok.lower_
        if low in ("he", "she", "him", "her"):
            return self._last(self._person_pos, self._person, tok.i)
        if low == "it":
            return self._last(self._thing_pos, self._thing, tok.i, max_sents=2)
        if low in ("they", "them"):
            a = self._last(self._plural_pos, self._plural, tok.i, max_sents=2)
            if a is not None:
                return a
            return None
        return None

    def mention(self, tok):
        k = self.mention_at[tok.i] if tok.i < len(self.mention_at) else -1
        return self.mentions[k] if k >= 0 else None


def _np_name(tok) -> str:
    """'Russian officials' from the head noun: its left compounds/adjectives, no determiner."""
    left = [c for c in tok.lefts if c.dep_ in ("amod", "compound", "nmod", "npadvmod") and c.i >= tok.i - 4]
    start = min([c.left_edge.i for c in left] + [tok.i])
    words = [t.text for t in tok.doc[start : tok.i + 1] if t.dep_ != "det" and not t.is_punct and not t.is_space]
    return " ".join(words)


@Language.component("quotegraph_coref")
def coref_component(doc: Doc) -> Doc:
    register_extensions()
    doc._.coref = Coref(doc)
    return doc
