"""Benchmark 3: Neo4j load rate (nodes + relationships per second) for a fresh load, and neo4j-admin.

    quotegraph ingest polnear_train.jsonl polnear_dev.jsonl --store /tmp/polnear.graph.json   # once
    eval "$(NEO4J_DATA_DIR=/tmp/bench-neo4j NEO4J_PORT=27687 NEO4J_HTTP_PORT=27474 scripts/neo4j-local env)"
    NEO4J_DATA_DIR=/tmp/bench-neo4j NEO4J_PORT=27687 NEO4J_HTTP_PORT=27474 scripts/neo4j-local start
    python bench/bench_neo4j_load.py --store /tmp/polnear.graph.json [--repeat 3] [--baseline 3000] [--admin]

Rows: the batched loader (``quotegraph load``) into an emptied database, each
repeat a fresh load (nodes deleted; constraints kept, as ``load --replace``
leaves them); the same load again on the full database (everything MERGEd, nothing new);
the baseline "one MERGE per transaction" on the first ``--baseline`` items
(nodes, then relationships), as a rate; and with ``--admin`` the neo4j-admin
route: export the CSVs, stop the server, ``database import full``, start it
again (the server must be this script's own instance: NEO4J_DATA_DIR is used).
No times are asserted.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import REPO, Timer, load, machine  # noqa: E402

from quotegraph.graph import neo4j_load as L  # noqa: E402
from quotegraph.graph import schema as S  # noqa: E402
from quotegraph.graph.store import load_graph  # noqa: E402
from quotegraph.settings import Neo4jSettings  # noqa: E402


def baseline(graph, driver, items: int) -> float:
    """One ``MERGE`` statement per item, each its own transaction (the naive loader); items per second."""
    nodes = [(label, row) for label, rows in L.node_rows(graph).items() for row in rows]
    rels = [(key, row) for key, rows in L.relationship_rows(graph).items() for row in rows]
    with Timer() as t:
        done = 0
        for label, row in nodes[:items]:
            driver.execute_query(f"MERGE (n:{label} {{key: $key}}) SET n += $props", row, database_="neo4j")
            done += 1
        for (rel_type, start, end), row in rels[:max(0, items - done)]:
            statement = (f"MATCH (a:{start} {{key: $start}}) MATCH (b:{end} {{key: $end}}) "
                         f"MERGE (a)-[r:{rel_type}]->(b) SET r += $props")
            driver.execute_query(statement, row, database_="neo4j")
            done += 1
    return done / t.seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", default="/tmp/polnear.graph.json")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=L.DEFAULT_BATCH_SIZE)
    parser.add_argument("--baseline", type=int, default=3000, help="items for the one-MERGE-per-transaction row (0: skip)")
    parser.add_argument("--admin", action="store_true", help="also time export + neo4j-admin import (restarts the server)")
    args = parser.parse_args()
    settings = Neo4jSettings.from_env()
    graph = load_graph(args.store, must_exist=True)
    items = graph.number_of_nodes() + graph.number_of_edges()
    print(f"machine: {machine()}; Neo4j at {settings.uri}")
    print(f"graph: {args.store}: {graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} relationships")
    print(f"start: {load()}", flush=True)
    driver = L.connect(settings)
    L.ensure_constraints(driver, settings.database)
    for i in range(args.repeat):
        L.clear(driver, settings.database)
        summary = L.load_graph(graph, driver, settings.database, batch_size=args.batch_size)
        print(f"batched load, fresh (batch {args.batch_size})   {summary.rate:10,.0f} /s  ({summary.seconds:.1f} s)", flush=True)
    summary = L.load_graph(graph, driver, settings.database, batch_size=args.batch_size)
    print(f"batched load, again (all MERGEd)      {summary.rate:10,.0f} /s  ({summary.seconds:.1f} s)", flush=True)
    if args.baseline:
        L.clear(driver, settings.database)
        rate = baseline(graph, driver, args.baseline)
        print(f"one MERGE per transaction ({args.baseline} items) {rate:10,.0f} /s  (whole graph: ~{items / rate:.0f} s)", flush=True)
    if args.admin:
        from quotegraph.graph.neo4j_admin import export_store_neo4j_admin, run_import
        from quotegraph.graph.store import open_store

        data_dir = Path(os.environ["NEO4J_DATA_DIR"])
        driver.close()
        with tempfile.TemporaryDirectory() as tmp:
            with Timer() as t_export, open_store(args.store, must_exist=True) as store:
                export_store_neo4j_admin(store, tmp)  # what `quotegraph export --format neo4j-admin` runs
            script = [str(REPO / "scripts" / "neo4j-local")]
            subprocess.run(script + ["stop"], check=True, capture_output=True)
            with Timer() as t_import:
                run_import(tmp, data_dir / "conf")
            with Timer() as t_start:
                subprocess.run(script + ["start"], check=True, capture_output=True)
        driver = L.connect(settings)
        with Timer() as t_constraints:
            L.ensure_constraints(driver, settings.database)
        assert L.counts(driver, settings.database)[0][S.QUOTE] > 0
        total = t_export.seconds + t_import.seconds
        print(f"neo4j-admin: export {t_export.seconds:.1f} s + import {t_import.seconds:.1f} s (JVM included) "
              f"= {items / total:,.0f} /s; then server start {t_start.seconds:.0f} s, constraints {t_constraints.seconds:.1f} s")
    driver.close()
    print(f"end: {load()}")


if __name__ == "__main__":
    main()
