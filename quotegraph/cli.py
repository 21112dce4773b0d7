"""The quotegraph command line: a thin layer over :mod:`quotegraph.api`."""
from __future__ import annotations

import csv
import io
import json
import sys
import time

import click

from quotegraph import api
from quotegraph.graph.store import StoreError, default_store_path
from quotegraph.ingest.model import ModelNotFound
from quotegraph.queries.embedded import QueryError
from quotegraph.queries.library import list_queries

STORE_HELP = "Embedded graph file (default: $QUOTEGRAPH_STORE or ./quotegraph.graph.json)."
MODEL_HELP = "spaCy pipeline: a package name or a path (default: $QUOTEGRAPH_SPACY_MODEL or en_core_web_sm)."

store_option = click.option("--store", type=click.Path(dir_okay=False), default=None, help=STORE_HELP)
model_option = click.option("--model", default=None, help=MODEL_HELP)
paths_argument = click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True))


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
def ingest(paths, store, model, workers, progress):
    """Extract attributions from PATHS and merge them into the embedded graph file.

    Running it again on the same articles changes nothing; bad inputs are
    reported one line each and the good ones are still ingested (exit 1).
    """
    show = sys.stderr.isatty() if progress is None else progress
    meter = _Progress(show)
    try:
        summary = api.ingest(paths, store=store, model=model, workers=workers,
                             on_error=_error_printer, progress=meter)
    except ModelNotFound as exc:
        _fail(str(exc), 2)
    except StoreError as exc:
        _fail(str(exc), 2)
    meter.done()
    click.echo(f"{summary.articles} articles, {summary.attributions} attributions -> {summary.store} "
               f"({summary.nodes} nodes, {summary.relationships} relationships) in {summary.seconds:.1f}s", err=True)
    if summary.errors:
        click.echo(f"{len(summary.errors)} input(s) could not be read (see above)", err=True)
        sys.exit(1)


@main.command()
@click.argument("name", required=False)
@click.option("-p", "--param", "pairs", multiple=True, metavar="NAME=VALUE", help="A query parameter (repeatable).")
@click.option("--list", "list_only", is_flag=True, help="List the named queries and their parameters.")
@store_option
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
def query(name, pairs, list_only, store, fmt):
    """Run the named query NAME (see --list) on the embedded graph.

    Example: quotegraph query said-about -p name=Ukraine
    """
    if list_only or not name:
        for q in list_queries():
            params = " ".join(f"-p {p}=…" for p in q.params)
            click.echo(f"{q.name:<18} {q.description}" + (f"  [{params}]" if params else ""))
        return
    try:
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
def cypher(cypher, pairs, store, fmt):
    """Run an ad-hoc read-only Cypher query on the embedded graph.

    Example: quotegraph cypher 'MATCH (p:Person)-[:SAID]->(q) RETURN p.name, COUNT(q) AS n ORDER BY n DESC'
    """
    try:
        result = api.run_cypher(cypher, _params(pairs), store=store)
    except (QueryError, StoreError) as exc:
        _fail(str(exc), 2)
    _print_result(result, fmt)


@main.command()
@click.argument("out", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["graphml"]), default="graphml", show_default=True)
@store_option
def export(out, fmt, store):
    """Export the embedded graph to OUT (GraphML for Gephi and Cytoscape)."""
    from quotegraph.graph.export import to_graphml
    from quotegraph.graph.store import load_graph

    try:
        graph = load_graph(store or default_store_path())
    except StoreError as exc:
        _fail(str(exc), 2)
    to_graphml(graph, out)
    click.echo(f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} relationships -> {out}", err=True)


@main.command()
@store_option
def stats(store):
    """Count the nodes and relationships of the embedded graph by label and type."""
    from collections import Counter

    from quotegraph.graph.store import load_graph

    try:
        graph = load_graph(store or default_store_path())
    except StoreError as exc:
        _fail(str(exc), 2)
    labels = Counter(d.get("label") for _, d in graph.nodes(data=True))
    types = Counter(d.get("type") for _, _, d in graph.edges(data=True))
    for name, count in sorted(labels.items()):
        click.echo(f"(:{name})  {count}")
    for name, count in sorted(types.items()):
        click.echo(f"[:{name}]  {count}")


if __name__ == "__main__":
    main()
