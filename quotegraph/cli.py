"""The quotegraph command line: a thin layer over :mod:`quotegraph.api`."""
from __future__ import annotations

import csv
import io
import json
import sys
import time
from pathlib import Path

import click

from quotegraph import api
from quotegraph.graph.neo4j_load import DEFAULT_BATCH_SIZE
from quotegraph.graph.store import StoreError, default_store_path
from quotegraph.ingest.model import ModelNotFound
from quotegraph.queries.embedded import QueryError
from quotegraph.queries.library import list_queries

STORE_HELP = "Embedded graph file (default: $QUOTEGRAPH_STORE or ./quotegraph.graph.json)."
MODEL_HELP = "spaCy pipeline: a package name or a path (default: $QUOTEGRAPH_SPACY_MODEL or en_core_web_sm)."

store_option = click.option("--store", type=click.Path(dir_okay=False), default=None, help=STORE_HELP)
model_option = click.option("--model", default=None, help=MODEL_HELP)
paths_argument = click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True))


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


def _error_printer(error) -> None:
    click.echo(f"error: {error}", err=True)


def _fail(message: str, code: int = 1):
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


class _Progress:
    """A status line on stderr every couple of seconds while long work runs (only on a terminal)."""

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


def _report_ingest(summary, exit_on_errors: bool = True) -> None:
    """The closing line of an ingest, and exit 1 when some inputs could not be read."""
    graph = (f"{summary.nodes} nodes, {summary.relationships} relationships" if summary.nodes is not None
             else "logged; the next read merges them into the graph")
    click.echo(f"{summary.articles} articles, {summary.attributions} attributions -> {summary.store} "
               f"({graph}) in {summary.seconds:.1f}s", err=True)
    if summary.errors:
        click.echo(f"{len(summary.errors)} input(s) could not be read (see above)", err=True)
        if exit_on_errors:
            sys.exit(1)


def _params(pairs: tuple[str, ...]) -> dict:
    params = {}
    for pair in pairs:
        if "=" not in pair:
            raise click.BadParameter(f"{pair!r}: write name=value", param_hint="-p")
        name, value = pair.split("=", 1)
        params[name.strip()] = int(value) if value.isdigit() else value
    return params


def _print_result(result, fmt: str) -> None:
    if fmt == "json":
        for record in result.records():
            click.echo(json.dumps(record, ensure_ascii=False, default=str))
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(result.columns)
        writer.writerows(result.rows)
        click.echo(buffer.getvalue(), nl=False)
    else:
        from quotegraph.tables import format_table
        click.echo(format_table(result.columns, result.rows))
        click.echo(f"({len(result.rows)} rows)", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
def quotes(paths, fmt, model):
    """Print every attribution found in PATHS (.txt, .html, .jsonl, directories, - for stdin)."""
    errors = []

    def on_error(error):
        errors.append(error)
        _error_printer(error)

    rows = []
    try:
        for attribution in api.quotes(paths, model=model, on_error=on_error):
            if fmt == "jsonl":
                click.echo(json.dumps(attribution.to_json(), ensure_ascii=False))
            else:
                rows.append((attribution.article, attribution.speaker.name or "?", attribution.kind,
                             attribution.cue, attribution.quote))
    except ModelNotFound as exc:
        _fail(str(exc), 2)
    if fmt == "table":
        from quotegraph.tables import format_table
        click.echo(format_table(["article", "speaker", "kind", "cue", "quote"], rows))
    if errors:
        sys.exit(1)


@main.command()
@paths_argument
@store_option
@model_option
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Processes for the spaCy pipeline.")
@click.option("--progress/--no-progress", default=None, help="Show progress (default: when stderr is a terminal).")
@click.option("--stream", is_flag=True,
              help="Hold no graph in memory: append each article's records to STORE.pending.jsonl "
                   "(flat memory for archives of any size); the next read merges them into the graph.")
@click.option("--neo4j", "to_neo4j", is_flag=True, help="Also load what is extracted into Neo4j, batch by batch.")
@neo4j_options
def ingest(paths, store, model, workers, progress, stream, to_neo4j, uri, username, password, database):
    """Extract attributions from PATHS and merge them into the embedded graph file.

    Running it again on the same articles changes nothing; bad inputs are
    reported one line each and the good ones are still ingested (exit 1).
    """
    show = sys.stderr.isatty() if progress is None else progress
    meter = _Progress(show)
    if to_neo4j:
        return _ingest_neo4j(paths, store, model, workers, meter, api.neo4j_settings(uri, username, password, database))
    try:
        summary = api.ingest(paths, store=store, model=model, workers=workers,
                             on_error=_error_printer, progress=meter, stream=stream)
    except ModelNotFound as exc:
        _fail(str(exc), 2)
    except StoreError as exc:
        _fail(str(exc), 2)
    meter.done()
    _report_ingest(summary)


@main.command()
@click.argument("name", required=False)
@click.option("-p", "--param", "pairs", multiple=True, metavar="NAME=VALUE", help="A query parameter (repeatable).")
@click.option("--list", "list_only", is_flag=True, help="List the named queries and their parameters.")
@store_option
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--neo4j", "on_neo4j", is_flag=True, help="Run on Neo4j instead of the embedded graph.")
@neo4j_options
def query(name, pairs, list_only, store, fmt, on_neo4j, uri, username, password, database):
    """Run the named query NAME (see --list) on the embedded graph.

    Example: quotegraph query said-about -p name=Ukraine
    """
    if list_only or not name:
        for q in list_queries():
            params = " ".join(f"-p {p}=…" for p in q.params)
            click.echo(f"{q.name:<18} {q.description}" + (f"  [{params}]" if params else ""))
        return
    try:
        if on_neo4j:
            result = _on_neo4j(api.run_query_neo4j, name, _params(pairs),
                               settings=api.neo4j_settings(uri, username, password, database))
        else:
            result = api.run_query(name, _params(pairs), store=store)
    except KeyError as exc:
        _fail(exc.args[0], 2)
    except (QueryError, StoreError) as exc:
        _fail(str(exc), 2)
    _print_result(result, fmt)


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
    try:
        if on_neo4j:
            result = _on_neo4j(api.run_cypher_neo4j, cypher, _params(pairs),
                               settings=api.neo4j_settings(uri, username, password, database))
        else:
            result = api.run_cypher(cypher, _params(pairs), store=store)
    except (QueryError, StoreError) as exc:
        _fail(str(exc), 2)
    _print_result(result, fmt)


@main.command()
@click.argument("out", type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["graphml", "neo4j-admin"]), default="graphml", show_default=True,
              help="graphml: one file for Gephi and Cytoscape; neo4j-admin: a directory of CSVs for "
                   "`neo4j-admin database import full` (bulk load into a new database).")
@store_option
def export(out, fmt, store):
    """Export the embedded graph to OUT (a GraphML file, or a directory of neo4j-admin import CSVs)."""
    from quotegraph.graph.store import load_graph

    try:
        graph = load_graph(store or default_store_path(), must_exist=True)
    except StoreError as exc:
        _fail(str(exc), 2)
    if fmt == "neo4j-admin":
        from quotegraph.graph.neo4j_admin import export_neo4j_admin

        if Path(out).exists() and not Path(out).is_dir():
            _fail(f"{out}: exists and is not a directory", 2)
        totals = export_neo4j_admin(graph, out)
        click.echo(f"{totals['nodes']} nodes, {totals['relationships']} relationships -> {out}/ ; import with:\n"
                   f"  neo4j-admin database import full neo4j --overwrite-destination $(cat {out}/import.args)  "
                   f"(run from {out}, server stopped), then run {out}/constraints.cypher", err=True)
        return
    from quotegraph.graph.export import to_graphml

    to_graphml(graph, out)
    click.echo(f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} relationships -> {out}", err=True)


@main.command()
@store_option
def stats(store):
    """Count the nodes and relationships of the embedded graph by label and type."""
    from collections import Counter

    from quotegraph.graph.store import load_graph

    try:
        graph = load_graph(store or default_store_path(), must_exist=True)
    except StoreError as exc:
        _fail(str(exc), 2)
    labels = Counter(d.get("label") for _, d in graph.nodes(data=True))
    types = Counter(d.get("type") for _, _, d in graph.edges(data=True))
    for name, count in sorted(labels.items()):
        click.echo(f"(:{name})  {count}")
    for name, count in sorted(types.items()):
        click.echo(f"[:{name}]  {count}")


# ----------------------------------------------------------------------------- Neo4j --
def _on_neo4j(function, *args, **kwargs):
    """Call an api.*_neo4j function; connection problems become one-line errors (exit 2)."""
    from quotegraph.graph.neo4j_load import Neo4jError

    try:
        return function(*args, **kwargs)
    except Neo4jError as exc:
        _fail(str(exc), 2)


def _ingest_neo4j(paths, store, model, workers, meter, settings) -> None:
    from quotegraph.graph.neo4j_load import Neo4jError

    try:
        summary, loaded, failure = api.ingest_to_neo4j(
            paths, store=store, settings=settings, model=model, workers=workers,
            on_error=_error_printer, progress=meter)
    except ModelNotFound as exc:
        _fail(str(exc), 2)
    except StoreError as exc:
        _fail(str(exc), 2)
    except Neo4jError as exc:  # could not connect: nothing was ingested
        _fail(str(exc), 2)
    meter.done()
    _report_ingest(summary, exit_on_errors=False)
    if failure is not None:
        _fail(f"{failure} [the embedded store {summary.store} has all {summary.articles} articles; "
              f"finish with: quotegraph load --store {summary.store}]", 1)
    click.echo(f"Neo4j {settings.uri}: {loaded.nodes} nodes, {loaded.relationships} relationships merged "
               f"in {loaded.seconds:.1f}s", err=True)
    if summary.errors:
        sys.exit(1)


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
    from quotegraph.graph.neo4j_load import Neo4jAuthError, Neo4jError, Neo4jUnavailable
    from quotegraph.graph.store import load_graph

    settings = api.neo4j_settings(uri, username, password, database)
    try:
        graph = load_graph(store or default_store_path())
    except StoreError as exc:
        _fail(str(exc), 2)
    show = sys.stderr.isatty() if progress is None else progress
    bar = None
    written = 0

    def on_progress(done: int, total: int) -> None:
        nonlocal bar, written
        written = done
        if not show:
            return
        if bar is None:
            bar = click.progressbar(length=total, label=f"loading into {settings.uri}", file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        summary = api.load_to_neo4j(graph=graph, settings=settings, batch_size=batch_size, replace=replace,
                                    progress=on_progress)
    except (Neo4jUnavailable, Neo4jAuthError) as exc:
        if bar is not None:
            bar.__exit__(None, None, None)
            click.echo("", err=True)
        _fail(str(exc), 1 if written else 2)  # 2: could not start; 1: failed part way
    except Neo4jError as exc:
        if bar is not None:
            bar.__exit__(None, None, None)
            click.echo("", err=True)
        _fail(str(exc), 1)
    if bar is not None:
        bar.__exit__(None, None, None)
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
@click.option("--out", type=click.Path(dir_okay=False), default="graph.html", show_default=True,
              help="The HTML file to write (self-contained: it opens without a network).")
@store_option
def view(about, speaker, summary, max_nodes, out, store):
    """Draw the embedded graph, or a slice of it, as one self-contained HTML page.

    Example: quotegraph view --about Ukraine --out ukraine.html
    """
    from quotegraph.graph.store import load_graph
    from quotegraph.graph.view import render_html, view_graph

    try:
        graph = load_graph(store or default_store_path())
    except StoreError as exc:
        _fail(str(exc), 2)
    drawn, title = view_graph(graph, about=about, speaker=speaker, summary=summary, max_nodes=max_nodes)
    if drawn.number_of_nodes() == 0:
        what = " and ".join(f"{k} {v!r}" for k, v in (("about", about), ("by", speaker)) if v)
        _fail(f"no quotes {what} in the graph" if what else "the graph has no quotes yet (run quotegraph ingest)")
    path = render_html(drawn, out, title=title)
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
    from quotegraph.ingest import evaluate as ev

    meter = (lambda done, total: click.echo(f"\r{done}/{total} articles", err=True, nl=done == total)) \
        if sys.stderr.isatty() else None
    try:
        report = ev.evaluate(gold, pred, model=model, errors_path=errors_path, limit=limit, progress=meter)
    except ModelNotFound as exc:
        _fail(str(exc), 2)
    except (ValueError, OSError) as exc:
        _fail(str(exc).splitlines()[0], 2)
    click.echo(json.dumps(report.to_dict(), indent=2) if as_json else ev.format_report(report))


if __name__ == "__main__":
    main()
