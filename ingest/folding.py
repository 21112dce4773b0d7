"""How a name folds to the key the graph stores it under (shared by ingest's authority file and the graph).

A person's name is parsed by ``nameparser`` (title, first, middle, last,
suffix, nickname): single middle initials go ("Donald J. Trump" is "Donald
Trump", the form the node shows, with the other as an alias), a nickname in
quotes becomes the first name ("Bernard 'Bernie' Sanders" is "Bernie
Sanders"), and a suffix stays ("Donald Trump Jr." is his son). Two initials
stay too: "George H.W. Bush" is not "George W. Bush". Keys then fold case,
spacing and punctuation so that "NATO" and "Nato" meet.
"""
from __future__ import annotations

import re
import unicodedata


from .aliases import canonical_name

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
    from nameparser import HumanName  # here, not at the top: most names never need it, and it costs a query 50 ms

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


def entity_key(name: str, label: str) -> str:
    """The key of an entity node: its canonical name, normalised."""
    return normalise(entity_name(name, label))
