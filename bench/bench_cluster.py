"""Benchmark: extraction on a Dask LocalCluster of 1 and 2 workers (``--scheduler``), and the speed-up.

    python bench/bench_cluster.py [--limit N] [--workers 1 2] [--per-partition 16]

Over the PolNeAR texts (read from ../shared at run time; a --limit subset goes to
a temporary JSONL that is deleted afterwards) it prints, for one process without
Dask and for each cluster size: words per second, articles per hour per worker,
the workers' peak RSS, and the speed-up over 1 worker. Workers run one thread
each and load the pipeline before the clock starts. No times are asserted.

Wall-clock speed-ups need idle cores: on a machine shared with other work they
say little, so each run also prints the CPU seconds its processes used and the
words per CPU-second (the cost-model figure: what one core does), and the load
averages at start and end.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import EVAL, MODEL, Timer, load, machine, polnear_rows  # noqa: E402


def corpus(limit: int, tmp: Path) -> tuple[list[str], int, int]:
    """(paths, articles, words) of the input: PolNeAR train + dev, or a temporary file of the first ``limit``."""
    rows = list(polnear_rows())
    if limit:
        rows = rows[:limit]
        path = tmp / "polnear-subset.jsonl"
        with open(path, "w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps({"id": row["id"], "text": row["text"]}) + "\n")
        paths = [str(path)]
    else:
        paths = [str(EVAL / "polnear_train.jsonl"), str(EVAL / "polnear_dev.jsonl")]
    return paths, len(rows), sum(len(r["text"].split()) for r in rows)


def cpu_seconds() -> float:
    """User + system CPU seconds of this process so far (all its threads)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def worker_peak_rss_mib() -> float:
    """Run on a worker: its process's peak RSS in MiB."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_cluster(paths: list[str], workers: int, per_partition: int) -> tuple[float, int, list[float], float]:
    """(seconds, records, worker peak RSS MiB, worker CPU seconds) of one extraction on a new LocalCluster."""
    from distributed import Client, LocalCluster

    from quotegraph.ingest.boilerplate import content_end
    from quotegraph.ingest.cluster import extract_on_cluster, pipeline_plugin
    from quotegraph.ingest.model import resolve_model_name

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            Client(cluster, set_as_default=False) as client:
        client.register_plugin(pipeline_plugin(resolve_model_name(MODEL)))  # pipelines loaded before the clock
        cpu = sum(client.run(cpu_seconds).values())
        with Timer() as timer:
            count = sum(1 for _ in extract_on_cluster(paths, cluster.scheduler_address, model=MODEL,
                                                      analyse_end=content_end, per_partition=per_partition))
        cpu = sum(client.run(cpu_seconds).values()) - cpu
        rss = sorted(client.run(worker_peak_rss_mib).values())
    return timer.seconds, count, rss, cpu


def run_local(paths: list[str]) -> tuple[float, int, float]:
    """(seconds, records, CPU seconds) of the single-process path (no Dask), pipeline loaded before the clock."""
    from quotegraph import api
    from quotegraph.ingest.pipeline import load_pipeline

    nlp = load_pipeline(MODEL)
    cpu = cpu_seconds()
    with Timer() as timer:
        count = sum(1 for _ in api.records(paths, nlp=nlp))
    return timer.seconds, count, cpu_seconds() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="articles to use (0: all train + dev)")
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2])
    parser.add_argument("--per-partition", type=int, default=16, help="articles per task")
    parser.add_argument("--no-local", action="store_true", help="skip the single-process run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qg-bench-cluster-") as tmp:
        paths, articles, words = corpus(args.limit, Path(tmp))
        print(f"machine: {machine()}\npipeline: {MODEL}\ncorpus: {articles} PolNeAR articles, {words:,} words")
        print(f"start: {load()}", flush=True)
        if not args.no_local:
            seconds, count, cpu = run_local(paths)
            print(f"1 process, no Dask  {words / seconds:9,.0f} words/s  {count / seconds * 3600:9,.0f} articles/h"
                  f"  ({seconds:.1f} s)  CPU {cpu:.1f} s: {words / cpu:,.0f} words per CPU-second", flush=True)
        first = None
        for workers in args.workers:
            seconds, count, rss, cpu = run_cluster(paths, workers, args.per_partition)
            assert count == articles, (count, articles)
            first = first or (workers, seconds)
            print(f"{workers} worker(s)         {words / seconds:9,.0f} words/s  "
                  f"{count / seconds * 3600 / workers:9,.0f} articles/h per worker  ({seconds:.1f} s)  "
                  f"speed-up {first[1] / seconds:.2f}x over {first[0]}  worker peak RSS "
                  + ", ".join(f"{m:.0f}" for m in rss) + f" MiB  workers' CPU {cpu:.1f} s: "
                  f"{words / cpu:,.0f} words per CPU-second", flush=True)
        print(f"end: {load()}")


if __name__ == "__main__":
    main()
