"""Stable node keys, so the same thing is one node across articles and reruns.

"US", "U.S." and "United States" become one Place through the ingest stage's
canonical names; keys then fold case, spacing and punctuation so that
"NATO" and "Nato" or "Vladimir  Putin" and "Vladimir Putin" meet.

A person's name is parsed by ``nameparser`` (title, first, middle, last,
suffix, nickname): single middle initials go ("Donald J. Trump" is "Donald
Trump", the form the node shows, with the other as an alias), a nickname in
quotes becomes the first name ("Bernard 'Bernie' Sanders" is "Bernie
Sanders"), and a suffix stays ("Donald Trump Jr." is his son). Two initials
stay too: "George H.W. Bush" is not "George W. Bush".
"""
from __future__ import annotations

import re
import unicodedata

from nameparser import HumanName

from quotegraph.ingest.aliases import canonical_name, is_country, load_data

_PUNCT = re.compile(r"[\"'’‘“”.,;:!?()\[\]]")
_SPACE = re.compile(r"\s+")
# Leading junk a tokenizer or a dateline leaves on a name: "N.C.—", "-", "’s ", "'' ".
_LEADING_JUNK = re.compile(r"^(?:[^\s—–]*[—–]+\s*|[-–—\s]+|['’]s\s+|['’\"“”]+\s*)+")
_INITIAL = re.compile(r"^[A-Za-z]\.?$")


def clean_alias(text: str) -> str:
    """A surface form without the junk glued to it: "N.C.—Donald Trump" / "-Donald Trump" / "’s Donald Trump" -> "Donald Trump"."""
    text = _SPACE.sub(" ", text or "").strip()
    stripped = _LEADING_JUNK.sub("", text)
    return stripped.strip(" \"'’‘“”,;:") or text.strip()


def person_display_name(name: str) -> str:
    """A person's name as the graph shows it: single middle initials dropped, a quoted nickname as first name."""
    name = clean_alias(name)
    if len(name.split()) < 3 and not any(q in name for q in "\"“'("):
        return name
    parsed = HumanName(name)
    if not parsed.last or not parsed.first:
        return name
    middles = [m for m in parsed.middle.split() if not _INITIAL.match(m)]
    words = [parsed.nickname or parsed.first, *middles, parsed.last]
    if parsed.suffix:
        words[-1] += " " + parsed.suffix.replace(",", "").strip()
    return " ".join(w for w in words if w)


def normalise(text: str) -> str:
    """Fold a name to its key form: NFKC, case-folded, no punctuation, single spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = _PUNCT.sub("", text.replace("-", " "))
    return _SPACE.sub(" ", text).strip().casefold()


def entity_name(name: str, label: str) -> str:
    """The canonical display name for an entity ("U.S." -> "United States", "Donald J. Trump" -> "Donald Trump")."""
    canonical = canonical_name(clean_alias(name), label) or clean_alias(name) or name.strip()
    return person_display_name(canonical) if label == "Person" else canonical


def _spelling_rank(name: str) -> tuple:
    """Regular spellings first: "Hillary Clinton" before "HIllary Clinton", "USA Today" before "USA TODAY"."""
    words = name.split()
    odd = sum(1 for w in words if w not in (w.capitalize(), w.upper(), w.lower()) and not w[:2] in ("Mc", "Ma", "De"))
    shouting = sum(1 for w in words if w.isupper() and len(w) > 4)
    return odd, shouting, len(name), name


def first_name_of(one: str, other: str) -> tuple[str, str]:
    """(the name a node shows, the alias) of two spellings of one key: the same whichever came first."""
    return (one, other) if _spelling_rank(one) <= _spelling_rank(other) else (other, one)


def entity_key(name: str, label: str) -> str:
    """The key of an entity node: its canonical name, normalised."""
    return normalise(entity_name(name, label))


def event_key(name: str, place: str | None, article: str) -> str:
    """The key of an event the article reports: its kind of happening and its place, shared across articles.

    "the Orlando shooting" and "the attack on Orlando" are one event (one
    family of incident nouns, ``entity_kinds.json``); an event placed in a
    whole country, or nowhere, is kept to its article: "an attack on the
    United States" in two articles is rarely one attack.
    """
    words = normalise(name).split()
    families = load_data("entity_kinds.json")["event_families"]
    family = next((f for w in words for f, members in families.items() if w in members), None)
    base = f"{family} on {normalise(entity_name(place, 'Place'))}" if family and place else normalise(name)
    if not place or is_country(place):
        return scoped_key(article, base)
    return base


def is_happening(name: str) -> bool:
    """Whether a named event (NER's EVENT) is a happening: "World War II", "the Iowa caucuses"; not "Labor Day"."""
    return bool(set(normalise(name).split()) & set(load_data("entity_kinds.json")["happenings"]))


def quote_key(article_id: str, start: int, end: int) -> str:
    """The key of a Quote node: where its content stands in its article."""
    return f"{article_id}:{start}-{end}"


def scoped_key(article_id: str, name: str) -> str:
    """A key for speakers that must never merge across articles ("an American official")."""
    return f"{normalise(name)}@{article_id}"
