"""On Neo4j a page of a date-ranked query is read from the date indexes (queries/ranked.py ``indexed``) and is the
whole query's slice: with ties, undated and sourceless statements, after the name resolver moved relationships
between nodes, and on a database loaded before SAID and ABOUT carried their speaker's or subject's key."""
from __future__ import annotations

import pytest

from quotegraph.graph import schema as S
from quotegraph.graph.build import build_graph
from quotegraph.graph.neo4j_load import DATED_INDEXES, ensure_constraints, load_graph
from quotegraph.queries import ranked
from quotegraph.queries.library import get_query, inline_parts, paged
from quotegraph.queries.neo4j import run_neo4j
from tests.graph.test_neo4j_load import wrong_name_copies
from tests.graph.test_quote_copies import MOVING
from tests.queries.test_neo4j_plans import explain
from tests.queries.test_ranked import DATED

pytestmark = pytest.mark.neo4j

CASES = [("said-about", {"name": "Putin"}), ("said-about", {"name": "Donald Trump"}), ("said-about", {"name": "Clinton"}),
         ("said-by", {"speaker": "Hillary Clinton"}), ("said-by", {"speaker": "Trump"}),
         ("timeline", {"speaker": "Hillary Clinton"}), ("timeline", {"speaker": "Donald Trump"})]


def assert_pages_are_slices(driver, name: str, params: dict) -> None:
    cypher = get_query(name).cypher
    whole = run_neo4j(driver, cypher, params).rows  # no page: the query as it is
    assert len(whole) >= 2 and len(set(whole)) == len(whole)
    for limit in (1, 2, 3):
        for offset in range(0, len(whole) + 1):
            assert run_neo4j(driver, *paged(cypher, params, limit, offset)).rows == whole[offset:offset + limit]


@pytest.fixture()
def moved(neo4j_db):
    """DATED, then the articles that move SAID and ABOUT between nodes, one load each (the server resolves)."""
    load_graph(build_graph(DATED), neo4j_db)
    for record in MOVING:
        load_graph(build_graph([record]), neo4j_db)
    return neo4j_db


@pytest.mark.parametrize("name, params", CASES)
def test_every_dated_page_on_neo4j_is_the_whole_querys_slice(moved, name, params):
    assert wrong_name_copies(moved) == 0
    # MOVING writes articles n-0000 to n-0003 again with other dates: every SAID and ABOUT of theirs follows
    assert moved.execute_query("MATCH (q:Quote)-[r:SAID|ABOUT]-() WHERE r.published <> q.published "
                               "OR r.published IS NULL <> q.published IS NULL RETURN count(*) AS n",
                               database_="neo4j").records[0]["n"] == 0
    assert_pages_are_slices(moved, name, params)


def test_the_page_is_read_from_the_date_index(moved):
    cypher = get_query("said-about").cypher
    lookups, query, params = inline_parts(*paged(cypher, {"name": "Putin"}, 2))
    page = ranked.indexed(query, params, ranked.declared(cypher))
    operators = explain(moved, lookups + page.cypher, params)
    assert "DirectedRelationshipIndexSeek" in operators and "PartialTop" in operators, operators


def test_a_database_loaded_before_the_copies_gets_them_on_the_next_load(moved):
    driver = moved
    for rel_type, index in DATED_INDEXES.items():
        driver.execute_query(f"DROP INDEX {index}", database_="neo4j")
        driver.execute_query(f"MATCH ()-[r:{rel_type}]->() REMOVE r.{S.NAME_COPIES[rel_type]}", database_="neo4j")
    assert wrong_name_copies(driver) > 0
    assert_pages_are_slices(driver, "said-about", {"name": "Putin"})  # no copies: the page runs as it is
    ensure_constraints(driver)  # what the next load does first
    assert wrong_name_copies(driver) == 0
    names = driver.execute_query("SHOW INDEXES YIELD name RETURN collect(name) AS names",
                                 database_="neo4j").records[0]["names"]
    assert set(DATED_INDEXES.values()) <= set(names)
    assert_pages_are_slices(driver, "said-by", {"speaker": "Hillary Clinton"})
