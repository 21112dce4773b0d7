"""neo4j:// routing URIs (what a Neo4j cluster or a managed Neo4j gives) against the real test server,
and transactions the driver retries: each leaves exactly one copy of what it writes."""
from __future__ import annotations

import pytest
from neo4j.exceptions import IncompleteCommit, ServiceUnavailable, SessionExpired

from quotegraph import api
from quotegraph.graph import schema as S
from quotegraph.graph.neo4j_load import connect, counts, node_rows, node_statement

pytestmark = pytest.mark.neo4j


def routing_settings(server):
    """The test server's settings with a neo4j:// (routing) URI instead of bolt://."""
    return server.settings(uri=f"neo4j://127.0.0.1:{server.bolt_port}")


def test_a_routing_uri_loads_queries_and_reloads_idempotently(neo4j_db, neo4j_server, gold_graph):
    settings = routing_settings(neo4j_server)
    first = api.load_to_neo4j(graph=gold_graph, settings=settings)
    assert (first.nodes, first.relationships) == (gold_graph.number_of_nodes(), gold_graph.number_of_edges())
    loaded = counts(neo4j_db)
    api.load_to_neo4j(graph=gold_graph, settings=settings, batch_size=5)
    assert counts(neo4j_db) == loaded
    assert sum(loaded[0].values()) == gold_graph.number_of_nodes()
    # reads go to the routing table's readers: the same server here
    result = api.run_query_neo4j("said-by", {"speaker": "Putin"}, settings=settings)
    assert result.rows


def test_the_driver_routes_through_the_server_it_was_given(neo4j_server):
    driver = connect(routing_settings(neo4j_server))
    try:
        table = driver.execute_query("CALL dbms.routing.getRoutingTable({}, 'neo4j') YIELD servers "
                                     "RETURN servers", database_="neo4j").records[0]["servers"]
    finally:
        driver.close()
    roles = {server["role"]: server["addresses"] for server in table}
    assert set(roles) == {"WRITE", "READ", "ROUTE"}
    assert all(address == f"127.0.0.1:{neo4j_server.bolt_port}" for addresses in roles.values()
               for address in addresses)


@pytest.mark.parametrize("create", [True, False], ids=["create-into-empty-label", "merge"])
def test_a_retried_batch_leaves_one_copy(neo4j_db, neo4j_server, gold_graph, create):
    """The driver reruns a managed transaction after a retryable failure; the failed try is rolled back."""
    rows = [[row["key"], row["props"]] for row in node_rows(gold_graph)[S.PERSON]]
    statement = node_statement(S.PERSON, create=create)
    tries = []

    def work(tx):
        tx.run(statement, rows=rows).consume()
        tries.append(len(tries) + 1)
        if len(tries) == 1:
            raise SessionExpired("the connection to the leader went away (a leader switch)")

    driver = connect(routing_settings(neo4j_server))
    try:
        with driver.session(database="neo4j") as session:
            session.execute_write(work)
    finally:
        driver.close()
    assert tries == [1, 2]
    assert counts(neo4j_db)[0][S.PERSON] == len(rows)


def test_a_commit_that_may_have_happened_is_not_retried_but_reported():
    """The driver never retries a commit whose outcome it does not know: the loader reports it
    (a ServiceUnavailable: "run it again"), and the rerun MERGEs, so nothing is doubled."""
    assert issubclass(IncompleteCommit, ServiceUnavailable)
    assert not IncompleteCommit("lost during commit").is_retryable()
