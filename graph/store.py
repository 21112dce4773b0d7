"""The embedded store: the graph as one JSON file, read whole and written atomically.

In: a path. Out: a ``networkx.MultiDiGraph`` (empty when the file does not exist
yet). Writes go to a temporary file beside the target, are flushed to disk and
then renamed over it, so a crash at any moment leaves either the old file or
the new one, never half of one.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import networkx as nx

from .build import new_graph

DEFAULT_STORE = "quotegraph.graph.json"
STORE_ENV = "QUOTEGRAPH_STORE"
FORMAT = "quotegraph/1"


class StoreError(RuntimeError):
    """The store file cannot be read as a quotegraph graph."""


def default_store_path() -> Path:
    """``$QUOTEGRAPH_STORE``, else ``quotegraph.graph.json`` in the working directory."""
    return Path(os.environ.get(STORE_ENV) or DEFAULT_STORE)


def load_graph(path: str | Path, must_exist: bool = False) -> nx.MultiDiGraph:
    """Read the store at ``path``; a missing file is an empty graph (or a StoreError with ``must_exist``)."""
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
