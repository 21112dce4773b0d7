"""Benchmark 7: each named lookup query's first page on a running Neo4j, alone on the machine.

    python bench/bench_neo4j_pages.py --store /tmp/qgbench/100000.lbug [--repeat 5]

The server (NEO4J_URI / NEO4J_PASSWORD) must already hold the store's graph (``bench_store.py --neo4j``
leaves the largest size loaded). For the 100 busiest values of each query's one name parameter (the
ranking ``bench_store.py`` uses), one page of 100 rows through ``run_neo4j`` (what ``quotegraph query
--neo4j`` runs: the name lookups and the page in one statement, from the ordered indexes where the
query is ranked), after a warm-up: the median over the values of each value's median of ``--repeat``
runs, and the floor (``RETURN 1`` in a session of its own). bench_store.py's Neo4j column runs beside
the embedded store and its processes; this one runs nothing else. Each page is checked against the
query run as it is (the same rows; rows tied on every ORDER BY key may come in either order).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_store import PAGE, SAMPLE, SAMPLED, top_values  # noqa: E402
from common import load, machine  # noqa: E402

from quotegraph.graph.neo4j_load import connect  # noqa: E402
from quotegraph.graph.store import open_store  # noqa: E402
from quotegraph.queries.library import inline_names, list_queries, paged  # noqa: E402
from quotegraph.queries.neo4j import run_neo4j  # noqa: E402
from quotegraph.settings import Neo4jSettings  # noqa: E402


def median_ms(call, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def report(driver, query, values: list, repeat: int) -> str:
    """One line: the p50 over the values, the slowest value's, and the pages that differ from the query as it is."""
    pages = [paged(query.cypher, {query.params[0]: value}, PAGE) for value in values]
    run_neo4j(driver, *pages[0])
    times = [median_ms(lambda page=page: run_neo4j(driver, *page), repeat) for page in pages]
    differing = sum(Counter(run_neo4j(driver, *page).rows) != Counter(
        run_neo4j(driver, *inline_names(*page)).rows) for page in pages)
    return (f"{query.name:<17} p50 {statistics.median(times):6.1f} ms   slowest {max(times):7.1f} ms   "
            f"pages differing {differing}/{len(pages)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True, help="the store whose graph the server holds (for the names)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with open_store(args.store, must_exist=True) as opened:
        samples = {param: top_values(opened, param, SAMPLE) for param in SAMPLED}
    print(f"machine: {machine()}\nstart: {load()}", flush=True)
    with connect(Neo4jSettings.from_env()) as driver:
        floor = median_ms(lambda: run_neo4j(driver, "RETURN 1"), 50)
        print(f"floor (RETURN 1, a session each): {floor:.2f} ms", flush=True)
        for query in list_queries():
            if len(query.params) == 1 and query.params[0] in SAMPLED:
                print(report(driver, query, samples[query.params[0]], args.repeat), flush=True)
    print(f"end: {load()}")


if __name__ == "__main__":
    main()
