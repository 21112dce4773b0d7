"""The Python API under the CLI: every command is a thin layer over these functions.

    from quotegraph.api import quotes, ingest, run_query
    for attribution in quotes(["seeds/"]):
        print(attribution.speaker.name, attribution.quote)
    ingest(["seeds/"], store="news.graph.json")
    print(run_query("said-about", {"name": "Ukraine"}, store="news.graph.json").records())
"""
from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Optional

from quotegraph.graph.store import StoreWriter, default_store_path, load_graph, open_store
from quotegraph.queries.embedded import QueryError, run_embedded, run_stored
from quotegraph.queries.library import get_query, list_queries, paged
from quotegraph.queries.results import QueryResult

# The ingest side (readers, the authority file, records) is imported where it is used: a query runs without it.
if TYPE_CHECKING:
    from quotegraph.ingest.evaluation import Report
    from quotegraph.ingest.readers import InputError
    from quotegraph.ingest.records import Article, ArticleRecord, Attribution

ErrorHandler = Callable[["InputError"], None]


def records(paths: Iterable[str | Path], model: Optional[str] = None, nlp=None,
            on_error: Optional[ErrorHandler] = None, workers: int = 1, scheduler: Optional[str] = None,
            out: Optional[str | Path] = None, entities: Optional[str | Path] = None) -> Iterator[ArticleRecord]:
    """Read every article under ``paths`` and yield what extraction finds in each, streaming.

    ``entities``: the user's authority file (ingest/authority.py), read before
    anything is extracted; the names it knows become its entries, with their ids.

    ``scheduler`` (a Dask scheduler address) runs reading and extraction on that cluster
    instead of ``workers`` local processes: the same records in the same order, the same
    input errors; ``out`` is then a directory every worker can write, for the
    partitions' records (see ingest/cluster.py).
    """
    from quotegraph.ingest.authority import read_authority
    from quotegraph.ingest.readers import read_articles

    authority = read_authority(entities) if entities else None
    if scheduler:
        found = _records_on_cluster(paths, scheduler, model, nlp, on_error, out)
    else:
        found = extract_articles(read_articles(paths, on_error=on_error), model=model, nlp=nlp, workers=workers)
    for record in found:
        yield authority.apply(record) if authority else record


def _records_on_cluster(paths, scheduler, model, nlp, on_error, out) -> Iterator[ArticleRecord]:
    """:func:`records` on the Dask cluster at ``scheduler`` (a given ``nlp`` is reloaded from its path)."""
    from quotegraph.ingest.boilerplate import content_end
    from quotegraph.ingest.cluster import extract_on_cluster
    from quotegraph.ingest.model import model_of

    if nlp is not None:
        model = model_of(nlp) or model
    yield from extract_on_cluster(paths, scheduler, model=model, on_error=on_error, analyse_end=content_end,
                                  out=out)


def extract_articles(articles: Iterable[Article], model: Optional[str] = None, nlp=None,
                     workers: int = 1) -> Iterator[ArticleRecord]:
    """The extraction every command runs: trailing page leftovers trimmed (``content_end``), then the pipeline.

    In: articles as the readers give them. Out: one record per article, in order, streaming.
    """
    from quotegraph.ingest.boilerplate import content_end
    from quotegraph.ingest.pipeline import extract, load_pipeline

    # workers > 1: spaCy's own multiprocessing (the Doc layers are plain data, so Docs travel back)
    yield from extract(nlp if nlp is not None else load_pipeline(model), articles, analyse_end=content_end,
                       n_process=max(1, workers))


def quotes(paths: Iterable[str | Path], **kwargs) -> Iterator[Attribution]:
    """Every attribution in the articles under ``paths`` (keyword arguments as :func:`records`)."""
    for record in records(paths, **kwargs):
        yield from record.attributions


def evaluate(gold: str | Path, pred: Optional[str | Path] = None, model: Optional[str] = None,
             errors: Optional[str | Path] = None, limit: Optional[int] = None,
             on_error: Optional[ErrorHandler] = None,
             progress: Optional[Callable[[int, int], None]] = None) -> "Report":
    """Score attributions against the annotated articles of the JSONL file ``gold``.

    The predictions are the saved ``quotes --format jsonl`` output ``pred`` or, without one, what
    :func:`extract_articles` — the path of ``quotegraph quotes`` — finds in the gold file read as input,
    so both give the same figures. ``limit`` scores the first N gold articles; ``progress(done, total)``
    is called after each extracted article; ``errors`` gets the error list (.md: markdown, else JSONL).
    Raises :class:`~quotegraph.ingest.evaluation.EvaluationFileError` for a malformed gold or pred line.
    """
    from quotegraph.ingest import evaluation

    gold_articles = evaluation.read_gold(gold, limit=limit)
    if pred is not None:
        predictions = evaluation.read_predictions(pred)
    else:
        predictions = list(_predicted(gold, {a.id for a in gold_articles}, model, on_error, progress))
    report = evaluation.score(gold_articles, predictions)
    if errors is not None:
        evaluation.write_errors(report, errors)
    return report


def _predicted(gold: str | Path, ids: set[str], model: Optional[str], on_error: Optional[ErrorHandler],
               progress: Optional[Callable[[int, int], None]]) -> Iterator[Attribution]:
    """The attributions extraction finds in the gold file's articles whose id is in ``ids``."""
    from quotegraph.ingest.readers import read_articles

    articles = (a for a in read_articles([gold], on_error=on_error) if a.id in ids)
    for done, record in enumerate(extract_articles(_first(articles, len(ids)), model=model), 1):
        yield from record.attributions
        if progress is not None:
            progress(done, len(ids))


def _first(items: Iterator, n: int) -> Iterator:
    """The first ``n`` items, without reading one more (gold articles past ``--limit`` stay unread)."""
    for count, item in enumerate(items, 1):
        yield item
        if count >= n:
            return


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
    compacted: Optional[object] = None  # graph.compact.Compacted, when the run compacted the store


# A run that wrote at least this many articles, and at least half of the store's, compacts it (see compaction_due).
COMPACT_ARTICLES = 2_000


def compaction_due(written: int, stored: int) -> bool:
    """Whether an ingest that wrote ``written`` articles into a store that now holds ``stored`` compacts it: a large
    first ingest (or one that doubled the store) leaves LadybugDB's tables in as many pieces as it had batches,
    and a fresh process then plans its first query over them in 40 to 100 ms at 100,000 articles (18 compacted);
    a small run adds few pieces, and compacting after each would rewrite the whole store for them."""
    return written >= COMPACT_ARTICLES and 2 * written >= stored


def ingest(paths: Iterable[str | Path], store: Optional[str | Path] = None, model: Optional[str] = None,
           nlp=None, on_error: Optional[ErrorHandler] = None, workers: int = 1,
           on_record: Optional[Callable[[ArticleRecord], None]] = None,
           progress: Optional[Callable[[IngestSummary], None]] = None,
           checkpoint_every: int = 500, stream: bool = False, scheduler: Optional[str] = None,
           out: Optional[str | Path] = None, entities: Optional[str | Path] = None,
           compact: Optional[bool] = None) -> IngestSummary:
    """Extract from ``paths`` and merge into the embedded graph database ``store``.

    Every ``checkpoint_every`` articles, and at the end, what was extracted is
    written in one transaction (merged by key), so an interrupted run keeps
    what it had committed and a rerun finishes the job without duplicates;
    memory holds one batch, however many articles there are. A second writer
    to the same store fails at once (StoreBusy). ``on_record`` sees each
    record as it is merged (the Neo4j loader hooks in there). ``stream`` is
    kept for compatibility: every ingest now streams into the database.

    ``scheduler`` and ``out``: extraction on a Dask cluster, and ``entities``, an authority file, as in
    :func:`records`. ``compact``: rewrite the store in one bulk load afterwards (:func:`compact`); None
    decides by :func:`compaction_due`.
    """
    started = time.perf_counter()
    summary = IngestSummary(store=Path(store) if store else default_store_path())

    def report(error: InputError) -> None:
        summary.errors.append(error)
        if on_error:
            on_error(error)

    source = {"workers": workers, "scheduler": scheduler, "out": out, "entities": entities}
    with StoreWriter(summary.store) as writer:
        _ingest_into(writer.add_record, writer.checkpoint, paths, summary, model, nlp, report, source,
                     on_record, progress, checkpoint_every)
        summary.nodes, summary.relationships = writer.totals()
    summary.compacted = _compacted_if_due(summary, compact)
    summary.seconds = time.perf_counter() - started
    return summary


def _compacted_if_due(summary: IngestSummary, asked: Optional[bool]):
    """Compact the store after an ingest when asked (True), or when ``asked`` is None and :func:`compaction_due`."""
    if asked is False or asked is None and summary.articles < COMPACT_ARTICLES:  # no store to open for a small run
        return None
    if asked is None:
        with open_store(summary.store, must_exist=True) as opened:
            if not compaction_due(summary.articles, opened.query("MATCH (a:Article) RETURN count(a)")[1][0][0]):
                return None
    return compact(summary.store)


def _ingest_into(add, checkpoint, paths, summary, model, nlp, report, source, on_record, progress,
                 checkpoint_every) -> None:
    """Feed every extracted record to ``add``, calling ``checkpoint`` every so often and at the end.

    ``source`` holds the :func:`records` arguments that say where extraction runs (workers, scheduler, out).
    """
    for record in records(paths, model=model, nlp=nlp, on_error=report, **source):
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


class NothingToDraw(ValueError):
    """``view`` found no quotes to draw (an empty graph, or no quotes about / by the names given)."""


class LoadStopped(RuntimeError):
    """A Neo4j load that failed part way; what was written stays, and running the load again finishes it."""


def named_queries() -> list:
    """The named queries (``queries/*.cypher``): name, description, parameters."""
    return list_queries()


def named_query(name: str):
    """The named query ``name``; :class:`QueryError` naming the known ones when there is none."""
    try:
        return get_query(name)
    except KeyError as exc:
        raise QueryError(exc.args[0]) from None


def _named_page(name: str, params: Optional[dict], limit: Optional[int], offset: int) -> tuple[str, dict]:
    """The named query's Cypher and parameters for one page of its rows (all of them when ``limit`` is None)."""
    return paged(named_query(name).cypher, params or {}, limit, offset)


def run_query(name: str, params: Optional[dict] = None, store: Optional[str | Path] = None, graph=None,
              limit: Optional[int] = None, offset: int = 0) -> QueryResult:
    """Run the named query ``name`` on the embedded graph (``graph`` or the one in ``store``).

    ``limit`` / ``offset`` give one page of the rows in the query's order (newest statements first
    for said-by, said-about and said-about-event); None gives them all.
    """
    cypher, params = _named_page(name, params, limit, offset)
    if graph is not None:
        return run_embedded(graph, cypher, params)
    return run_stored(store or default_store_path(), cypher, params)


def run_cypher(cypher: str, params: Optional[dict] = None, store: Optional[str | Path] = None, graph=None) -> QueryResult:
    """Run an ad-hoc read-only Cypher query on the embedded graph."""
    if graph is not None:
        return run_embedded(graph, cypher, params or {})
    return run_stored(store or default_store_path(), cypher, params or {})


def stats(store: Optional[str | Path] = None) -> tuple[Counter, Counter]:
    """Node counts by label and relationship counts by type of the embedded graph in ``store``."""
    with open_store(store or default_store_path(), must_exist=True) as opened:
        labels, types = opened.counts()
    return Counter({k: n for k, n in labels.items() if n}), Counter({k: n for k, n in types.items() if n})


def resolve_names(store: Optional[str | Path] = None, settings=None) -> int:
    """Decide every bare name of the embedded graph again (:mod:`quotegraph.graph.resolve`), and of Neo4j when
    ``settings`` are given; the number of mentions moved.

    ``ingest`` and ``load`` already resolve the names each batch touches; this
    redoes the whole graph (after changing the rules, or for a graph loaded by
    an older quotegraph).
    """
    from quotegraph.graph.store import StoreWriter

    with StoreWriter(store or default_store_path()) as writer:
        moved = writer.store.resolve()
    if settings is not None:
        from quotegraph.graph.neo4j_load import resolve_database

        moved += resolve_database(settings, settings.database)
    return moved


def compact(store: Optional[str | Path] = None):
    """Rewrite the embedded store in one bulk load (:mod:`quotegraph.graph.compact`): the same graph, smaller,
    and a fresh process's first queries faster. Returns a ``Compacted`` (bytes before and after, seconds)."""
    from quotegraph.graph.compact import compact_store

    return compact_store(store or default_store_path())


def export(out: str | Path, fmt: str = "graphml", store: Optional[str | Path] = None) -> dict[str, int]:
    """Write the embedded graph to ``out``: a GraphML file, or (``neo4j-admin``) a directory of import CSVs.

    Returns ``{"nodes": n, "relationships": m}``; NotADirectoryError when ``out`` is a file and a directory
    is wanted.
    """
    if fmt == "neo4j-admin":
        from quotegraph.graph.neo4j_admin import export_store_neo4j_admin

        if Path(out).exists() and not Path(out).is_dir():
            raise NotADirectoryError(f"{out}: exists and is not a directory")
        with open_store(store or default_store_path(), must_exist=True) as opened:  # the database writes the files
            return export_store_neo4j_admin(opened, out)
    from quotegraph.graph.export import to_graphml

    graph = load_graph(store or default_store_path(), must_exist=True)
    to_graphml(graph, out)
    return {"nodes": graph.number_of_nodes(), "relationships": graph.number_of_edges()}


def view(out: str | Path, about: Optional[str] = None, speaker: Optional[str] = None, summary: bool = False,
         max_nodes: int = 250, store: Optional[str | Path] = None):
    """Draw the embedded graph (or the slice about / by the names given) into the HTML page ``out``.

    Returns ``(drawn graph, title, path written)``; :class:`NothingToDraw` when the slice is empty.
    """
    from quotegraph.graph.view import render_html, view_graph

    graph = _slice_or_whole(store, about, speaker)
    drawn, title = view_graph(graph, about=about, speaker=speaker, summary=summary, max_nodes=max_nodes)
    if drawn.number_of_nodes() == 0:
        what = " and ".join(f"{k} {v!r}" for k, v in (("about", about), ("by", speaker)) if v)
        raise NothingToDraw(f"no quotes {what} in the graph" if what
                            else "the graph has no quotes yet (run quotegraph ingest)")
    return drawn, title, render_html(drawn, out, title=title)


def _slice_or_whole(store: Optional[str | Path], about: Optional[str], speaker: Optional[str]):
    """The quotes about / by the names given, read from the store by key; the whole graph when no name is."""
    path = Path(store or default_store_path())
    if not (about or speaker) or not path.exists():
        return load_graph(path)
    with open_store(path) as opened:
        return opened.quote_slice(about=about, speaker=speaker)


def timeline(out: str | Path, speaker: str, about: Optional[str] = None, store: Optional[str | Path] = None):
    """Draw ``speaker``'s statements (about ``about`` when given) over time, coloured by act, into the page ``out``.

    Returns ``(statements drawn, title, path written)``; :class:`NothingToDraw` when there are none.
    """
    from quotegraph.graph.timeline import render_timeline, timeline_points

    points = timeline_points(_slice_or_whole(store, about, speaker), speaker, about=about)
    if not points:
        raise NothingToDraw(f"no statements by {speaker!r}" + (f" about {about!r}" if about else "") + " in the graph")
    name = points[0]["speaker"]
    title = f"{name} on {about} over time" if about else f"{name} over time"
    return points, title, render_timeline(points, out, title=title)


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
    database, for an exact copy of the store. ``progress(done, total)`` sees
    each written batch. Raises :class:`~quotegraph.graph.neo4j_load.Neo4jError`
    subclasses with one-line messages when nothing was written, and
    :class:`LoadStopped` when the server refused a batch or failed part way.
    """
    from quotegraph.graph.neo4j_load import DEFAULT_BATCH_SIZE, Neo4jError, Neo4jLoadError, clear, connect
    from quotegraph.graph.neo4j_load import load_graph as load_into_neo4j

    graph = graph if graph is not None else load_graph(store or default_store_path())
    settings = settings or neo4j_settings()
    written = [0]

    def seen(done: int, total: int) -> None:
        written[0] = done
        if progress is not None:
            progress(done, total)

    driver = connect(settings)
    try:
        if replace:
            clear(driver, settings.database)
        return load_into_neo4j(graph, driver, settings.database, batch_size=batch_size or DEFAULT_BATCH_SIZE,
                               progress=seen)
    except Neo4jError as exc:
        if written[0] or isinstance(exc, Neo4jLoadError):
            raise LoadStopped(str(exc)) from exc
        raise
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


def run_query_neo4j(name: str, params: Optional[dict] = None, settings=None, driver=None,
                    limit: Optional[int] = None, offset: int = 0) -> QueryResult:
    """Run the named query ``name`` on Neo4j (read-only); ``limit`` / ``offset`` as in :func:`run_query`."""
    cypher, params = _named_page(name, params, limit, offset)
    return run_cypher_neo4j(cypher, params, settings=settings, driver=driver)


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
