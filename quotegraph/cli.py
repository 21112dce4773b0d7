"""The quotegraph command line: a thin layer over :mod:`quotegraph.api`.

Each command parses its options, makes one call into the API and prints what comes back. Domain errors
(a missing model or store, a bad query, a malformed file, Neo4j down) become one-line ``error: ...``
messages with an exit status in one place: :class:`Commands`.
"""
from __future__ import annotations

import json
import sys
import time
from typing import Optional

import click

from quotegraph import api
from quotegraph.settings import DEFAULT_BATCH_SIZE, SCHEDULER_ENV
from quotegraph.tables import attribution_lines, format_result, query_list

STORE_HELP = ("Embedded graph database, a LadybugDB file (default: $QUOTEGRAPH_STORE or ./quotegraph.lbug); "
              "a quotegraph 0.1 JSON store there is converted once.")
MODEL_HELP = "spaCy pipeline: a package name or a path (default: $QUOTEGRAPH_SPACY_MODEL or en_core_web_sm)."

store_option = click.option("--store", type=click.Path(dir_okay=False), default=None, help=STORE_HELP)
model_option = click.option("--model", default=None, help=MODEL_HELP)
entities_option = click.option(
    "--entities", type=click.Path(exists=True, dir_okay=False), default=None, metavar="FILE",
    help="Your authority file (CSV or JSONL: id, name, type, aliases): the names it knows become its entries, "
         "with their ids (speaker_id in the output, id in the graph).")
paths_argument = click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True))

# Domain errors and their exit status, first match wins. 1: the work stopped part way (rerunning finishes
# it) or found nothing to do; 2: nothing could start (no model, no store, bad query or file, no server).
# Named by module, not imported: a query need not load the Neo4j driver, Dask or spaCy to map its errors.
EXIT_STATUS: tuple[tuple[str, str, int], ...] = (
    ("quotegraph.api", "LoadStopped", 1),
    ("quotegraph.api", "NothingToDraw", 1),
    ("quotegraph.ingest.cluster", "ClusterStopped", 1),
    ("quotegraph.ingest.cluster", "ClusterError", 2),
    ("quotegraph.ingest.model", "ModelNotFound", 2),
    ("quotegraph.graph.store", "StoreError", 2),
    ("quotegraph.queries.results", "QueryError", 2),
    ("quotegraph.ingest.evaluation.jsonl", "EvaluationFileError", 2),
    ("quotegraph.ingest.authority", "AuthorityFileError", 2),
    ("quotegraph.ingest.readers", "InputErrorException", 2),
    ("quotegraph.graph.neo4j_load", "Neo4jError", 2),
    ("builtins", "OSError", 2),
)


def exit_status(exc: BaseException) -> Optional[int]:
    """The exit status of a domain error (None for anything else: a bug shows its traceback).

    A class whose module was never imported cannot have been raised, so only loaded modules are looked in.
    """
    for module, name, status in EXIT_STATUS:
        loaded = sys.modules.get(module)
        if loaded is not None and isinstance(exc, getattr(loaded, name)):
            return status
    return None


class CommandError(click.ClickException):
    """A domain error as click shows it: ``error: <first line of the message>`` on stderr, then the exit status."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message.splitlines()[0] if message else message)
        self.exit_code = exit_code

    def show(self, file=None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


class Commands(click.Group):
    """The command group; the one place where domain errors become click errors (see :data:`EXIT_STATUS`)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except Exception as exc:  # click's own exceptions map to None and go on as they are
            status = exit_status(exc)
            if status is None:
                raise
            raise CommandError(str(exc), status) from exc


def cluster_options(func):
    """--scheduler (default: $QUOTEGRAPH_SCHEDULER) and --out: extraction on a Dask cluster (docs/scale.md)."""
    func = click.option("--out", "parts", type=click.Path(file_okay=False), default=None,
                        help="With --scheduler: a directory every worker can write; each partition's records "
                             "go there as part-*.jsonl, and a rerun reuses the parts already done.")(func)
    return click.option("--scheduler", envvar=SCHEDULER_ENV, default=None, metavar="ADDRESS",
                        help="Run extraction on the Dask cluster at ADDRESS, e.g. tcp://host:8786 (default: "
                             f"${SCHEDULER_ENV}); pip install 'quotegraph[cluster]'.")(func)


def neo4j_options(func):
    """--uri --username --password --database (default: NEO4J_* variables, see quotegraph.settings)."""
    for option in reversed([
        click.option("--uri", default=None, help="Neo4j Bolt URI (default: $NEO4J_URI or bolt://127.0.0.1:7687)."),
        click.option("--username", default=None, help="Neo4j user (default: $NEO4J_USERNAME or neo4j)."),
        click.option("--password", default=None, help="Neo4j password (default: $NEO4J_PASSWORD or quotegraph-dev)."),
        click.option("--database", default=None, help="Neo4j database (default: $NEO4J_DATABASE or neo4j)."),
    ]):
        func = option(func)
    return func


class InputErrors:
    """The ``on_error`` handler of the readers: prints each bad input on one line and counts them."""

    def __init__(self):
        self.count = 0

    def __call__(self, error) -> None:
        self.count += 1
        click.echo(f"error: {error}", err=True)


class Progress:
    """A status line on stderr every couple of seconds while an ingest runs (only when ``enabled``)."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.started = self.last = time.perf_counter()

    def __call__(self, summary) -> None:
        now = time.perf_counter()
        if self.enabled and now - self.last >= 2:
            self.last = now
            rate = summary.articles / max(now - self.started, 1e-9)
            click.echo(f"\r{summary.articles:,} articles, {summary.attributions:,} attributions "
                       f"({rate:.1f} articles/s)", err=True, nl=False)

    def done(self) -> None:
        if self.enabled and self.last != self.started:
            click.echo("", err=True)


class LoadBar:
    """A progress bar on stderr for ``load``: a ``progress(done, total)`` callback, closed on leaving the block."""

    def __init__(self, enabled: bool, label: str):
        self.enabled, self.label, self.bar = enabled, label, None

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos)

    def __enter__(self) -> "LoadBar":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            if exc_type is not None:
                click.echo("", err=True)  # the error line starts on a line of its own


def article_counter(done: int, total: int) -> None:
    """``evaluate`` progress: "done/total articles", rewritten in place on stderr."""
    click.echo(f"\r{done}/{total} articles", err=True, nl=done == total)


def shown(flag) -> bool:
    """Whether to show progress: the --progress/--no-progress flag, else whether stderr is a terminal."""
    return sys.stderr.isatty() if flag is None else flag


def ingest_report(summary) -> str:
    """The closing line of an ingest."""
    graph = (f"{summary.nodes} nodes, {summary.relationships} relationships" if summary.nodes is not None
             else "logged; the next read merges them into the graph")
    compacted = getattr(summary, "compacted", None)
    compacted = (f"; compacted {compacted.before / 2**20:,.1f} -> {compacted.after / 2**20:,.1f} MiB in "
                 f"{compacted.seconds:.1f}s" if compacted else "")
    return (f"{summary.articles} articles, {summary.attributions} attributions -> {summary.store} "
            f"({graph}) in {summary.seconds:.1f}s{compacted}")


def parse_params(pairs: tuple[str, ...]) -> dict:
    """``-p name=value`` pairs as query parameters (digits become integers)."""
    params = {}
    for pair in pairs:
        if "=" not in pair:
            raise click.BadParameter(f"{pair!r}: write name=value", param_hint="-p")
        name, value = pair.split("=", 1)
        params[name.strip()] = int(value) if value.isdigit() else value
    return params


DEFAULT_PAGE = 100


def print_result(result, fmt: str) -> None:
    """Print a query result; the table format adds a row count on stderr."""
    click.echo(format_result(result, fmt), nl=False)
    if fmt == "table":
        click.echo(f"({len(result.rows)} rows)", err=True)


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="quotegraph")
def main():
    """quotegraph: who said what about whom in the news, as a graph.

    Extract attributed quotes from articles (quotes), merge them into a graph
    file (ingest), and ask it named questions (query) or Cypher (cypher).
    """


@main.command()
@paths_argument
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True,
              help="jsonl: one JSON object per attribution (the output contract); table: for people.")
@model_option
@entities_option
@cluster_options
def quotes(paths, fmt, model, entities, scheduler, parts):
    """Print every attribution found in PATHS (.txt, .html, .jsonl, directories, - for stdin)."""
    errors = InputErrors()
    attributions = api.quotes(paths, model=model, on_error=errors, scheduler=scheduler, out=parts, entities=entities)
    for line in attribution_lines(attributions, fmt):
        click.echo(line)
    if errors.count:
        sys.exit(1)


@main.command()
@paths_argument
@store_option
@model_option
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Processes for the spaCy pipeline.")
@click.option("--progress/--no-progress", default=None, help="Show progress (default: when stderr is a terminal).")
@click.option("--stream", is_flag=True,
              help="Kept for compatibility: every ingest now writes batch by batch into the database "
                   "(flat memory for archives of any size).")
@click.option("--neo4j", "to_neo4j", is_flag=True, help="Also load what is extracted into Neo4j, batch by batch.")
@click.option("--compact/--no-compact", default=None,
              help="Rewrite the store in one bulk load afterwards, as 'quotegraph compact' does (default: when "
                   "the run wrote at least 2,000 articles and half the store's).")
@neo4j_options
@entities_option
@cluster_options
def ingest(paths, store, model, workers, progress, stream, to_neo4j, compact, uri, username, password, database,
           entities, scheduler, parts):
    """Extract attributions from PATHS and merge them into the embedded graph file.

    Running it again on the same articles changes nothing; bad inputs are
    reported one line each and the good ones are still ingested (exit 1).
    """
    meter = Progress(shown(progress))
    if to_neo4j:
        settings = api.neo4j_settings(uri, username, password, database)
        summary, loaded, failure = api.ingest_to_neo4j(paths, store=store, settings=settings, model=model,
                                                       workers=workers, on_error=InputErrors(), progress=meter,
                                                       scheduler=scheduler, out=parts, entities=entities,
                                                       compact=compact)
    else:
        summary = api.ingest(paths, store=store, model=model, workers=workers, on_error=InputErrors(),
                             progress=meter, stream=stream, scheduler=scheduler, out=parts, entities=entities,
                             compact=compact)
    meter.done()
    click.echo(ingest_report(summary), err=True)
    if summary.errors:
        click.echo(f"{len(summary.errors)} input(s) could not be read (see above)", err=True)
    if to_neo4j:
        neo4j_report(summary, loaded, failure, settings)
    if summary.errors:
        sys.exit(1)


@main.command()
@click.argument("name", required=False)
@click.option("-p", "--param", "pairs", multiple=True, metavar="NAME=VALUE", help="A query parameter (repeatable).")
@click.option("--list", "list_only", is_flag=True, help="List the named queries and their parameters.")
@store_option
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--neo4j", "on_neo4j", is_flag=True, help="Run on Neo4j instead of the embedded graph.")
@click.option("--limit", type=click.IntRange(min=0), default=DEFAULT_PAGE, show_default=True,
              help="Rows per page, in the query's order (newest statements first); 0 for every row.")
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Rows to skip: --offset 100 is page two.")
@neo4j_options
def query(name, pairs, list_only, store, fmt, on_neo4j, limit, offset, uri, username, password, database):
    """Run the named query NAME (see --list) on the embedded graph, one page of rows at a time.

    Example: quotegraph query said-about -p name=Ukraine --limit 20
    """
    if list_only or not name:
        click.echo(query_list(api.named_queries()))
        return
    if on_neo4j:
        result = api.run_query_neo4j(name, parse_params(pairs), limit=limit, offset=offset,
                                     settings=api.neo4j_settings(uri, username, password, database))
    else:
        result = api.run_query(name, parse_params(pairs), store=store, limit=limit, offset=offset)
    print_result(result, fmt)
    if limit and len(result.rows) == limit:
        click.echo(f"(a full page: --offset {offset + limit} for the next, --limit 0 for every row)", err=True)


@main.command()
@click.argument("cypher")
@click.option("-p", "--param", "pairs", multiple=True, metavar="NAME=VALUE", help="A query parameter (repeatable).")
@store_option
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--neo4j", "on_neo4j", is_flag=True, help="Run on Neo4j instead of the embedded graph (read-only).")
@neo4j_options
def cypher(cypher, pairs, store, fmt, on_neo4j, uri, username, password, database):
    """Run an ad-hoc read-only Cypher query on the embedded graph.

    Example: quotegraph cypher 'MATCH (p:Person)-[:SAID]->(q) RETURN p.name, COUNT(q) AS n ORDER BY n DESC'
    """
    if on_neo4j:
        result = api.run_cypher_neo4j(cypher, parse_params(pairs),
                                      settings=api.neo4j_settings(uri, username, password, database))
    else:
        result = api.run_cypher(cypher, parse_params(pairs), store=store)
    print_result(result, fmt)


@main.command()
@click.argument("out", type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["graphml", "neo4j-admin"]), default="graphml", show_default=True,
              help="graphml: one file for Gephi and Cytoscape; neo4j-admin: a directory of CSVs for "
                   "`neo4j-admin database import full` (bulk load into a new database).")
@store_option
def export(out, fmt, store):
    """Export the embedded graph to OUT (a GraphML file, or a directory of neo4j-admin import CSVs)."""
    totals = api.export(out, fmt, store=store)
    if fmt == "neo4j-admin":
        click.echo(f"{totals['nodes']} nodes, {totals['relationships']} relationships -> {out}/ ; import with:\n"
                   f"  neo4j-admin database import full neo4j --overwrite-destination $(cat {out}/import.args)  "
                   f"(run from {out}, server stopped), then run {out}/constraints.cypher", err=True)
    else:
        click.echo(f"{totals['nodes']} nodes, {totals['relationships']} relationships -> {out}", err=True)


@main.command()
@store_option
def compact(store):
    """Rewrite the embedded store in one bulk load: the same graph, smaller and faster to query.

    A store written batch by batch (a long ingest, many names moved) is left in
    pieces that every new process pays for on its first queries; run this after
    a large ingest. Writers wait or fail while it runs; readers keep reading.
    """
    done = api.compact(store)
    click.echo(f"compacted: {done.before / 2**20:,.1f} MiB -> {done.after / 2**20:,.1f} MiB in {done.seconds:.1f} s",
               err=True)


@main.command()
@store_option
def stats(store):
    """Count the nodes and relationships of the embedded graph by label and type."""
    labels, types = api.stats(store)
    for name, count in sorted(labels.items()):
        click.echo(f"(:{name})  {count}")
    for name, count in sorted(types.items()):
        click.echo(f"[:{name}]  {count}")


@main.command()
@store_option
@click.option("--neo4j", "also_neo4j", is_flag=True, help="Also resolve the names in the Neo4j database.")
@neo4j_options
def resolve(store, also_neo4j, uri, username, password, database):
    """Decide again who every bare name is ("Trump" -> Donald Trump), across the whole graph.

    ingest and load already do this for the names each batch touches; run it
    after changing the rules or on a graph an older quotegraph wrote.
    """
    settings = api.neo4j_settings(uri, username, password, database) if also_neo4j else None
    moved = api.resolve_names(store=store, settings=settings)
    click.echo(f"{moved} mentions re-keyed", err=True)


@main.command()
@store_option
@neo4j_options
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=DEFAULT_BATCH_SIZE, show_default=True,
              help="Rows per write transaction.")
@click.option("--replace", is_flag=True, help="Delete everything in the Neo4j database first (an exact copy).")
@click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: when stderr is a terminal).")
def load(store, uri, username, password, database, batch_size, replace, progress):
    """Load the embedded graph into Neo4j (MERGE by key: running it twice changes nothing).

    Example: quotegraph load --uri bolt://127.0.0.1:7687 --password quotegraph-dev
    """
    settings = api.neo4j_settings(uri, username, password, database)
    with LoadBar(shown(progress), f"loading into {settings.uri}") as bar:
        summary = api.load_to_neo4j(store=store, settings=settings, batch_size=batch_size, replace=replace,
                                    progress=bar)
    click.echo(f"{summary.nodes} nodes, {summary.relationships} relationships -> {settings.uri} "
               f"(database {settings.database}) in {summary.seconds:.1f}s "
               f"({summary.rate:,.0f}/s)", err=True)


@main.command()
@click.option("--about", default=None, metavar="NAME",
              help="Only the quotes about NAME (case-insensitive; a surname or alias will do).")
@click.option("--speaker", default=None, metavar="NAME", help="Only the quotes of NAME (\"Putin\" finds Vladimir Putin).")
@click.option("--summary", is_flag=True,
              help="Draw who talks about whom (speaker -> subject, edge width = quotes) instead of each quote.")
@click.option("--max-nodes", type=click.IntRange(1), default=250, show_default=True,
              help="Draw the summary anyway when the quote graph has more nodes than this.")
@click.option("--timeline", is_flag=True,
              help="Draw --speaker's statements over time instead (a row per speech act; --about narrows them).")
@click.option("--out", type=click.Path(dir_okay=False), default="graph.html", show_default=True,
              help="The HTML file to write (self-contained: it opens without a network).")
@store_option
def view(about, speaker, summary, max_nodes, timeline, out, store):
    """Draw the embedded graph, or a slice of it, as one self-contained HTML page.

    Example: quotegraph view --about Ukraine --out ukraine.html
    Example: quotegraph view --timeline --speaker Putin --about NATO --out putin-nato.html
    """
    if timeline:
        if not speaker:
            raise click.UsageError("--timeline draws one speaker's statements: give --speaker NAME")
        points, title, path = api.timeline(out, speaker, about=about, store=store)
        click.echo(f"{title}: {len(points)} statements -> {path}", err=True)
        return
    drawn, title, path = api.view(out, about=about, speaker=speaker, summary=summary, max_nodes=max_nodes,
                                  store=store)
    click.echo(f"{title}: {drawn.number_of_nodes()} nodes, {drawn.number_of_edges()} edges -> {path}", err=True)


@main.command()
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--pred", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Score this saved output of `quotegraph quotes --format jsonl` instead of running extraction.")
@click.option("--errors", "errors_path", type=click.Path(dir_okay=False), default=None,
              help="Write misses, false alarms and wrong speakers with their sentences (.md: markdown, else JSONL).")
@click.option("--limit", type=int, default=None, help="Only the first N gold articles.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@model_option
def evaluate(gold, pred, errors_path, limit, as_json, model):
    """Score attributions against annotated news in GOLD.jsonl (PolNeAR format, see docs/evaluation.md).

    Prints precision, recall and F1 at overlap >= 0.5 and >= 0.9, speaker accuracy,
    attribution F1, and recall by kind and by speaker form.
    """
    report = api.evaluate(gold, pred=pred, model=model, errors=errors_path, limit=limit, on_error=InputErrors(),
                          progress=article_counter if sys.stderr.isatty() else None)
    from quotegraph.ingest.evaluation import format_report

    click.echo(json.dumps(report.to_dict(), indent=2) if as_json else format_report(report))


def neo4j_report(summary, loaded, failure, settings) -> None:
    """After ``ingest --neo4j``: what Neo4j got, or why loading stopped and how to finish it (exit 1)."""
    if failure is not None:
        raise CommandError(f"{failure} [the embedded store {summary.store} has all {summary.articles} articles; "
                           f"finish with: quotegraph load --store {summary.store}]", 1)
    click.echo(f"Neo4j {settings.uri}: {loaded.nodes} nodes, {loaded.relationships} relationships merged "
               f"in {loaded.seconds:.1f}s", err=True)


if __name__ == "__main__":
    main()
