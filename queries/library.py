"""The named query library: the ``.cypher`` files beside this module.

Each file is plain Cypher that runs unchanged on Neo4j (Browser, cypher-shell,
the driver) and on the embedded graph. Its first comment line is a one-line
description, its second lists the parameters a user gives; a ``// names:``
line says which of them are names, what kind of name, and the query parameter
that gets the keys they resolve to (:mod:`quotegraph.graph.names`, one resolver
for every command)::

    // Who said what about X (a person, organization, place or event)
    // params: name
    // names: name as entity -> $keys
    MATCH (s)-[:SAID]->(q:Quote)-[:ABOUT]->(x) WHERE x.key IN $keys ...

Run through ``cypher-shell`` or Browser, give ``$keys`` directly (``-P 'keys =>
["ukraine"]'``); :func:`bind_names` fills it from the user's ``name``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from typing import Mapping, Optional

from quotegraph.graph.names import Runner, kind_of, lookup_parameters, lookup_statement, resolve

from .results import QueryError


@dataclass(frozen=True)
class NamedQuery:
    """A query from the library: ``said-about`` is ``said_about.cypher``."""

    name: str
    description: str
    params: tuple[str, ...]
    cypher: str
    names: tuple["NameParameter", ...] = ()


@dataclass(frozen=True)
class NameParameter:
    """A user parameter that is a name: ``param`` of ``kind`` resolves to the keys in query parameter ``target``."""

    param: str
    kind: str
    target: str


_HEADER = re.compile(r"^//\s*(?P<description>.+)\n//\s*params:(?P<params>[^\n]*)\n"
                     r"(?://\s*names:(?P<names>[^\n]*)\n)?", re.MULTILINE)
_NAME = re.compile(r"^\s*(?P<param>\w+)\s+as\s+(?P<kind>\w+)\s*->\s*\$(?P<target>\w+)\s*$")


def _name_parameters(name: str, text: str, params: tuple[str, ...]) -> tuple[NameParameter, ...]:
    found = []
    for item in filter(str.strip, text.split(",")):
        match = _NAME.match(item)
        if not match or match["param"] not in params:
            raise ValueError(f"{name}: write '// names: param as kind -> $target' for a listed param")
        kind_of(match["kind"])
        found.append(NameParameter(match["param"], match["kind"], match["target"]))
    return tuple(found)


def parse_query(name: str, text: str) -> NamedQuery:
    """Read a query file's header and body (ValueError when the header is missing)."""
    match = _HEADER.match(text)
    if not match:
        raise ValueError(f"{name}: a query file starts with '// description' and '// params: a, b'")
    params = tuple(p.strip() for p in match["params"].split(",") if p.strip())
    names = _name_parameters(name, match["names"] or "", params)
    return NamedQuery(name=name, description=match["description"].strip(), params=params, cypher=text.strip(),
                      names=names)


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


PAGE_OFFSET, PAGE_LIMIT = "page_offset", "page_limit"


def paged(cypher: str, params: Mapping[str, object], limit: Optional[int], offset: int = 0) -> tuple[str, dict]:
    """One page of a query's rows: ``SKIP $page_offset LIMIT $page_limit`` appended, the two values as parameters.

    ``limit`` None (or 0) and no offset leave the query whole. The named queries end in ``ORDER BY``, so
    pages follow that order: the newest statements first where the query says so.
    """
    if offset < 0 or (limit is not None and limit < 0):
        raise QueryError("--limit and --offset take a whole number >= 0")
    if not limit and not offset:
        return cypher, dict(params)
    page = f"\nSKIP ${PAGE_OFFSET}" + (f" LIMIT ${PAGE_LIMIT}" if limit else "")
    bound = {**params, PAGE_OFFSET: offset}
    if limit:
        bound[PAGE_LIMIT] = limit
    return cypher.rstrip().rstrip(";") + page, bound


def names_of(cypher: str) -> tuple[NameParameter, ...]:
    """The name parameters a query text declares in its header (none for ad-hoc Cypher)."""
    match = _HEADER.match(cypher.strip())
    if not match or not match["names"]:
        return ()
    params = tuple(p.strip() for p in match["params"].split(",") if p.strip())
    return _name_parameters("query", match["names"], params)


def without_comments(cypher: str) -> str:
    """The query text without its ``//`` comments (the header names ``$keys`` too)."""
    return _COMMENT.sub("", cypher)


_COMMENT = re.compile(r"//[^\n]*")


def _names_to_bind(cypher: str, params: Mapping[str, object]) -> list[NameParameter]:
    """The declared names a run must resolve (a target given directly, ``keys``, is left as it is)."""
    wanted = []
    for name in names_of(cypher):
        if name.target in params and name.param not in params:
            continue
        if name.param not in params:
            raise QueryError(f"missing parameter ${name.param} (-p {name.param}=...)")
        wanted.append(name)
    return wanted


def inline_names(cypher: str, params: Mapping[str, object]) -> Optional[tuple[str, dict]]:
    """:func:`inline_parts` as one statement: the lookups, then the query."""
    parts = inline_parts(cypher, params)
    return None if parts is None else (parts[0] + parts[1], parts[2])


def inline_parts(cypher: str, params: Mapping[str, object]) -> Optional[tuple[str, str, dict]]:
    """One statement for a server: each declared name's lookup runs first as a ``CALL`` subquery, one row per
    key it finds, and the query's ``x.key IN $keys`` becomes ``x.key = keys_key`` (one round trip instead of
    two). Rows for different keys are different nodes' rows, so the answer is the same; no row carries the
    whole key list ("Republicans" is 11,460 article-scoped keys at 100,000 articles, and a list carried per
    row filled Neo4j's transaction memory). The lookup's parameters go in under the target's prefix
    (``keys_suffix``). None when the query uses a target otherwise: bind the names first then. Returns the
    lookups (each line ending in a newline), the query that follows them and the parameters.
    """
    bound, heads, carried = dict(params), [], []
    for name in _names_to_bind(cypher, params):
        prefix = f"{name.target}_"
        cypher = re.sub(rf"\b(\w+)\.key\s+IN\s+\${name.target}\b", rf"\1.key = {prefix}key", cypher)
        if re.search(rf"\${name.target}\b", without_comments(cypher)):
            return None
        lookup = re.sub(r"\$(\w+)", lambda m: f"${prefix}{m[1]}", lookup_statement(name.kind))
        bound.update({prefix + key: value for key, value in
                      lookup_parameters(str(bound.pop(name.param)), name.kind).items()})
        carried.append(f"key AS {prefix}key")
        heads.append(f"CALL () {{\n{lookup}\n}}\nWITH {', '.join(carried)}")
        carried[-1] = f"{prefix}key"
    return "".join(head + "\n" for head in heads), cypher, bound


def bind_names(cypher: str, params: Mapping[str, object], run: Runner, indexed: bool = False) -> dict:
    """The parameters to run ``cypher`` with: each declared name replaced by the keys it resolves to.

    ``run(lookup, params)`` runs a resolver lookup on the same engine (``indexed``: an embedded store with
    the name index, :func:`quotegraph.graph.names.indexed_lookup`). A query given its target parameter
    directly (``keys``) is left as it is.
    """
    bound = dict(params)
    for name in _names_to_bind(cypher, params):
        bound[name.target] = resolve(str(bound.pop(name.param)), name.kind, run, indexed)
    return bound
