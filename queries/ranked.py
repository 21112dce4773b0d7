"""A page of a query ranked by a relationship's property, read without joining every relationship's ends.

A query file may declare ``// ranked: t.statements`` (talks-about: ``t.statements AS statements`` is
returned and ``ORDER BY statements DESC`` comes first) or ``// ranked: r.published as published``
(said-by: the returned ``published`` column, ``q.published``, equals the relationship's copy of it,
:data:`~quotegraph.graph.schema.QUOTE_COPIES`; ``ORDER BY published IS NULL, published DESC`` or
``ORDER BY published`` comes first). Neo4j runs such a file as it is. LadybugDB joins every row's ends and
reads every quote's date before it sorts (said-about a busy subject: 50 ms; talks-about: 490 ms over
442,000 pairs at 100,000 articles), but reads a relationship's own property quickly. So the embedded
engine first counts the values of the property on the relationship's hop alone (a histogram: the
relationships of the one speaker or subject the run starts from, or of the whole table), takes the least
(or, ascending, the greatest) value the page needs, and runs the query with ``r.published >=
$ranked_least`` added: every row of the page is still in (ties at that value too, and the query orders
them itself), and the joins see a few hundred relationships. (talks-about's first pages are read before
that from the pairs the store keeps apart as its heaviest: :mod:`.top`.)

The histogram counts the hop's relationships, not the query's rows (a quote with no speaker has an
``ABOUT`` but no row): when the bounded run returns less than a full page (:attr:`RankedPage.full`), the
caller bounds it again for four times the rows, a few times (any bound whose run fills the page gives the
page: every row it leaves out comes after every row it keeps), and then runs the query whole.

LadybugDB 0.22 returns wrong rows for a filter on the first relationship of a path followed by another
relationship (``(s)-[r]->(q)-[a]->(x {key})`` filtered on ``a``: 22 rows of 108): a bounded path of
several relationships is run with a join order hint that builds the filtered hop apart
(``HINT (((x JOIN a) JOIN q) JOIN r) JOIN s``), which gives the right rows and is also the fast order.

Neo4j sorts every statement of a busy name too (said-about "Twitter": 3,889 rows, 30 ms). There, SAID and
ABOUT also carry their speaker's or subject's key (:data:`~quotegraph.graph.schema.NAME_COPIES`) under
range indexes on (that key, published) and, for SAID, (that key, act)
(:data:`~quotegraph.graph.schema.ORDERED_INDEXES`): :func:`indexed` rewrites a page to read each key's
statements that have the value in the index's order, a page per key (``CALL (keys_key) { ... ORDER BY
a.subject_key DESC, a.published DESC, ... LIMIT $page_offset + $page_limit }``), and sorts those pages.
Rows without the value come after every other (``published IS NULL, published DESC``; ascending, Neo4j
puts nulls last), so when the rows with one do not fill the page the caller runs the query as it is. A
database loaded before the copies existed has no such index, and the caller runs its queries as they are.
The embedded store keeps no ``act`` on SAID: there acts runs as it is.

In: the query text as run (a named query paged with ``SKIP $page_offset LIMIT $page_limit``, or one
run of :mod:`.keyed` ending in ``LIMIT <n>``), its parameters, and its :class:`Ranking`. Out: a
:class:`RankedPage` (:class:`IndexedPage` on Neo4j), or None when the query is not shaped as declared: it
then runs whole, only slower.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping, Optional, Protocol, Sequence

from quotegraph.graph import schema as S

from .library import PAGE_LIMIT, PAGE_OFFSET, without_comments

LEAST = "ranked_least"
_DECLARED = re.compile(r"^//\s*ranked:\s*(?P<var>\w+)\.(?P<prop>\w+)(?:\s+as\s+(?P<column>\w+))?\s*$",
                       re.MULTILINE | re.IGNORECASE)
_NODE = re.compile(r"\(\s*(\w*)\s*(:[\w|]+)?\s*\)")
_RELATIONSHIP = re.compile(r"<?-\[\s*(\w*)\s*:\s*\w+\s*\]->?")
CLAUSES = re.compile(r"^\s*MATCH\s+(?P<pattern>.*?)\s*(?:\bWHERE\b(?P<where>.*?))?\s*\bRETURN\b(?P<rest>.*)$",
                      re.IGNORECASE | re.DOTALL)
_PAGE_END = re.compile(r"(?:\bSKIP\s+\$(?P<skip>\w+)\s+)?\bLIMIT\s+(?:\$(?P<limit>\w+)|(?P<number>\d+))\s*;?\s*$",
                       re.IGNORECASE)


@dataclass(frozen=True)
class Ranking:
    """What a query file declares: its rows come in order of ``var.prop``, returned as ``column``."""

    var: str
    prop: str
    column: str
    descending: bool
    nulls_last: bool  # ``ORDER BY column IS NULL, ...``: rows without a value come after every other


@dataclass(frozen=True)
class RankedPage:
    """The histogram to read first, and the query to run with ``$ranked_least`` once it is known."""

    histogram: str
    cypher: str
    wanted: int  # the rows up to the page's end
    full: int  # the rows the bounded query returns when its bound kept enough rows (else: run it whole)
    ranking: Ranking


def declared(cypher: str) -> Optional[Ranking]:
    """The ``// ranked:`` declaration of a query file, or None (also when its ORDER BY does not start with it)."""
    match = _DECLARED.search(cypher)
    if not match:
        return None
    var, prop = match["var"], match["prop"]
    text = without_comments(cypher)
    column = match["column"] or _alias(text, var, prop)
    order = re.search(rf"\bORDER\s+BY\s+(?P<guard>{column}\s+IS\s+NULL\s*,\s*)?{column}\b(?P<way>\s+(?:ASC|DESC)\w*)?",
                      text, re.IGNORECASE) if column else None
    if not order:
        return None
    return Ranking(var, prop, column, descending=(order["way"] or "").strip().upper().startswith("DESC"),
                   nulls_last=bool(order["guard"]))


def plan(cypher: str, params: Mapping[str, Any], ranking: Optional[Ranking] = None) -> Optional[RankedPage]:
    """How to run one page of a ranked query by its least value, or None (``ranking``: the declaration of the
    file this text was made from, when the text lost its comments)."""
    ranking = ranking or declared(cypher)
    text = without_comments(cypher).strip()
    clauses = CLAUSES.match(text)
    page = page_size(text, params)
    if ranking is None or clauses is None or page is None or re.search(r"\b(WITH|UNION|MATCH)\b",
                                                                      clauses["rest"], re.IGNORECASE):
        return None
    path = chain(clauses["pattern"])
    at = _hop(path, ranking.var)
    if at is None or not _stored(_rel_type(path[at][1]), ranking.prop):
        return None
    hint = _hint(path, _conditions(clauses["where"]))
    if len(path) > 3 and hint is None:
        return None  # see the module docstring: a bounded path of several relationships needs its join order
    return RankedPage(histogram=_histogram(ranking, path[at - 1:at + 2], clauses["where"]),
                      cypher=_bounded(clauses, ranking, hint), wanted=page[0], full=page[1], ranking=ranking)


def _hop(path: Optional[list[tuple[str, str]]], var: str) -> Optional[int]:
    """The position in ``path`` of the one relationship named ``var``, or None."""
    at = [i for i in range(1, len(path or []), 2) if path[i][0] == var]
    return at[0] if len(at) == 1 else None


def _rel_type(relationship: str) -> str:
    """The type of a relationship pattern's text: "SAID" of ``-[r:SAID]->``."""
    return re.search(r":\s*(\w+)", relationship)[1]


def _stored(rel_type: str, prop: str) -> bool:
    """Whether the embedded store keeps ``prop`` on ``rel_type`` (acts ranks by SAID's ``act``, which only Neo4j
    copies from the quote)."""
    return rel_type not in S.RELATIONSHIP_PROPERTIES or prop in S.RELATIONSHIP_PROPERTIES[rel_type]


class _Page(Protocol):
    wanted: int
    ranking: Ranking


def least_value(histogram: Sequence[Sequence], page: _Page, wanted: Optional[int] = None) -> Optional[Any]:
    """The least value (ascending: the greatest) the first ``wanted`` (default ``page.wanted``) rows take, counted
    from the first in the query's order; None when fewer rows than that have a value, or when rows without one
    would come before them: then the whole query is the page."""
    wanted = wanted or page.wanted
    nulls = sum(rows for value, rows in histogram if value is None)
    if nulls and not page.ranking.nulls_last and page.ranking.descending:
        return None  # a null sorts before every value descending
    total = 0
    for value, rows in sorted((row for row in histogram if row[0] is not None), key=lambda row: row[0],
                              reverse=page.ranking.descending):
        total += rows
        if total >= wanted:
            return value
    return None


def _alias(text: str, var: str, prop: str) -> Optional[str]:
    alias = re.search(rf"\b{var}\.{prop}\s+AS\s+(\w+)", text, re.IGNORECASE)
    return alias[1] if alias else None


def page_size(text: str, params: Mapping[str, Any]) -> Optional[tuple[int, int]]:
    """(rows up to the page's end, rows a full page returns) of ``SKIP $o LIMIT $l`` or ``LIMIT <n>``."""
    end = _PAGE_END.search(text)
    if not end:
        return None
    if end["number"]:
        return (int(end["number"]),) * 2
    limit, offset = params.get(end["limit"]), params.get(end["skip"], 0) if end["skip"] else 0
    if not isinstance(limit, int) or not isinstance(offset, int) or end["limit"] != PAGE_LIMIT or \
            (end["skip"] and end["skip"] != PAGE_OFFSET):
        return None
    return offset + limit, limit


def chain(pattern: str) -> Optional[list[tuple[str, str]]]:
    """The (variable, text) of each node and relationship of one chain pattern, in order; None for any other
    pattern (a comma, a property map, a variable-length relationship)."""
    elements, position, text = [], 0, pattern.strip()
    while position < len(text):
        element = (_RELATIONSHIP if len(elements) % 2 else _NODE).match(text, position)
        if not element:
            return None
        elements.append((element[1], element[0]))
        position = element.end()
        while position < len(text) and text[position].isspace():
            position += 1
    return elements if len(elements) % 2 else None


def _conditions(where: Optional[str]) -> list[str]:
    """The top-level AND terms of a WHERE clause (the whole clause as one term when it has brackets)."""
    if not where or not where.strip():
        return []
    if "(" in where:
        return [where.strip()]
    return [term.strip() for term in re.split(r"\bAND\b", where, flags=re.IGNORECASE) if term.strip()]


def _histogram(ranking: Ranking, hop: list[tuple[str, str]], where: Optional[str]) -> str:
    """Count the ranked relationship's values on its hop alone, under the WHERE terms that name only the hop."""
    own = {name for name, _ in hop if name}
    kept = [term for term in _conditions(where) if set(re.findall(r"\b(\w+)\.", term)) <= own]
    named = {ranking.var} | {name for term in kept for name in re.findall(r"\b(\w+)\.", term)}
    # an end node no term names is left anonymous (with its labels): the count then reads no node
    pattern = "".join(text if index % 2 or name in named else _NODE.sub(r"(\2)", text)
                      for index, (name, text) in enumerate(hop))
    condition = f" WHERE {' AND '.join(kept)}" if kept else ""
    return f"MATCH {pattern}{condition} RETURN {ranking.var}.{ranking.prop} AS value, count(*) AS rows"


def _hint(path: list[tuple[str, str]], conditions: list[str]) -> Optional[str]:
    """The join order from the end node that a ``v.key = $...`` term fixes, along the path; None without one."""
    anchored = {m[1] for term in conditions for m in [re.fullmatch(r"(\w+)\.key\s*=\s*\$\w+", term)] if m}
    names = [name for name, _ in path]
    if len(names) < 3 or not all(names) or not anchored & {names[0], names[-1]}:
        return None
    order = names if names[0] in anchored else names[::-1]
    joined = order[0]
    for name in order[1:]:
        joined = f"({joined} JOIN {name})"
    return joined[1:-1]


def _bounded(clauses: re.Match, ranking: Ranking, hint: Optional[str]) -> str:
    """The query with the ranked property bounded by ``$ranked_least`` (and its join order hint)."""
    bound = f"{ranking.var}.{ranking.prop} {'>=' if ranking.descending else '<='} ${LEAST}"
    where = f"WHERE {bound} AND ({clauses['where'].strip()})" if clauses["where"] else f"WHERE {bound}"
    return f"MATCH {clauses['pattern']}\n{where}\n" + (f"HINT {hint}\n" if hint else "") + f"RETURN{clauses['rest']}"


@dataclass(frozen=True)
class IndexedPage:
    """A page of a ranked query read from Neo4j's ordered indexes: run ``cypher``; fewer than ``full`` rows back
    means the rows with a value did not fill the page, and the query runs as it is."""

    cypher: str
    full: int
    index: str  # the ordered index it reads (schema.ORDERED_INDEXES): run it only where the database has it


_ANCHOR = re.compile(r"(?P<var>\w+)\.key\s*(?:=\s*(?P<one>\$?\w+)|IN\s+\$(?P<list>\w+))", re.IGNORECASE)
_ORDERED = re.compile(r"^(?P<items>.*?)\bORDER\s+BY\b(?P<order>.*?)(?P<end>(?:\bSKIP\s+\$\w+\s+)?\bLIMIT\s+\S+)\s*;?\s*$",
                      re.IGNORECASE | re.DOTALL)
_ITEM = re.compile(r"^\s*(?:[\w.]+\s+AS\s+)?(?P<alias>\w+)\s*$", re.IGNORECASE)


def indexed(cypher: str, params: Mapping[str, Any], ranking: Optional[Ranking]) -> Optional[IndexedPage]:
    """A page of ``cypher`` (one MATCH ... RETURN ... ORDER BY ... page, its name's key fixed by ``x.key =
    keys_key``, ``x.key = $key`` or ``x.key IN $keys``) read per key from the ordered index of its ranked
    relationship; None when the query is not shaped so (see the module docstring)."""
    text = without_comments(cypher).strip()
    clauses, page = CLAUSES.match(text), page_size(text, params)
    if ranking is None or clauses is None or page is None or \
            ranking.descending and not ranking.nulls_last:  # Neo4j puts rows without a value first, descending
        return None
    ordered, path = _ORDERED.match(clauses["rest"]), chain(clauses["pattern"])
    terms = _conditions(clauses["where"])
    anchor = _named_end(path, ranking.var, ranking.prop, terms) if path and ordered else None
    tail = _order_tail(ordered["order"], ranking) if anchor else None
    aliases = [_ITEM.match(item) for item in ordered["items"].split(",")] if anchor else []
    if anchor is None or tail is None or not all(aliases):
        return None
    term, rel_type, value, unwound = anchor
    copy = S.NAME_COPIES[rel_type]
    way = "DESC" if ranking.descending else "ASC"
    where = " AND ".join([f"{ranking.var}.{copy} = {value}", f"{ranking.var}.{ranking.prop} IS NOT NULL",
                          *(t for t in terms if t != term)])
    # the hint: on a small database the planner would rather start from the node (the caller checks the index
    # exists: Neo4j ignores a hint of a missing index, and the query would then scan every relationship)
    hint = f"USING INDEX {ranking.var}:{rel_type}({copy}, {ranking.prop})"
    inner = (f"MATCH {clauses['pattern']}\n{hint}\nWHERE {where}\nRETURN{ordered['items'].rstrip()}\n"
             f"ORDER BY {ranking.var}.{copy} {way}, {ranking.var}.{ranking.prop} {way}{tail}\n"
             f"LIMIT {_wanted(ordered['end'])}")
    scope = value if not value.startswith("$") else ""
    head = f"UNWIND ${unwound} AS {value}\n" if unwound else ""
    outer = ", ".join(match["alias"] for match in aliases)
    return IndexedPage(f"{head}CALL ({scope}) {{\n{inner}\n}}\nRETURN {outer}\nORDER BY{ordered['order']}{ordered['end']}",
                       full=page[1], index=_ordered(rel_type, ranking.prop))


def _ordered(rel_type: str, prop: str) -> Optional[str]:
    """The name of Neo4j's ordered index (schema.ORDERED_INDEXES) on the name's key and ``prop``, if there is one."""
    return next((name for name, index in S.ORDERED_INDEXES.items()
                 if index == (rel_type, (S.NAME_COPIES[rel_type], prop))), None)


def _named_end(path: list, var: str, prop: str, terms: list[str]) -> Optional[tuple[str, str, str, str]]:
    """(the WHERE term fixing the key, the relationship type, the key's value, the list unwound or "") when a term
    fixes the key of the ranked relationship's speaker or subject end; else None."""
    at = _hop(path, var)
    rel_type = _rel_type(path[at][1]) if at is not None else None
    if rel_type not in S.NAME_COPIES or not _ordered(rel_type, prop):
        return None
    forward = not path[at][1].startswith("<")
    named = path[at + 1 if (S.quote_end(rel_type) == "start") == forward else at - 1][0]
    for term in terms:
        match = _ANCHOR.fullmatch(term)
        if match and match["var"] == named:
            value = match["one"] or "ranked_key"
            return term, rel_type, value, match["list"] or ""
    return None


def _order_tail(order: str, ranking: Ranking) -> Optional[str]:
    """The ORDER BY items after the ranked column (", article, start"), or None when it does not come first."""
    items = [item.strip() for item in order.split(",")]
    if ranking.nulls_last:
        if not re.fullmatch(rf"{ranking.column}\s+IS\s+NULL", items[0], re.IGNORECASE):
            return None
        items = items[1:]
    if not items or not re.fullmatch(rf"{ranking.column}(\s+(ASC|DESC)\w*)?", items[0], re.IGNORECASE) or \
            any("(" in item for item in items):
        return None
    return "".join(f", {item}" for item in items[1:])


def _wanted(end: str) -> str:
    """The rows up to a page's end, as Cypher: ``$page_offset + $page_limit`` or ``<n>``."""
    found = _PAGE_END.search(end)
    if found["number"]:
        return found["number"]
    return f"${found['skip']} + ${found['limit']}" if found["skip"] else f"${found['limit']}"
