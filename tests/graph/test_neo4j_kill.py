"""THE MID-LOAD KILL TEST, for real: kill -9 the Neo4j server while ``quotegraph load`` runs.

A graph of 2,000 synthetic articles (the gold article under 2,000 ids and
dates: ~32k nodes, ~132k relationships) is loaded with the CLI in a
subprocess; once part of it is in, the server JVM is killed with SIGKILL by
the PID in scripts/neo4j-local's PID file. The load must fail with a
one-line error naming the server. After a restart (Neo4j recovers from its
transaction log) the same load runs again and the database must hold exactly
what a clean load gives: no duplicate nodes or relationships.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from quotegraph.graph.build import build_graph
from quotegraph.graph.neo4j_load import clear, counts, load_graph
from quotegraph.graph.store import save_graph
from tests.graph.test_neo4j_load import graph_counts
from tests.neo4j_server import ensure_running
from tests.support import REPO, gold_to_record

pytestmark = pytest.mark.neo4j

ARTICLES = 2000


def synthetic_graph(gold, text, n=ARTICLES):
    return build_graph(gold_to_record(gold, text, article_id=f"synthetic-{i:05d}",
                                      published=f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}") for i in range(n))


def total_nodes(driver) -> int:
    return driver.execute_query("MATCH (n) RETURN count(n) AS n", database_="neo4j").records[0]["n"]


def duplicates(driver) -> tuple[int, int]:
    nodes = driver.execute_query(
        "MATCH (n) WITH labels(n) AS l, n.key AS k, count(*) AS c WHERE c > 1 RETURN count(*) AS n",
        database_="neo4j").records[0]["n"]
    rels = driver.execute_query(
        "MATCH (a)-[r]->(b) WITH a, b, type(r) AS t, r.role AS role, r.written AS written, count(*) AS c "
        "WHERE c > 1 RETURN count(*) AS n",
        database_="neo4j").records[0]["n"]
    return nodes, rels


def test_kill_9_mid_load_then_reload_gives_a_clean_graph(neo4j_server, neo4j_db, gold, seed_text, tmp_path):
    graph = synthetic_graph(gold, seed_text)
    expected = graph_counts(graph)
    store = save_graph(graph, tmp_path / "synthetic.graph.json")
    command = [sys.executable, "-m", "quotegraph.cli", "load", "--store", str(store), *neo4j_server.cli_args(),
               "--batch-size", "2000", "--no-progress"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    loader = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        # wait until the load is under way (some nodes in), then kill -9 the server
        deadline = time.monotonic() + 120
        while total_nodes(neo4j_db) < 3000:
            assert loader.poll() is None, f"the load ended before the kill: {loader.communicate()}"
            assert time.monotonic() < deadline, "the load never got going"
            time.sleep(0.05)
        neo4j_db.close()
        killed = neo4j_server.kill()
        assert loader.poll() != 0, "the load finished before the server was killed: make the graph bigger"
        out, err = loader.communicate(timeout=180)
    finally:
        if loader.poll() is None:
            loader.kill()
    assert loader.returncode == 1, f"the load did not fail as a load failure when server {killed} died: {err}"
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ") and neo4j_server.uri in lines[0], lines[0]
    assert "Traceback" not in err

    neo4j_server.start()  # recovery from the transaction log
    with neo4j_server.driver() as driver:
        partial = counts(driver)
        assert sum(partial[0].values()) + sum(partial[1].values()) < \
            sum(expected[0].values()) + sum(expected[1].values()), "the kill did not interrupt the load"

    again = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    with neo4j_server.driver() as driver:
        recovered = counts(driver)
        assert duplicates(driver) == (0, 0)
        assert recovered == expected
        clear(driver)
        load_graph(graph, driver, batch_size=5000)  # a clean load into an empty database
        assert counts(driver) == recovered


@pytest.fixture(autouse=True)
def _server_back_up(neo4j_server):
    yield
    ensure_running(neo4j_server)  # the other tests need it whatever happened here
