"""queries/keyed.py: a named query split into one primary-key run per (label, key), merged in its ORDER BY.

The split must be invisible: every named query, whole and page by page, gives the rows the unsplit query
gives on the same store (checked against the store's own run of the unsplit text).
"""
from __future__ import annotations

from collections import Counter

import pytest

from quotegraph.graph.store import open_store, records_into, save_graph
from quotegraph.queries import keyed
from quotegraph.queries.embedded import run_embedded
from quotegraph.queries.library import bind_names, get_query, list_queries, names_of, paged
from tests.graph.gold_acts import gold_record_with_acts
from tests.graph.test_resolve import BARE, BILL, HILLARY, article

SAID_BY = get_query("said-by").cypher
LABELS = {"vladimir putin": {"Person"}, "kremlin": {"Organization"}}


@pytest.mark.parametrize("cypher, params, runs", [
    (SAID_BY, {"keys": ["vladimir putin"]}, 1),
    (SAID_BY, {"keys": ["vladimir putin", "kremlin"]}, 2),
    (SAID_BY, {"keys": []}, 1),  # no key: one run that finds nothing, for the columns
    (SAID_BY, {"keys": ["unknown"]}, 2),  # a key found by no label lookup is tried under each label
    (SAID_BY, {"keys": [f"k{i}" for i in range(20)]}, None),  # many keys: one scan is cheaper
    ("// x\n// params: speaker\n// names: speaker as speaker -> $keys\n"
     "MATCH (s:Person)-[:SAID]->(q) WHERE s.key IN $keys RETURN count(q) AS n", {"keys": ["vladimir putin"]}, None),
    ("MATCH (s:Person)-[:SAID]->(q) WHERE s.key IN $keys WITH q RETURN q.text AS t", {"keys": ["a"]}, None),
    ("MATCH (s)-[:SAID]->(q) WHERE s.key IN $keys RETURN q.text AS t", {"keys": ["a"]}, None),  # no label
    ("MATCH (s:Person)-[:SAID]->(q) WHERE s.key IN $keys RETURN q.text AS t ORDER BY toLower(t)", {"keys": ["a"]},
     None),  # an ORDER BY on an expression
])
def test_plan(cypher, params, runs):
    plan = keyed.plan(cypher, params, ["keys"], LABELS)
    assert (None if plan is None else len(plan.runs)) == runs
    for run, values in plan.runs if plan else ():
        assert " IN $keys" not in run and isinstance(values["keys"], str)
        assert "|" not in run.split("WHERE")[0]  # one label per run


@pytest.mark.parametrize("table_rows, keys, split", [
    (4_000, 20, False),  # a small table: one scan of it is cheaper than 20 runs
    (40_000, 20, True),  # ten times as many rows: 40 runs cost what one scan costs
    (367_000, 329, True),  # the people of 100,000 articles, and the 329 keys "Twitter" finds there
    (367_000, 400, False),
])
def test_a_bigger_table_allows_more_runs(table_rows, keys, split):
    labels = {f"k{i}": {"Person"} for i in range(keys)}
    plan = keyed.plan(SAID_BY, {"keys": list(labels)}, ["keys"], labels, keyed.runs_allowed(table_rows))
    assert (plan is not None) == split


def test_a_run_cut_to_its_page_has_the_page_end_in_its_text():
    """LIMIT as a number: the database plans the text once for every run (a parameter made it plan each)."""
    plan = keyed.plan(*paged(SAID_BY, {"keys": ["vladimir putin", "kremlin"]}, limit=10, offset=20), ["keys"], LABELS)
    assert all(run.endswith("LIMIT 30") and "page_limit" not in values for run, values in plan.runs)


@pytest.mark.parametrize("order, rows, expected", [
    ("n", [[2], [None], [1]], [[1], [2], [None]]),  # nulls last ascending
    ("n DESC", [[2], [None], [1]], [[None], [2], [1]]),  # first descending
    ("n IS NULL, n DESC", [[2], [None], [1]], [[2], [1], [None]]),
    ("n IS NOT NULL, n", [[2], [None], [1]], [[None], [1], [2]]),
    ("a, n DESC", [["y", 1], ["x", 1], ["x", 2]], [["x", 2], ["x", 1], ["y", 1]]),
])
def test_merge_orders_rows_as_cypher_does(order, rows, expected):
    columns = ["n"] if len(rows[0]) == 1 else ["a", "n"]
    cypher = f"MATCH (s:Person) WHERE s.key IN $keys RETURN {', '.join(columns)} ORDER BY {order}"
    plan = keyed.plan(cypher, {"keys": ["a", "b"]}, ["keys"], {"a": {"Person"}, "b": {"Person"}})
    assert keyed.merge(plan, columns, [rows[:1], rows[1:]]) == expected


@pytest.fixture(scope="module")
def two_article_store(tmp_path_factory, gold, seed_text):
    from quotegraph.graph.build import build_graph

    graph = build_graph([gold_record_with_acts(gold, seed_text),
                         gold_record_with_acts(gold, seed_text, article_id="crimea-atacms-follow-up",
                                               published="2024-06-30")])
    path = tmp_path_factory.mktemp("keyed") / "g.lbug"
    save_graph(graph, path)
    # "Clinton" is then two people and a bare name kept in its article; "State" an organization in two articles
    records_into(path, [BARE, HILLARY, BILL, article("d-state", "State", kind="organization", about=["Clinton"]),
                        article("e-state", "State", kind="organization", about=["Hillary Clinton", "Ukraine"])])
    with open_store(path) as store:
        yield store


NAMES = {"speaker": ["Putin", "Kremlin", "Biden", "Peskov", "Miller", "Russia", "Kyiv", "Pentagon", "Clinton", "State"],
         "name": ["Ukraine", "US", "Russian government", "Peskov", "strike", "Putin", "Clinton", "State"],
         "event": ["strike", "ATACMS"], "organization": ["Pentagon", "Russia", "the Kremlin"],
         "about": ["NATO", "Ukraine", "Crimea"]}


def unsplit(store, cypher: str, params: dict) -> list[tuple]:
    """The rows of ``cypher`` run whole on the store, names bound as run_embedded binds them."""
    bound = bind_names(cypher, params, lambda lookup, values: [r[0] for r in store.query(lookup, values)[1]])
    return [tuple(row) for row in store.query(cypher, bound)[1]]


def cases():
    for query in list_queries():
        if not query.names:
            continue
        first, *rest = query.params
        for value in NAMES[first]:
            yield query.name, {first: value, **{p: NAMES[p][0] for p in rest}}


@pytest.mark.parametrize("name, params", list(cases()), ids=lambda v: str(v))
def test_a_split_query_gives_the_rows_of_the_whole_query_page_by_page(two_article_store, name, params):
    query = get_query(name)
    whole = run_embedded(two_article_store, query.cypher, params)
    assert Counter(whole.rows) == Counter(unsplit(two_article_store, query.cypher, params))
    order = query.cypher.split("ORDER BY")[1].replace("IS NULL", "").replace("DESC", "")
    positions = [whole.columns.index(c.strip()) for c in order.split(",") if c.strip()]
    pages = []
    for offset in range(0, len(whole.rows) + 3, 3):
        cypher, bound = paged(query.cypher, params, limit=3, offset=offset)
        page = run_embedded(two_article_store, cypher, bound).rows
        expected = unsplit(two_article_store, cypher, bound)
        assert [[r[i] for i in positions] for r in page] == [[r[i] for i in positions] for r in expected]
        pages += page
    assert Counter(pages) == Counter(whole.rows)


def test_some_case_above_is_really_split_into_several_runs(two_article_store):
    """The equality above means something only if names there resolve to several keys or labels."""
    split = 0
    for name, params in cases():
        query = get_query(name)
        labels_of: dict = {}
        bound = bind_names(query.cypher, params, lambda lookup, values: [
            labels_of.setdefault(r[0], set()).add(r[1]) or r[0] for r in two_article_store.query(lookup, values)[1]],
            indexed=True)
        plan = keyed.plan(query.cypher, bound, [n.target for n in names_of(query.cypher)], labels_of)
        assert plan is not None, name
        split += len(plan.runs) > 1
    assert split >= 3


@pytest.mark.parametrize("text, columns", [
    ("MATCH (s)-[:SAID]->(q) RETURN s.name AS speaker, q.text AS quote ORDER BY speaker", ["speaker", "quote"]),
    ("CALL () {\nMATCH (n) RETURN n.key AS key\n}\nWITH key AS k\nCALL (k) {\nMATCH (n {key: k}) RETURN n.name AS x\n"
     "}\nRETURN x, k ORDER BY x SKIP $page_offset LIMIT $page_limit", ["x", "k"]),  # the last RETURN, not a subquery's
    ("MATCH (n) RETURN DISTINCT n.name AS name, 'RETURN x' AS said LIMIT 5", ["name", "said"]),
    ("MATCH (n) RETURN n.name", None),  # a column no later clause can name
    ("MATCH (n) RETURN *", None),
    ("MATCH (n) SET n.x = 1", None),
])
def test_last_columns(text, columns):
    assert keyed.last_columns(text) == columns
