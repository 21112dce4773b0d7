"""The Neo4j side of the command line (load, ingest --neo4j, query --neo4j, cypher --neo4j),
through click's CliRunner against the session's real Neo4j server."""
from __future__ import annotations

import json
from collections import Counter

import pytest
from click.testing import CliRunner

from quotegraph import api
from quotegraph.cli import main
from quotegraph.graph.neo4j_load import counts
from quotegraph.graph.store import load_graph, save_graph
from quotegraph.queries.embedded import run_embedded
from quotegraph.queries.library import get_query
from tests.neo4j_server import free_port, neo4j_db, neo4j_server  # noqa: F401 - fixtures
from tests.support import SEED_TEXT

pytestmark = pytest.mark.neo4j


@pytest.fixture()
def runner():
    return CliRunner()


@pytest.fixture()
def gold_store(gold_graph, tmp_path):
    return save_graph(gold_graph, tmp_path / "gold.graph.json")


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def test_load_pushes_the_store_and_twice_changes_nothing(runner, neo4j_server, neo4j_db, gold_store, gold_graph):
    args = ["load", "--store", str(gold_store), *neo4j_server.cli_args(), "--no-progress"]
    first = runner.invoke(main, args)
    assert first.exit_code == 0, first.output
    assert f"{gold_graph.number_of_nodes()} nodes, {gold_graph.number_of_edges()} relationships" in first.stderr
    once = counts(neo4j_db)
    second = runner.invoke(main, args + ["--batch-size", "3"])
    assert second.exit_code == 0, second.output
    assert counts(neo4j_db) == once
    assert sum(once[0].values()) == gold_graph.number_of_nodes()


def test_load_reads_the_connection_from_the_environment(runner, neo4j_server, neo4j_db, gold_store, monkeypatch):
    for name, value in (("NEO4J_URI", neo4j_server.uri), ("NEO4J_USERNAME", "neo4j"),
                        ("NEO4J_PASSWORD", neo4j_server.password), ("NEO4J_DATABASE", "neo4j")):
        monkeypatch.setenv(name, value)
    result = runner.invoke(main, ["load", "--store", str(gold_store), "--progress"])
    assert result.exit_code == 0, result.output
    assert counts(neo4j_db)[0]["Quote"] == 13


def test_load_replace_makes_an_exact_copy(runner, neo4j_server, neo4j_db, gold_store, gold_graph):
    neo4j_db.execute_query("CREATE (:Person {key: 'stray', name: 'Stray'})", database_="neo4j")
    result = runner.invoke(main, ["load", "--store", str(gold_store), *neo4j_server.cli_args(), "--replace"])
    assert result.exit_code == 0, result.output
    assert sum(counts(neo4j_db)[0].values()) == gold_graph.number_of_nodes()


def test_load_to_a_server_that_is_down_is_one_line(runner, gold_store):
    uri = f"bolt://127.0.0.1:{free_port()}"
    result = runner.invoke(main, ["load", "--store", str(gold_store), "--uri", uri])
    assert result.exit_code == 2
    assert len(lines(result.stderr)) == 1 and uri in result.stderr and result.stderr.startswith("error: ")


def test_load_with_a_wrong_password_says_so(runner, neo4j_server, gold_store):
    args = ["load", "--store", str(gold_store), "--uri", neo4j_server.uri, "--password", "wrong-password"]
    result = runner.invoke(main, args)
    assert result.exit_code == 2
    assert len(lines(result.stderr)) == 1 and "password" in result.stderr


@pytest.fixture()
def loaded(runner, neo4j_server, neo4j_db, gold_store):
    result = runner.invoke(main, ["load", "--store", str(gold_store), *neo4j_server.cli_args()])
    assert result.exit_code == 0, result.output
    return neo4j_server


def test_query_neo4j_answers_like_the_embedded_graph(runner, loaded, gold_store, gold_graph):
    args = ["query", "said-about", "-p", "name=Ukraine", "--format", "json"]
    on_neo4j = runner.invoke(main, args + ["--neo4j", *loaded.cli_args()])
    embedded = runner.invoke(main, args + ["--store", str(gold_store)])
    assert on_neo4j.exit_code == 0 and embedded.exit_code == 0, on_neo4j.output + embedded.output
    rows = [json.loads(line) for line in on_neo4j.stdout.splitlines()]
    assert len(rows) == 3 and {r["speaker"] for r in rows} >= {"Charlie Dietz"}
    assert Counter(on_neo4j.stdout.splitlines()) == Counter(embedded.stdout.splitlines())


def test_query_neo4j_unknown_name_and_missing_parameter(runner, loaded):
    unknown = runner.invoke(main, ["query", "no-such-query", "--neo4j", *loaded.cli_args()])
    assert unknown.exit_code == 2 and "no query named" in unknown.stderr
    missing = runner.invoke(main, ["query", "said-about", "--neo4j", *loaded.cli_args()])
    assert missing.exit_code == 2 and len(lines(missing.stderr)) == 1 and "name" in missing.stderr


def test_cypher_neo4j_runs_ad_hoc_queries_with_parameters(runner, loaded):
    result = runner.invoke(main, ["cypher", "--neo4j", *loaded.cli_args(), "--format", "csv", "-p", "who=Putin",
                                  "MATCH (p:Person)-[:SAID]->(q:Quote) WHERE p.name ENDS WITH $who "
                                  "RETURN p.name AS speaker, count(q) AS n"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["speaker,n", "Vladimir Putin,2"]


@pytest.mark.parametrize("write", [
    "CREATE (n:Person {key: 'intruder', name: 'Intruder'}) RETURN n",
    "MATCH (n) DETACH DELETE n",
    "MATCH (p:Person) SET p.name = 'x' RETURN count(p)",
])
def test_a_write_through_cypher_neo4j_is_refused(runner, loaded, neo4j_db, write):
    before = counts(neo4j_db)
    result = runner.invoke(main, ["cypher", "--neo4j", *loaded.cli_args(), write])
    assert result.exit_code == 2
    assert len(lines(result.stderr)) == 1 and "read-only" in result.stderr
    assert counts(neo4j_db) == before
    assert neo4j_db.execute_query("MATCH (p:Person {name: 'x'}) RETURN count(p) AS n",
                                  database_="neo4j").records[0]["n"] == 0


def test_query_neo4j_with_the_server_down_is_one_line(runner):
    uri = f"bolt://127.0.0.1:{free_port()}"
    result = runner.invoke(main, ["query", "said-about", "-p", "name=Ukraine", "--neo4j", "--uri", uri])
    assert result.exit_code == 2 and len(lines(result.stderr)) == 1 and uri in result.stderr


# -- ingest --neo4j: the real extractor on real files, into the real server ---------------------
@pytest.fixture()
def articles_dir(tmp_path):
    """Two articles on disk: the seed, and the seed again under another id (a follow-up story)."""
    folder = tmp_path / "articles"
    folder.mkdir()
    text = SEED_TEXT.read_text(encoding="utf-8")
    (folder / "crimea-atacms-retaliation.txt").write_text(text, encoding="utf-8")
    (folder / "crimea-atacms-follow-up.txt").write_text(text, encoding="utf-8")
    return folder


def test_ingest_neo4j_loads_what_it_extracts(runner, neo4j_server, neo4j_db, articles_dir, tmp_path):
    store = tmp_path / "ingested.graph.json"
    result = runner.invoke(main, ["ingest", str(articles_dir), "--store", str(store), "--neo4j",
                                  *neo4j_server.cli_args()])
    assert result.exit_code == 0, result.output
    graph = load_graph(store)
    assert sum(1 for _, d in graph.nodes(data=True) if d["label"] == "Article") == 2
    labels, types = counts(neo4j_db)
    assert sum(labels.values()) == graph.number_of_nodes() and sum(types.values()) == graph.number_of_edges()
    query = get_query("said-by")
    embedded = run_embedded(graph, query.cypher, {"speaker": "Putin"})
    assert Counter(embedded.rows) == Counter(api.run_query_neo4j("said-by", {"speaker": "Putin"},
                                                                  settings=neo4j_server.settings()).rows)


def test_ingest_neo4j_server_down_fails_before_touching_the_store(runner, articles_dir, tmp_path):
    store = tmp_path / "untouched.graph.json"
    uri = f"bolt://127.0.0.1:{free_port()}"
    result = runner.invoke(main, ["ingest", str(articles_dir), "--store", str(store), "--neo4j", "--uri", uri])
    assert result.exit_code == 2 and len(lines(result.stderr)) == 1 and uri in result.stderr
    assert not store.exists()


def test_ingest_neo4j_load_failure_keeps_the_store_whole(runner, neo4j_server, articles_dir, tmp_path):
    """The server refuses the batches (no such database): one line, exit 1, every article in the store."""
    store = tmp_path / "kept.graph.json"
    args = ["ingest", str(articles_dir), "--store", str(store), "--neo4j", "--uri", neo4j_server.uri,
            "--password", neo4j_server.password, "--database", "nosuchdatabase"]
    result = runner.invoke(main, args)
    assert result.exit_code == 1, result.output
    errors = [line for line in lines(result.stderr) if line.startswith("error: ")]
    assert len(errors) == 1 and "quotegraph load" in errors[0], result.stderr
    graph = load_graph(store)
    assert sum(1 for _, d in graph.nodes(data=True) if d["label"] == "Article") == 2
