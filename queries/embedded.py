"""Run Cypher on the embedded networkx graph, with grand-cypher.

grand-cypher takes no query parameters, so values reach it through one
function, :func:`cypher_literal`, which turns a Python value into a Cypher
literal that cannot end its string early: every ``$name`` outside string
literals is replaced by the literal of its value before parsing. Nothing else
ever puts a value into query text.

grand-cypher reads labels from a ``__labels__`` set on nodes and edges; the
stored graph keeps them as ``label`` / ``type`` and :func:`prepare` adds the
sets in place.
"""
from __future__ import annotations

import math
import re
from typing import Any, Mapping

import networkx as nx

from .library import bind_names
from .pushdown import candidate_hints
from .results import QueryError, QueryResult


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_WRITE = re.compile(r"\b(CREATE|MERGE|SET|DELETE|DETACH|REMOVE|DROP|LOAD\s+CSV|CALL)\b", re.IGNORECASE)
# A string literal, a // comment, or a $parameter: the first two are copied as they are.
_TOKENS = re.compile(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'|//[^\n]*|\$(\w+)')


def cypher_literal(value: Any) -> str:
    """The Cypher literal for a parameter value (str, int, float, bool, None, or a flat list of them)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise QueryError(f"cannot pass {value!r} as a Cypher parameter")
        return repr(value)
    if isinstance(value, str):
        return '"' + "".join(_ESCAPES.get(ch, ch) for ch in value) + '"'
    if isinstance(value, (list, tuple)) and not any(isinstance(item, (list, tuple, dict)) for item in value):
        return "[" + ", ".join(cypher_literal(item) for item in value) + "]"
    raise QueryError(f"unsupported parameter type {type(value).__name__}; give a string or a number")


def bind_parameters(cypher: str, params: Mapping[str, Any]) -> str:
    """Replace each ``$name`` outside literals and comments by ``cypher_literal(params[name])``."""
    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name is None:
            return match.group(0)
        if name not in params:
            raise QueryError(f"missing parameter ${name}")
        return cypher_literal(params[name])

    return _TOKENS.sub(replace, cypher)


def prepare(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Give nodes and edges the ``__labels__`` sets grand-cypher matches on (in place, idempotent)."""
    # Counting a MultiDiGraph's edges walks all of them: count once per call, not twice.
    size = (graph.number_of_nodes(), graph.number_of_edges())
    if graph.graph.get("_grandcypher_ready") == size:
        return graph
    for _, data in graph.nodes(data=True):
        data["__labels__"] = {data.get("label", "")}
    for _, _, data in graph.edges(data=True):
        data["__labels__"] = {data.get("type", "")}
    graph.graph["_grandcypher_ready"] = size
    return graph


def run_embedded(graph: nx.MultiDiGraph, cypher: str, params: Mapping[str, Any] | None = None) -> QueryResult:
    """Run a read-only Cypher query on ``graph`` and return its columns and rows.

    A named query's names (``// names:`` in its header) are resolved to keys on ``graph`` first.
    """
    from grandcypher import GrandCypher

    params = bind_names(cypher, params or {}, lambda lookup, values: [
        row[0] for row in run_embedded(graph, lookup, values).rows])

    body = "\n".join(line for line in cypher.splitlines() if not line.lstrip().startswith("//"))
    if _WRITE.search(re.sub(r'"(?:\\.|[^"\\])*"', '""', body)):
        raise QueryError("the embedded graph is read-only: use MATCH ... RETURN")
    text = bind_parameters(body, params or {})
    prepare(graph)
    hints = candidate_hints(graph, body, params or {})
    try:
        if hints == []:  # no node can pass the WHERE: run on an empty graph for the columns alone
            raw = GrandCypher(nx.MultiDiGraph()).run(text)
        else:
            raw = GrandCypher(graph).run(text, hints=hints)
    except Exception as exc:  # grand-cypher raises lark errors and plain exceptions alike
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise QueryError(f"embedded Cypher failed: {first}") from exc
    columns = [str(c) for c in raw.keys()]
    values = list(raw.values())
    rows = list(zip(*values)) if values else []
    return QueryResult(columns=columns, rows=[tuple(_plain(v) for v in row) for row in rows])


def _plain(value: Any) -> Any:
    if isinstance(value, dict):  # a whole node or edge: drop the engine's bookkeeping
        return {k: v for k, v in value.items() if k != "__labels__"}
    return value

