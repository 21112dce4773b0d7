"""Shared helpers for the benchmarks: the PolNeAR texts (read from ../shared, never copied) and timing."""
from __future__ import annotations

import json
import os
import platform
import resource
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EVAL = Path(os.environ.get("QUOTEGRAPH_EVAL_DIR", REPO.parent / "shared" / "eval"))
MODEL = os.environ.get("QUOTEGRAPH_SPACY_MODEL", str(REPO.parent / "shared" / "models" / "en_core_web_sm-3.8.0"))


def polnear_rows(splits=("train", "dev")):
    """Yield the PolNeAR rows (dicts with id and text), streaming."""
    for split in splits:
        with open(EVAL / f"polnear_{split}.jsonl", encoding="utf-8") as handle:
            for line in handle:
                yield json.loads(line)


def machine() -> str:
    cpus = os.cpu_count()
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{platform.processor() or platform.machine()}, {cpus} cores, {mem:.0f} GiB, Python {platform.python_version()}"


def load() -> str:
    """The load averages now (other work on the machine slows every figure)."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} cores"


def peak_rss_mib() -> float:
    """Peak resident set size of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Timer:
    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start
