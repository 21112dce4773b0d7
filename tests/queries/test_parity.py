"""Every named query gives the same answer on the embedded graph, on a real Neo4j, and through cypher-shell.

The gold graph (plus a second copy of the article under another id and date,
so timelines and counts span articles) is loaded into Neo4j once; each query
in queries/*.cypher runs on both engines with the parameters below, and the
rows must be equal as multisets (ORDER BY ties may order differently).
"""
from __future__ import annotations

import json
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from quotegraph.graph.build import build_graph
from quotegraph.graph.neo4j_load import load_graph
from quotegraph.queries.embedded import run_embedded
from quotegraph.queries.library import bind_names, list_queries, paged
from quotegraph.queries.neo4j import run_neo4j
from tests.neo4j_server import ensure_running
from tests.graph.gold_acts import gold_record_with_acts

pytestmark = pytest.mark.neo4j

# query name -> parameter sets (each must find something in the gold graph)
PARAMETERS: dict[str, list[dict]] = {
    "said-about": [{"name": "Ukraine"}, {"name": "russia"}, {"name": "United States"}, {"name": "US"},
                   {"name": "ATACMS missile strike on Crimea"}, {"name": "nato"}],
    "said-about-event": [{"event": "strike"}, {"event": "ATACMS"}],
    "said-by": [{"speaker": "Putin"}, {"speaker": "Dmitry Peskov"}],
    "speaks-for": [{"organization": "Pentagon"}, {"organization": "Russia"}, {"organization": "the Kremlin"}],
    "talks-about": [{}],
    "timeline": [{"speaker": "Putin"}, {"speaker": "Miller"}],
    "disputes": [{"name": "Russian government"}, {"name": "Peskov"}, {"name": "Dmitry Peskov"}],
    "acts": [{"speaker": "Putin"}, {"speaker": "Matthew Miller"}, {"speaker": "Kyiv"}],
    "positions": [{"speaker": "Putin", "about": "NATO"}, {"speaker": "Biden", "about": "Ukraine"},
                  {"speaker": "Miller", "about": "Crimea"}],
}
CASES = [(q.name, params) for q in list_queries() for params in PARAMETERS.get(q.name, [None])]


@pytest.fixture(scope="module")
def graphs(neo4j_server, gold, seed_text):
    graph = build_graph([gold_record_with_acts(gold, seed_text),
                         gold_record_with_acts(gold, seed_text, article_id="crimea-atacms-follow-up", published="2024-06-30")])
    ensure_running(neo4j_server)
    neo4j_server.clear()
    driver = neo4j_server.driver()
    load_graph(graph, driver)
    yield graph, driver
    driver.close()


def test_every_named_query_has_parameters():
    assert {q.name for q in list_queries()} == set(PARAMETERS)
    for query in list_queries():
        for params in PARAMETERS[query.name]:
            assert set(params) == set(query.params), query.name


@pytest.mark.parametrize("name,params", CASES, ids=[f"{n}-{'-'.join(map(str, (p or {}).values())) or 'all'}"
                                                    for n, p in CASES])
def test_same_answer_on_both_engines(graphs, name, params):
    assert params is not None, f"add parameters for the new query {name!r} to PARAMETERS"
    graph, driver = graphs
    query = next(q for q in list_queries() if q.name == name)
    embedded = run_embedded(graph, query.cypher, params)
    neo4j = run_neo4j(driver, query.cypher, params)
    assert embedded.columns == neo4j.columns
    assert embedded.rows, f"{name} {params} finds nothing in the gold graph: a useless parity check"
    assert Counter(embedded.rows) == Counter(neo4j.rows)


SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "neo4j-local"


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_each_query_file_runs_unchanged_through_cypher_shell(graphs, neo4j_server, query):
    """Neo4j's own cypher-shell (from Maven Central) runs the file as it is, with -P parameters."""
    graph, _ = graphs
    params = PARAMETERS[query.name][0]
    files = Path(__file__).resolve().parents[2] / "queries"
    path = files / f"{query.name.replace('-', '_')}.cypher"
    args = [str(SCRIPT), "cypher-shell", "-a", neo4j_server.uri, "-u", "neo4j", "-p", neo4j_server.password,
            "-d", "neo4j", "--format", "plain", "-f", str(path)]
    for name, value in bind_names(query.cypher, params, lambda lookup, values: [
            row[0] for row in run_embedded(graph, lookup, values).rows]).items():
        args += ["-P", f"{name} => {json.dumps(value)}"]  # names go in as the keys they resolve to
    done = subprocess.run(args, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    embedded = run_embedded(graph, query.cypher, params)
    assert [c.strip() for c in lines[0].split(",")] == embedded.columns
    assert len(lines) - 1 == len(embedded.rows)


@pytest.mark.parametrize("name,params", [("said-by", {"speaker": "Putin"}), ("said-about", {"name": "Ukraine"}),
                                         ("said-about-event", {"event": "strike"})])
def test_pages_are_the_same_rows_in_the_same_order_on_both_engines(graphs, name, params):
    """Newest first, page by page: the pages of 2 rows joined are the whole answer, row for row on both engines."""
    graph, driver = graphs
    query = next(q for q in list_queries() if q.name == name)
    whole = run_embedded(graph, query.cypher, params)
    pages = []
    for offset in range(0, len(whole.rows) + 2, 2):
        cypher, bound = paged(query.cypher, params, limit=2, offset=offset)
        embedded, neo4j = run_embedded(graph, cypher, bound).rows, run_neo4j(driver, cypher, bound).rows
        assert embedded == neo4j and len(embedded) <= 2
        pages += embedded
    assert pages == whole.rows and len(whole.rows) >= 4
    published = [row[whole.columns.index("published")] for row in whole.rows]
    assert published == sorted(published, reverse=True) and published[0] == "2024-06-30"
