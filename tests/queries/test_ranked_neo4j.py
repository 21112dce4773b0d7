"""On Neo4j a page of a date-ranked query is read from the date indexes (queries/ranked.py ``indexed``) and is the
whole query's slice: with ties, undated and sourceless statements, after the name resolver moved relationships
between nodes, and on a database loaded before SAID and ABOUT carried their speaker's or subject's key."""
from __future__ import annotations

import dataclasses

import pytest

from quotegraph.graph import schema as S
from quotegraph.graph.build import build_graph
from quotegraph.graph.neo4j_load import ensure_constraints, load_graph
from quotegraph.queries import ranked
from quotegraph.queries.library import get_query, inline_parts, paged
from quotegraph.queries.neo4j import ONE_RECORD_MOST, one_record, ordered_indexes, run_neo4j
from tests.graph.test_neo4j_load import wrong_neo4j_copies
from tests.graph.test_quote_copies import MOVING
from tests.queries.test_neo4j_plans import explain
from tests.queries.test_ranked import DATED, dated

pytestmark = pytest.mark.neo4j

CASES = [("said-about", {"name": "Putin"}), ("said-about", {"name": "Donald Trump"}), ("said-about", {"name": "Clinton"}),
         ("said-by", {"speaker": "Hillary Clinton"}), ("said-by", {"speaker": "Trump"}),
         ("timeline", {"speaker": "Hillary Clinton"}), ("timeline", {"speaker": "Donald Trump"}),
         ("acts", {"speaker": "Hillary Clinton"}), ("acts", {"speaker": "Clinton"})]


def assert_pages_are_slices(driver, name: str, params: dict) -> None:
    cypher = get_query(name).cypher
    whole = run_neo4j(driver, cypher, params).rows  # no page: the query as it is
    assert len(whole) >= 2 and len(set(whole)) == len(whole)
    for limit in (1, 2, 3):
        for offset in range(0, len(whole) + 1):
            assert run_neo4j(driver, *paged(cypher, params, limit, offset)).rows == whole[offset:offset + limit]


# Statements of one speaker with acts, some without a date: acts pages them in act order from the index.
ACTED = [dataclasses.replace(record, attributions=[dataclasses.replace(record.attributions[0], act=act)])
         for record, act in zip([dated(100 + n, (None, "2016-03-01", "2016-02-01")[n % 3], "Hillary Clinton",
                                       ("Donald Trump",)) for n in range(12)],
                                ["deny", "accuse", None, "warn", "accuse", "deny"] * 2)]


@pytest.fixture()
def moved(neo4j_db):
    """DATED, then the articles that move SAID and ABOUT between nodes, one load each (the server resolves)."""
    load_graph(build_graph(DATED + ACTED), neo4j_db)
    for record in MOVING:
        load_graph(build_graph([record]), neo4j_db)
    return neo4j_db


@pytest.mark.parametrize("name, params", CASES)
def test_every_dated_page_on_neo4j_is_the_whole_querys_slice(moved, name, params):
    assert wrong_neo4j_copies(moved) == 0
    # MOVING writes articles n-0000 to n-0003 again with other dates: every SAID and ABOUT of theirs follows
    assert moved.execute_query("MATCH (q:Quote)-[r:SAID|ABOUT]-() WHERE r.published <> q.published "
                               "OR r.published IS NULL <> q.published IS NULL RETURN count(*) AS n",
                               database_="neo4j").records[0]["n"] == 0
    assert_pages_are_slices(moved, name, params)


@pytest.mark.parametrize("name, params", [("said-about", {"name": "Putin"}), ("acts", {"speaker": "Clinton"})])
def test_the_page_is_read_from_an_ordered_index(moved, name, params):
    cypher = get_query(name).cypher
    lookups, query, params = inline_parts(*paged(cypher, params, 2))
    page = ranked.indexed(query, params, ranked.declared(cypher))
    operators = explain(moved, lookups + page.cypher, params)
    assert "DirectedRelationshipIndexSeek" in operators and "PartialTop" in operators, operators


def test_a_database_loaded_before_the_copies_gets_them_on_the_next_load(moved, neo4j_server):
    for index, (rel_type, props) in S.ORDERED_INDEXES.items():
        moved.execute_query(f"DROP INDEX {index}", database_="neo4j")
        for prop in props:
            if prop not in S.QUOTE_COPIES[rel_type]:  # published: the embedded store has it too
                moved.execute_query(f"MATCH ()-[r:{rel_type}]->() REMOVE r.{prop}", database_="neo4j")
    with neo4j_server.driver() as older:
        assert wrong_neo4j_copies(older) > 0 and not ordered_indexes(older, "neo4j")
        for name, params in [("said-about", {"name": "Putin"}), ("acts", {"speaker": "Clinton"})]:
            assert_pages_are_slices(older, name, params)  # no index: the page runs as it is
        ensure_constraints(older)  # what the next load does first
    with neo4j_server.driver() as loaded:
        assert wrong_neo4j_copies(loaded) == 0
        assert ordered_indexes(loaded, "neo4j") == set(S.ORDERED_INDEXES)
        assert_pages_are_slices(loaded, "said-by", {"speaker": "Hillary Clinton"})


@pytest.mark.parametrize("cypher, params, collected", [
    ("MATCH (n:Person) RETURN n.name AS name ORDER BY name SKIP $page_offset LIMIT $page_limit",
     {"page_offset": 0, "page_limit": 100}, True),
    ("MATCH (n:Person) RETURN n.name AS name ORDER BY name", {}, False),  # no page: it streams
    ("MATCH (n:Person) RETURN n.name AS name SKIP $page_offset LIMIT $page_limit",
     {"page_offset": 0, "page_limit": 1_000_000}, False),  # a page too long for one record
    ("MATCH (n:Person) RETURN n.name ORDER BY n.name SKIP $page_offset LIMIT $page_limit",
     {"page_offset": 0, "page_limit": 10}, False),  # a column without a name
])
def test_one_record_collects_a_page_only(cypher, params, collected):
    assert (one_record(cypher, params) is not None) == collected


def test_a_page_as_one_record_is_the_page_as_records(moved):
    """Nodes and lists come back the same when a page is collected into one record."""
    cypher = ("MATCH (s:Person)-[r:SAID]->(q:Quote) RETURN s AS speaker, q.published AS published, [r.published] AS "
              "dates ORDER BY published IS NULL, published DESC, q.key, s.key SKIP $page_offset LIMIT $page_limit")
    params = {"page_offset": 1, "page_limit": 7}
    collected = run_neo4j(moved, cypher, params)
    streamed = run_neo4j(moved, cypher + "\n", {**params, "page_limit": ONE_RECORD_MOST + 1})
    assert one_record(cypher, params) is not None and one_record(cypher, {**params, "page_limit": 10**6}) is None
    assert collected.columns == streamed.columns == ["speaker", "published", "dates"]
    assert collected.rows == streamed.rows[:7] and len(streamed.rows) > 7
    assert isinstance(collected.rows[0][0], dict) and collected.rows[0][0]["label"] == "Person"
