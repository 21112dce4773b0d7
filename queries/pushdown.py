"""Narrow an embedded Cypher query to candidate nodes before grand-cypher matches it.

grand-cypher enumerates every match of the MATCH pattern and filters by WHERE
afterwards, so "who said what about Ukraine" walks every SAID->Quote->ABOUT
path in the graph. Simple conditions on one variable (``toLower(x.name) =
toLower($name)``, ``x.key IN $keys``, ``s.name ENDS WITH "Putin"``, ``CONTAINS``, ``STARTS WITH``)
joined by AND are checked here against each node once, and the nodes that may
pass become grand-cypher ``hints``. The candidates are a superset (compared
case-insensitively), and grand-cypher still applies the whole WHERE, so the
answer is the same; only the work shrinks. Anything else (OR, NOT,
comparisons across variables) runs unnarrowed.
"""
from __future__ import annotations

import itertools
import json
import re
from typing import Any, Mapping, Optional

import networkx as nx

# The WHERE clause ends at RETURN, ORDER BY or a WITH clause (not the WITH of ENDS/STARTS WITH).
_WHERE = re.compile(r"\bWHERE\b(?P<cond>.*?)(?=\bRETURN\b|\bORDER\b|(?<!ENDS )(?<!STARTS )\bWITH\b|$)",
                    re.IGNORECASE | re.DOTALL)
_VALUE = r'(?:\$(?P<param>\w+)|(?P<literal>"(?:\\.|[^"\\])*"))'
_CONDITION = re.compile(
    r"^\s*(?:toLower\(\s*)?(?P<var>\w+)\.(?P<prop>\w+)\s*\)?\s*"
    r"(?P<op>=|IN|ENDS\s+WITH|STARTS\s+WITH|CONTAINS)\s*"
    r"(?:toLower\(\s*)?" + _VALUE + r"\s*\)?\s*$", re.IGNORECASE)
_MAX_HINTS = 1000

_TESTS = {
    "=": lambda value, wanted: value == wanted,
    "ENDS WITH": str.endswith,
    "STARTS WITH": str.startswith,
    "CONTAINS": lambda value, wanted: wanted in value,
    "IN": lambda value, wanted: value in wanted,
}


def candidate_hints(graph: nx.MultiDiGraph, cypher: str, params: Mapping[str, Any]) -> Optional[list[dict]]:
    """grand-cypher hints for ``cypher`` (variable -> node), ``[]`` when nothing can match, None to run unnarrowed."""
    match = _WHERE.search(cypher)
    if not match:
        return None
    conditions = re.split(r"\bAND\b", match["cond"], flags=re.IGNORECASE)
    if re.search(r"\b(OR|NOT|XOR)\b", match["cond"], re.IGNORECASE):
        return None
    candidates: dict[str, set] = {}
    for condition in conditions:
        parsed = _CONDITION.match(condition)
        if not parsed:
            continue  # another kind of condition: grand-cypher checks it
        wanted = _wanted(parsed, params)
        if wanted is None:
            continue
        test = _TESTS[" ".join(parsed["op"].upper().split())]
        prop = parsed["prop"]
        nodes = {n for n, data in graph.nodes(data=True)
                 if isinstance(data.get(prop), str) and test(data[prop].lower(), wanted)}
        var = parsed["var"]
        candidates[var] = candidates[var] & nodes if var in candidates else nodes
    if not candidates:
        return None
    if any(not nodes for nodes in candidates.values()):
        return []
    names = sorted(candidates)
    if _product(len(candidates[v]) for v in names) > _MAX_HINTS:
        return None
    return [dict(zip(names, combo)) for combo in itertools.product(*(sorted(candidates[v]) for v in names))]


def _wanted(parsed: re.Match, params: Mapping[str, Any]):
    """The lower-cased value a condition compares with (a set for IN), or None when it is not a string."""
    wanted = params.get(parsed["param"]) if parsed["param"] else json.loads(parsed["literal"])
    if parsed["op"].upper() == "IN":
        ok = isinstance(wanted, (list, tuple)) and all(isinstance(w, str) for w in wanted)
        return {w.lower() for w in wanted} if ok else None
    return wanted.lower() if isinstance(wanted, str) else None


def _product(sizes) -> int:
    total = 1
    for size in sizes:
        total *= size
    return total
