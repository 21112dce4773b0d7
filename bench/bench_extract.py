"""Benchmark 1 and 2: extraction throughput against a bare nlp.pipe, and --workers speed-up.

    python bench/bench_extract.py [--limit N] [--workers 1 2]

Prints words per second for a bare ``nlp.pipe`` over the PolNeAR texts with the
same pipeline, for quotegraph's extraction (``nlp.pipe`` + components + records),
and their ratio (target <= 1.3); then the extraction with 1 and 2 processes.
No times are asserted.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import MODEL, Timer, load, machine, polnear_rows  # noqa: E402

from quotegraph.ingest.model import load_spacy  # noqa: E402
from quotegraph.ingest.pipeline import add_quotegraph_components, extract  # noqa: E402
from quotegraph.ingest.records import Article  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="articles to use (0: all train + dev)")
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2])
    args = parser.parse_args()

    rows = list(polnear_rows())
    if args.limit:
        rows = rows[: args.limit]
    texts = [r["text"] for r in rows]
    words = sum(len(t.split()) for t in texts)
    articles = [Article(id=r["id"], text=r["text"]) for r in rows]
    print(f"machine: {machine()}")
    print(f"pipeline: {MODEL}")
    print(f"corpus: {len(texts)} PolNeAR articles, {words:,} words")
    print(f"start: {load()}", flush=True)

    bare = load_spacy(MODEL)
    list(bare.pipe(texts[:20]))  # warm-up
    with Timer() as t_bare:
        for _ in bare.pipe(texts, batch_size=32):
            pass
    print(f"bare nlp.pipe           {words / t_bare.seconds:10,.0f} words/s  ({t_bare.seconds:.1f} s)")

    nlp = add_quotegraph_components(load_spacy(MODEL))
    list(extract(nlp, articles[:20]))
    results = {}
    for workers in args.workers:
        with Timer() as t:
            records = (extract(nlp, articles) if workers == 1 else
                       extract(nlp, articles, n_process=workers))  # includes worker start-up
            n = sum(len(r.attributions) for r in records)
        results[workers] = t.seconds
        print(f"quotegraph extract x{workers}  {words / t.seconds:10,.0f} words/s  ({t.seconds:.1f} s, {n:,} attributions)")
    if 1 in results:
        print(f"ratio extract/bare (1 process): {results[1] / t_bare.seconds:.2f}  (target <= 1.3)")
    if 1 in results and 2 in results:
        print(f"speed-up 1 -> 2 processes: {results[1] / results[2]:.2f}x")
    print(f"end: {load()}")


if __name__ == "__main__":
    main()
