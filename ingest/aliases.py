"""Canonical names for people, organizations, places and events (data-driven).

In: a surface form as written in an article ("the U.S.", "MOSCOW", "President
Vladimir Putin's") and, optionally, the label it has (graph labels Person /
Organization / Place / Event, or spaCy labels PERSON / ORG / GPE / LOC / NORP).
Out: the canonical name the graph keys nodes on ("United States", "Moscow",
"Vladimir Putin").

The tables live in ``ingest/data/places.json`` (countries with their aliases,
demonyms, capitals and places) and ``ingest/data/titles.json`` (titles, ranks and
honorifics stripped from person names), so adding a country or a title is a
data change, not a code change.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Optional

__all__ = [
    "canonical_name",
    "graph_label",
    "place_country",
    "is_known_place",
    "is_known_organization",
    "country_of_demonym",
    "load_data",
    "strip_person_name",
]

_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}
_QUOTE_CHARS = "\"'“”‘’«»„‟‚‛`"
_POSSESSIVE = re.compile(r"(?:['’]s|s['’]|['’])$")
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=None)
def load_data(name: str) -> dict:
    """A JSON table from ``ingest/data`` (cached)."""
    try:
        text = resources.files("quotegraph.ingest").joinpath("data", name).read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError):  # running from a checkout without install
        from pathlib import Path

        text = (Path(__file__).parent / "data" / name).read_text("utf-8")
    return json.loads(text)


@lru_cache(maxsize=1)
def _tables() -> dict:
    """Lower-cased lookup tables built once from the gazetteer."""
    places = load_data("places.json")
    titles = load_data("titles.json")
    country_alias: dict[str, str] = {}
    demonym: dict[str, str] = {}
    place_country: dict[str, str] = {}
    capital: dict[str, str] = {}
    known_place: dict[str, str] = {}  # lower -> canonical spelling
    org_alias: dict[str, str] = {}
    for country, info in places["countries"].items():
        low = country.lower()
        country_alias[low] = country
        country_alias["the " + low] = country
        known_place[low] = country
        for a in info.get("aliases", []):
            country_alias[a.lower()] = country
        for d in info.get("demonyms", []):
            demonym.setdefault(d.lower(), country)
        cap = info.get("capital")
        if cap:
            capital[cap.lower()] = country
            place_country.setdefault(cap.lower(), country)
            known_place.setdefault(cap.lower(), cap)
        for p in info.get("places", []):
            place_country.setdefault(p.lower(), country)
            known_place.setdefault(p.lower(), p)
    for region in places.get("regions", {}):
        known_place.setdefault(region.lower(), region)
    for org, al in places.get("organizations", {}).items():
        org_alias[org.lower()] = org
        for a in al:
            org_alias[a.lower()] = org
    strip_words = {w.lower() for w in titles["ranks"] + titles["honorifics"]}
    title_words = {w.lower() for w in titles["titles"]}
    return {
        "country_alias": country_alias,
        "demonym": demonym,
        "place_country": place_country,
        "capital": capital,
        "known_place": known_place,
        "org_alias": org_alias,
        "strip_words": strip_words,
        "title_words": title_words,
    }


def _clean(text: str) -> str:
    text = _SPACE.sub(" ", (text or "").replace("\u00a0", " ")).strip()
    text = text.strip(_QUOTE_CHARS + " ,;:()[]")
    text = _POSSESSIVE.sub("", text).strip() if len(text) > 2 else text
    words = text.split(" ")
    while len(words) > 1 and words[0].lower() in _DETERMINERS:
        words = words[1:]
    return " ".join(words)


def _fix_caps(text: str) -> str:
    """'MOSCOW' -> 'Moscow' when the title-cased form is a known place (acronyms like NATO stay)."""
    if text.isupper() and len(text) > 3:
        known = _tables()["known_place"].get(text.lower())
        if known:
            return known
    return text


def strip_person_name(text: str) -> str:
    """Drop leading titles, ranks, honorifics, places and lower-case words: 'US President Joe Biden' -> 'Joe Biden'."""
    t = _tables()
    words = _clean(text).split(" ")
    # Strip from the left while the word is not part of a name: titles/ranks/
    # honorifics, lower-case words (role nouns), country names or acronyms.
    while len(words) > 1:
        w = words[0]
        low = w.lower().rstrip(",")
        two = (low + " " + words[1].lower()) if len(words) > 2 else ""
        if two and (two in t["title_words"] or two in t["strip_words"]):
            words = words[2:]
            continue
        if (
            low in t["strip_words"]
            or low in t["title_words"]
            or not w[:1].isupper()
            or low in t["country_alias"]
            or low in t["demonym"]
            or low in t["org_alias"]
            or (w.isupper() and len(w) <= 4 and "." not in w)
        ):
            words = words[1:]
            continue
        break
    name = " ".join(words)
    return name


_SPACY_TO_GRAPH = {
    "PERSON": "Person",
    "ORG": "Organization",
    "GPE": "Place",
    "LOC": "Place",
    "FAC": "Place",
    "NORP": "Place",
    "EVENT": "Event",
}


def graph_label(label: Optional[str]) -> Optional[str]:
    """Graph label for a spaCy or graph label (None when it is not one we keep)."""
    if label in ("Person", "Organization", "Place", "Event"):
        return label
    return _SPACY_TO_GRAPH.get(label or "")


def canonical_name(text: str, label: Optional[str] = None) -> str:
    """The canonical name of an entity mention (see module docstring).

    Places/organizations: country aliases ("U.S.", "America") -> "United States",
    known acronyms (UN) -> full name, demonyms ("American") -> country when the
    label says it is a nationality/place, all-caps datelines -> title case.
    People: titles, ranks, honorifics and possessives stripped. Determiners are
    always dropped ("The Kremlin" -> "Kremlin").
    """
    glabel = graph_label(label)
    base = _clean(text)
    if not base:
        return ""
    t = _tables()
    low = base.lower()
    if glabel == "Person":
        return strip_person_name(base)
    if low in t["country_alias"]:
        return t["country_alias"][low]
    if low in t["org_alias"]:
        return t["org_alias"][low]
    if label in ("NORP", None, "Place", "GPE") and low in t["demonym"]:
        return t["demonym"][low]
    fixed = _fix_caps(base)
    if fixed != base:
        return fixed
    if label is None and low not in t["known_place"]:
        # Unknown label: might be a person written with a title.
        words = base.split(" ")
        if len(words) > 1 and words[0].lower() in t["strip_words"]:
            return strip_person_name(base)
    return base


def is_known_organization(text: str) -> bool:
    """True when the gazetteer knows this as an organization or one of its aliases ("UN", "the Kremlin")."""
    return _clean(text).lower() in _tables()["org_alias"] or text.lower() in _tables()["org_alias"]


def is_known_place(text: str) -> bool:
    """True when the gazetteer knows this as a country, capital, city or region."""
    low = _clean(text).lower()
    t = _tables()
    return low in t["known_place"] or low in t["country_alias"]


def place_country(text: str) -> Optional[str]:
    """The country a place is in ('Moscow' -> 'Russia', 'Russia' -> 'Russia'), else None."""
    low = _clean(text).lower()
    t = _tables()
    if low in t["country_alias"]:
        return t["country_alias"][low]
    return t["place_country"].get(low)


def country_of_demonym(text: str) -> Optional[str]:
    """'Russian' -> 'Russia'; None when not a known demonym."""
    return _tables()["demonym"].get(_clean(text).lower())


def is_country(text: str) -> bool:
    """True when the text names a country (any alias)."""
    return _clean(text).lower() in _tables()["country_alias"]
