"""The embedded store: the graph in an embedded graph database (LadybugDB), one file at ``--store PATH``.

In: a path. Out: a :class:`GraphStore` that runs Cypher with native parameters
and writes batches of the graph in ACID transactions; :func:`load_graph` reads
the whole graph back as a networkx ``MultiDiGraph`` (for GraphML, the HTML
view, algorithms and ``quotegraph load``).

* One table per label (``key`` its primary key, typed columns from
  :data:`quotegraph.graph.schema.PROPERTIES`), one relationship table per type.
* :meth:`GraphStore.write` merges a batch by key in one transaction: new nodes
  and relationships are created, existing nodes gain aliases, nothing is
  doubled; a process killed mid-write leaves the batch wholly out, and a rerun
  writes it.
* One writer at a time: the database file is locked while a process writes;
  a second writer fails at once with :class:`StoreBusy` (one line). Readers
  open it read-only and see committed batches only.
* A quotegraph 0.1 store (one JSON file, maybe with a ``.pending.jsonl`` record
  log beside it) found at ``PATH`` is converted once: the JSON is kept as
  ``PATH.v1.json`` and the database takes its place (a message says so).
"""
from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping, Optional

from . import schema as S
from . import talks
from .keys import first_name_of
from .names import INDEXED_LABELS, NAME_WORD, NAMES, index_words

if TYPE_CHECKING:  # networkx is imported where a graph is built: a query needs none (whole-process time)
    import networkx as nx

    from .resolve import CypherOps, Directory


DEFAULT_STORE = "quotegraph.lbug"
STORE_ENV = "QUOTEGRAPH_STORE"
JSON_FORMAT = "quotegraph/1"


def _buffer_pool_bytes() -> int:
    """The database's page cache: $QUOTEGRAPH_STORE_BUFFER_MB, else a quarter of the machine's memory, at
    least 1 GiB. LadybugDB would take 80% by default; it only reserves the address space and fills what a
    query or a write touches, and a write into a big store needs room: the adjacency of a name mentioned in
    tens of thousands of articles is rewritten whole (1 GiB ran out before 50,000 PolNeAR articles)."""
    if os.environ.get("QUOTEGRAPH_STORE_BUFFER_MB"):
        return int(os.environ["QUOTEGRAPH_STORE_BUFFER_MB"]) * 1024 * 1024
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # not a POSIX system
        memory = 4 * 1024 ** 3
    return max(1024 ** 3, memory // 4)


BUFFER_POOL_BYTES = _buffer_pool_bytes()
# an in-memory copy of a networkx graph (tests, small batches): its pool never evicts, and each new query text
# (a page of a keyed or ranked run: queries/keyed.py, queries/ranked.py) keeps about 0.3 MB of it (LadybugDB 0.22):
# 128 MiB ran out after about 400 texts in one process; the pool is address space, filled only as used
MEMORY_POOL_BYTES = 512 * 1024 * 1024


# label -> properties an existing node takes from a later batch when it has none (added to the schema later)
FILLED_LATER: dict[str, tuple[str, ...]] = {S.QUOTE: ("act",)}

_WRITING: set[str] = set()  # stores this process has open for writing


class StoreError(RuntimeError):
    """The store cannot be opened or read as a quotegraph graph."""


class StoreBusy(StoreError):
    """Another process is writing to the store."""


def default_store_path() -> Path:
    """``$QUOTEGRAPH_STORE``, else ``quotegraph.lbug`` in the working directory."""
    return Path(os.environ.get(STORE_ENV) or DEFAULT_STORE)


def _quoted(name: str) -> str:
    return f"`{name}`"


def schema_statements() -> list[str]:
    """The DDL of the store: a node table per label, a relationship table per type (idempotent)."""
    statements = []
    for label in S.NODE_LABELS:
        columns = ", ".join(f"{_quoted(p)} {t}" for p, t in S.PROPERTIES[label].items())
        statements.append(f"CREATE NODE TABLE IF NOT EXISTS {label}"
                          f"({S.KEY} STRING PRIMARY KEY, {columns})")
    for rel_type, (starts, ends) in S.RELATIONSHIPS.items():
        pairs = ", ".join(f"FROM {a} TO {b}" for a in starts for b in ends)
        columns = "".join(f", {_quoted(p)} {t}" for p, t in S.RELATIONSHIP_PROPERTIES.get(rel_type, {}).items())
        statements.append(f"CREATE REL TABLE IF NOT EXISTS {rel_type}({pairs}{columns})")
    return statements


def name_index_schema() -> list[str]:
    """The DDL of the store's name index (:func:`quotegraph.graph.names.index_words`): its own word table and
    relationship, outside the graph's schema (exports and Neo4j loads leave them out)."""
    pairs = ", ".join(f"FROM {NAME_WORD} TO {label}" for label in INDEXED_LABELS)
    return [f"CREATE NODE TABLE IF NOT EXISTS {NAME_WORD}(word STRING PRIMARY KEY)",
            f"CREATE REL TABLE IF NOT EXISTS {NAMES}({pairs})"]


def name_index_statements(nodes: Iterable[tuple[str, str]]) -> list[tuple[str, dict]]:
    """The statements that file new (label, key) nodes in the name index: their words, then a NAMES each."""
    rows: dict[str, list[dict]] = {}
    for label, key in sorted(nodes):
        rows.setdefault(label, []).extend({"word": w, "key": key} for w in sorted(index_words(label, key)))
    statements = []
    for label, group in sorted(rows.items()):
        if group:
            statements.append((f"UNWIND $words AS w MERGE (:{NAME_WORD} {{word: w}})",
                               {"words": sorted({row["word"] for row in group})}))
            statements.append((f"UNWIND $rows AS row MATCH (w:{NAME_WORD} {{word: row.word}}) "
                               f"MATCH (n:{label} {{{S.KEY}: row.key}}) CREATE (w)-[:{NAMES}]->(n)", {"rows": group}))
    return statements


def schema_mark() -> str:
    """The comment a writer puts on the store's name index table once its schema is this quotegraph's: a reader
    then checks one catalogue row instead of every table's columns (20 ms of each query command)."""
    import hashlib

    ddl = "\n".join(schema_statements() + name_index_schema() + talks.schema())
    return "quotegraph schema " + hashlib.sha1(ddl.encode("utf-8")).hexdigest()[:16]


def missing_schema(store: "GraphStore") -> list[str]:
    """What a store written by an earlier quotegraph lacks: relationship tables (``RESPONDS_TO``) by name, then
    the DDL of its node tables' new columns (``ALTER TABLE Quote ADD `act` STRING``).

    A writer creates the tables (:func:`schema_statements`), runs the ALTERs and fills a new name index when it
    opens; a store opened for reading that lacks anything is upgraded once by :func:`open_store`.
    """
    tables = dict(store.query("CALL show_tables() RETURN name, comment")[1])
    if tables.get(NAME_WORD) == schema_mark():  # marked by the writer that made it current: nothing to look at
        return []
    missing = [t for t in (*S.RELATIONSHIPS, NAME_WORD, NAMES, talks.TALKS_ABOUT, talks.TOP) if t not in tables]
    for label in S.NODE_LABELS:
        if label in tables:
            columns = set(store._column(f"CALL table_info('{label}') RETURN name"))
            missing += [f"ALTER TABLE {label} ADD {_quoted(p)} {t}"
                        for p, t in S.PROPERTIES[label].items() if p not in columns]
    for rel_type, props in S.RELATIONSHIP_PROPERTIES.items():
        if rel_type in tables:
            columns = set(store._column(f"CALL table_info('{rel_type}') RETURN name"))
            # a relationship stored before the column existed reads as '' (not null), like every new one
            missing += [f"ALTER TABLE {rel_type} ADD {_quoted(p)} {t} DEFAULT ''"
                        for p, t in props.items() if p not in columns]
    return missing


READ_RETRY_SECONDS = 30.0  # a reader waits this long for a writer's checkpoint to finish


def compacting_path(path: Path) -> Path:
    """Where :mod:`.compact` builds a store's successor: while it exists, writers of ``path`` wait."""
    return path.with_name(path.name + ".compacting")


def _open_database(where: str, writable: bool, on_disk: bool):
    """A LadybugDB database; a reader that meets a writer's checkpoint in progress retries until it ends."""
    import ladybug

    pool = BUFFER_POOL_BYTES if on_disk else MEMORY_POOL_BYTES
    deadline = time.monotonic() + READ_RETRY_SECONDS
    while True:
        try:
            # a process killed inside a commit leaves a torn last record in the write-ahead log: replay the log up
            # to it (the transaction it belonged to never committed) instead of refusing to open the store
            return ladybug.Database(where, read_only=not writable, buffer_pool_size=pool,
                                    throw_on_wal_replay_failure=False)
        except RuntimeError as exc:
            if writable or "recovery is pending" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


class GraphStore:
    """An open store: ``query`` runs Cypher, ``write`` merges a batch (write mode only)."""

    def __init__(self, path: str | Path | None, write: bool = False):
        import ladybug

        self.path = Path(path) if path is not None else None
        self.writable = write or path is None
        where = str(self.path) if self.path is not None else ":memory:"
        self._claim = str(self.path.resolve()) if write and self.path is not None else None
        if self._claim in _WRITING:  # the file lock is per process: guard this process's own writers too
            raise StoreBusy(f"{where} is being written by another quotegraph process; run again when it "
                            f"has finished")
        if self._claim and compacting_path(self.path).exists():  # graph/compact.py builds its successor
            raise StoreBusy(f"{where} is being compacted; run again when it has finished (or, if no compaction "
                            f"is running, run `quotegraph compact --store {where}` to finish one that died)")
        try:
            self._db = _open_database(where, self.writable, self.path is not None)
        except RuntimeError as exc:
            if "lock" in str(exc).lower():
                raise StoreBusy(f"{where} is being written by another quotegraph process; run again when it "
                                f"has finished") from None
            raise StoreError(f"{where}: not a readable quotegraph store ({_one_line(exc)})") from None
        if self._claim:
            _WRITING.add(self._claim)
        self._conn = ladybug.Connection(self._db)
        if self.writable:
            tables = set(self._column("CALL show_tables() RETURN name"))
            for statement in schema_statements() + name_index_schema() + talks.schema():
                self._conn.execute(statement)
            self._add_missing_columns()  # the tables exist now: only new columns are left
            if NAME_WORD not in tables:
                self._index_stored_names()
            if talks.TALKS_ABOUT not in tables:
                self._count_stored_talks()
            if talks.TOP not in tables:
                with self._transaction():
                    talks.build_top(self._rows)
            self._conn.execute(f"COMMENT ON TABLE {NAME_WORD} IS '{schema_mark()}'")  # our own hex: no quote in it

    def _add_missing_columns(self) -> None:
        """Add the columns a store written by an earlier quotegraph lacks, and fill the new quote copies
        (:data:`~.schema.QUOTE_COPIES`), in one transaction: no store holds a copy left unfilled, which the
        date-ranked pages (queries/ranked.py) would read as a missing date."""
        missing = missing_schema(self)
        if not missing:
            return
        copies = [(rel_type, prop) for rel_type, props in S.QUOTE_COPIES.items() for prop in props
                  if any(m.startswith(f"ALTER TABLE {rel_type} ADD {_quoted(prop)} ") for m in missing)]
        if copies:
            print(f"quotegraph: copying each statement's date to its SAID and ABOUT in {self.path} (once)",
                  file=sys.stderr, flush=True)
        with self._transaction():
            for statement in missing:
                self._conn.execute(statement)
            for rel_type, prop in copies:
                pattern = S.quote_pattern(rel_type, quote=f"q:{S.QUOTE}")
                self._conn.execute(f"MATCH {pattern} SET r.{_quoted(prop)} = q.{_quoted(prop)}")

    def _index_stored_names(self) -> None:
        """File every stored node in a new name index (a store written before it existed), in one transaction."""
        nodes = [(label, key) for label in INDEXED_LABELS
                 for key in self._column(f"MATCH (n:{label}) RETURN n.{S.KEY}")]
        if len(nodes) > 10_000:  # about 14 s at 100,000 articles: say what the wait is
            print(f"quotegraph: indexing the names of {len(nodes):,} nodes in {self.path} (once, for fast lookups)",
                  file=sys.stderr, flush=True)
        self._run_all([statement for start in range(0, len(nodes), 50_000)
                       for statement in name_index_statements(nodes[start:start + 50_000])])

    def _count_stored_talks(self) -> None:
        """Count who talks about whom in a store written before TALKS_ABOUT existed, in one transaction."""
        quotes = self._column(f"MATCH (q:{S.QUOTE}) RETURN count(q)")[0]
        if quotes > 100_000:  # about 5 s at 100,000 articles (a million statements): say what the wait is
            print(f"quotegraph: counting who talks about whom over {quotes:,} statements in {self.path} (once)",
                  file=sys.stderr, flush=True)
        self._run_all([(statement, {}) for statement in talks.build_statements()])

    # -- reading -------------------------------------------------------------------------------
    def query(self, cypher: str, params: Optional[Mapping[str, Any]] = None) -> tuple[list[str], list[list]]:
        """Run ``cypher`` with ``params`` (native parameters); its column names and rows."""
        result = self._conn.execute(cypher, dict(params or {}))
        try:
            return list(result.get_column_names()), result.get_all()
        finally:
            result.close()

    def _rows(self, cypher: str, params: Optional[Mapping[str, Any]] = None) -> list[list]:
        return self.query(cypher, params)[1]

    def _column(self, cypher: str, params: Optional[Mapping[str, Any]] = None) -> list:
        return [row[0] for row in self.query(cypher, params)[1]]

    def _resolver_ops(self, known_quotes: Optional[dict] = None) -> "CypherOps":
        from .resolve import CypherOps

        return CypherOps(self._rows, on_create=name_index_statements, talks=talks.EMBEDDED, known_quotes=known_quotes)

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        """One write transaction: committed when the block ends, rolled back when it raises."""
        self._conn.execute("BEGIN TRANSACTION")
        try:
            yield
            self._conn.execute("COMMIT")
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise

    def _run_all(self, statements: list[tuple[str, dict]]) -> None:
        """Run (statement, parameters) pairs in one transaction."""
        with self._transaction():
            for cypher, params in statements:
                self.query(cypher, params)

    def directory(self) -> "Directory":
        """Who the graph's full names are, as :func:`quotegraph.graph.resolve.resolve` sees them."""
        from .resolve import directory_of

        return directory_of(self._resolver_ops())

    def resolve(self, words: Optional[Iterable[str]] = None, articles: Optional[Iterable[str]] = None,
                before: Optional["Directory"] = None, known_quotes: Optional[dict] = None) -> int:
        """Put bare names on the people they mean (:func:`quotegraph.graph.resolve.resolve`), in one transaction.
        ``known_quotes``: what :meth:`write` returned for the batch just written (saves reading it again)."""
        from .resolve import resolve

        if not self.writable:
            raise StoreError(f"{self.path} is open read-only")
        with self._transaction():
            return resolve(self._resolver_ops(known_quotes), None if words is None else set(words), articles, before)

    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """(nodes per label, relationships per type)."""
        labels = {label: self._column(f"MATCH (n:{label}) RETURN count(n)")[0] for label in S.NODE_LABELS}
        types = {t: self._column(f"MATCH ()-[r:{t}]->() RETURN count(r)")[0] for t in S.RELATIONSHIPS}
        return labels, types

    def to_networkx(self) -> "nx.MultiDiGraph":
        """The whole stored graph as the quotegraph networkx graph (see :mod:`.schema`)."""
        from .build import new_graph

        graph = new_graph()
        for label in S.NODE_LABELS:
            props = list(S.PROPERTIES[label])
            columns = ", ".join(f"n.{_quoted(p)}" for p in props)
            for key, *values in self.query(f"MATCH (n:{label}) RETURN n.{S.KEY}, {columns}")[1]:
                graph.add_node(S.node_id(label, key), label=label, key=key,
                               **{p: v for p, v in zip(props, values) if v is not None})
        for rel_type, (starts, ends) in S.RELATIONSHIPS.items():
            props = list(S.RELATIONSHIP_PROPERTIES.get(rel_type, {}))
            columns = "".join(f", r.{_quoted(p)}" for p in props)
            for a in starts:
                for b in ends:
                    rows = self.query(f"MATCH (a:{a})-[r:{rel_type}]->(b:{b}) RETURN a.{S.KEY}, b.{S.KEY}{columns}")[1]
                    for start, end, *values in rows:
                        graph.add_edge(S.node_id(a, start), S.node_id(b, end), type=rel_type,
                                       **{p: ("" if v is None else v) for p, v in zip(props, values)})
        return graph

    def quote_slice(self, about: Optional[str] = None, speaker: Optional[str] = None) -> "nx.MultiDiGraph":
        """Only what a picture of the quotes about ``about`` and/or by ``speaker`` needs, read by key.

        The quotes (by the resolver of :mod:`.names`), their speakers, subjects, articles and the quotes
        they answer, and the speakers' affiliations: ``view --about/--speaker`` and ``view --timeline``
        read this instead of the whole graph (a 100,000-article store is millions of nodes).
        """
        from .build import new_graph
        from .names import resolve

        sets = [set(self._quotes(S.SAID, resolve(speaker, "speaker", self._column, indexed=True))) if speaker else None,
                set(self._quotes(S.ABOUT, resolve(about, "entity", self._column, indexed=True))) if about else None]
        chosen = set.intersection(*[q for q in sets if q is not None]) if any(q is not None for q in sets) else set()
        graph = new_graph()
        for rel_type in (S.SAID, S.ABOUT, S.REPORTED_IN, S.RESPONDS_TO):
            self._slice_edges(graph, rel_type, sorted(chosen))
        people = sorted(d[S.KEY] for _, d in graph.nodes(data=True) if d["label"] == S.PERSON)
        self._slice_edges(graph, S.AFFILIATED_WITH, people, from_quotes=False)
        return graph

    def _quotes(self, rel_type: str, keys: list[str]) -> list[str]:
        """The keys of the quotes said by (SAID) or about (ABOUT) the nodes keyed ``keys``."""
        starts, ends = S.RELATIONSHIPS[rel_type]
        out = []
        for label in (starts if rel_type == S.SAID else ends):
            pattern = (f"(n:{label} {{{S.KEY}: $k}})-[:{S.SAID}]->(q:{S.QUOTE})" if rel_type == S.SAID
                       else f"(q:{S.QUOTE})-[:{S.ABOUT}]->(n:{label} {{{S.KEY}: $k}})")
            for key in keys:  # one key at a time: UNWIND before a MATCH that expands makes the database join tables
                out += self._column(f"MATCH {pattern} RETURN DISTINCT q.{S.KEY}", {"k": key})
        return out

    def _slice_edges(self, graph, rel_type: str, keys: list[str], from_quotes: bool = True) -> None:
        """Add to ``graph`` the ``rel_type`` edges touching the quotes (or, ``from_quotes=False``, the people)
        keyed ``keys``, with both ends and their properties."""
        starts, ends = S.RELATIONSHIPS[rel_type]
        rel_props = list(S.RELATIONSHIP_PROPERTIES.get(rel_type, {}))
        for a in starts:
            for b in ends:
                if from_quotes and S.QUOTE not in (a, b):
                    continue
                side = "x" if (a == S.QUOTE or not from_quotes) else "y"
                columns = ", ".join(f"{n}.{_quoted(p)}" for n, label in (("x", a), ("y", b)) for p in S.PROPERTIES[label])
                rows = self.query(
                    f"UNWIND $keys AS k MATCH (x:{a})-[r:{rel_type}]->(y:{b}) WHERE {side}.{S.KEY} = k "
                    f"RETURN x.{S.KEY}, y.{S.KEY}, {columns}" + "".join(f", r.{_quoted(p)}" for p in rel_props),
                    {"keys": keys})[1]
                for row in rows:
                    _add_slice_row(graph, rel_type, a, b, row, rel_props)

    # -- writing -------------------------------------------------------------------------------
    def write(self, graph: "nx.MultiDiGraph") -> dict[str, list["talks.QuoteEnds"]]:
        """Merge ``graph`` (a batch) into the store by key, in one transaction, keeping TALKS_ABOUT exact (see
        :mod:`.talks`). Returns the quotes of the articles it created (article -> their ends), for :meth:`resolve`."""
        if not self.writable:
            raise StoreError(f"{self.path} is open read-only")
        if graph.number_of_nodes() == 0:
            return {}
        articles = sorted({d[S.KEY] for _, d in graph.nodes(data=True) if d["label"] == S.ARTICLE})
        with self._transaction():
            stored = set(_BatchWriter(self)._existing(S.ARTICLE, articles))  # written before: read around the write
            new = talks.batch_quotes(graph, [a for a in articles if a not in stored])
            before, after = talks.around_change(stored, talks.EMBEDDED)
            before(self._rows)
            created = _BatchWriter(self).write_nodes(graph)
            _BatchWriter(self).write_relationships(graph, created)
            _BatchWriter(self).refresh_speakers(graph)
            after(self._rows, added=talks.pairs_of(quote for quotes in new.values() for quote in quotes))
        return new

    def close(self) -> None:
        self._conn.close()
        self._db.close()
        _WRITING.discard(self._claim)

    def __enter__(self) -> "GraphStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class _BatchWriter:
    """The statements of one batch: which nodes and relationships are new, and writing them."""

    def __init__(self, store: GraphStore):
        self.store = store

    def write_nodes(self, graph: "nx.MultiDiGraph") -> set[str]:
        """Create the batch's new nodes, add aliases to existing ones; the node ids created."""
        created: set[str] = set()
        by_label: dict[str, list[tuple[str, dict]]] = {}
        for node, data in graph.nodes(data=True):
            by_label.setdefault(data["label"], []).append((node, data))
        for label, nodes in by_label.items():
            existing = self._existing(label, [data[S.KEY] for _, data in nodes])
            new = [(n, d) for n, d in nodes if d[S.KEY] not in existing]
            self._create(label, [d for _, d in new])
            created.update(n for n, _ in new)
            if "aliases" in S.PROPERTIES[label]:
                self._add_aliases(label, [d for _, d in nodes if d[S.KEY] in existing], existing)
            self._fill_empty(label, [d for _, d in nodes if d[S.KEY] in existing])
        return created

    def _fill_empty(self, label: str, nodes: list[dict]) -> None:
        """Give stored nodes the :data:`FILLED_LATER` properties they lack (``act``: stored before acts existed)."""
        for prop in FILLED_LATER.get(label, ()):
            rows = [{"key": d[S.KEY], "value": d[prop]} for d in nodes if d.get(prop)]
            if rows:
                self.store.query(f"UNWIND $rows AS row MATCH (n:{label} {{{S.KEY}: row.key}}) "
                                 f"WHERE n.{_quoted(prop)} IS NULL OR n.{_quoted(prop)} = '' "
                                 f"SET n.{_quoted(prop)} = row.value", {"rows": rows})

    def _existing(self, label: str, keys: list[str]) -> dict[str, tuple]:
        named = "aliases" in S.PROPERTIES[label]
        extra = ", n.name, n.aliases" if named else ""
        # UNWIND + a primary-key MATCH per key: a lookup each, where `key IN $keys` scans the table
        rows = self.store.query(f"UNWIND $keys AS k MATCH (n:{label} {{{S.KEY}: k}}) RETURN n.{S.KEY}{extra}",
                                {"keys": keys})[1]
        return {row[0]: tuple(row[1:]) for row in rows}

    def _create(self, label: str, nodes: list[dict]) -> None:
        if not nodes:
            return
        props = S.PROPERTIES[label]
        rows = [{S.KEY: data[S.KEY], **{p: _typed(data.get(p), t) for p, t in props.items()}} for data in nodes]
        assign = ", ".join([f"{S.KEY}: row.{S.KEY}"] + [f"{_quoted(p)}: row.{_quoted(p)}" for p in props])
        self.store.query(f"UNWIND $rows AS row CREATE (:{label} {{{assign}}})", {"rows": rows})
        for cypher, params in name_index_statements((label, data[S.KEY]) for data in nodes):
            self.store.query(cypher, params)

    def _add_aliases(self, label: str, nodes: list[dict], existing: dict[str, tuple]) -> None:
        """Merge the batch's names into stored nodes: aliases unite, the node shows :func:`first_name_of` the names."""
        rows = []
        for data in nodes:
            name, aliases = existing[data[S.KEY]]
            if data.get("name") and name and data["name"] != name:
                name = first_name_of(name, data["name"])[0]
            merged = set(aliases or ()) | set(data.get("aliases") or ()) | {data.get("name") or "", existing[data[S.KEY]][0] or ""}
            merged = sorted(a for a in merged if a and a != name)
            if merged != sorted(aliases or ()) or name != existing[data[S.KEY]][0]:
                rows.append({"key": data[S.KEY], "name": name, "aliases": merged})
        if rows:
            self.store.query(f"UNWIND $rows AS row MATCH (n:{label} {{{S.KEY}: row.key}}) "
                             f"SET n.name = row.name, n.aliases = row.aliases", {"rows": rows})

    def refresh_speakers(self, graph: "nx.MultiDiGraph") -> None:
        """A quote shows its speaker's name: the stored one, which an earlier batch may have spelt otherwise."""
        for label in S.SPEAKER_LABELS:
            keys = sorted(d[S.KEY] for _, d in graph.nodes(data=True) if d["label"] == label)
            if keys:
                self.store.query(f"UNWIND $keys AS k MATCH (n:{label} {{{S.KEY}: k}})-[:{S.SAID}]->(q:{S.QUOTE}) "
                                 f"WHERE q.speaker <> n.name SET q.speaker = n.name", {"keys": keys})

    def write_relationships(self, graph: "nx.MultiDiGraph", created: set[str]) -> None:
        """Create each relationship of the batch that the store does not have yet."""
        groups: dict[tuple[str, str, str], list[dict]] = {}
        seen: set = set()
        for u, v, data in graph.edges(data=True):
            rel_type = data["type"]
            props = {p: _typed(data.get(p), t) for p, t in _identity_properties(rel_type).items()}
            row = {"a": graph.nodes[u][S.KEY], "b": graph.nodes[v][S.KEY], **props, "_new": u in created or v in created}
            signature = (u, v, rel_type, tuple(sorted(props.items())))
            if signature not in seen:
                seen.add(signature)
                groups.setdefault((rel_type, graph.nodes[u]["label"], graph.nodes[v]["label"]), []).append(row)
        for (rel_type, a, b), rows in groups.items():
            self._create_relationships(rel_type, a, b, rows)

    def _create_relationships(self, rel_type: str, a: str, b: str, rows: list[dict]) -> None:
        props = list(_identity_properties(rel_type))
        old = [r for r in rows if not r["_new"]]
        if old:  # both ends were stored before: is this very relationship there already?
            match = "".join(f" AND r.{_quoted(p)} = row.{_quoted(p)}" for p in props)
            present = {tuple(x) for x in self.store.query(
                f"UNWIND $rows AS row MATCH (x:{a} {{{S.KEY}: row.a}}) MATCH (x)-[r:{rel_type}]->(y:{b}) "
                f"WHERE y.{S.KEY} = row.b{match} RETURN row.a, row.b" + "".join(f", row.{_quoted(p)}" for p in props),
                {"rows": [_without_flag(r) for r in old]})[1]}
            rows = [r for r in rows if r["_new"] or (r["a"], r["b"], *(r[p] for p in props)) not in present]
        if not rows:
            return
        quote = ("x" if S.quote_end(rel_type) == "start" else "y") if rel_type in S.QUOTE_COPIES else ""
        assign = ", ".join([f"{_quoted(p)}: row.{_quoted(p)}" for p in props] +
                           [f"{_quoted(p)}: {quote}.{_quoted(p)}" for p in S.QUOTE_COPIES.get(rel_type, ())])
        self.store.query(
            # two MATCH clauses: two key lookups per row (a comma pattern here is a join, ~30x slower)
            f"UNWIND $rows AS row MATCH (x:{a} {{{S.KEY}: row.a}}) MATCH (y:{b} {{{S.KEY}: row.b}}) "
            f"CREATE (x)-[:{rel_type}{' {' + assign + '}' if assign else ''}]->(y)",
            {"rows": [_without_flag(r) for r in rows]})


def _identity_properties(rel_type: str) -> dict[str, str]:
    """The properties that tell two relationships of a type apart (``role``, ``stance``): all but the quote's
    copies (:data:`~.schema.QUOTE_COPIES`), which every new SAID or ABOUT takes from the stored quote itself, so
    they stay exact when an article comes again with another date (its stored quotes keep theirs)."""
    copies = S.QUOTE_COPIES.get(rel_type, ())
    return {p: t for p, t in S.RELATIONSHIP_PROPERTIES.get(rel_type, {}).items() if p not in copies}


def _add_slice_row(graph, rel_type: str, a: str, b: str, row: list, rel_props: list[str]) -> None:
    """One row of :meth:`GraphStore._slice_edges` into ``graph``: both nodes with their properties, the edge."""
    from .build import add_edge_once

    values = row[2:]
    for label, key in ((a, row[0]), (b, row[1])):
        props = list(S.PROPERTIES[label])
        mine, values = values[:len(props)], values[len(props):]
        graph.add_node(S.node_id(label, key), label=label, key=key,
                       **{p: v for p, v in zip(props, mine) if v is not None})
    add_edge_once(graph, S.node_id(a, row[0]), S.node_id(b, row[1]), rel_type,
                  **{p: ("" if v is None else v) for p, v in zip(rel_props, values)})


def _without_flag(row: dict) -> dict:
    return {k: v for k, v in row.items() if k != "_new"}


def _typed(value: Any, kind: str) -> Any:
    """A value for a column of type ``kind``: lists of text, integers, or text."""
    if value is None:
        return None
    if kind.endswith("[]"):
        return [str(v) for v in (value if isinstance(value, (list, tuple, set)) else [value])]
    if kind == "INT64":
        return int(value)
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)


# -- opening, converting ----------------------------------------------------------------------------
def _is_json_store(path: Path) -> bool:
    if not path.is_file():
        return False
    with path.open("rb") as handle:
        return handle.read(1) == b"{"


def _convert_json_store(path: Path) -> None:
    """Replace a quotegraph 0.1 JSON store (and its record log) at ``path`` by a database, once."""
    from .build import GraphBuilder

    graph = _read_json_store(path)
    backup = path.with_name(path.name + ".v1.json")
    os.replace(path, backup)
    log = path.with_name(path.name + ".pending.jsonl")
    if log.exists():
        builder = GraphBuilder(graph)
        for record in _read_log(log):
            builder.add_record(record)
        os.replace(log, log.with_name(log.name + ".v1"))
    with GraphStore(path, write=True) as store:
        store.write(graph)
    print(f"quotegraph: converted the JSON store {path} to a LadybugDB database at the same path "
          f"({graph.number_of_nodes()} nodes, {graph.number_of_edges()} relationships); "
          f"the old file is kept as {backup}", file=sys.stderr)


def _read_json_store(path: Path) -> "nx.MultiDiGraph":
    from .build import new_graph

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != JSON_FORMAT:
            raise ValueError(f"no format {JSON_FORMAT!r}")
        graph = new_graph()
        for node in data["nodes"]:
            graph.add_node(node["id"], **node["data"])
        for edge in data["edges"]:
            graph.add_edge(edge["source"], edge["target"], **edge["data"])
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise StoreError(f"{path}: not a readable quotegraph store ({_one_line(exc)})") from None
    return graph


def _read_log(log: Path) -> Iterator:
    """The records of a 0.1 record log; a last line cut short by a crash is skipped."""
    from quotegraph.ingest.records import record_from_json

    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    for number, line in enumerate(lines, start=1):
        try:
            yield record_from_json(json.loads(line))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            if number == len(lines) and not line.endswith("\n"):
                return
            raise StoreError(f"{log}:{number}: damaged record log ({exc})") from exc


def open_store(path: str | Path, write: bool = False, must_exist: bool = False) -> GraphStore:
    """Open the store at ``path`` (converting a 0.1 JSON store first); reading a missing one is an error."""
    path = Path(path)
    if _is_json_store(path):
        _convert_json_store(path)
    if not path.exists() and not write:
        if must_exist:
            raise StoreError(f"{path}: no graph here yet; run `quotegraph ingest PATH... --store {path}` first")
        path.parent.mkdir(parents=True, exist_ok=True)
        GraphStore(path, write=True).close()  # an empty store
    if write:
        path.parent.mkdir(parents=True, exist_ok=True)
        return GraphStore(path, write=True)
    store = GraphStore(path)
    if missing_schema(store):  # written by an earlier quotegraph: upgrade it once (a writer adds what is new)
        store.close()
        GraphStore(path, write=True).close()
        print(f"quotegraph: upgraded the store {path} to the current schema (speech acts, responses, the "
              f"name index and who talks about whom)", file=sys.stderr)
        store = GraphStore(path)
    return store


def load_graph(path: str | Path, must_exist: bool = False) -> "nx.MultiDiGraph":
    """The whole graph in the store at ``path`` as networkx (empty when there is none yet, unless ``must_exist``)."""
    from .build import new_graph

    path = Path(path)
    if not path.exists() and not must_exist:
        return new_graph()
    with open_store(path, must_exist=must_exist) as store:
        return store.to_networkx()


def save_graph(graph: "nx.MultiDiGraph", path: str | Path) -> Path:
    """Merge ``graph`` into the store at ``path`` (created if missing), in one transaction."""
    with open_store(path, write=True) as store:
        store.write(graph)
    return Path(path)


class StoreWriter:
    """Ingest into a store: records build a batch graph, each :meth:`checkpoint` writes it in one transaction."""

    def __init__(self, path: str | Path):
        from .build import GraphBuilder

        self.store = open_store(path, write=True)
        self.builder = GraphBuilder()

    def add_record(self, record) -> None:
        self.builder.add_record(record)

    def checkpoint(self) -> None:
        """Write what was added since the last checkpoint (atomically), then resolve the names it touched."""
        from .resolve import article_keys, touched_words

        batch = self.builder.take()
        words = touched_words(batch)
        before = self.store.directory() if words else None
        written = self.store.write(batch)
        if words:
            self.store.resolve(words, article_keys(batch), before, known_quotes=written)

    def totals(self) -> tuple[int, int]:
        """(nodes, relationships) in the store."""
        labels, types = self.store.counts()
        return sum(labels.values()), sum(types.values())

    def __enter__(self) -> "StoreWriter":
        return self

    def __exit__(self, *exc) -> None:
        self.store.close()


def records_into(path: str | Path, records: Iterable, checkpoint_every: int = 500) -> tuple[int, int]:
    """Write ``records`` into the store at ``path`` in transactions of ``checkpoint_every``; (nodes, rels)."""
    with StoreWriter(path) as writer:
        for number, record in enumerate(records, start=1):
            writer.add_record(record)
            if number % checkpoint_every == 0:
                writer.checkpoint()
        writer.checkpoint()
        return writer.totals()
