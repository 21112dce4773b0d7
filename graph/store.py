"""The embedded store: the graph as one JSON file, read whole and written atomically.

In: a path. Out: a ``networkx.MultiDiGraph`` (empty when the file does not exist
yet). Writes go to a temporary file beside the target, are flushed to disk and
then renamed over it, so a crash at any moment leaves either the old file or
the new one, never half of one.

Beside it may stand a record log, ``<store>.pending.jsonl``: ``quotegraph ingest
--stream`` appends one extracted record per line there instead of holding the
graph in memory, so ingesting an archive of any size takes flat memory. The
next read merges the log into the graph (merging by key: a record logged twice
counts once) and, unless an ingest still holds the log, writes the graph back
and empties the log. A line cut short by a crash is skipped.
"""
from __future__ import annotations

import fcntl
import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import networkx as nx

from quotegraph.ingest.records import ArticleRecord, record_from_json, record_to_json

from .build import GraphBuilder, new_graph

DEFAULT_STORE = "quotegraph.graph.json"
STORE_ENV = "QUOTEGRAPH_STORE"
FORMAT = "quotegraph/1"


class StoreError(RuntimeError):
    """The store file cannot be read as a quotegraph graph."""


def default_store_path() -> Path:
    """``$QUOTEGRAPH_STORE``, else ``quotegraph.graph.json`` in the working directory."""
    return Path(os.environ.get(STORE_ENV) or DEFAULT_STORE)


def load_graph(path: str | Path, must_exist: bool = False) -> nx.MultiDiGraph:
    """Read the store at ``path`` with its record log merged in.

    A missing store is an empty graph (or a StoreError with ``must_exist``).
    """
    path = Path(path)
    log = pending_path(path)
    if not log.exists():
        return _read_snapshot(path, must_exist)
    graph = _read_snapshot(path, must_exist=False)
    builder = GraphBuilder(graph)
    with _locked(log, blocking=False) as owned:
        for record in read_log(log):
            builder.add_record(record)
        if owned:  # no ingest is appending: fold the log into the graph file
            save_graph(graph, path)
            log.unlink()
    return graph


def _read_snapshot(path: str | Path, must_exist: bool = False) -> nx.MultiDiGraph:
    path = Path(path)
    if not path.exists():
        if must_exist:
            raise StoreError(f"{path}: no graph here yet; run `quotegraph ingest PATH... --store {path}` first")
        return new_graph()
    try:
        with path.open(encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StoreError(f"{path}: not a readable quotegraph store ({exc})") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise StoreError(f"{path}: not a quotegraph store (no format {FORMAT!r})")
    graph = new_graph()
    try:
        for node in data["nodes"]:
            graph.add_node(node["id"], **node["data"])
        for edge in data["edges"]:
            graph.add_edge(edge["source"], edge["target"], key=edge["key"], **edge["data"])
    except (KeyError, TypeError) as exc:
        raise StoreError(f"{path}: damaged quotegraph store ({exc!r})") from exc
    return graph


def save_graph(graph: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write ``graph`` to ``path`` atomically (temporary file, fsync, rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "format": FORMAT,
        "nodes": [{"id": node, "data": _stored(attrs)} for node, attrs in graph.nodes(data=True)],
        "edges": [{"source": u, "target": v, "key": k, "data": _stored(attrs)}
                  for u, v, k, attrs in graph.edges(keys=True, data=True)],
    }
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _stored(attrs: dict) -> dict:
    # "__labels__" and the like belong to a query engine's view of the graph, not to the data.
    return {k: v for k, v in attrs.items() if not k.startswith("__")}


def pending_path(store: str | Path) -> Path:
    """The record log beside ``store``."""
    store = Path(store)
    return store.with_name(store.name + ".pending.jsonl")


@contextmanager
def _locked(log: Path, blocking: bool = True) -> Iterator[bool]:
    """Hold the log's lock (yields False when ``blocking`` is off and someone else holds it)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log.with_name(log.name + ".lock"), "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class RecordLog:
    """Appends records to ``<store>.pending.jsonl`` while an ingest runs (holding its lock)."""

    def __init__(self, store: str | Path):
        self.path = pending_path(store)
        self._lock = _locked(self.path)
        self._handle = None

    def __enter__(self) -> "RecordLog":
        self._lock.__enter__()
        self._handle = open(self.path, "a", encoding="utf-8")
        return self

    def append(self, record: ArticleRecord) -> None:
        self._handle.write(json.dumps(record_to_json(record), ensure_ascii=False, separators=(",", ":")) + "\n")

    def flush(self) -> None:
        """Make what was appended durable (a checkpoint)."""
        self._handle.flush()
        os.fsync(self._handle.fileno())

    def __exit__(self, *exc) -> None:
        try:
            self.flush()
            self._handle.close()
        finally:
            self._lock.__exit__(*exc)


def read_log(log: Path) -> Iterator[ArticleRecord]:
    """The records in a log; a last line cut short by a crash is skipped, any other bad line is an error."""
    with open(log, encoding="utf-8") as handle:
        lines = handle.readlines()
    for number, line in enumerate(lines, start=1):
        try:
            yield record_from_json(json.loads(line))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            if number == len(lines) and not line.endswith("\n"):
                return  # the write a crash interrupted: that article is simply not in yet
            raise StoreError(f"{log}:{number}: damaged record log ({exc})") from exc
