"""One key at a time: how the embedded engine runs ``x.key IN $keys`` from its primary-key index.

LadybugDB finds a node from its primary-key index only for one label and one
value (``(x:Person) WHERE x.key = $k``); ``x.key IN $keys`` and a pattern of
several labels (``(x:Person|Organization)``) read the whole table: 30 ms per
lookup at 100,000 articles, where a key lookup takes 0.2 ms. So a named query
whose names resolved to a few keys runs once per (label, key), with the same
text narrowed to that label and key, each run cut to the rows the page needs;
the rows are merged here in the query's ``ORDER BY`` (nulls last ascending,
first descending, as both engines order them) and the page is cut from them.

In: the query text as run (a named query, maybe with ``SKIP $page_offset
LIMIT $page_limit``), its bound parameters, and the labels each key was
found under. Out: the runs, or None when the query is not one this can split
(an aggregate, ``WITH``, ``UNION``, an ORDER BY on anything but returned
columns, a variable in two node patterns, too many keys): it then runs whole,
with the same rows, only slower.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cmp_to_key
from typing import Any, Iterator, Mapping, Optional, Sequence

from .library import without_comments

MAX_RUNS = 16  # beyond this many (label, key) runs one scan of a small table is cheaper
SCAN_ROWS_PER_RUN = 1000  # a run costs what scanning about this many rows costs (bigger tables allow more runs)
_FILTER = re.compile(r"\b(?P<var>\w+)\.key\s+IN\s+\$(?P<target>\w+)\b")
_UNSPLITTABLE = re.compile(r"\b(WITH|UNION|DISTINCT|CALL|OPTIONAL|count|collect|sum|avg|min|max)\b", re.IGNORECASE)
_RETURN = re.compile(r"\bRETURN\b(?P<items>.*?)(?:\bORDER\s+BY\b(?P<order>.*?))?(?P<page>"
                     r"(?:\bSKIP\s+(?P<skip>\$\w+|\d+))?\s*(?:\bLIMIT\s+(?P<limit>\$\w+|\d+))?)\s*;?\s*$",
                     re.IGNORECASE | re.DOTALL)
_ORDER_ITEM = re.compile(r"^(?P<column>\w+)(?P<null>\s+IS(?:\s+NOT)?\s+NULL)?"
                         r"(?:\s+(?P<direction>ASC|ASCENDING|DESC|DESCENDING))?$", re.IGNORECASE)


@dataclass(frozen=True)
class OrderItem:
    """One ``ORDER BY`` item: a returned column, maybe ``IS NULL`` / ``IS NOT NULL``, and its direction."""

    column: str
    null_test: Optional[str] = None  # "IS NULL" or "IS NOT NULL"
    descending: bool = False


@dataclass(frozen=True)
class KeyedPlan:
    """The runs of a split query, and how to merge their rows into its page."""

    runs: tuple[tuple[str, dict], ...]
    order: tuple[OrderItem, ...]
    offset: int
    limit: Optional[int]


def runs_allowed(table_rows: int) -> int:
    """How many runs are cheaper than one scan of tables of ``table_rows`` rows: ``x.key IN $keys`` compares
    every row with every key (329 keys over 367,000 people: 540 ms), a run looks one key up (0.3 ms warm)."""
    return max(MAX_RUNS, table_rows // SCAN_ROWS_PER_RUN)


@dataclass(frozen=True)
class Paged:
    """A query cut from its page: the text up to its end with ``LIMIT <offset + limit>`` (every run reads from
    row 0), its parameters without the page's, and how :func:`merge` cuts the page from the runs' rows."""

    body: str
    params: dict
    order: tuple[OrderItem, ...]
    offset: int
    limit: Optional[int]


def paged(text: str, params: Mapping[str, Any]) -> Optional[Paged]:
    """``text`` (no comments) as runs take it, or None when its ORDER BY is not on returned columns or its page
    is not a pair of ints."""
    ending = _RETURN.search(text)
    if not ending:
        return None
    order = _order_items(ending["order"] or "", _returned_columns(ending["items"]))
    offset, limit = _page_value(ending["skip"], params, 0), _page_value(ending["limit"], params, None)
    if order is None or offset is None or (limit or offset) and not order:
        return None
    body, bound = text[:ending.start("page")].rstrip().rstrip(";"), dict(params)
    for name in (ending["skip"], ending["limit"]):
        if name and name.startswith("$"):
            bound.pop(name[1:], None)
    if limit is not None:
        # a number in the text, not a parameter: with LIMIT $n LadybugDB plans every run again (2 ms a run, against
        # 0.3 ms from its cache of the same text); the number is computed here from two ints, never user text
        body += f"\nLIMIT {int(offset) + int(limit)}"
    return Paged(body, bound, tuple(order), offset, limit)


def plan(cypher: str, params: Mapping[str, Any], targets: Sequence[str],
         labels_of: Mapping[str, set[str]], max_runs: int = MAX_RUNS) -> Optional[KeyedPlan]:
    """The runs for ``cypher`` with each ``$target`` list in ``targets`` split into single keys, or None
    (also when they would be more than ``max_runs``: see :func:`runs_allowed`)."""
    text = without_comments(cypher).strip()
    filters = [(m["var"], m["target"]) for m in _FILTER.finditer(text) if m["target"] in targets]
    page = paged(text, params)
    if not filters or page is None or _UNSPLITTABLE.search(text) or len({v for v, _ in filters}) != len(filters):
        return None
    choices = []
    for variable, target in filters:
        labels = _pattern_labels(text, variable)
        if not labels:
            return None
        pairs = [(label, key) for key in params[target] for label in labels if label in labels_of.get(key, labels)]
        choices.append(pairs or [(labels[0], "")])  # no key: one run that finds nothing, for the columns
    if any(len(pairs) > max_runs for pairs in choices) or _product_size(choices) > max_runs:
        return None
    runs = tuple(_run(page, filters, combination) for combination in itertools.product(*choices))
    return KeyedPlan(runs=runs, order=page.order, offset=page.offset, limit=page.limit)


def merge(plan_: KeyedPlan, columns: list[str], results: Sequence[list[list]]) -> list[list]:
    """The page of the whole query from its runs' rows: sorted by its ORDER BY, then cut."""
    rows = [row for result in results for row in result]
    if len(results) > 1 and plan_.order:
        index = {column: number for number, column in enumerate(columns)}
        rows.sort(key=cmp_to_key(lambda a, b: _compare(a, b, plan_.order, index)))
    end = None if plan_.limit is None else plan_.offset + plan_.limit
    return rows[plan_.offset:end]


def _run(page: Paged, filters: list[tuple[str, str]], combination: tuple[tuple[str, str], ...]) -> tuple[str, dict]:
    """One run: each filtered variable narrowed to one label and one key."""
    body, bound = page.body, dict(page.params)
    for (variable, target), (label, key) in zip(filters, combination):
        body = re.sub(rf"\(\s*{variable}\s*(:[\w|]+)?\s*([){{])", rf"({variable}:{label}\2", body, count=1)
        body = re.sub(rf"\b{variable}\.key\s+IN\s+\${target}\b", f"{variable}.key = ${target}", body)
        bound[target] = key
    return body, bound


def last_columns(text: str) -> Optional[list[str]]:
    """The column names of the last RETURN outside brackets (a query after its subqueries), or None when an item
    has no name a later clause could use (``RETURN s.name``, ``RETURN *``)."""
    last = None
    for match in _outside_brackets(text, r"\bRETURN\b"):
        last = match.start()
    ending = _RETURN.search(text, last) if last is not None else None
    if ending is None:
        return None
    columns = _returned_columns(re.sub(r"^\s*DISTINCT\b", "", ending["items"], flags=re.IGNORECASE))
    return columns if all(re.fullmatch(r"\w+", column) for column in columns) else None


def _returned_columns(items: str) -> list[str]:
    """The column names of a RETURN list: each item's alias, or the item itself."""
    columns = []
    for item in _top_level_split(items):
        alias = re.search(r"\bAS\s+(\w+)\s*$", item, re.IGNORECASE)
        columns.append(alias[1] if alias else item.strip())
    return columns


def _order_items(order: str, columns: list[str]) -> Optional[list[OrderItem]]:
    """The ORDER BY items, or None when one is not a returned column (maybe ``IS NULL``) with a direction."""
    items = []
    for item in _top_level_split(order):
        match = _ORDER_ITEM.match(item.strip())
        if not match or match["column"] not in columns:
            return None
        null_test = " ".join(match["null"].upper().split()) if match["null"] else None
        items.append(OrderItem(match["column"], null_test, (match["direction"] or "").upper().startswith("DESC")))
    return items


def _page_value(token: Optional[str], params: Mapping[str, Any], default: Optional[int]) -> Optional[int]:
    if token is None:
        return default
    value = params.get(token[1:]) if token.startswith("$") else int(token)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _pattern_labels(text: str, variable: str) -> list[str]:
    """The labels of the one node pattern that binds ``variable`` (none when it has no label or several patterns)."""
    patterns = re.findall(rf"\(\s*{variable}\s*(?::([\w|]+))?\s*[){{]", text)
    if len(patterns) != 1 or not patterns[0]:
        return []
    return patterns[0].split("|")


def _product_size(choices: list[list]) -> int:
    size = 1
    for pairs in choices:
        size *= len(pairs)
    return size


def _top_level_split(text: str) -> list[str]:
    """Split on the commas outside brackets and strings."""
    bounds = [-1] + [match.start() for match in _outside_brackets(text, ",")] + [len(text)]
    parts = [text[start + 1:end] for start, end in zip(bounds, bounds[1:])]
    return [p.strip() for p in parts if p.strip()]


def _outside_brackets(text: str, wanted: str) -> Iterator[re.Match]:
    """The matches of the pattern ``wanted`` outside brackets and quoted strings."""
    depth, quote = 0, None
    for match in re.finditer(rf"[{{}}()\[\]'\"]|{wanted}", text, re.IGNORECASE):
        token = match[0]
        if quote:
            quote = None if token == quote else quote
        elif token in ("'", '"'):
            quote = token
        elif token in ("{", "(", "["):
            depth += 1
        elif token in ("}", ")", "]"):
            depth -= 1
        elif depth == 0:
            yield match


def _compare(a: list, b: list, order: Sequence[OrderItem], index: Mapping[str, int]) -> int:
    """Cypher's order of two rows: nulls after every value ascending (before them descending)."""
    for item in order:
        x, y = a[index[item.column]], b[index[item.column]]
        if item.null_test:
            x, y = ((x is None) == (item.null_test == "IS NULL")), ((y is None) == (item.null_test == "IS NULL"))
        if x is None or y is None:
            result = (x is None) - (y is None)
        else:
            result = (x > y) - (x < y)
        if result:
            return -result if item.descending else result
    return 0
