"""Events the article reports (``quotegraph_events``).

In: a parsed Doc with ``Doc._.qg_ents``.
Out: ``Doc._.events`` (list[Event]) and ``Doc._.event_info`` (per event: its
type, the token indices of its mentions, and the lemmas/places that show a
statement discusses it; about.py uses it).

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
from .common import has_parse, lemma, lex, register_extensions

if not Doc.has_extension("event_info"):
    Doc.set_extension("event_info", default=None)

_LOC_PREPS = {"on", "in", "near", "at", "against", "over"}
_WEAPON_STRIKES = {"missile", "rocket", "drone"}


@dataclass
class EventInfo:
    type: str
    mention_tokens: list[int] = field(default_factory=list)
    places: set = field(default_factory=set)
    related: frozenset = frozenset()
    weapon: str | None = None


def _place_of(tok, coref):
    """A Place/ORG-mislabelled place attached to an event noun: compound, or on/in/near pobj."""
    for c in tok.children:
        if c.dep_ in ("compound", "nmod", "poss") and c.i < tok.i:
            m = coref.mention(c)
            if m is not None and m.label == "Place":
                return m
        if c.dep_ == "prep" and c.lower_ in _LOC_PREPS:
            for p in c.children:
                if p.dep_ == "pobj":
                    m = coref.mention(p)
                    if m is not None and m.label == "Place":
                        return m
    return None


def _verb_place(tok, coref):
    """'The attack occurred near Sevastopol on Sunday': place and date hanging on the event's verb."""
    if tok.dep_ not in ("nsubj", "nsubjpass"):
        return None, None
    v = tok.head
    place = date = None
    for c in v.children:
        if c.dep_ == "prep" and c.lower_ in _LOC_PREPS:
            for p in c.children:
                if p.dep_ == "pobj":
                    m = coref.mention(p)
                    if m is not None and m.label == "Place" and place is None:
                        place = m
                    if p.ent_type_ in ("DATE", "TIME") and date is None:
                        date = p.doc[p.left_edge.i : p.right_edge.i + 1].text
        if c.ent_type_ == "DATE" and date is None and c.dep_ in ("npadvmod", "tmod"):
            date = c.text
    return place, date


def _np_text(tok) -> str:
    doc = tok.doc
    s = min([c.left_edge.i for c in tok.lefts] + [tok.i])
    return doc[s : tok.i + 1].text.strip()


def find_events(doc: Doc) -> tuple[list[Event], list[EventInfo]]:
    """Events and their info (see module docstring)."""
    if not has_parse(doc) or doc._.coref is None:
        return [], []
    L = lex()
    coref = doc._.coref
    events: list[Event] = []
    infos: list[EventInfo] = []
    last = -1
    for tok in doc:
        if tok.pos_ not in ("NOUN", "PROPN"):
            continue
        lem = lemma(tok)
        etype = L.event_triggers.get(lem)
        anaphor = lem in L.event_anaphors
        if etype is None and not anaphor:
            continue
        if etype is not None and etype not in L.reportable_events:
            continue
        place = _place_of(tok, coref)
        if place is not None and etype is not None:
            # Same place as the current event: another mention of it.
            k = next((j for j, inf in enumerate(infos) if place.name in inf.places and inf.type == etype), -1)
            if k < 0:
                ev = Event(name="", place=place.name, aliases=[], start=tok.idx, end=tok.idx + len(tok.text))
                events.append(ev)
                infos.append(EventInfo(type=etype, places={place.name}, related=L.event_related.get(etype, frozenset())))
                k = len(events) - 1
            last = k
        elif last >= 0 and (anaphor or etype is not None) and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children):
            k = last
        else:
            continue
        ev, info = events[k], infos[k]
        info.mention_tokens.append(tok.i)
        alias = _np_text(tok)
        if alias and alias not in ev.aliases:
            ev.aliases.append(alias)
        vplace, vdate = _verb_place(tok, coref)
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
            info.weapon = _weapon(tok.sent) or info.weapon
    for ev, info in zip(events, infos):
        base_place = ev.place
        first_place = None
        for i in info.mention_tokens:
            m = _place_of(doc[i], coref)
            if m is not None:
                first_place = m.name
                break
        noun = "strike" if info.weapon and info.weapon.split()[-1] in _WEAPON_STRIKES else lemma(doc[info.mention_tokens[0]])
        parts = [info.weapon, noun] if info.weapon else [noun]
        ev.name = " ".join(parts) + (f" on {first_place or base_place}" if (first_place or base_place) else "")
        # start/end: first mention in the body (the headline repeats it)
        first = doc[info.mention_tokens[0]]
        ev.start, ev.end = first.idx, first.idx + len(first.text)
    return events, infos


def _weapon(sent) -> str | None:
    L = lex()
    for t in sent:
        if lemma(t) in L.weapons:
            # the proper nouns right before it ("ATACMS missiles"), whatever label the parser gives them
            mods = []
            j = t.i - 1
            while j >= sent.start and t.doc[j].tag_ in ("NNP", "NNPS"):
                mods.insert(0, t.doc[j])
                j -= 1
            base = lemma(t)
            if mods:
                return " ".join(m.text for m in mods) + " " + base
    for t in sent:
        if lemma(t) in L.weapons:
            return lemma(t)
    return None


@Language.component("quotegraph_events")
def events_component(doc: Doc) -> Doc:
    register_extensions()
    events, infos = find_events(doc)
    doc._.events = events
    doc._.event_info = infos
    return doc
