"""Events the article reports (``quotegraph_events``).

In: a parsed Doc with ``doc._.qg_mentions``.
Out: ``doc._.qg_events`` (:class:`~quotegraph.ingest.records.Event` dicts) and ``doc._.qg_event_info`` (per event,
an :class:`EventInfo` dict: its type, the token indices of its mentions, and the lemmas/places that show a
statement discusses it; about.py uses it). :func:`read_events` / :func:`read_event_info` give them back typed.

An event starts at an incident noun from ``data/events.json`` ("attack",
"strike", "bombing" …) that is anchored to a place ("a recent attack on
Crimea", "Crimea strike"). Later definite mentions with no other place ("the
incident", "This incident", "The attack") refer back to it and become its
aliases. Its name is built from the text: weapon + noun + place ("ATACMS
missile strike on Crimea": a missile/rocket/drone attack is named a strike).
Its ``place`` is the most specific place the article puts it ("occurred near
Sevastopol" beats "on Crimea"), its ``date`` the date expression in the
sentence that says where/when it happened. Only reportable types (strikes)
become events: votes and meetings are too often just talked about.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from ..aliases import is_country
from ..records import Event
from .common import Lexicon, LexiconComponent, has_parse, lemma, noun_phrase, read_layer, write_layer
from .coref import mention_index


@dataclass
class EventInfo:
    type: str
    mention_tokens: list[int] = field(default_factory=list)
    places: set = field(default_factory=set)
    related: frozenset = frozenset()
    weapon: str | None = None

    def to_dict(self) -> dict:
        return {"type": self.type, "mention_tokens": list(self.mention_tokens), "places": sorted(self.places),
                "related": sorted(self.related), "weapon": self.weapon}

    @classmethod
    def from_dict(cls, d: dict) -> "EventInfo":
        return cls(d["type"], list(d["mention_tokens"]), set(d["places"]), frozenset(d["related"]), d["weapon"])


def read_events(doc: Doc) -> list[Event]:
    return read_layer(doc, "qg_events", Event.from_dict)


def read_event_info(doc: Doc) -> list[EventInfo]:
    return read_layer(doc, "qg_event_info", EventInfo.from_dict)


def _place_of(tok, index, L: Lexicon):
    """A Place/ORG-mislabelled place attached to an event noun: compound, or on/in/near pobj."""
    for c in tok.children:
        if c.dep_ in ("compound", "nmod", "poss") and c.i < tok.i:
            m = index.mention(c)
            if m is not None and m.label == "Place":
                return m
        if c.dep_ == "prep" and c.lower_ in L.words["location_preps"]:
            for p in c.children:
                if p.dep_ == "pobj":
                    m = index.mention(p)
                    if m is not None and m.label == "Place":
                        return m
    return None


def _verb_place(tok, index, L: Lexicon):
    """'The attack occurred near Sevastopol on Sunday': place and date hanging on the event's verb."""
    if tok.dep_ not in ("nsubj", "nsubjpass"):
        return None, None
    v = tok.head
    place = date = None
    for c in v.children:
        if c.dep_ == "prep" and c.lower_ in L.words["location_preps"]:
            for p in c.children:
                if p.dep_ == "pobj":
                    m = index.mention(p)
                    if m is not None and m.label == "Place" and place is None:
                        place = m
                    if p.ent_type_ in ("DATE", "TIME") and date is None:
                        date = p.doc[p.left_edge.i : p.right_edge.i + 1].text
        if c.ent_type_ == "DATE" and date is None and c.dep_ in ("npadvmod", "tmod"):
            date = c.text
    return place, date


def find_events(doc: Doc, L: Lexicon) -> tuple[list[Event], list[EventInfo]]:
    """Events and their info (see module docstring)."""
    if not has_parse(doc) or doc._.qg_mentions is None:
        return [], []
    index = mention_index(doc)
    events: list[Event] = []
    infos: list[EventInfo] = []
    last = -1
    for tok in doc:
        k = _event_of(tok, index, L, events, infos, last)
        if k < 0:
            continue
        last = k
        _add_mention(tok, events[k], infos[k], index, L)
    for ev, info in zip(events, infos):
        _name_event(doc, ev, info, index, L)
    return events, infos


def _event_of(tok, index, L: Lexicon, events: list[Event], infos: list[EventInfo], last: int) -> int:
    """The index of the event ``tok`` mentions (a new one for a reportable incident at a new place), or -1."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return -1
    lem = lemma(tok)
    etype = L.event_triggers.get(lem)
    anaphor = lem in L.event_anaphors
    if (etype is None and not anaphor) or (etype is not None and etype not in L.reportable_events):
        return -1
    place = _place_of(tok, index, L)
    if place is not None and etype is not None:
        # Same place as a known event of the type: another mention of it.
        k = next((j for j, inf in enumerate(infos) if place.name in inf.places and inf.type == etype), -1)
        if k < 0:
            events.append(Event(name="", place=place.name, aliases=[], start=tok.idx, end=tok.idx + len(tok.text)))
            infos.append(EventInfo(type=etype, places={place.name}, related=L.event_related.get(etype, frozenset())))
            k = len(events) - 1
        return k
    if last >= 0 and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children):
        return last
    return -1


def _add_mention(tok, ev: Event, info: EventInfo, index, L: Lexicon) -> None:
    """Record a mention: its alias, and the place, date and weapon its sentence gives."""
    info.mention_tokens.append(tok.i)
    s, e = noun_phrase(tok, appositions=False)
    alias = tok.doc[s:e].text.strip()
    if alias and alias not in ev.aliases:
        ev.aliases.append(alias)
    vplace, vdate = _verb_place(tok, index, L)
    if vplace is not None:
        info.places.add(vplace.name)
        if not is_country(vplace.name):
            ev.place = vplace.name
    if vdate and not ev.date:
        ev.date = vdate
    if ev.date is None:
        for t in tok.sent:
            if t.ent_type_ == "DATE" and t.ent_iob_ == "B":
                ev.date = t.text
                break
    if info.weapon is None or " " not in info.weapon:
        # a named weapon ("ATACMS missile") beats a bare one ("missiles" in the headline)
        info.weapon = _weapon(tok.sent, L) or info.weapon


def _name_event(doc, ev: Event, info: EventInfo, index, L: Lexicon) -> None:
    """Weapon + noun + place ('ATACMS missile strike on Crimea'); start/end at the first mention."""
    first_place = None
    for i in info.mention_tokens:
        m = _place_of(doc[i], index, L)
        if m is not None:
            first_place = m.name
            break
    strike = info.weapon and info.weapon.split()[-1] in L.words["weapon_strikes"]
    noun = "strike" if strike else lemma(doc[info.mention_tokens[0]])
    parts = [info.weapon, noun] if info.weapon else [noun]
    place = first_place or ev.place
    ev.name = " ".join(parts) + (f" on {place}" if place else "")
    first = doc[info.mention_tokens[0]]
    ev.start, ev.end = first.idx, first.idx + len(first.text)


def _weapon(sent, L: Lexicon) -> str | None:
    for t in sent:
        if lemma(t) in L.weapons:
            # the proper nouns right before it ("ATACMS missiles"), whatever label the parser gives them
            mods = []
            j = t.i - 1
            while j >= sent.start and t.doc[j].tag_ in ("NNP", "NNPS"):
                mods.insert(0, t.doc[j])
                j -= 1
            if mods:
                return " ".join(m.text for m in mods) + " " + lemma(t)
    for t in sent:
        if lemma(t) in L.weapons:
            return lemma(t)
    return None


class EventFinder(LexiconComponent):
    """``quotegraph_events``: writes ``doc._.qg_events`` and ``doc._.qg_event_info``."""

    def __call__(self, doc: Doc) -> Doc:
        events, infos = find_events(doc, self.lexicon)
        write_layer(doc, "qg_events", events)
        write_layer(doc, "qg_event_info", infos)
        return doc


@Language.factory("quotegraph_events", assigns=["doc._.qg_events", "doc._.qg_event_info"],
                  requires=["doc._.qg_mentions", "token.dep"])
def make_event_finder(nlp: Language, name: str) -> EventFinder:
    return EventFinder(nlp, name)
