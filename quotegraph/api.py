"""The Python API under the CLI: every command is a thin layer over these functions.

    from quotegraph.api import quotes, ingest, run_query
    for attribution in quotes(["seeds/"]):
        print(attribution.speaker.name, attribution.quote)
    ingest(["seeds/"], store="news.graph.json")
    print(run_query("said-about", {"name": "Ukraine"}, store="news.graph.json").records())
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from quotegraph.graph.build import GraphBuilder
from quotegraph.graph.store import default_store_path, load_graph, save_graph
from quotegraph.ingest.boilerplate import content_end
from quotegraph.ingest.readers import InputError, read_articles
from quotegraph.ingest.records import ArticleRecord, Attribution
from quotegraph.queries.embedded import run_embedded
from quotegraph.queries.library import get_query
from quotegraph.queries.results import QueryResult

ErrorHandler = Callable[[InputError], None]


def records(paths: Iterable[str | Path], model: Optional[str] = None, nlp=None,
            on_error: Optional[ErrorHandler] = None, workers: int = 1) -> Iterator[ArticleRecord]:
    """Read every article under ``paths`` and yield what extraction finds in each, streaming."""
    from quotegraph.ingest.pipeline import extract, load_pipeline

    nlp = nlp if nlp is not None else load_pipeline(model)
    articles = read_articles(paths, on_error=on_error)
    yield from extract(nlp, articles, analyse_end=content_end, n_process=workers)


def quotes(paths: Iterable[str | Path], **kwargs) -> Iterator[Attribution]:
    """Every attribution in the articles under ``paths`` (keyword arguments as :func:`records`)."""
    for record in records(paths, **kwargs):
        yield from record.attributions


@dataclass
class IngestSummary:
    """What an ingest run did."""

    articles: int = 0
    attributions: int = 0
    errors: list[InputError] = field(default_factory=list)
    store: Optional[Path] = None
    nodes: int = 0
    relationships: int = 0
    seconds: float = 0.0


def ingest(paths: Iterable[str | Path], store: Optional[str | Path] = None, model: Optional[str] = None,
           nlp=None, on_error: Optional[ErrorHandler] = None, workers: int = 1,
           on_record: Optional[Callable[[ArticleRecord], None]] = None,
           progress: Optional[Callable[[IngestSummary], None]] = None,
           checkpoint_every: int = 500) -> IngestSummary:
    """Extract from ``paths`` and merge into the embedded graph file ``store``.

    The store is rewritten atomically every ``checkpoint_every`` articles and at
    the end, so an interrupted run keeps what it had done and a rerun (merging
    by key) finishes the job without duplicates. ``on_record`` sees each
    record as it is merged (the Neo4j loader hooks in there).
    """
    started = time.perf_counter()
    summary = IngestSummary(store=Path(store) if store else default_store_path())

    def report(error: InputError) -> None:
        summary.errors.append(error)
        if on_error:
            on_error(error)

    builder = GraphBuilder(load_graph(summary.store))
    for record in records(paths, model=model, nlp=nlp, on_error=report, workers=workers):
        builder.add_record(record)
        if on_record:
            on_record(record)
        summary.articles += 1
        summary.attributions += len(record.attributions)
        if progress:
            progress(summary)
        if checkpoint_every and summary.articles % checkpoint_every == 0:
            save_graph(builder.graph, summary.store)
    save_graph(builder.graph, summary.store)
    summary.nodes = builder.graph.number_of_nodes()
    summary.relationships = builder.graph.number_of_edges()
    summary.seconds = time.perf_counter() - started
    return summary


def run_query(name: str, params: Optional[dict] = None, store: Optional[str | Path] = None, graph=None) -> QueryResult:
    """Run the named query ``name`` on the embedded graph (``graph`` or the one in ``store``)."""
    query = get_query(name)
    graph = graph if graph is not None else load_graph(store or default_store_path())
    return run_embedded(graph, query.cypher, params or {})


def run_cypher(cypher: str, params: Optional[dict] = None, store: Optional[str | Path] = None, graph=None) -> QueryResult:
    """Run an ad-hoc read-only Cypher query on the embedded graph."""
    graph = graph if graph is not None else load_graph(store or default_store_path())
    return run_embedded(graph, cypher, params or {})
