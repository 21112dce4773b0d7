"""Stable node keys, so the same thing is one node across articles and reruns.

"US", "U.S." and "United States" become one Place through the ingest stage's
canonical names; keys then fold case, spacing and punctuation so that
"NATO" and "Nato" or "Vladimir  Putin" and "Vladimir Putin" meet.
"""
from __future__ import annotations

import re
import unicodedata

from quotegraph.ingest.aliases import canonical_name

_PUNCT = re.compile(r"[\"'’‘“”.,;:!?()\[\]]")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Fold a name to its key form: NFKC, case-folded, no punctuation, single spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = _PUNCT.sub("", text.replace("-", " "))
    return _SPACE.sub(" ", text).strip().casefold()


def entity_name(name: str, label: str) -> str:
    """The canonical display name for an entity ("U.S." -> "United States")."""
    return canonical_name(name, label) or name.strip()


def entity_key(name: str, label: str) -> str:
    """The key of an entity node: its canonical name, normalised."""
    return normalise(entity_name(name, label))


def quote_key(article_id: str, start: int, end: int) -> str:
    """The key of a Quote node: where its content stands in its article."""
    return f"{article_id}:{start}-{end}"


def scoped_key(article_id: str, name: str) -> str:
    """A key for speakers that must never merge across articles ("an American official")."""
    return f"{normalise(name)}@{article_id}"
