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
from quotegraph.graph.store import RecordLog, default_store_path, load_graph, save_graph
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

    articles = read_articles(paths, on_error=on_error)
    if workers > 1:
        # A process pool of pipelines (spaCy's n_process cannot send our Docs back); each
        # worker loads the model once. A given ``nlp`` is reloaded from its path in the workers.
        from quotegraph.ingest.parallel import extract_parallel, model_of

        if nlp is not None:
            model = model_of(nlp) or model
        yield from extract_parallel(articles, workers=workers, model=model, analyse_end=content_end)
    else:
        yield from extract(nlp if nlp is not None else load_pipeline(model), articles, analyse_end=content_end)


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
           checkpoint_every: int = 500, stream: bool = False) -> IngestSummary:
    """Extract from ``paths`` and merge into the embedded graph file ``store``.

    The store is rewritten atomically every ``checkpoint_every`` articles and at
    the end, so an interrupted run keeps what it had done and a rerun (merging
    by key) finishes the job without duplicates. ``on_record`` sees each
    record as it is merged (the Neo4j loader hooks in there).

    ``stream=True`` holds no graph: each record is appended to the store's
    record log (flushed to disk at every checkpoint), so memory stays flat
    however many articles there are; the next read merges the log into the
    graph. ``nodes`` and ``relationships`` of the summary are then None.
    """
    started = time.perf_counter()
    summary = IngestSummary(store=Path(store) if store else default_store_path())

    def report(error: InputError) -> None:
        summary.errors.append(error)
        if on_error:
            on_error(error)

    if stream:
        with RecordLog(summary.store) as log:
            _ingest_into(log.append, log.flush, paths, summary, model, nlp, report, workers, on_record,
                         progress, checkpoint_every)
        summary.nodes = summary.relationships = None
    else:
        builder = GraphBuilder(load_graph(summary.store))
        _ingest_into(builder.add_record, lambda: save_graph(builder.graph, summary.store), paths, summary, model,
                     nlp, report, workers, on_record, progress, checkpoint_every)
        summary.nodes = builder.graph.number_of_nodes()
        summary.relationships = builder.graph.number_of_edges()
    summary.seconds = time.perf_counter() - started
    return summary


def _ingest_into(add, checkpoint, paths, summary, model, nlp, report, workers, on_record, progress,
                 checkpoint_every) -> None:
    """Feed every extracted record to ``add``, calling ``checkpoint`` every so often and at the end."""
    for record in records(paths, model=model, nlp=nlp, on_error=report, workers=workers):
        add(record)
        if on_record:
            on_record(record)
        summary.articles += 1
        summary.attributions += len(record.attributions)
        if progress:
            progress(summary)
        if checkpoint_every and summary.articles % checkpoint_every == 0:
            checkpoint()
    checkpoint()


def run_query(name: str, params: Optional[dict] = None, store: Optional[str | Path] = None, graph=None) -> QueryResult:
    """Run the named query ``name`` on the embedded graph (``graph`` or the one in ``store``)."""
    query = get_query(name)
    graph = graph if graph is not None else load_graph(store or default_store_path(), must_exist=True)
    return run_embedded(graph, query.cypher, params or {})


def run_cypher(cypher: str, params: Optional[dict] = None, store: Optional[str | Path] = None, graph=None) -> QueryResult:
    """Run an ad-hoc read-only Cypher query on the embedded graph."""
    graph = graph if graph is not None else load_graph(store or default_store_path(), must_exist=True)
    return run_embedded(graph, cypher, params or {})


# ---------------------------------------------------------------------------- Neo4j --
def neo4j_settings(uri: Optional[str] = None, username: Optional[str] = None, password: Optional[str] = None,
                   database: Optional[str] = None):
    """Neo4j settings from NEO4J_* variables, overridden by the non-None arguments."""
    from quotegraph.settings import Neo4jSettings

    return Neo4jSettings.from_env(uri=uri, username=username, password=password, database=database)


def load_to_neo4j(store: Optional[str | Path] = None, graph=None, settings=None, batch_size: Optional[int] = None,
                  replace: bool = False, progress=None):
    """Push the embedded graph (``graph`` or the one in ``store``) into Neo4j; returns a LoadSummary.

    Loads MERGE by key, so loading twice (or again after a failed load) leaves
    one copy of everything. ``replace`` first deletes everything in the
    database, for an exact copy of the store. Raises
    :class:`~quotegraph.graph.neo4j_load.Neo4jError` subclasses with one-line messages.
    """
    from quotegraph.graph.neo4j_load import DEFAULT_BATCH_SIZE, clear, connect, load_graph as load_into_neo4j

    graph = graph if graph is not None else load_graph(store or default_store_path())
    settings = settings or neo4j_settings()
    driver = connect(settings)
    try:
        if replace:
            clear(driver, settings.database)
        return load_into_neo4j(graph, driver, settings.database, batch_size=batch_size or DEFAULT_BATCH_SIZE,
                               progress=progress)
    finally:
        driver.close()


def ingest_to_neo4j(paths: Iterable[str | Path], store: Optional[str | Path] = None, settings=None,
                    records_per_batch: int = 200, batch_size: Optional[int] = None, on_load_error=None,
                    **ingest_kwargs):
    """:func:`ingest` into the store and, batch by batch as records arrive, into Neo4j.

    Returns ``(IngestSummary, LoadSummary, load_error)``. A Neo4j failure never
    stops or damages the embedded ingest: loading stops, ``load_error`` holds
    the error (also passed to ``on_load_error``), and the store gets every
    record, so ``quotegraph load`` can finish the job later.
    """
    from quotegraph.graph.neo4j_load import DEFAULT_BATCH_SIZE, Neo4jError, RecordLoader, connect

    settings = settings or neo4j_settings()
    driver = connect(settings)  # fails fast, before the store is touched
    loader = RecordLoader(driver, settings.database, batch_size=batch_size or DEFAULT_BATCH_SIZE,
                          records_per_batch=records_per_batch, uri=settings.uri)
    failure: list[Exception] = []

    def load(step, *args) -> None:
        """Run a loader step unless loading has already failed; a failure stops loading, not the ingest."""
        if failure:
            return
        try:
            step(*args)
        except Neo4jError as exc:
            failure.append(exc)
            if on_load_error:
                on_load_error(exc)

    user_hook = ingest_kwargs.pop("on_record", None)

    def hook(record: ArticleRecord) -> None:
        load(loader, record)
        if user_hook:
            user_hook(record)

    try:
        summary = ingest(paths, store=store, on_record=hook, **ingest_kwargs)
        load(loader.flush)
    finally:
        driver.close()
    return summary, loader.summary, (failure[0] if failure else None)


def run_query_neo4j(name: str, params: Optional[dict] = None, settings=None, driver=None) -> QueryResult:
    """Run the named query ``name`` on Neo4j (read-only)."""
    return run_cypher_neo4j(get_query(name).cypher, params, settings=settings, driver=driver)


def run_cypher_neo4j(cypher: str, params: Optional[dict] = None, settings=None, driver=None) -> QueryResult:
    """Run an ad-hoc read-only Cypher query on Neo4j (writes are refused by the server)."""
    from quotegraph.graph.neo4j_load import connect
    from quotegraph.queries.neo4j import run_neo4j

    settings = settings or neo4j_settings()
    if driver is not None:
        return run_neo4j(driver, cypher, params or {}, settings.database)
    driver = connect(settings)
    try:
        return run_neo4j(driver, cypher, params or {}, settings.database)
    finally:
        driver.close()
