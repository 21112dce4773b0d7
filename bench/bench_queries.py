"""Benchmark 5: each named query's latency on the embedded graph and on Neo4j.

    python bench/bench_queries.py --store /tmp/qg10k.graph.json [--repeat 5] [--neo4j]

The store is a graph ingested by ``quotegraph ingest`` (bench_memory.py
``--keep-store`` keeps its 10,000-article one). Parameters are the most
quoted speaker / organization / entity / event of the graph. With ``--neo4j``
the graph is first loaded (``--replace``) into the server of NEO4J_URI /
NEO4J_PASSWORD. Prints the median of ``--repeat`` runs after one warm-up
(embedded: the database opened once, as in a long-lived process; reading the
whole graph into networkx, for the parameters and Neo4j, is printed separately; bench_store.py
covers open time and whole-process time). No times are asserted.
"""
from __future__ import annotations

import argparse
import statistics
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import Timer, load, machine  # noqa: E402

from quotegraph.graph import schema as S  # noqa: E402
from quotegraph.graph.store import load_graph, open_store  # noqa: E402
from quotegraph.queries.embedded import run_embedded  # noqa: E402
from quotegraph.queries.library import get_query, list_queries  # noqa: E402


def parameters(graph) -> dict[str, str]:
    """Busy, real values for each parameter name, taken from the graph."""
    said, about = Counter(), Counter()
    for u, v, data in graph.edges(data=True):
        if data.get("type") == S.SAID:
            said[u] += 1
        elif data.get("type") == S.ABOUT:
            about[v] += 1
    nodes = graph.nodes

    def top(counter, labels):
        return next(nodes[n]["name"] for n, _ in counter.most_common() if nodes[n]["label"] in labels)

    return {"name": top(about, S.ENTITY_LABELS), "speaker": top(said, (S.PERSON,)),
            "organization": top(said, (S.ORGANIZATION,)), "event": top(about, (S.EVENT,))}


def median_ms(function, repeat: int) -> tuple[float, int]:
    rows = len(function().rows)  # warm-up
    times = []
    for _ in range(repeat):
        with Timer() as t:
            function()
        times.append(t.seconds * 1000)
    return statistics.median(times), rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--neo4j", action="store_true")
    args = parser.parse_args()
    with Timer() as t_read:
        graph = load_graph(args.store, must_exist=True)
    articles = sum(1 for _, d in graph.nodes(data=True) if d.get("label") == S.ARTICLE)
    print(f"machine: {machine()}")
    print(f"graph: {args.store}: {articles:,} articles, {graph.number_of_nodes():,} nodes, "
          f"{graph.number_of_edges():,} relationships (read in {t_read.seconds:.1f} s)")
    print(f"start: {load()}", flush=True)
    values = parameters(graph)
    print("parameters: " + ", ".join(f"{k}={v!r}" for k, v in values.items()))
    driver = settings = None
    if args.neo4j:
        from quotegraph.graph.neo4j_load import clear, connect, load_graph as load_neo4j
        from quotegraph.queries.neo4j import run_neo4j
        from quotegraph.settings import Neo4jSettings

        settings = Neo4jSettings.from_env()
        driver = connect(settings)
        clear(driver, settings.database)
        summary = load_neo4j(graph, driver, settings.database)
        print(f"loaded into {settings.uri} at {summary.rate:,.0f} /s")
    print(f"{'query':<18} {'rows':>6} {'embedded ms':>12} {'neo4j ms':>10}", flush=True)
    opened = open_store(args.store, must_exist=True)  # the database itself, as `quotegraph query` runs
    for query in list_queries():
        params = {p: values[p] for p in query.params}
        embedded, rows = median_ms(lambda: run_embedded(opened, query.cypher, params), args.repeat)
        on_neo4j = ""
        if driver is not None:
            ms, neo_rows = median_ms(lambda: run_neo4j(driver, get_query(query.name).cypher, params,
                                                       settings.database), args.repeat)
            on_neo4j = f"{ms:10.1f}" + ("" if neo_rows == rows else f" ({neo_rows} rows!)")
        print(f"{query.name:<18} {rows:>6} {embedded:>12.1f} {on_neo4j:>10}", flush=True)
    if driver is not None:
        driver.close()
    print(f"end: {load()}")


if __name__ == "__main__":
    main()
