"""Named-entity mentions under canonical names and graph labels (``quotegraph_entities``).

In: a Doc with ``doc.ents`` (any OntoNotes-style NER).
Out: ``doc._.qg_mentions`` (EntMentions, one per usable entity span, in text
order), ``doc._.qg_entities`` (Entities, one per canonical name, with the
surface forms as aliases) and ``doc._.qg_dateline`` ([place, country] or None).

NER labels are not trusted blindly: a span the gazetteer knows as a place
("Sevastopol" tagged ORG, "Kyiv" tagged PERSON, "MOSCOW" tagged ORG) becomes a
Place; nationality adjectives (NORP) become their country only when the
gazetteer knows the demonym. Person names lose titles, ranks and possessives;
a bare surname becomes the full name seen elsewhere in the article (earlier
first), so "Putin" and "President Vladimir Putin" are one Person.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from ..aliases import (canonical_name, country_of_demonym, is_known_organization, is_known_place, place_country,
                       strip_person_name)
from ..records import Entity
from .common import Lexicon, LexiconComponent, doc_text, headline_end, read_layer, write_layer

_KEEP = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT"}
# "MOSCOW:", "KYIV, Ukraine —", "WASHINGTON (Reuters) -" at the start of a line near the top.
_DATELINE = re.compile(
    r"(?m)^[\s\u00a0]*([A-Z][A-Z.'\- ]{2,40}?)(?:,\s*[A-Za-z.\- ]{2,30})?\s*(?:\([^)\n]{1,40}\))?\s*[:—–-]"
)


@dataclass
class EntMention:
    """An entity mention: token range [start, end), chars [start_char, end_char), canonical name, graph label."""

    start: int
    end: int
    start_char: int
    end_char: int
    text: str
    name: str
    label: str  # Person / Organization / Place / Event
    spacy_label: str

    def to_dict(self) -> dict:
        return dict(vars(self))

    @classmethod
    def from_dict(cls, d: dict) -> "EntMention":
        return cls(**d)


def _relabel(text: str, spacy_label: str) -> str | None:
    """Graph label after correcting with the gazetteer; None to drop."""
    if spacy_label == "NORP":
        return "Place" if country_of_demonym(text) else None
    if spacy_label in ("ORG",) and is_known_organization(text):
        return "Organization"
    if is_known_place(text):
        return "Place"
    return {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place", "FAC": "Place", "EVENT": "Event"}.get(
        spacy_label
    )


def find_dateline(text: str) -> tuple[str, str | None] | None:
    """(place, country) from a dateline like 'MOSCOW:' in the first lines, else None."""
    head = text[:600]
    for m in _DATELINE.finditer(head):
        raw = m.group(1).strip(" .-")
        if not raw or len(raw) < 3:
            continue
        place = canonical_name(raw, "GPE")
        if place.isupper():
            place = place.title()
        country = place_country(place)
        if country or is_known_place(place):
            return place, country
    return None


def collect_mentions(doc: Doc, L: Lexicon) -> list[EntMention]:
    """EntMentions for the doc's entities (see module docstring)."""
    out = [m for m in (_mention_of(doc, ent, L) for ent in doc.ents if ent.label_ in _KEEP) if m is not None]
    out = _trim_headline_mentions(doc, _join_line_broken_names(doc, out))
    _add_unlabelled_speakers(doc, out, L)
    _add_gazetteer_places(doc, out)
    _relabel_titled_people(doc, out, L)
    _merge_surnames(out)
    return out


def _join_line_broken_names(doc: Doc, out: list[EntMention]) -> list[EntMention]:
    """"Chief of Police Barry M." / "Weber said": a person's name cut by a line break inside a paragraph
    (hard-wrapped copy) is one name. A person mention followed, across one newline, by capitalised proper
    nouns (or another person mention) is extended over them."""
    joined: list[EntMention] = []
    for m in out:
        prev = joined[-1] if joined else None
        gap = doc[prev.end] if prev is not None and prev.end < len(doc) else None
        if (prev is not None and prev.label == "Person" and gap is not None and gap.is_space
                and gap.text.count("\n") == 1 and m.start == prev.end + 1 and m.label in ("Person", "Organization")
                and doc[m.start].text[:1].isupper()):
            text = " ".join((prev.text + " " + m.text).split())
            joined[-1] = EntMention(prev.start, m.end, prev.start_char, m.end_char, text, strip_person_name(text),
                                    "Person", "PERSON")
            continue
        joined.append(m)
    return joined


def _trim_headline_mentions(doc: Doc, out: list[EntMention]) -> list[EntMention]:
    """In a title-case headline the NER runs names into the words around them ("Donald Trump Tells Florida
    Supporters", "Trump Comments Draw Fire"). There a person mention keeps the longest body name it starts
    with, and any other mention stays only if the body or the gazetteer knows its name."""
    end = headline_end(doc)
    if not end:
        return out
    body = [m for m in out if m.start_char >= end]
    body_people = sorted({m.name for m in body if m.label == "Person"}, key=len, reverse=True)
    body_names = {m.name for m in body}
    kept = [m for m in out if m.start_char >= end]
    for m in (m for m in out if m.start_char < end):
        if m.label == "Person":
            name = next((n for n in body_people if (m.name + " ").startswith(n + " ") or m.name == n), None)
            if name is not None:
                kept.append(EntMention(m.start, m.start + len(name.split()), m.start_char,
                                       m.start_char + len(name), name, name, "Person", m.spacy_label))
        elif m.name in body_names or is_known_place(m.text) or is_known_organization(m.text):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def _after_dateline(toks: list) -> list:
    """'N.C.—Donald Trump': a dateline glued to a name by a dash; the name is what follows the last dash."""
    dashes = [k for k, t in enumerate(toks) if t.text in ("—", "–", "--")]
    return toks[dashes[-1] + 1 :] if dashes and dashes[-1] + 1 < len(toks) else toks


def _mention_tokens(ent) -> list:
    """The entity's tokens without spaces, a dateline glued before it, a leading determiner or a trailing
    possessive."""
    toks = _after_dateline([t for t in ent if not t.is_space])
    while toks and toks[0].lower_ in ("the", "a", "an"):
        toks = toks[1:]
    while toks and (toks[-1].tag_ == "POS" or toks[-1].text in ("'s", "’s", "'", "’")):
        toks = toks[:-1]
    return toks


def _mention_of(doc: Doc, ent, L: Lexicon) -> EntMention | None:
    """The EntMention of one NER span, or None when it names nothing usable."""
    toks = _mention_tokens(ent)
    if not toks:
        return None
    text = doc_text(doc)[toks[0].idx : toks[-1].idx + len(toks[-1].text)]
    label = _relabel(text, ent.label_) if any(ch.isalpha() for ch in text) else None
    if label is None:
        return None
    if label == "Person":
        name = strip_person_name(text)
        if name.lower() in L.titles or name.lower() in L.ranks or not name[:1].isupper():
            return None
    else:
        name = canonical_name(text, ent.label_ if label != "Place" or ent.label_ in ("GPE", "LOC", "NORP") else "GPE")
    if not name:
        return None
    return EntMention(toks[0].i, toks[-1].i + 1, toks[0].idx, toks[-1].idx + len(toks[-1].text), text, name, label,
                      ent.label_)


def _add_unlabelled_speakers(doc: Doc, out: list[EntMention], L: Lexicon) -> None:
    """Proper-noun subjects of reporting verbs the NER missed ("Scholz said") become Person mentions.

    An ORG-labelled multiword name ending in the same word ("Olaf Scholz" tagged
    ORG) is then relabelled Person: organizations do not get referred to by
    their last word alone as a speaker.
    """
    if not doc.has_annotation("DEP"):
        return
    covered = set()
    for m in out:
        covered.update(range(m.start, m.end))
    added = []
    for tok in doc:
        if tok.dep_ != "nsubj" or tok.pos_ != "PROPN" or tok.i in covered or not tok.text[:1].isupper():
            continue
        if tok.head.lemma_.lower() not in L.any_cue or is_known_place(tok.text):
            continue
        low = tok.lower_
        if low in L.institution_nouns or low in L.titles or tok.text.isupper():
            continue
        start = tok.i
        while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].pos_ == "PROPN" and doc[start - 1].i not in covered:
            start -= 1
        text = doc[start : tok.i + 1].text
        name = strip_person_name(text)
        added.append(EntMention(start, tok.i + 1, doc[start].idx, tok.idx + len(tok.text), text, name, "Person", "PERSON"))
    if not added:
        return
    lasts = {m.name.split()[-1].lower() for m in added}
    for m in out:
        if m.label == "Organization" and m.spacy_label == "ORG" and " " in m.name and m.name.split()[-1].lower() in lasts:
            words = m.name.split()
            if 2 <= len(words) <= 3 and all(w[:1].isupper() for w in words):
                m.label, m.spacy_label = "Person", "PERSON"
    out.extend(added)
    out.sort(key=lambda m: m.start)


def _add_gazetteer_places(doc: Doc, out: list[EntMention]) -> None:
    """Proper nouns the gazetteer knows as places but the NER left out ("Kyiv has remained silent") become
    Place mentions: statistical NER misses names that the article's context does not mark."""
    covered = {i for m in out for i in range(m.start, m.end)}
    added = []
    for tok in doc:
        if tok.i in covered or tok.tag_ not in ("NNP", "NNPS") or not is_known_place(tok.text):
            continue
        if tok.i + 1 < len(doc) and doc[tok.i + 1].tag_ in ("NNP", "NNPS"):
            continue  # part of a longer name ("Kyiv Post")
        name = canonical_name(tok.text, "GPE")
        added.append(EntMention(tok.i, tok.i + 1, tok.idx, tok.idx + len(tok.text), tok.text, name, "Place", "GPE"))
    if added:
        out.extend(added)
        out.sort(key=lambda m: m.start)


def _relabel_titled_people(doc: Doc, out: list[EntMention], L: Lexicon) -> None:
    """A name with a personal title next to it is a person, whatever the NER said: "Peskov, the Kremlin's
    spokesman" (Peskov tagged GPE), "spokesman Peskov". Names the gazetteer knows as places stay places."""
    if not doc.has_annotation("DEP"):
        return
    for m in out:
        if m.label not in ("Organization", "Place") or is_known_place(m.text) or m.spacy_label == "NORP":
            continue
        head = doc[m.end - 1]
        before = doc[m.start - 1] if m.start > 0 else None
        titled = any(c.dep_ == "appos" and c.lower_ in L.titles and c.lower_ not in L.institution_nouns
                     for c in head.children)
        if titled or (before is not None and before.lower_ in L.titles and before.pos_ == "NOUN"):
            m.label, m.spacy_label = "Person", "PERSON"
            m.name = strip_person_name(m.text)


def _merge_surnames(mentions: list[EntMention]) -> None:
    """Single-token person names -> the full name with that surname (earlier first, else later)."""
    full: list[tuple[int, str]] = [(m.start, m.name) for m in mentions if m.label == "Person" and " " in m.name]
    if not full:
        return
    by_last: dict[str, list[tuple[int, str]]] = {}
    for pos, name in full:
        by_last.setdefault(name.split()[-1].lower(), []).append((pos, name))
    for m in mentions:
        if " " in m.name or m.label not in ("Person", "Organization"):
            continue
        cands = by_last.get(m.name.lower())
        if cands and m.label == "Organization":
            m.label, m.spacy_label = "Person", "PERSON"  # "Scholz said" tagged ORG after "Olaf Scholz"
        if not cands:
            continue
        earlier = [n for p, n in cands if p < m.start]
        m.name = earlier[-1] if earlier else cands[0][1]


def build_entities(mentions: list[EntMention]) -> list[Entity]:
    """One Entity per (canonical name), first label wins except Person beats a mislabel."""
    by_name: dict[str, Entity] = {}
    for m in mentions:
        ent = by_name.get(m.name)
        if ent is None:
            ent = by_name[m.name] = Entity(name=m.name, label=m.label, aliases=[])
        if m.text != m.name and m.text not in ent.aliases:
            ent.aliases.append(m.text)
    return list(by_name.values())


def read_mentions(doc: Doc) -> list[EntMention]:
    """The entity mentions the component stored on ``doc._.qg_mentions``."""
    return read_layer(doc, "qg_mentions", EntMention.from_dict)


class EntityFinder(LexiconComponent):
    """``quotegraph_entities``: writes ``doc._.qg_mentions``, ``doc._.qg_entities`` and ``doc._.qg_dateline``."""

    def __call__(self, doc: Doc) -> Doc:
        mentions = collect_mentions(doc, self.lexicon)
        write_layer(doc, "qg_mentions", mentions)
        write_layer(doc, "qg_entities", build_entities(mentions))
        dateline = find_dateline(doc_text(doc))
        doc._.qg_dateline = list(dateline) if dateline else None
        return doc


@Language.factory("quotegraph_entities", assigns=["doc._.qg_mentions", "doc._.qg_entities", "doc._.qg_dateline"],
                  requires=["doc.ents"])
def make_entity_finder(nlp: Language, name: str) -> EntityFinder:
    return EntityFinder(nlp, name)
