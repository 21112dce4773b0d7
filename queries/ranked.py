"""A page of a query ranked by a relationship's number, read without joining every relationship's ends.

A query file may declare ``// ranked: t.statements``: its rows come first in descending order of that
property of the relationship ``t`` (``ORDER BY statements DESC, ...`` over ``t.statements AS
statements``), as talks-about's come in order of :mod:`quotegraph.graph.talks`' counts. Neo4j serves
such a page from its range index. LadybugDB joins both ends of every relationship before it sorts (490 ms
over the 442,000 pairs of 100,000 articles), but reads the property alone quickly. So the embedded
engine first counts the property's values (a histogram, 30 ms), takes the least value the page needs,
and runs the query with ``t.statements >= $ranked_least`` added: every row of the page is still in (ties
at that value too, and the query orders them itself), and the join sees a few hundred relationships.

In: the query text as run (with ``SKIP $page_offset LIMIT $page_limit`` from
:func:`~quotegraph.queries.library.paged`) and its parameters. Out: a :class:`RankedPage`, or None when
the query declares nothing, has no page, or is not shaped as declared: it then runs whole, only slower.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping, Optional, Sequence

from .library import PAGE_LIMIT, PAGE_OFFSET, without_comments

LEAST = "ranked_least"
_DECLARED = re.compile(r"^//\s*ranked:\s*(?P<var>\w+)\.(?P<prop>\w+)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class RankedPage:
    """The histogram to read first, and the query to run with ``$ranked_least`` once it is known."""

    histogram: str
    cypher: str
    wanted: int  # the rows up to the page's end


def plan(cypher: str, params: Mapping[str, Any]) -> Optional[RankedPage]:
    """How to run one page of a ``// ranked:`` query by its least value, or None."""
    declared = _DECLARED.search(cypher)
    limit, offset = params.get(PAGE_LIMIT), params.get(PAGE_OFFSET, 0)
    if not declared or not isinstance(limit, int) or not isinstance(offset, int):
        return None
    var, prop = declared["var"], declared["prop"]
    text = without_comments(cypher)
    rel_type = re.findall(rf"\[\s*{var}\s*:\s*(\w+)\s*\]", text)
    alias = re.search(rf"\b{var}\.{prop}\s+AS\s+(\w+)", text)
    wheres = re.findall(r"\bWHERE\b", text, re.IGNORECASE)
    if len(rel_type) != 1 or not alias or len(wheres) != 1 or \
            not re.search(rf"\bORDER\s+BY\s+{alias[1]}\s+DESC", text, re.IGNORECASE):
        return None
    bounded = re.sub(r"\bWHERE\b(?P<condition>.*?)\bRETURN\b",
                     lambda m: f"WHERE {var}.{prop} >= ${LEAST} AND ({m['condition'].strip()})\nRETURN", text,
                     count=1, flags=re.IGNORECASE | re.DOTALL)
    histogram = f"MATCH ()-[{var}:{rel_type[0]}]->() RETURN {var}.{prop} AS value, count(*) AS rows"
    return RankedPage(histogram=histogram, cypher=bounded, wanted=offset + limit)


def least_value(histogram: Sequence[Sequence], wanted: int) -> Optional[Any]:
    """The least value the first ``wanted`` rows take (counted from the greatest), or None when fewer rows
    than that have a value: then the whole query is the page."""
    total = 0
    for value, rows in sorted((row for row in histogram if row[0] is not None), key=lambda row: row[0],
                              reverse=True):
        total += rows
        if total >= wanted:
            return value
    return None
