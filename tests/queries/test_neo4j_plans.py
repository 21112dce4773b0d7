"""On Neo4j every lookup starts from an index: EXPLAIN each named query and each resolver lookup.

``quotegraph load`` creates the indexes (a uniqueness constraint, so a range
index, on every label's ``key``; text indexes for the surname and event-part
lookups). A plan that scans all nodes or a whole label to find its start is
a failure; talks-about reads the TALKS_ABOUT pairs ingest and load keep, from their index.
"""
from __future__ import annotations

import pytest

from quotegraph.graph.names import KINDS, lookup_cypher, lookup_statement
from quotegraph.graph.neo4j_load import load_graph
from quotegraph.queries.library import inline_names, list_queries, paged
from tests.neo4j_server import ensure_running

pytestmark = pytest.mark.neo4j

SCANS = {"AllNodesScan", "NodeByLabelScan", "UnionNodeByLabelsScan", "IntersectionNodeByLabelsScan"}
SEEKS = {"NodeIndexSeek", "NodeUniqueIndexSeek", "MultiNodeIndexSeek", "NodeIndexEndsWithScan",
         "NodeIndexContainsScan", "DirectedRelationshipIndexSeek"}


@pytest.fixture(scope="module")
def driver(neo4j_server, gold_graph_module):
    ensure_running(neo4j_server)
    neo4j_server.clear()
    driver = neo4j_server.driver()
    load_graph(gold_graph_module, driver)
    yield driver
    driver.close()


@pytest.fixture(scope="module")
def gold_graph_module(gold, seed_text):
    from quotegraph.graph.build import build_graph
    from tests.graph.gold_acts import gold_record_with_acts
    return build_graph([gold_record_with_acts(gold, seed_text)])


def operators(plan) -> list[str]:
    """Every operator of a plan, its own name without the planner's @neo4j suffix."""
    found = [plan["operatorType"].split("@")[0]]
    for child in plan.get("children", []):
        found += operators(child)
    return found


def explain(driver, cypher: str, params: dict) -> list[str]:
    summary = driver.execute_query("EXPLAIN " + cypher, params, database_="neo4j").summary
    return operators(summary.plan)


@pytest.mark.parametrize("query", [q for q in list_queries() if q.names], ids=lambda q: q.name)
@pytest.mark.parametrize("page", [None, 100], ids=["all", "page"])
def test_each_named_lookup_query_starts_from_an_index(driver, query, page):
    cypher, params = paged(query.cypher, {name.target: ["x"] for name in query.names}, page)
    ops = explain(driver, cypher, params)
    assert SEEKS & set(ops), ops
    assert not SCANS & set(ops), ops
    if page:
        assert {"Top", "PartialTop", "Limit"} & set(ops), ops  # the page is cut by the database, not by us


@pytest.mark.parametrize("query", [q for q in list_queries() if q.names], ids=lambda q: q.name)
def test_a_named_query_with_its_name_lookups_inlined_is_still_indexed_throughout(driver, query):
    """As `quotegraph query --neo4j` sends it: the lookups ahead of the query in one statement, one page."""
    cypher, params = inline_names(*paged(query.cypher, {p: "Putin" for p in query.params}, 100))
    ops = explain(driver, cypher, params)
    assert SEEKS & set(ops) and not SCANS & set(ops), ops
    assert {"Top", "PartialTop", "Limit"} & set(ops), ops


@pytest.mark.parametrize("kind,label", [(k, label) for k, rule in KINDS.items() for label in rule.labels])
def test_each_resolver_lookup_uses_an_index(driver, kind, label):
    ops = explain(driver, lookup_cypher(kind, label), {"keys": ["x"], "suffix": " x", "part": "x"})
    assert SEEKS & set(ops), ops
    assert not SCANS & set(ops), ops


def test_talks_about_reads_its_kept_pairs_in_index_order(driver):
    """Talks-about reads TALKS_ABOUT (graph/talks.py) from the range index on ``statements``, busiest first:
    a page stops after its rows instead of counting every statement."""
    query = next(q for q in list_queries() if q.name == "talks-about")
    ops = explain(driver, *paged(query.cypher, {}, 100))
    assert {"DirectedRelationshipIndexSeekByRange", "DirectedRelationshipIndexScan"} & set(ops), ops
    assert "PartialTop" in ops and not {"EagerAggregation", "OrderedAggregation"} & set(ops), ops


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_resolver_runs_each_kind_as_one_indexed_statement(driver, kind):
    ops = explain(driver, lookup_statement(kind), {"keys": ["x"], "suffix": " x", "part": "x"})
    assert "Union" in ops or len(KINDS[kind].labels) == 1, ops
    assert SEEKS & set(ops) and not SCANS & set(ops), ops
