"""Stable node keys, so the same thing is one node across articles and reruns.

"US", "U.S." and "United States" become one Place through the ingest stage's
canonical names; names fold to keys as :mod:`quotegraph.ingest.folding` folds
them ("Donald J. Trump" is ``donald trump``), so that "NATO" and "Nato" or
"Vladimir  Putin" and "Vladimir Putin" meet. Events, quotes and what stays
inside one article get their keys here.
"""
from __future__ import annotations

from functools import lru_cache

from quotegraph.ingest.aliases import is_country, load_data
from quotegraph.ingest.folding import clean_alias, entity_key, entity_name, normalise, person_display_name

__all__ = ["clean_alias", "entity_key", "entity_name", "event_key", "first_name_of", "is_happening", "normalise",
           "person_display_name", "quote_key", "scoped_key"]


def _spelling_rank(name: str) -> tuple:
    """Regular spellings first: "Hillary Clinton" before "HIllary Clinton", "USA Today" before "USA TODAY"."""
    words = name.split()
    odd = sum(1 for w in words if w not in (w.capitalize(), w.upper(), w.lower()) and not w[:2] in ("Mc", "Ma", "De"))
    shouting = sum(1 for w in words if w.isupper() and len(w) > 4)
    return odd, shouting, len(name), name


def first_name_of(one: str, other: str) -> tuple[str, str]:
    """(the name a node shows, the alias) of two spellings of one key: the same whichever came first."""
    return (one, other) if _spelling_rank(one) <= _spelling_rank(other) else (other, one)


def event_key(name: str, place: str | None, article: str) -> str:
    """The key of an event the article reports: its kind of happening and its place, shared across articles.

    "the Orlando shooting" and "the attack on Orlando" are one event (one
    family of incident nouns, ``entity_kinds.json``); an event placed in a
    whole country, a US state or a continent (``wide_places``), or nowhere,
    is kept to its article: "an attack on the United States" in two articles
    is rarely one attack.
    """
    words = normalise(name).split()
    families = load_data("entity_kinds.json")["event_families"]
    family = next((f for w in words for f, members in families.items() if w in members), None)
    base = f"{family} on {normalise(entity_name(place, 'Place'))}" if family and place else normalise(name)
    if not place or is_country(place) or normalise(place) in _wide_places():
        return scoped_key(article, base)
    return base


@lru_cache(maxsize=1)
def _wide_places() -> frozenset:
    return frozenset(normalise(p) for p in load_data("entity_kinds.json")["wide_places"])


def is_happening(name: str) -> bool:
    """Whether a named event (NER's EVENT) is a happening: "World War II", "the Iowa caucuses"; not "Labor Day"."""
    return not _happenings().isdisjoint(normalise(name).split())


@lru_cache(maxsize=1)
def _happenings() -> frozenset:
    return frozenset(load_data("entity_kinds.json")["happenings"])


def quote_key(article_id: str, start: int, end: int) -> str:
    """The key of a Quote node: where its content stands in its article."""
    return f"{article_id}:{start}-{end}"


def scoped_key(article_id: str, name: str) -> str:
    """A key for speakers that must never merge across articles ("an American official")."""
    return f"{normalise(name)}@{article_id}"
