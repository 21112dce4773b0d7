"""Run Cypher on a real Neo4j server, read-only, with the embedded engine's result shape.

Values travel as real query parameters (``$name``), never as query text. The
query runs as one auto-commit transaction in READ access mode, so the server
itself refuses any write ("Writing in read access mode not allowed").

Results come back as :class:`~quotegraph.queries.results.QueryResult`: the
same columns and row tuples :func:`~quotegraph.queries.embedded.run_embedded`
gives; nodes and relationships become dicts of their properties plus
``label`` / ``type``, as in the embedded graph.
"""
from __future__ import annotations

import weakref
from typing import Any, Mapping, Optional

from quotegraph.graph import schema as S

from . import ranked
from .library import bind_names, inline_parts, names_of
from .results import QueryError, QueryResult


class Neo4jQueryError(QueryError):
    """Neo4j refused or could not run the query (syntax, a write, a missing parameter, no server)."""


def _one_line(exc: BaseException) -> str:
    text = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return " ".join(str(text).split())


def run_neo4j(driver, cypher: str, params: Optional[Mapping[str, Any]] = None,
              database: str = "neo4j") -> QueryResult:
    """Run a read-only Cypher query on Neo4j and return its columns and rows.

    A named query's names (``// names:`` in its header) are resolved to keys in the same statement, ahead of
    the query (:func:`~quotegraph.queries.library.inline_parts`: one round trip). A page of a ranked query is
    read from Neo4j's ordered indexes first (:func:`~quotegraph.queries.ranked.indexed`).
    """
    inlined = inline_parts(cypher, params or {})
    if inlined is None:
        params = bind_names(cypher, params or {}, lambda lookup, values: [
            row[0] for row in run_neo4j(driver, lookup, values, database).rows])
        return _run_read(driver, cypher, params, database)
    lookups, query, params = inlined
    page = ranked.indexed(query, params, ranked.declared(cypher)) if len(names_of(cypher)) <= 1 else None
    if page is not None and page.index in ordered_indexes(driver, database):
        result = _run_read(driver, lookups + page.cypher, params, database)
        if len(result.rows) >= page.full:
            return result
    return _run_read(driver, lookups + query, params, database)


# driver -> {database: the ordered indexes it has online}: asked once per driver (Neo4j ignores a hint of an index
# that does not exist and would scan every relationship instead: a database loaded by an older quotegraph)
_ORDERED: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def ordered_indexes(driver, database: str) -> frozenset[str]:
    """The names of :data:`~quotegraph.graph.schema.ORDERED_INDEXES` that ``database`` has online."""
    known = _ORDERED.setdefault(driver, {})
    if database not in known:
        rows = _run_read(driver, "SHOW INDEXES YIELD name, state WHERE name IN $names AND state = 'ONLINE' "
                                 "RETURN name", {"names": sorted(S.ORDERED_INDEXES)}, database).rows
        known[database] = frozenset(row[0] for row in rows)
    return known[database]


def _run_read(driver, cypher: str, params: Mapping[str, Any], database: str) -> QueryResult:
    """One auto-commit READ transaction; driver errors as one-line :class:`Neo4jQueryError`."""
    from neo4j import READ_ACCESS
    from neo4j.exceptions import ClientError, Neo4jError, ServiceUnavailable, SessionExpired

    try:
        # one auto-commit READ transaction: one round trip (a managed transaction takes two), still read-only
        with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
            result = session.run(cypher, dict(params or {}))
            columns, records = list(result.keys()), list(result)
    except ClientError as exc:
        code = getattr(exc, "code", "") or ""
        if code.endswith("AccessMode") or "read access mode" in _one_line(exc):
            raise Neo4jQueryError("Neo4j queries here are read-only: use MATCH ... RETURN "
                                  "(load data with 'quotegraph load')") from None
        if code.endswith("ParameterMissing"):
            raise Neo4jQueryError(f"missing parameter: {_one_line(exc)}") from None
        raise Neo4jQueryError(f"Neo4j refused the query: {_one_line(exc)}") from None
    except (ServiceUnavailable, SessionExpired, OSError) as exc:
        uri = getattr(driver, "_quotegraph_uri", None) or "the Neo4j server"
        raise Neo4jQueryError(f"lost the connection to {uri} ({_one_line(exc)})") from None
    except Neo4jError as exc:
        raise Neo4jQueryError(f"Neo4j failed: {_one_line(exc)}") from None
    return QueryResult(columns=columns, rows=[tuple(plain(value) for value in record.values())
                                              for record in records])


_SCALARS = (str, int, float, bool, type(None))


def plain(value: Any) -> Any:
    """A driver value as plain Python: nodes and relationships as property dicts, paths as lists."""
    if isinstance(value, _SCALARS):  # most values: no import to look up (a page is 700 of them)
        return value
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        data = dict(value.items())
        labels = sorted(value.labels)
        if labels:
            data.setdefault("label", labels[0])
        return data
    if isinstance(value, Relationship):
        return {**dict(value.items()), "type": value.type}
    if isinstance(value, Path):
        items: list = [plain(value.start_node)]
        for rel in value.relationships:
            items += [plain(rel), plain(rel.end_node)]
        return items
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):  # neo4j.time values
        return value.iso_format()
    return value
