"""`quotegraph export --format neo4j-admin`: the CSVs import with `neo4j-admin database import full`
into a stopped server and give the same database as the batched loader."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotegraph.cli import main
from quotegraph.graph import schema as S
from quotegraph.graph.neo4j_load import counts, load_graph
from quotegraph.graph.store import save_graph
from tests.graph.test_neo4j_load import graph_counts, wrong_neo4j_copies
from tests.neo4j_server import Neo4jTestServer, free_port
from tests.support import REPO

SCRIPT = REPO / "scripts" / "neo4j-local"

pytestmark = pytest.mark.neo4j

PROPERTIES = ("MATCH (p:Person {name: 'Vladimir Putin'})-[r:AFFILIATED_WITH]->(o) "
              "RETURN p.aliases AS aliases, r.role AS role, o.name AS org")
QUOTES = "MATCH (q:Quote) RETURN q.key AS key, q.text AS text, q.start AS start ORDER BY key"
TALKS = "MATCH (s)-[t:TALKS_ABOUT]->(x) RETURN s.key AS s, x.key AS x, t.statements AS n ORDER BY s, x"


@pytest.fixture()
def own_server(neo4j_server):
    """A second throwaway instance of our own (the import needs a stopped server)."""
    base = Path(tempfile.mkdtemp(prefix="quotegraph-neo4j-admin-"))
    server = Neo4jTestServer(base=base, bolt_port=free_port(), http_port=free_port())
    try:
        yield server
    finally:
        try:
            server.stop()
        finally:
            shutil.rmtree(base, ignore_errors=True)


def with_awkward_values(graph):
    """The gold graph plus a quote and aliases the CSVs must carry intact: quotes, commas, a newline, a backslash."""
    graph = graph.copy()
    quote = next(n for n, d in graph.nodes(data=True) if d["label"] == "Quote")
    graph.nodes[quote]["text"] = 'He said "no, never",\nthen left \\ for good; \'really\''
    putin = next(n for n, d in graph.nodes(data=True) if d.get("name") == "Vladimir Putin")
    graph.nodes[putin]["aliases"] = ["Putin", 'Vladimir "V.V." Putin', "Putin, Vladimir"]
    return graph


def test_export_imports_to_the_same_database_as_the_batched_load(neo4j_db, gold_graph, own_server, tmp_path):
    gold_graph = with_awkward_values(gold_graph)
    load_graph(gold_graph, neo4j_db)
    batched = counts(neo4j_db)
    assert batched == graph_counts(gold_graph)
    batched_props = neo4j_db.execute_query(PROPERTIES, database_="neo4j").records[0].data()
    batched_quotes = [r.data() for r in neo4j_db.execute_query(QUOTES, database_="neo4j").records]
    batched_talks = [r.data() for r in neo4j_db.execute_query(TALKS, database_="neo4j").records]
    assert batched_talks

    store = save_graph(gold_graph, tmp_path / "gold.graph.json")
    out = tmp_path / "import"
    done = CliRunner().invoke(main, ["export", str(out), "--format", "neo4j-admin", "--store", str(store)])
    assert done.exit_code == 0, done.output
    assert (out / "import.args").exists() and (out / "constraints.cypher").exists()

    own_server.start()  # writes the instance's config and system database, then holds some data
    with own_server.driver() as driver:
        driver.execute_query("CREATE (:Person {key: 'replaced', name: 'Replaced'})", database_="neo4j")
    # the user's one command: stop, neo4j-admin database import full, start, constraints and indexes
    done = subprocess.run([str(SCRIPT), "import", str(out)], env=own_server.env(), capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    with own_server.driver() as driver:
        assert counts(driver) == batched
        assert driver.execute_query(PROPERTIES, database_="neo4j").records[0].data() == batched_props
        assert [r.data() for r in driver.execute_query(QUOTES, database_="neo4j").records] == batched_quotes
        assert [r.data() for r in driver.execute_query(TALKS, database_="neo4j").records] == batched_talks
        assert wrong_neo4j_copies(driver) == 0  # SAID and ABOUT carry their speaker's or subject's key (and SAID its act)
        constraints = driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names",
                                           database_="neo4j").records[0]["names"]
        assert "person_key" in constraints and "quote_key" in constraints
        indexes = driver.execute_query("SHOW INDEXES YIELD name RETURN collect(name) AS names",
                                       database_="neo4j").records[0]["names"]
        assert set(S.ORDERED_INDEXES) <= set(indexes)
        # after the import, the batched loader MERGEs into it without doubling anything
        load_graph(gold_graph, driver)
        assert counts(driver) == batched
        assert [r.data() for r in driver.execute_query(TALKS, database_="neo4j").records] == batched_talks


def test_import_without_an_export_is_a_one_line_error(tmp_path):
    done = subprocess.run([str(SCRIPT), "import", str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and done.stderr.count("\n") == 1 and "quotegraph export --format neo4j-admin" in done.stderr


def test_export_refuses_a_file_as_the_directory(gold_graph, tmp_path):
    store = save_graph(gold_graph, tmp_path / "gold.graph.json")
    target = tmp_path / "a-file"
    target.write_text("x")
    done = CliRunner().invoke(main, ["export", str(target), "--format", "neo4j-admin", "--store", str(store)])
    assert done.exit_code == 2
