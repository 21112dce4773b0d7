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

import re
import weakref
from typing import Any, Mapping, Optional

from quotegraph.graph import schema as S

from . import keyed, ranked
from .library import PAGE_LIMIT, bind_names, inline_parts, names_of
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
        result = _run_page(driver, lookups + page.cypher, params, database)
        if len(result.rows) >= page.full:
            return result
    return _run_page(driver, lookups + query, params, database)


ONE_RECORD_MOST = 10_000  # a page up to this many rows comes back as one record; a longer result streams


def one_record(cypher: str, params: Mapping[str, Any]) -> Optional[tuple[str, list[str]]]:
    """``cypher`` (a page: ``... LIMIT $page_limit``) with its rows collected into one record, and its columns;
    None when it is no page of at most ONE_RECORD_MOST rows or a returned item has no name.

    Why: the Python driver reads every record as a Bolt message of its own, two socket reads each, so a page of
    100 rows costs 1.5 ms more as 100 records than as one list (said-by at 100,000 articles: 3.4 -> 1.9 ms).
    The subquery keeps its rows' order, and ``collect`` keeps the order rows come in.
    """
    limit = params.get(PAGE_LIMIT)
    if not isinstance(limit, int) or limit > ONE_RECORD_MOST or \
            not re.search(rf"\bLIMIT\s+\${PAGE_LIMIT}\s*;?\s*$", cypher):
        return None
    columns = keyed.last_columns(cypher)
    if not columns:
        return None
    row = ", ".join(f"`{column}`" for column in columns)
    return f"CALL () {{\n{cypher.rstrip().rstrip(';')}\n}}\nRETURN collect([{row}]) AS rows", columns


def _run_page(driver, cypher: str, params: Mapping[str, Any], database: str) -> QueryResult:
    """A named query's page, as one record when :func:`one_record` can collect it."""
    collected = one_record(cypher, params)
    if collected is None:
        return _run_read(driver, cypher, params, database)
    rows = _run_read(driver, collected[0], params, database).rows[0][0]
    return QueryResult(columns=collected[1], rows=[tuple(row) for row in rows])


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
