"""The named query library: the ``.cypher`` files beside this module.

Each file is plain Cypher that runs unchanged on Neo4j (Browser, cypher-shell,
the driver) and on the embedded graph. Its first comment line is a one-line
description, its second lists the parameters::

    // Who said what about X (a person, organization, place or event)
    // params: name
    MATCH ...
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class NamedQuery:
    """A query from the library: ``said-about`` is ``said_about.cypher``."""

    name: str
    description: str
    params: tuple[str, ...]
    cypher: str


_HEADER = re.compile(r"^//\s*(?P<description>.+)\n//\s*params:(?P<params>[^\n]*)\n", re.MULTILINE)


def parse_query(name: str, text: str) -> NamedQuery:
    """Read a query file's header and body (ValueError when the header is missing)."""
    match = _HEADER.match(text)
    if not match:
        raise ValueError(f"{name}: a query file starts with '// description' and '// params: a, b'")
    params = tuple(p.strip() for p in match["params"].split(",") if p.strip())
    return NamedQuery(name=name, description=match["description"].strip(), params=params, cypher=text.strip())


def list_queries() -> list[NamedQuery]:
    """Every named query, sorted by name."""
    files = [f for f in resources.files(__package__).iterdir() if f.name.endswith(".cypher")]
    return sorted((parse_query(f.name[: -len(".cypher")].replace("_", "-"), f.read_text(encoding="utf-8"))
                   for f in files), key=lambda q: q.name)


def get_query(name: str) -> NamedQuery:
    """The named query ``name`` (KeyError with the known names when there is none)."""
    for query in list_queries():
        if query.name == name or query.name == name.replace("_", "-"):
            return query
    known = ", ".join(q.name for q in list_queries())
    raise KeyError(f"no query named {name!r}; known: {known}")
