"""Run Cypher on the embedded graph database (LadybugDB), with native parameters.

The store at ``--store PATH`` is opened read-only for each query (the database
itself refuses writes) and values travel as real query parameters: no value
is ever put into query text. A networkx graph held in memory (tests, a batch
under construction) is copied once into an in-memory database of the same
schema and queried the same way.

The query files in ``queries/`` run unchanged here and on Neo4j; ad-hoc Cypher
is typed as for Neo4j: ``count()`` or ``COUNT()``, single- or double-quoted
strings. ``labels(n)`` gives the node's one label (a table in LadybugDB).
"""
from __future__ import annotations

import re
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

from quotegraph.graph import schema as S
from quotegraph.graph.store import GraphStore, StoreError, open_store

from . import keyed, ranked, top
from .library import bind_names, names_of
from .results import QueryError, QueryResult

if TYPE_CHECKING:
    import networkx as nx

_WRITE = re.compile(r"\b(CREATE|MERGE|SET|DELETE|DETACH|REMOVE|DROP|ALTER|COPY|LOAD|INSTALL|ATTACH|CALL)\b",
                    re.IGNORECASE)
_STRINGS = re.compile(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'|//[^\n]*')
# In-memory databases of the networkx graphs queried so far, rebuilt when a graph changes size.
_MEMORY: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _memory_store(graph: "nx.MultiDiGraph") -> GraphStore:
    size = (graph.number_of_nodes(), graph.number_of_edges())
    cached = _MEMORY.get(graph)
    if cached is None or cached[0] != size:
        store = GraphStore(None)
        store.write(graph)
        _MEMORY[graph] = (size, store)
        return store
    return cached[1]


def run_embedded(target: "GraphStore | nx.MultiDiGraph", cypher: str,
                 params: Mapping[str, Any] | None = None) -> QueryResult:
    """Run a read-only Cypher query on a store (or a networkx graph) and return its columns and rows.

    A named query's names (``// names:`` in its header) are resolved to keys there first.
    """
    store = target if isinstance(target, GraphStore) else _memory_store(target)
    if _WRITE.search(_STRINGS.sub('""', cypher)):
        raise QueryError("the embedded graph is read-only: use MATCH ... RETURN")
    labels_of: dict[str, set[str]] = {}
    params = bind_names(cypher, params or {}, lambda lookup, values: _keys_found(store, lookup, values, labels_of),
                        indexed=True)
    targets = [name.target for name in names_of(cypher)]
    split = keyed.plan(cypher, params, targets, labels_of, _runs_allowed(store, params, targets, labels_of))
    ranking = ranked.declared(cypher)
    if split is None:
        columns, rows = _ranked_query(store, cypher, params, ranking)
    else:  # a few keys: one primary-key lookup each instead of a scan of the table (queries/keyed.py)
        if len(split.runs) > keyed.MAX_RUNS:
            ranking = None  # many runs are mostly small: a histogram each would cost more than it saves
        results = [_ranked_query(store, run, values, ranking) for run, values in split.runs]
        columns, rows = results[0][0], keyed.merge(split, results[0][0], [rows for _, rows in results])
    return QueryResult(columns=columns, rows=[tuple(_plain(v) for v in row) for row in rows])


def _ranked_query(store: GraphStore, cypher: str, params: Mapping[str, Any],
                  ranking: "ranked.Ranking | None") -> tuple[list[str], list[list]]:
    """A page of a ``// ranked:`` query: talks-about's from the store's heaviest pairs when they fill it
    (queries/top.py), else bounded by its least value (queries/ranked.py), else the query as it is; bounded for
    more rows when the bound kept less than a page (the histogram counted relationships, not rows: statements
    without a speaker have none), and run whole after ``RANKED_TRIES``."""
    heaviest = top.plan(cypher, params, ranking)
    if heaviest is not None:
        found = _from_top(store, heaviest)
        if found is not None:
            return found
    page = ranked.plan(cypher, params, ranking) if ranking else None
    if page is not None:
        histogram = _query(store, page.histogram, _used(page.histogram, params))[1]
        for tried in range(RANKED_TRIES):
            least = ranked.least_value(histogram, page, page.wanted * 4 ** tried)
            if least is None:
                break
            columns, rows = _query(store, page.cypher, {**params, ranked.LEAST: least})
            if len(rows) >= page.full:
                return columns, rows
    return _query(store, cypher, params)


RANKED_TRIES = 3  # bounds for 1, 4 and 16 times a page's rows, then the whole query


def _from_top(store: GraphStore, page: "top.TopPage") -> "tuple[list[str], list[list]] | None":
    """A talks-about page from the store's heaviest pairs (queries/top.py): from the least count the page reaches,
    then from every kept pair; None when they do not fill it."""
    histogram = _query(store, top.HISTOGRAM, {})[1]
    kept = sum(rows for _, rows in histogram)
    for wanted in dict.fromkeys((page.wanted, kept)):  # the second try only when it reads more
        least = ranked.least_value(histogram, page, wanted) if wanted else None
        split = top.runs(page, _query(store, top.ROWS, {ranked.LEAST: least})[1]) if least is not None else None
        if split is None:
            return None
        results = [_query(store, run, values) for run, values in split.runs]
        rows = keyed.merge(split, results[0][0], [rows for _, rows in results])
        if len(rows) >= page.full:
            return results[0][0], rows
    return None


def _used(cypher: str, params: Mapping[str, Any]) -> dict:
    """The parameters a statement names (the database refuses others)."""
    return {name: value for name, value in params.items() if re.search(rf"\${name}\b", cypher)}


def _runs_allowed(store: GraphStore, params: Mapping[str, Any], targets: list[str],
                  labels_of: Mapping[str, set[str]]) -> int:
    """:func:`keyed.runs_allowed` for the tables the keys were found in (counted only when the keys are many)."""
    keys = [key for target in targets if isinstance(params.get(target), list) for key in params[target]]
    if len(keys) <= keyed.MAX_RUNS:
        return keyed.MAX_RUNS
    labels = sorted({label for key in keys for label in labels_of.get(key, ())})
    rows = sum(store.query(f"MATCH (n:{label}) RETURN count(n)")[1][0][0] for label in labels if label in S.NODE_LABELS)
    return keyed.runs_allowed(rows)


def _keys_found(store: GraphStore, lookup: str, values: Mapping[str, Any], labels_of: dict[str, set[str]]) -> list:
    """The keys a resolver lookup finds; the label each was found under goes into ``labels_of``."""
    rows = _query(store, lookup, values)[1]
    for row in rows:
        if len(row) > 1:
            labels_of.setdefault(row[0], set()).add(row[1])
    return [row[0] for row in rows]


def _query(store: GraphStore, cypher: str, params: Mapping[str, Any]) -> tuple[list[str], list[list]]:
    try:
        return store.query(cypher, params)
    except RuntimeError as exc:  # the database's parser, binder and runtime errors
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise QueryError(f"embedded Cypher failed: {first}") from None


def run_stored(path: str | Path, cypher: str, params: Mapping[str, Any] | None = None) -> QueryResult:
    """Open the store at ``path`` read-only, run the query, close it (StoreError when there is no store)."""
    with open_store(path, must_exist=True) as store:
        return run_embedded(store, cypher, params)


def _plain(value: Any) -> Any:
    """A database value as plain Python: nodes and relationships as property dicts with ``label`` / ``type``."""
    if isinstance(value, dict) and "_LABEL" in {k.upper() for k in value}:
        internal = {k.upper(): v for k, v in value.items() if k.startswith("_")}
        kind = "type" if "_SRC" in internal else "label"
        plain = {k: _plain(v) for k, v in value.items() if not k.startswith("_") and v is not None}
        plain[kind] = internal["_LABEL"]
        return plain
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


__all__ = ["QueryError", "StoreError", "run_embedded", "run_stored"]
