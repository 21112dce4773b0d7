"""Extraction in several processes: ``quotegraph ingest --workers N``.

spaCy's own ``nlp.pipe(n_process=N)`` sends processed Docs back to the parent,
and ours carry custom objects in their ``._`` extensions (Quote, Attribution,
...) that spaCy's Doc serialisation refuses. Here each worker process loads
the pipeline once (:func:`~quotegraph.ingest.pipeline.load_pipeline`), runs
:func:`~quotegraph.ingest.pipeline.extract` (the single-process path, unchanged)
on a chunk of articles and returns plain, picklable
:class:`~quotegraph.ingest.records.ArticleRecord` s.

- Input order is kept: records come out in the order the articles went in.
- Streaming with bounded work in flight: at most ``workers * inflight_per_worker``
  chunks of ``chunk_size`` articles are read ahead, so memory does not grow
  with the corpus.
- Workers are started with the ``spawn`` method (no fork of a parent that may
  hold a large graph or threads), which costs a pipeline load per worker
  (a second or two) once per run.
"""
from __future__ import annotations

import multiprocessing
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Callable, Iterable, Iterator, Optional

from .model import check_model
from .records import Article, ArticleRecord

_NLP = None  # the worker's pipeline, loaded once by _init_worker


def _init_worker(model: Optional[str]) -> None:
    global _NLP
    # one process per core already: keep each worker's numpy/BLAS single-threaded
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    from .pipeline import load_pipeline

    _NLP = load_pipeline(model)


def _extract_chunk(articles: list[Article], analyse_end: Optional[Callable[[str], int]],
                   batch_size: int) -> list[ArticleRecord]:
    from .pipeline import extract

    return list(extract(_NLP, articles, analyse_end=analyse_end, batch_size=batch_size))


def model_of(nlp) -> Optional[str]:
    """The path a loaded pipeline came from, so workers can load the same one (None if unknown)."""
    path = getattr(nlp, "path", None)
    return str(path) if path else None


def extract_parallel(
    articles: Iterable[Article],
    workers: int = 2,
    model: Optional[str] = None,
    analyse_end: Optional[Callable[[str], int]] = None,
    batch_size: int = 16,
    chunk_size: int = 16,
    inflight_per_worker: int = 2,
) -> Iterator[ArticleRecord]:
    """Stream one ArticleRecord per article, in input order, extracted by ``workers`` processes.

    ``model`` is what :func:`~quotegraph.ingest.model.load_spacy` takes (None:
    ``$QUOTEGRAPH_SPACY_MODEL``, then en_core_web_sm); each worker loads it once.
    """
    if workers < 1:
        raise ValueError("workers must be at least 1")
    if chunk_size < 1 or inflight_per_worker < 1:
        raise ValueError("chunk_size and inflight_per_worker must be at least 1")
    model = check_model(model)
    iterator = iter(articles)
    limit = workers * inflight_per_worker
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init_worker, initargs=(model,))
    pending: deque[Future] = deque()

    def submit_next() -> bool:
        chunk = list(islice(iterator, chunk_size))
        if not chunk:
            return False
        pending.append(pool.submit(_extract_chunk, chunk, analyse_end, batch_size))
        return True

    finished = False
    try:
        while len(pending) < limit and submit_next():
            pass
        while pending:
            records = pending.popleft().result()
            submit_next()  # keep the workers busy while the caller consumes this chunk
            yield from records
        finished = True
    finally:
        # On normal exit, wait for the workers to go; on an error or an abandoned
        # generator, drop queued work and do not block on the running chunks.
        pool.shutdown(wait=finished, cancel_futures=True)
