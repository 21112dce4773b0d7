"""Extraction in one process vs two (``--workers 2``: spaCy's nlp.pipe(n_process=2)).

    python bench/bench_workers.py [--limit N]

Both run the same pipeline on the same PolNeAR texts and produce the same records; nlp.pipe sends processed Docs
back from its workers (their plain-data ``doc._.qg_*`` layers included). quotegraph had its own process pool
(ingest/parallel.py) before its Doc layers were plain data; measured against nlp.pipe(n_process=2) on the same
60 articles it was slower (1,065 vs 1,295 words/s, docs/performance.md), so it went. Prints words per second
with the load average (the machine may be shared). No times are asserted.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import MODEL, Timer, load, machine, polnear_rows  # noqa: E402

from quotegraph.ingest.boilerplate import content_end  # noqa: E402
from quotegraph.ingest.pipeline import extract, load_pipeline  # noqa: E402
from quotegraph.ingest.records import Article  # noqa: E402


def _articles(limit: int) -> list[Article]:
    rows = list(polnear_rows())[:limit]
    return [Article(id=r["id"], text=r["text"]) for r in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=120)
    args = parser.parse_args()
    articles = _articles(args.limit)
    words = sum(len(a.text[: content_end(a.text)].split()) for a in articles)
    nlp = load_pipeline(MODEL)
    print(f"{machine()}; {len(articles)} articles, {words:,} words; {load()}")
    runs = {
        "one process (extract)": lambda: list(extract(nlp, articles, analyse_end=content_end)),
        "extract(n_process=2)": lambda: list(extract(nlp, articles, analyse_end=content_end, n_process=2)),
    }
    counts = {}
    for name, run in runs.items():
        with Timer() as t:
            records = run()
        counts[name] = sum(len(r.attributions) for r in records)
        print(f"{name:40s} {words / t.seconds:8,.0f} words/s  ({t.seconds:.1f} s, {counts[name]} attributions)")
    print(f"same attributions: {len(set(counts.values())) == 1}; {load()}")


if __name__ == "__main__":
    main()
