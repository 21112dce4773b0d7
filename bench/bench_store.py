"""Benchmark 6: the embedded graph database (LadybugDB) at 924, 10,000 and 100,000 articles, and Neo4j beside it.

    python bench/bench_store.py --sizes 924 10000 100000 [--neo4j] [--workdir /tmp/qgbench]

The 924 PolNeAR train and dev articles are ingested for real (``quotegraph.api.ingest``:
extraction plus transactional writes: the ingest rate). Their records are kept in the
work dir (outside the repository: they quote copyrighted news) and written again under
new article ids up to each larger size, through the same store writer as ingest (the
entity distribution stays PolNeAR's: the same people, places and events, more quotes
and articles). For each size it prints: write rate, store size on disk, store open
time, each named query's in-process p50 (store open, 20 runs after a warm-up) and
whole-process time (``quotegraph query`` as a user runs it, median of 3), and with
``--neo4j`` the load rate into the server of NEO4J_URI / NEO4J_PASSWORD (``load
--replace``) and each query's p50 there. No times are asserted.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import EVAL, MODEL, Timer, load, machine  # noqa: E402

from quotegraph.graph.store import StoreWriter, open_store  # noqa: E402
from quotegraph.ingest.records import record_from_json, record_to_json  # noqa: E402
from quotegraph.queries.embedded import run_embedded  # noqa: E402
from quotegraph.queries.library import list_queries  # noqa: E402

PARAMETER_QUERIES = {
    "name": "MATCH (:Quote)-[:ABOUT]->(x) RETURN x.name, count(*) AS n ORDER BY n DESC LIMIT 1",
    "speaker": "MATCH (s:Person)-[:SAID]->(:Quote) WHERE s.kind = 'person' "
               "RETURN s.name, count(*) AS n ORDER BY n DESC LIMIT 1",
    "organization": "MATCH (:Person)-[:AFFILIATED_WITH]->(o:Organization) RETURN o.name, count(*) AS n "
                    "ORDER BY n DESC LIMIT 1",
    "event": "MATCH (:Quote)-[:ABOUT]->(e:Event) RETURN e.name, count(*) AS n ORDER BY n DESC LIMIT 1",
    # positions: the busiest speaker on the second most discussed subject (the first is often themselves)
    "about": "MATCH (s:Person)-[:SAID]->(:Quote)-[:ABOUT]->(x) WHERE s.kind = 'person' AND x <> s "
             "RETURN x.name, count(*) AS n ORDER BY n DESC SKIP 1 LIMIT 1",
}


def ingest_polnear(workdir: Path) -> Path:
    """Ingest the 924 articles for real into workdir/924.lbug (once); their records go to records.jsonl."""
    from quotegraph.api import ingest

    store, records = workdir / "924.lbug", workdir / "records.jsonl"
    if store.exists() and records.exists():
        return records
    paths = [EVAL / "polnear_train.jsonl", EVAL / "polnear_dev.jsonl"]
    with records.open("w", encoding="utf-8") as out:
        def keep(record) -> None:
            out.write(json.dumps(record_to_json(record), ensure_ascii=False) + "\n")

        summary = ingest(paths, store=store, model=MODEL, on_record=keep, workers=1)
    print(f"ingest (extraction + writes), 924 articles: {summary.articles / summary.seconds:.1f} articles/s "
          f"({summary.seconds:.0f} s; {summary.nodes:,} nodes, {summary.relationships:,} relationships)", flush=True)
    return records


def renamed(record, copy: int):
    """The record as another article: new id for the article, its quotes and its scoped speakers."""
    new_id = f"{record.article.id}~{copy}"
    article = dataclasses.replace(record.article, id=new_id)
    attributions = [dataclasses.replace(a, article=new_id) for a in record.attributions]
    return dataclasses.replace(record, article=article, attributions=attributions)


def build(size: int, records_file: Path, workdir: Path) -> tuple[Path, float, float]:
    """workdir/<size>.lbug with ``size`` articles; (path, articles per second, items per second) of the writes."""
    store = workdir / f"{size}.lbug"
    base = [record_from_json(json.loads(line)) for line in records_file.open(encoding="utf-8")]
    if store.exists():
        return store, float("nan"), float("nan")
    with Timer() as t, StoreWriter(store) as writer:
        for number in range(size):
            writer.add_record(renamed(base[number % len(base)], number // len(base)))
            if (number + 1) % 500 == 0:
                writer.checkpoint()
        writer.checkpoint()
        nodes, rels = writer.totals()
    return store, size / t.seconds, (nodes + rels) / t.seconds


def disk_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def p50_ms(function, repeat: int = 20) -> float:
    function()
    times = []
    for _ in range(repeat):
        with Timer() as t:
            function()
        times.append(t.seconds * 1000)
    return statistics.median(times)


def whole_process_s(store: Path, name: str, params: dict) -> float:
    args = [sys.executable, "-m", "quotegraph.cli", "query", name, "--store", str(store), "--format", "csv"]
    for key, value in params.items():
        args += ["-p", f"{key}={value}"]
    times = []
    for _ in range(3):
        with Timer() as t:
            subprocess.run(args, check=True, capture_output=True)
        times.append(t.seconds)
    return statistics.median(times)


def report(size: int, store: Path, rates: tuple[float, float], neo4j: bool) -> None:
    with Timer() as t_open:
        opened = open_store(store)
    values = {p: opened.query(q)[1][0][0] for p, q in PARAMETER_QUERIES.items()}
    labels, types = opened.counts()
    print(f"\n== {size:,} articles: {sum(labels.values()):,} nodes, {sum(types.values()):,} relationships; "
          f"{disk_size(store) / 2**20:,.1f} MiB on disk; open {t_open.seconds * 1000:.0f} ms; "
          f"writes {rates[0]:,.0f} articles/s = {rates[1]:,.0f} items/s; {load()}", flush=True)
    print("parameters: " + ", ".join(f"{k}={v!r}" for k, v in values.items()))
    driver = _neo4j(opened) if neo4j else None
    print(f"{'query':<18} {'rows':>7} {'p50 ms':>8} {'process s':>10} {'neo4j p50 ms':>13}", flush=True)
    for query in list_queries():
        params = {p: values[p] for p in query.params}
        rows = len(run_embedded(opened, query.cypher, params).rows)
        inproc = p50_ms(lambda: run_embedded(opened, query.cypher, params))
        on_neo4j = ""
        if driver is not None:
            from quotegraph.queries.neo4j import run_neo4j
            on_neo4j = f"{p50_ms(lambda: run_neo4j(driver, query.cypher, params)):13.1f}"
        process = whole_process_s(store, query.name, params)  # read-only opens run beside this one
        print(f"{query.name:<18} {rows:>7} {inproc:>8.1f} {process:>10.2f} {on_neo4j}", flush=True)
    opened.close()
    if driver is not None:
        driver.close()


def _neo4j(opened):
    from quotegraph.graph.neo4j_load import clear, connect, load_graph as load_neo4j
    from quotegraph.settings import Neo4jSettings

    settings = Neo4jSettings.from_env()
    driver = connect(settings)
    clear(driver, settings.database)
    graph = opened.to_networkx()
    summary = load_neo4j(graph, driver, settings.database)
    print(f"neo4j {settings.uri}: fresh load {summary.nodes + summary.relationships:,} items in "
          f"{summary.seconds:.1f} s = {summary.rate:,.0f} /s", flush=True)
    del graph
    return driver


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[924, 10000, 100000])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/qgbench"))
    parser.add_argument("--neo4j", action="store_true")
    parser.add_argument("--neo4j-max", type=int, default=10000, help="largest size also loaded into Neo4j")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}; start: {load()}", flush=True)
    records = ingest_polnear(args.workdir)
    for size in args.sizes:
        store, *rates = build(size, records, args.workdir) if size != 924 else (args.workdir / "924.lbug",
                                                                                  float("nan"), float("nan"))
        report(size, store, tuple(rates), args.neo4j and size <= args.neo4j_max)
    print(f"\nend: {load()}")


if __name__ == "__main__":
    os.environ.setdefault("QUOTEGRAPH_SPACY_MODEL", MODEL)
    started = time.perf_counter()
    main()
    print(f"total {time.perf_counter() - started:.0f} s")
