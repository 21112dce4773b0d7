"""Load the quotegraph property graph into a real Neo4j server, idempotently.

In: a networkx ``MultiDiGraph`` under :mod:`quotegraph.graph.schema` (or ingest
records), and a driver or :class:`~quotegraph.settings.Neo4jSettings`. Out: the
same nodes and relationships in Neo4j, and a :class:`LoadSummary`.

Order: uniqueness constraints first (one per label, on ``key``), then nodes
per label, then relationships per (type, start label, end label), each in
batches of ``UNWIND $rows AS row MERGE ...`` run as managed write
transactions in the named database. Everything MERGEs on keys, so loading the
same graph twice, or again after a load that died half way, leaves exactly
one copy of each node and relationship.

Labels and relationship types are interpolated into Cypher text only from the
schema constants and only after checking them against the schema; names,
quotes and every other piece of data travel as query parameters.
"""
from __future__ import annotations

import json
import logging
import re
import time
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Optional

if TYPE_CHECKING:  # annotations only: the CLI imports this module and a query needs no networkx
    import networkx as nx

from quotegraph.settings import DEFAULT_BATCH_SIZE  # noqa: F401 - re-exported: the loader's default
from . import schema as S
from . import talks
from .resolve import CypherOps, article_keys, directory_of, resolve, run_step, touched_words


# relationship type -> the properties that are part of its identity (MERGE on them)
MERGE_PROPERTIES: dict[str, tuple[str, ...]] = {S.AFFILIATED_WITH: ("role",), S.RESPONDS_TO: ("stance",),
                                                 S.MENTIONS: ("written",)}

# Node attributes that are not Neo4j properties: the label is the label.
_NOT_PROPERTIES = frozenset({"label"})
_IDENTIFIER = re.compile(r"^[A-Z][A-Za-z_]*$")

Progress = Callable[[int, int], None]  # (items done, items total)


class Neo4jError(RuntimeError):
    """Neo4j could not be used; the message is one line and names the server."""


class Neo4jUnavailable(Neo4jError):
    """No Neo4j server answers at the URI (or it went away during the work)."""


class Neo4jAuthError(Neo4jError):
    """The server refused the user name or password."""


class Neo4jLoadError(Neo4jError):
    """The server rejected a load statement."""


@dataclass
class LoadSummary:
    """What a load wrote (nodes and relationships sent, each MERGEd) and how long it took."""

    nodes: int = 0
    relationships: int = 0
    seconds: float = 0.0
    moved: int = 0  # mentions re-keyed by graph.resolve after the load

    @property
    def rate(self) -> float:
        """Nodes plus relationships per second."""
        return (self.nodes + self.relationships) / self.seconds if self.seconds > 0 else 0.0

    def __iadd__(self, other: "LoadSummary") -> "LoadSummary":
        self.nodes += other.nodes
        self.relationships += other.relationships
        self.seconds += other.seconds
        self.moved += other.moved
        return self


# ---------------------------------------------------------------------- connecting --
def _one_line(exc: BaseException, limit: int = 200) -> str:
    text = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _quiet_driver_logs() -> None:
    # The driver logs connection failures at WARNING/ERROR; with no handler configured anywhere
    # Python would print them to stderr. We report failures ourselves, in one line.
    logger = logging.getLogger("neo4j")
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())


def connect(settings, **driver_config):
    """A verified driver for ``settings`` (a :class:`~quotegraph.settings.Neo4jSettings`).

    Raises :class:`Neo4jUnavailable` when nothing answers at the URI and
    :class:`Neo4jAuthError` when the credentials are refused, each with a
    one-line message naming the URI.
    """
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError, ConfigurationError, Neo4jError as DriverError, ServiceUnavailable

    _quiet_driver_logs()
    driver_config.setdefault("connection_timeout", 10)
    driver_config.setdefault("max_transaction_retry_time", 15)
    try:
        driver = GraphDatabase.driver(settings.uri, auth=(settings.username, settings.password), **driver_config)
    except (ValueError, ConfigurationError) as exc:
        raise Neo4jUnavailable(f"bad Neo4j URI {settings.uri!r}: {_one_line(exc)}") from None
    try:
        driver.verify_connectivity()
    except AuthError:
        driver.close()
        raise Neo4jAuthError(f"Neo4j at {settings.uri} refused user {settings.username!r}: wrong user name "
                             f"or password (set NEO4J_USERNAME / NEO4J_PASSWORD or --username / --password)") from None
    except (ServiceUnavailable, OSError) as exc:
        driver.close()
        raise Neo4jUnavailable(f"no Neo4j server at {settings.uri} ({_one_line(exc)}); start one with "
                               f"'scripts/neo4j-local start' or 'docker compose up -d', or set NEO4J_URI") from None
    except DriverError as exc:
        driver.close()
        raise Neo4jError(f"Neo4j at {settings.uri}: {_one_line(exc)}") from None
    try:
        driver._quotegraph_uri = settings.uri  # for error messages of later work on this driver
    except AttributeError:
        pass
    return driver


class _Driver:
    """A driver we opened (from settings) and close, or one the caller gave us and keeps."""

    def __init__(self, target):
        self.owned = not hasattr(target, "execute_query")
        self.driver = connect(target) if self.owned else target
        self.uri = target.uri if self.owned else getattr(target, "_quotegraph_uri", None)

    def close(self) -> None:
        if self.owned:
            self.driver.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _write(driver, cypher: str, rows: list, database: str, uri: Optional[str]) -> list:
    """Run one batch as a managed write transaction (retried on transient errors); its records."""
    return _run(driver, cypher, {"rows": rows}, database, uri)


def _run(driver, cypher: str, params: dict, database: str, uri: Optional[str]) -> list:
    """Run a write statement; every driver failure becomes a one-line Neo4jError naming the server."""
    return _guarded(lambda: driver.execute_query(cypher, params, database_=database).records, uri)


def _guarded(call, uri: Optional[str]):
    """``call()``, with every driver failure turned into a one-line Neo4jError naming the server."""
    from neo4j.exceptions import AuthError, Neo4jError as DriverError, ServiceUnavailable, SessionExpired
    from neo4j.exceptions import DriverError as ClientSideError

    try:
        return call()
    except AuthError as exc:
        raise Neo4jAuthError(f"Neo4j at {uri or 'the Neo4j server'} refused the credentials: {_one_line(exc)}") from None
    except (ServiceUnavailable, SessionExpired, OSError) as exc:
        where = uri or "the Neo4j server"
        raise Neo4jUnavailable(f"lost the connection to {where} during the load ({_one_line(exc, 120)}); "
                               f"loads are idempotent: run it again once the server is back") from None
    except DriverError as exc:
        raise Neo4jLoadError(f"Neo4j rejected a load batch: {_one_line(exc)}") from None
    except ClientSideError as exc:
        raise Neo4jUnavailable(f"Neo4j driver error during the load: {_one_line(exc)}") from None


# ---------------------------------------------------------------------- statements --
def schema_name(name: str, allowed: Iterable[str]) -> str:
    """A label or relationship type for query text: only schema names, only identifier characters."""
    if name not in tuple(allowed) or not _IDENTIFIER.match(name):
        raise ValueError(f"not a quotegraph schema name: {name!r}")
    return name


def constraint_statements() -> list[str]:
    """One uniqueness constraint on ``key`` per schema label."""
    return [f"CREATE CONSTRAINT {label.lower()}_key IF NOT EXISTS "
            f"FOR (n:{schema_name(label, S.NODE_LABELS)}) REQUIRE n.{S.KEY} IS UNIQUE"
            for label in S.NODE_LABELS]


# Labels whose keys the name resolver searches by suffix (a surname) or part (an event): TEXT indexes
# serve ENDS WITH and CONTAINS; equality and IN use the range index behind each uniqueness constraint.
TEXT_INDEXED = (S.PERSON, S.EVENT)


def index_statements() -> list[str]:
    """The text indexes on ``key`` (and an event's ``name``) for the resolver's ENDS WITH / CONTAINS lookups,
    the range index that gives talks-about its TALKS_ABOUT pairs in order of ``statements``, and the indexes
    that give a name's statements in order (:data:`~.schema.ORDERED_INDEXES`; queries/ranked.py ``indexed``)."""
    return [f"CREATE TEXT INDEX {label.lower()}_key_text IF NOT EXISTS "
            f"FOR (n:{schema_name(label, S.NODE_LABELS)}) ON (n.{S.KEY})" for label in TEXT_INDEXED] + [
        f"CREATE TEXT INDEX event_name_text IF NOT EXISTS FOR (n:{S.EVENT}) ON (n.name)",
        f"CREATE RANGE INDEX talks_about_statements IF NOT EXISTS FOR ()-[t:{talks.TALKS_ABOUT}]-() ON (t.statements)"
    ] + [f"CREATE RANGE INDEX {name} IF NOT EXISTS FOR ()-[r:{schema_name(rel_type, S.RELATIONSHIPS)}]-() "
         f"ON ({', '.join(f'r.{p}' for p in props)})" for name, (rel_type, props) in S.ORDERED_INDEXES.items()]


def node_statement(label: str, create: bool = False) -> str:
    """Write one batch of ``label`` nodes, rows ``[key, props]``; returns each key with the node's element id.

    ``create`` is for a label with no nodes in the database yet: CREATE skips the
    lookup MERGE does, and the uniqueness constraint on ``key`` still refuses a
    duplicate (the batch fails, nothing is doubled).
    """
    label = schema_name(label, S.NODE_LABELS)
    write = (f"CREATE (n:{label}) SET n = row[1]" if create
             else f"MERGE (n:{label} {{{S.KEY}: row[0]}}) SET n += row[1]")
    return f"UNWIND $rows AS row {write} RETURN row[0] AS key, elementId(n) AS id"


def relationship_id_statement(rel_type: str, create: bool = False, with_props: bool = True) -> str:
    """Write one batch of ``rel_type`` relationships between nodes found by element id.

    Rows are ``[start id, end id, props, identity...]`` (identity: the values of
    ``MERGE_PROPERTIES[rel_type]``, in order). The loader learns each node's
    element id when it writes the node, so one statement per relationship type
    serves every (start label, end label) pair and each end is a direct lookup,
    not an index seek. ``create`` is only for a type with no relationships in
    the database when the load starts (a fresh load): nothing can already be
    there to duplicate.
    """
    rel_type = schema_name(rel_type, S.RELATIONSHIPS)
    identity = ", ".join(f"{p}: row[{3 + i}]" for i, p in enumerate(MERGE_PROPERTIES.get(rel_type, ())))
    identity = f" {{{identity}}}" if identity else ""
    return (f"UNWIND $rows AS row "
            f"MATCH (a) WHERE elementId(a) = row[0] MATCH (b) WHERE elementId(b) = row[1] "
            f"{'CREATE' if create else 'MERGE'} (a)-[r:{rel_type}{identity}]->(b)"
            + (" SET r += row[2]" if with_props else ""))


def ensure_constraints(driver, database: str = "neo4j", uri: Optional[str] = None) -> None:
    """Create the per-label uniqueness constraints and the indexes (a no-op when they exist). A database an
    older quotegraph loaded gets its relationships' Neo4j copies first, with the ordered indexes that read them."""
    names = [record["name"] for record in _run(driver, "SHOW INDEXES YIELD name RETURN name", {}, database, uri)]
    for rel_type in sorted({rel_type for name, (rel_type, _) in S.ORDERED_INDEXES.items() if name not in names}):
        _guarded(lambda: fill_copies(driver, database, rel_type), uri)
    for statement in constraint_statements() + index_statements():
        _write(driver, statement, [], database, uri)
    _run(driver, "CALL db.awaitIndexes(300)", {}, database, uri)


def fill_copies(driver, database: str, rel_type: str) -> None:
    """Give every ``rel_type`` relationship without them the copies it carries in Neo4j (:func:`~.schema.neo4j_copies`),
    committed every 10,000 (a database of any size; a fill that dies is finished by the next load)."""
    rel_type = schema_name(rel_type, S.NAME_COPIES)
    pattern = S.quote_pattern(rel_type, named="n")
    copies = S.neo4j_copy_values(rel_type)
    missing = " OR ".join(f"r.{p} IS NULL" for p in copies)
    with driver.session(database=database) as session:
        session.run(f"MATCH {pattern} WHERE {missing} CALL (r, n, q) {{ SET "
                    f"{', '.join(f'r.{p} = {value}' for p, value in copies.items())} }} IN TRANSACTIONS OF 10000 ROWS"
                    ).consume()


# ---------------------------------------------------------------------- properties --
def _value(value: Any) -> Any:
    """A Neo4j property value: scalars and flat lists of scalars; anything else as JSON text."""
    if isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else list(value)
        items = [item for item in items if item is not None]
        if all(isinstance(item, str) for item in items) or all(
                isinstance(item, (int, float)) and not isinstance(item, bool) for item in items):
            return items
        return json.dumps(items, ensure_ascii=False, default=str)
    return json.dumps(value, ensure_ascii=False, default=str)


def _props(attrs: dict, skip: Iterable[str] = ()) -> dict:
    skip = set(skip) | _NOT_PROPERTIES
    return {name: _value(value) for name, value in attrs.items()
            if value is not None and name not in skip and not name.startswith("__")}


def node_rows(graph: nx.MultiDiGraph) -> dict[str, list[dict]]:
    """Label -> ``[{key, props}]`` for every node (ValueError on a node outside the schema)."""
    rows: dict[str, list[dict]] = defaultdict(list)
    for node, attrs in graph.nodes(data=True):
        label = attrs.get("label")
        if label not in S.NODE_LABELS:
            raise ValueError(f"node {node!r} has no quotegraph label (label={label!r})")
        key = attrs.get(S.KEY)
        if key is None or key == "":
            raise ValueError(f"node {node!r} has no key")
        props = _props(attrs, skip=(S.KEY,))
        props[S.KEY] = str(key)
        rows[label].append({"key": str(key), "props": props})
    return rows


def relationship_rows(graph: nx.MultiDiGraph, by_type: bool = False) -> dict:
    """(type, start label, end label) -> ``[{start, end, merge, props}]`` for every edge.

    With ``by_type`` the rows are grouped by relationship type alone and
    ``start`` / ``end`` are (label, key) pairs (the loader swaps in element ids).
    Duplicate edges (same ends, type and identity) are sent once.
    """
    rows: dict = defaultdict(list)
    seen: set = set()
    nodes = graph.nodes
    for u, v, attrs in graph.edges(data=True):
        rel_type = attrs.get("type")
        start_label, end_label = nodes[u].get("label"), nodes[v].get("label")
        S.check_relationship(rel_type, start_label, end_label)
        identity = MERGE_PROPERTIES.get(rel_type, ())
        merge = {p: ("" if attrs.get(p) is None else _value(attrs[p])) for p in identity}
        signature = (u, v, rel_type, tuple(sorted(merge.items())))
        if signature in seen:
            continue
        seen.add(signature)
        props = _props(attrs, skip=("type", *identity))
        props.update(_props(S.neo4j_copies(rel_type, nodes[u], nodes[v])))
        if by_type:
            rows[rel_type].append({"start": (start_label, str(nodes[u][S.KEY])), "end": (end_label, str(nodes[v][S.KEY])),
                                   "merge": merge, "props": props})
        else:
            rows[(rel_type, start_label, end_label)].append({
                "start": str(nodes[u][S.KEY]), "end": str(nodes[v][S.KEY]), "merge": merge, "props": props})
    return rows


def _batches(rows: list, size: int) -> Iterator[list]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


# ---------------------------------------------------------------------- loading --
def load_graph(graph: nx.MultiDiGraph, target, database: Optional[str] = None,
               batch_size: int = DEFAULT_BATCH_SIZE, progress: Optional[Progress] = None) -> LoadSummary:
    """MERGE every node and relationship of ``graph`` into Neo4j.

    ``target`` is a driver (kept open) or settings (a driver is opened, verified
    and closed). ``progress(done, total)`` is called after each batch.

    Nodes go per label, relationships per type between nodes found by the
    element ids their node batches returned. A label (relationship type) that
    has nothing in the database when the load starts is written with CREATE,
    the rest with MERGE: a fresh load skips the lookups, and a reload (or the
    rerun after a load that died half way) finds the labels and types present
    and MERGEs, so it never doubles anything. Node keys are also guarded by
    the uniqueness constraints.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    started = time.perf_counter()
    database = database or getattr(target, "database", None) or "neo4j"
    nodes, relationships = node_rows(graph), relationship_rows(graph, by_type=True)
    total = sum(map(len, nodes.values())) + sum(map(len, relationships.values()))
    with _Driver(target) as handle:
        ensure_constraints(handle.driver, database, handle.uri)
        present_labels, present_types = _present(handle.driver, database, handle.uri)
        counted = talks.TALKS_ABOUT in present_types  # else it is counted whole once the load is done
        # an empty database gets a graph already resolved; else the directory before the load decides what to redo
        resolving = bool(present_labels & set(S.SPEAKER_LABELS))
        before = directory_of(_cypher_ops(handle, database)) if resolving else None
        writer = _BatchWriter(handle, database, batch_size, total, progress)
        element_ids = _load_nodes(writer, nodes, present_labels)
        _load_relationships(writer, relationships, element_ids, present_types)
        if S.QUOTE in present_labels:  # a quote loaded again may have a new date: its older relationships too
            _refresh_quote_copies(handle, database, [row["key"] for row in nodes.get(S.QUOTE, [])], batch_size)
        if resolving:
            writer.summary.moved = _resolve_names(handle, database, touched_words(graph), article_keys(graph), before,
                                                  counted)
        _count_talks(handle, database, _speakers(graph) if counted else None)
    writer.summary.seconds = time.perf_counter() - started
    return writer.summary


def resolve_database(target, database: Optional[str] = None) -> int:
    """Decide every bare name in the Neo4j database again (``quotegraph resolve --neo4j``); the mentions moved."""
    database = database or getattr(target, "database", None) or "neo4j"
    with _Driver(target) as handle:
        counted = talks.TALKS_ABOUT in _present(handle.driver, database, handle.uri)[1]
        moved = _resolve_names(handle, database, counted=counted)
        if not counted:
            _count_talks(handle, database, None)
        return moved


def _resolve_names(handle: "_Driver", database: str, words: Optional[Iterable[str]] = None,
                   articles: Optional[Iterable[str]] = None, before=None, counted: bool = True) -> int:
    """Re-key the bare names the load touched (:func:`quotegraph.graph.resolve.resolve`); the moves in one
    transaction, with TALKS_ABOUT kept through them when the database has it (``counted``: the moved articles'
    pairs read before and after, :func:`quotegraph.graph.talks.around_change`)."""
    if words is not None and not words:
        return 0
    return resolve(_cypher_ops(handle, database, counted), None if words is None else set(words), articles, before)


def _cypher_ops(handle: "_Driver", database: str, counted: bool = False) -> CypherOps:
    """The name resolver's statements, run on this server."""
    driver, uri = handle.driver, handle.uri

    def run(cypher: str, params: dict) -> list:
        return _as_lists(_run(driver, cypher, params, database, uri))

    def run_all(steps: list) -> None:
        _in_transaction(handle, database, steps)

    return CypherOps(run, run_all, talks=talks.NEO4J if counted else None, name_copies=True)


def _in_transaction(handle: "_Driver", database: str, steps: list) -> None:
    """Run steps (statements, or callables that run their own: :func:`~quotegraph.graph.resolve.run_step`) in
    one write transaction."""
    def work(tx):
        for step in steps:
            run_step(lambda cypher, params: _as_lists(tx.run(cypher, params)), step)
    _guarded(lambda: _execute_write(handle.driver, database, work), handle.uri)


def _as_lists(records) -> list[list]:
    """Driver records as lists of values: the rows the resolver and graph/talks.py read."""
    return [list(record.values()) for record in records]


def _speakers(graph: nx.MultiDiGraph) -> set[tuple[str, str]]:
    """The graph's speakers (label, key): the nodes with a SAID."""
    return {(graph.nodes[u]["label"], graph.nodes[u][S.KEY]) for u, _, d in graph.edges(data=True)
            if d["type"] == S.SAID}


def _count_talks(handle: "_Driver", database: str, speakers: Optional[set[tuple[str, str]]]) -> None:
    """Keep TALKS_ABOUT (:mod:`.talks`) after a load: count the loaded speakers again in one transaction (a
    reload, or the rerun of a load that died, finds the same counts), or, with ``speakers`` None, every pair
    anew, committed every 10,000 rows (a fresh load of a big graph: one transaction would not fit a server's
    memory; a count that dies half way is finished by running the same load again, which counts its speakers)."""
    if speakers is not None:
        _in_transaction(handle, database, [lambda run: talks.refresh(run, speakers, talks.NEO4J)])
        return

    def count_all() -> None:
        with handle.driver.session(database=database) as session:
            session.run(f"MATCH ()-[t:{talks.TALKS_ABOUT}]->() CALL (t) {{ DELETE t }} IN TRANSACTIONS OF 10000 ROWS"
                        ).consume()
            for statement in talks.build_statements(in_transactions=True):
                session.run(statement).consume()
    _guarded(count_all, handle.uri)


def _execute_write(driver, database: str, work) -> None:
    with driver.session(database=database) as session:
        session.execute_write(work)


class _BatchWriter:
    """Writes rows in batches through one driver, counting what is done and reporting progress."""

    def __init__(self, handle: "_Driver", database: str, batch_size: int, total: int,
                 progress: Optional[Progress]):
        self.handle, self.database, self.batch_size = handle, database, batch_size
        self.total, self.done, self.progress = total, 0, progress
        self.summary = LoadSummary()
        if progress:
            progress(0, total)

    def write(self, statement: str, rows: list, nodes: bool) -> Iterator:
        """Write ``rows`` in batches; yields the records of each batch."""
        for batch in _batches(rows, self.batch_size):
            yield from _write(self.handle.driver, statement, batch, self.database, self.handle.uri)
            if nodes:
                self.summary.nodes += len(batch)
            else:
                self.summary.relationships += len(batch)
            self.done += len(batch)
            if self.progress:
                self.progress(self.done, self.total)


def _load_nodes(writer: _BatchWriter, nodes: dict, present_labels: set[str]) -> dict[tuple[str, str], str]:
    """Write every node, per label; (label, key) -> the element id the server gave it."""
    element_ids: dict[tuple[str, str], str] = {}
    for label in S.NODE_LABELS:
        rows = [[row["key"], row["props"]] for row in nodes.get(label, [])]
        statement = node_statement(label, create=label not in present_labels)
        for record in writer.write(statement, rows, nodes=True):
            element_ids[(label, record["key"])] = record["id"]
    return element_ids


def _load_relationships(writer: _BatchWriter, relationships: dict, element_ids: dict,
                        present_types: set[str]) -> None:
    """Write every relationship, per type, between nodes found by element id."""
    for rel_type in S.RELATIONSHIPS:
        identity = MERGE_PROPERTIES.get(rel_type, ())
        rows = [[element_ids[row["start"]], element_ids[row["end"]], row["props"],
                 *(row["merge"][p] for p in identity)] for row in relationships.get(rel_type, [])]
        if not rows:
            continue
        statement = relationship_id_statement(rel_type, create=rel_type not in present_types,
                                              with_props=any(row[2] for row in rows))
        for _ in writer.write(statement, rows, nodes=False):
            pass


def _refresh_quote_copies(handle: "_Driver", database: str, quotes: list[str], batch_size: int) -> None:
    """Set every SAID and ABOUT of these quotes to their quote's copies (:func:`~.schema.neo4j_quote_copies`): the
    load wrote the quote's properties anew, and its relationships this load did not carry kept the old ones."""
    for rel_type in S.QUOTE_COPIES:
        props = S.neo4j_quote_copies(rel_type)
        statement = (f"UNWIND $rows AS k MATCH (q:{S.QUOTE} {{{S.KEY}: k}}) MATCH {S.quote_pattern(rel_type)} "
                     f"SET {', '.join(f'r.{p} = q.{p}' for p in props)}")
        for batch in _batches(quotes, batch_size):
            _write(handle.driver, statement, batch, database, handle.uri)


def _present(driver, database: str, uri: Optional[str]) -> tuple[set[str], set[str]]:
    """The labels and relationship types that have at least one node / relationship (count store: O(1))."""
    types = (*S.RELATIONSHIPS, talks.TALKS_ABOUT)
    parts = [f"COUNT {{ MATCH (:{schema_name(label, S.NODE_LABELS)}) }} AS `{label}`" for label in S.NODE_LABELS]
    parts += [f"COUNT {{ MATCH ()-[:{schema_name(t, types)}]->() }} AS `{t}`" for t in types]
    record = _write(driver, "RETURN " + ", ".join(parts), [], database, uri)[0]
    return ({label for label in S.NODE_LABELS if record[label]}, {t for t in types if record[t]})


def load_records(records: Iterable, target, database: Optional[str] = None, batch_size: int = DEFAULT_BATCH_SIZE,
                 records_per_batch: int = 500) -> LoadSummary:
    """Load ingest records incrementally: a small graph per ``records_per_batch`` records, each MERGEd in.

    Nodes merge by key with what is already in Neo4j, so a second article adds
    to the graph. (A bare surname in one batch is folded into a full name only
    within that batch; ``quotegraph load`` of the embedded store is exact.)
    """
    with _Driver(target) as handle:
        loader = RecordLoader(handle.driver, database or getattr(target, "database", None) or "neo4j",
                              batch_size=batch_size, records_per_batch=records_per_batch, uri=handle.uri)
        for record in records:
            loader(record)
        loader.flush()
        return loader.summary


class RecordLoader:
    """An ``on_record`` hook for :func:`quotegraph.api.ingest`: collects records, loads them in batches.

    Call it with each record; call :meth:`flush` at the end. A failed batch
    raises (Neo4jError) from the call that triggered it.
    """

    def __init__(self, driver, database: str = "neo4j", batch_size: int = DEFAULT_BATCH_SIZE,
                 records_per_batch: int = 500, uri: Optional[str] = None):
        self.driver, self.database, self.uri = driver, database, uri
        self.batch_size, self.records_per_batch = batch_size, records_per_batch
        self.pending: list = []
        self.summary = LoadSummary()

    def __call__(self, record) -> None:
        self.pending.append(record)
        if len(self.pending) >= self.records_per_batch:
            self.flush()

    def flush(self) -> LoadSummary:
        """Load the pending records now."""
        from .build import build_graph

        if not self.pending:
            return self.summary
        graph = build_graph(self.pending)
        self.summary += load_graph(graph, self.driver, self.database, self.batch_size)
        self.pending = []
        return self.summary


def counts(driver, database: str = "neo4j") -> tuple[dict[str, int], dict[str, int]]:
    """(nodes per label, relationships per type) in the database, for checks and reports."""
    labels = {label: driver.execute_query(f"MATCH (n:{schema_name(label, S.NODE_LABELS)}) RETURN count(n) AS n",
                                          database_=database).records[0]["n"] for label in S.NODE_LABELS}
    types = {t: driver.execute_query(f"MATCH ()-[r:{schema_name(t, S.RELATIONSHIPS)}]->() RETURN count(r) AS n",
                                     database_=database).records[0]["n"] for t in S.RELATIONSHIPS}
    return labels, types


def clear(target, database: Optional[str] = None, batch_size: int = 10000) -> None:
    """Delete every node and relationship in the database, in batches (for ``load --replace``)."""
    database = database or getattr(target, "database", None) or "neo4j"
    with _Driver(target) as handle:
        while _run(handle.driver, "MATCH (n) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS n",
                   {"limit": batch_size}, database, handle.uri)[0]["n"]:
            pass
