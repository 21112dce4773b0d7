"""Benchmark 6: the embedded graph database (LadybugDB) at 924, 10,000 and 100,000 articles, and Neo4j beside it.

    python bench/bench_store.py --sizes 924 10000 100000 [--neo4j] [--compact] [--workdir /tmp/qgbench]

The 924 PolNeAR train and dev articles are ingested for real (``quotegraph.api.ingest``:
extraction plus transactional writes: the ingest rate). Their records are kept in the
work dir (outside the repository: they quote copyrighted news) and written again under
new article ids up to each larger size, through the same store writer as ingest (the
entity distribution stays PolNeAR's: the same people, places and events, more quotes
and articles). For each size it prints: write rate, store size on disk, store open
time, and for each named query the in-process p50 of its first page (the 100 rows
`quotegraph query` shows by default) and of every row for the busiest value, the median
of one first page each for the 100 busiest values (what people look up), and the
whole-process time (``quotegraph query`` as a user runs it, median of 3). With
``--neo4j`` (server from NEO4J_URI / NEO4J_PASSWORD): the batched Bolt load rate
(sizes up to ``--neo4j-bolt-max``), and when NEO4J_DATA_DIR names that server's
``scripts/neo4j-local`` instance, the neo4j-admin route (export from the store, import
into the stopped server, restart) at every size; then the same p50s on Neo4j.
Server memory: NEO4J_HEAP / NEO4J_PAGECACHE of scripts/neo4j-local. No times are asserted.

    eval "$(NEO4J_DATA_DIR=/tmp/bench-neo4j NEO4J_PORT=27687 NEO4J_HTTP_PORT=27474 scripts/neo4j-local env)"
    NEO4J_HEAP=2g NEO4J_PAGECACHE=3g scripts/neo4j-local start
    NEO4J_HEAP=2g NEO4J_PAGECACHE=3g python bench/bench_store.py --sizes 924 10000 100000 --neo4j
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import EVAL, MODEL, Timer, load, machine  # noqa: E402

from quotegraph.graph.compact import compact_store  # noqa: E402
from quotegraph.graph.store import StoreWriter, open_store  # noqa: E402
from quotegraph.ingest.records import record_from_json, record_to_json  # noqa: E402
from quotegraph.queries.embedded import run_embedded  # noqa: E402
from quotegraph.queries.library import list_queries, paged  # noqa: E402

PARAMETER_QUERIES = {
    "name": "MATCH (:Quote)-[:ABOUT]->(x) RETURN x.name, count(*) AS n ORDER BY n DESC LIMIT $top",
    "speaker": "MATCH (s:Person)-[:SAID]->(:Quote) WHERE s.kind = 'person' "
               "RETURN s.name, count(*) AS n ORDER BY n DESC LIMIT $top",
    "organization": "MATCH (:Person)-[:AFFILIATED_WITH]->(o:Organization) RETURN o.name, count(*) AS n "
                    "ORDER BY n DESC LIMIT $top",
    "event": "MATCH (:Quote)-[:ABOUT]->(e:Event) RETURN e.name, count(*) AS n ORDER BY n DESC LIMIT $top",
    # positions: the busiest speaker on the second most discussed subject (the first is often themselves)
    "about": "MATCH (s:Person)-[:SAID]->(:Quote)-[:ABOUT]->(x) WHERE s.kind = 'person' AND x <> s "
             "RETURN x.name, count(*) AS n ORDER BY n DESC SKIP 1 LIMIT $top",
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


COPY_SHIFT_DAYS = 7


def renamed(record, copy: int):
    """The record as another article: new id for the article, its quotes and its scoped speakers, published
    ``copy`` weeks after it (else each statement would have all its copies on one day: 108 at 100,000 articles,
    where a news archive of that size spreads over years; this one spans 3 years, about 90 articles a day)."""
    new_id = f"{record.article.id}~{copy}"
    article = dataclasses.replace(record.article, id=new_id, published=shifted(record.article.published, copy))
    attributions = [dataclasses.replace(a, article=new_id) for a in record.attributions]
    return dataclasses.replace(record, article=article, attributions=attributions)


def shifted(published: str | None, copy: int) -> str | None:
    """An ISO date ``copy`` weeks later (the rest of a longer timestamp kept); None or an unreadable date as it is."""
    if not published or not copy:
        return published
    try:
        day = datetime.date.fromisoformat(published[:10])
    except ValueError:
        return published
    return (day + datetime.timedelta(days=COPY_SHIFT_DAYS * copy)).isoformat() + published[10:]


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


# A user's Python reads quotegraph's compiled bytecode (pip compiles it on install); a sandbox that sets
# PYTHONDONTWRITEBYTECODE would time compiling every module again in each process (about 40 ms).
_USER_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def whole_process_s(store: Path, name: str, params: dict) -> float:
    """Median of 3 ``quotegraph query`` processes, after one that compiles the bytecode if it is missing."""
    args = [sys.executable, "-m", "quotegraph.cli", "query", name, "--store", str(store), "--format", "csv"]
    for key, value in params.items():
        args += ["-p", f"{key}={value}"]
    times = []
    for _ in range(4):
        with Timer() as t:
            subprocess.run(args, check=True, capture_output=True, env=_USER_ENV)
        times.append(t.seconds)
    return statistics.median(times[1:])


PAGE = 100  # the CLI's default page: what `quotegraph query` shows
SAMPLE = 100  # the most quoted names: what people look up
SAMPLED = ("name", "speaker", "organization", "event")  # the one-name parameters sampled that way


def top_values(opened, param: str, n: int) -> list:
    """The ``n`` busiest values of a parameter, busiest first (the PARAMETER_QUERIES ranking)."""
    return [row[0] for row in opened.query(PARAMETER_QUERIES[param], {"top": n})[1]]


def sample_p50_ms(run, query, samples: dict) -> float:
    """Median over the top names of one paged run each (after a warm-up run); nan for queries without one name."""
    if len(query.params) != 1 or query.params[0] not in SAMPLED:
        return float("nan")
    pages = [paged(query.cypher, {query.params[0]: value}, PAGE) for value in samples[query.params[0]]]
    run(*pages[0])
    times = []
    for page in pages:
        with Timer() as t:
            run(*page)
        times.append(t.seconds * 1000)
    return statistics.median(times)


def timings(run, query, params: dict, samples: dict) -> tuple[float, float, float]:
    """(first page p50, all rows p50, top-names page p50) in ms for one engine's ``run(cypher, params)``."""
    page = paged(query.cypher, params, PAGE)
    return (p50_ms(lambda: run(*page)), p50_ms(lambda: run(query.cypher, params), repeat=5),
            sample_p50_ms(run, query, samples))


def report(size: int, store: Path, rates: tuple[float, float], neo4j: bool, bolt_max: int) -> None:
    with Timer() as t_open:
        opened = open_store(store)
    samples = {p: top_values(opened, p, SAMPLE) for p in PARAMETER_QUERIES}
    values = {p: found[0] for p, found in samples.items()}
    labels, types = opened.counts()
    print(f"\n== {size:,} articles: {sum(labels.values()):,} nodes, {sum(types.values()):,} relationships; "
          f"{disk_size(store) / 2**20:,.1f} MiB on disk; open {t_open.seconds * 1000:.0f} ms; "
          f"writes {rates[0]:,.0f} articles/s = {rates[1]:,.0f} items/s; {load()}", flush=True)
    print("busiest values: " + ", ".join(f"{k}={v!r}" for k, v in values.items()))
    print(f"p50 in ms: 'page' = the first {PAGE} rows for the busiest value (the CLI default), 'all' = every row, "
          f"'top{SAMPLE}' = median of one page each for the {SAMPLE} busiest values; 'process' = `quotegraph query` "
          "(one page) as a user runs it, bytecode compiled, median of 3, for the busiest value and for the middle "
          f"one of the top {SAMPLE} ('mid')")
    driver = _neo4j(opened, bolt=size <= bolt_max) if neo4j else None
    print(f"{'query':<17} {'rows':>7} {'page':>7} {'all':>8} {'top' + str(SAMPLE):>7} {'process s':>9} {'mid s':>6}"
          + (f" | neo4j {'page':>7} {'all':>8} {'top' + str(SAMPLE):>7}" if driver else ""), flush=True)
    for query in list_queries():
        params = {p: values[p] for p in query.params}
        rows = len(run_embedded(opened, query.cypher, params).rows)
        embedded = timings(lambda c, p: run_embedded(opened, c, p), query, params, samples)
        line = f"{query.name:<17} {rows:>7} {embedded[0]:>7.1f} {embedded[1]:>8.1f} {embedded[2]:>7.1f}"
        middle = {p: samples[p][len(samples[p]) // 2] if p in SAMPLED else values[p] for p in query.params}
        line += f" {whole_process_s(store, query.name, params):>9.2f}"  # read-only opens run beside this one
        line += f" {whole_process_s(store, query.name, middle):>6.2f}"
        if driver is not None:
            from quotegraph.queries.neo4j import run_neo4j
            on_neo4j = timings(lambda c, p: run_neo4j(driver, c, p), query, params, samples)
            line += f" | neo4j {on_neo4j[0]:>7.1f} {on_neo4j[1]:>8.1f} {on_neo4j[2]:>7.1f}"
        print(line, flush=True)
    opened.close()
    if driver is not None:
        driver.close()


def _neo4j(opened, bolt: bool):
    """A driver on the bench's Neo4j holding this store's graph: a fresh batched load (``bolt``), then the
    neo4j-admin route (export + import into the stopped server + restart), each with its rate."""
    from quotegraph.graph.neo4j_load import clear, connect, ensure_constraints, load_graph as load_neo4j
    from quotegraph.settings import Neo4jSettings

    settings = Neo4jSettings.from_env()
    if bolt:
        driver = connect(settings)
        clear(driver, settings.database)
        graph = opened.to_networkx()
        summary = load_neo4j(graph, driver, settings.database)
        print(f"neo4j {settings.uri}: fresh batched load {summary.nodes + summary.relationships:,} items in "
              f"{summary.seconds:.1f} s = {summary.rate:,.0f} /s", flush=True)
        del graph
        driver.close()
    if os.environ.get("NEO4J_DATA_DIR"):
        _neo4j_admin(opened, Path(os.environ["NEO4J_DATA_DIR"]))
    driver = connect(settings)
    ensure_constraints(driver, settings.database)
    return driver


def _neo4j_admin(opened, data_dir: Path) -> None:
    """`quotegraph export --format neo4j-admin` + `neo4j-admin database import full` + restart, timed."""
    import tempfile

    from quotegraph.graph.neo4j_admin import export_store_neo4j_admin, run_import

    script = [str(Path(__file__).resolve().parents[1] / "scripts" / "neo4j-local")]
    with tempfile.TemporaryDirectory(prefix="qg-admin-", dir=data_dir.parent) as tmp:
        with Timer() as t_export:
            totals = export_store_neo4j_admin(opened, tmp)
        subprocess.run(script + ["stop"], check=True, capture_output=True)
        with Timer() as t_import:
            run_import(tmp, data_dir / "conf", heap=os.environ.get("NEO4J_IMPORT_HEAP", "2g"), timeout=3600)
    with Timer() as t_start:
        subprocess.run(script + ["start"], check=True, capture_output=True)
    items = totals["nodes"] + totals["relationships"]
    print(f"neo4j-admin: {items:,} items; export {t_export.seconds:.1f} s + import {t_import.seconds:.1f} s "
          f"(JVM start included) = {items / (t_export.seconds + t_import.seconds):,.0f} /s "
          f"(import alone {items / t_import.seconds:,.0f} /s); server start {t_start.seconds:.0f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[924, 10000, 100000])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/qgbench"))
    parser.add_argument("--neo4j", action="store_true")
    parser.add_argument("--neo4j-bolt-max", type=int, default=10000,
                        help="largest size also loaded through the batched Bolt loader (every size goes through "
                             "neo4j-admin when NEO4J_DATA_DIR names the bench server's instance)")
    parser.add_argument("--compact", action="store_true",
                        help="compact each store (`quotegraph compact`) before measuring it, and print what it took")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}; start: {load()}", flush=True)
    records = ingest_polnear(args.workdir)
    for size in args.sizes:
        store, *rates = build(size, records, args.workdir) if size != 924 else (args.workdir / "924.lbug",
                                                                                  float("nan"), float("nan"))
        if args.compact:
            done = compact_store(store)
            print(f"\ncompacted {store.name}: {done.before / 2**20:,.1f} MiB -> {done.after / 2**20:,.1f} MiB in "
                  f"{done.seconds:.1f} s", flush=True)
        report(size, store, tuple(rates), args.neo4j, args.neo4j_bolt_max)
    print(f"\nend: {load()}")


if __name__ == "__main__":
    os.environ.setdefault("QUOTEGRAPH_SPACY_MODEL", MODEL)
    started = time.perf_counter()
    main()
    print(f"total {time.perf_counter() - started:.0f} s")
