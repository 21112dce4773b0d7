"""Benchmark 4: peak memory while ingesting many articles, streaming.

    python bench/bench_memory.py [--quotes-counts 1000 10000] [--ingest-counts 1000 10000] [--workers 2]
                                 [--keep-store PATH]

Feeds the PolNeAR texts, repeated under new ids, as JSONL on stdin to
``quotegraph quotes -`` (pure streaming extraction) and to ``quotegraph ingest -``
(extraction merged into the embedded graph), each in a fresh process, and prints
each process's peak RSS. The texts go through a pipe, never into a file.

With ``--workers N`` the ingest runs N extraction processes; the figure is then
the peak RSS of the largest process of the tree (Linux's ru_maxrss for waited-for
children), which is the parent holding the graph. ``--keep-store`` keeps the
graph of the largest ingest (for bench_queries.py).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import MODEL, load, machine, polnear_rows  # noqa: E402


def feed(pipe, count: int) -> None:
    rows = [(r["id"], r["text"]) for r in polnear_rows()]
    try:
        for i in range(count):
            article_id, text = rows[i % len(rows)]
            pipe.write((json.dumps({"id": f"{article_id}#{i // len(rows)}", "text": text}) + "\n").encode())
    except BrokenPipeError:
        pass
    finally:
        pipe.close()


def run(command: list[str], count: int) -> tuple[float, float]:
    """Run ``command`` fed ``count`` articles; return (seconds, peak RSS MiB) of that child alone."""
    env = dict(os.environ, QUOTEGRAPH_SPACY_MODEL=MODEL)
    started = time.perf_counter()
    # A fresh interpreter per run, measured through wait4 so each figure is that child's own peak.
    proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, env=env)
    writer = threading.Thread(target=feed, args=(proc.stdin, count))
    writer.start()
    _, status, usage = os.wait4(proc.pid, 0)
    writer.join()
    if status != 0:
        raise SystemExit(f"{' '.join(command)} failed with status {status}")
    return time.perf_counter() - started, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quotes-counts", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--ingest-counts", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--workers", type=int, default=1, help="--workers for ingest")
    parser.add_argument("--keep-store", help="keep the graph of the largest ingest here")
    parser.add_argument("--stream", action="store_true",
                        help="ingest with --stream (records logged, no graph in memory) instead of into the graph")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    print(f"pipeline: {MODEL}")
    print(f"start: {load()}", flush=True)
    print(f"{'command':<34} {'articles':>8} {'seconds':>8} {'peak RSS MiB':>13}", flush=True)
    for count in args.quotes_counts:
        cmd = [sys.executable, "-m", "quotegraph.cli", "quotes", "-"]
        seconds, rss = run(cmd, count)
        print(f"{'quotes - (streaming)':<34} {count:>8} {seconds:>8.0f} {rss:>13.0f}", flush=True)
    for count in args.ingest_counts:
        with tempfile.TemporaryDirectory() as tmp:
            store = Path(tmp) / "g.json"
            cmd = [sys.executable, "-m", "quotegraph.cli", "ingest", "-", "--store", str(store),
                   "--workers", str(args.workers), "--no-progress"] + (["--stream"] if args.stream else [])
            seconds, rss = run(cmd, count)
            written = store if store.exists() else store.with_name(store.name + ".pending.jsonl")
            size = written.stat().st_size / 2**20
            if args.keep_store and count == max(args.ingest_counts):
                os.replace(written, args.keep_store)
        label = f"ingest - --workers {args.workers}" + (" --stream" if args.stream else " (graph)")
        print(f"{label:<34} {count:>8} {seconds:>8.0f} {rss:>13.0f}   store {size:.0f} MiB", flush=True)
    print(f"end: {load()}")


if __name__ == "__main__":
    main()
