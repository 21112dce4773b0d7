"""Rewrite an embedded store in one bulk load: the same graph, opened and first queried faster.

A store written batch by batch, whose names the resolver moved, leaves LadybugDB's relationship tables in
many pieces: at 100,000 articles a fresh process plans its first query over ``ABOUT`` in 70 to 100 ms and
over ``SAID`` in 40 to 60 ms, whatever the rows, against 18 and 14 ms once the same rows are bulk-loaded
(and the file is about 40% smaller). :func:`compact_store` copies every table out (``COPY ... TO`` parquet,
the database writing its own rows), loads them into a new database of the same schema (``COPY ... FROM``),
and puts it in the old one's place.

No writer changes the store meanwhile: the compaction holds its write lock while it reads, and the new
store's file (``<store>.compacting``) tells writers to wait until the swap (the usual "is being written"
error). A reader keeps reading whichever file it opened, whole. A failure leaves the old store as it was;
a compaction that died leaves the ``.compacting`` file, which the next one removes. In: the store's path.
Out: a :class:`Compacted` with the sizes and the time.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from . import schema as S
from . import talks
from .names import INDEXED_LABELS, NAME_WORD, NAMES
from .store import GraphStore, StoreError, compacting_path, open_store


@dataclass(frozen=True)
class Compacted:
    """What :func:`compact_store` did: the store's bytes before and after, and the seconds it took."""

    before: int
    after: int
    seconds: float


def tables() -> list[tuple[str, list[str], str]]:
    """(file name, columns in table order, MATCH) of every node table, then every relationship table's pair."""
    out = [(label, [f"n.{S.KEY}"] + [f"n.`{p}`" for p in S.PROPERTIES[label]], f"MATCH (n:{label})")
           for label in S.NODE_LABELS]
    out.append((NAME_WORD, ["n.word"], f"MATCH (n:{NAME_WORD})"))
    out.append((talks.TOP, ["n.key"] + [f"n.{c}" for c in talks.TOP_COLUMNS], f"MATCH (n:{talks.TOP})"))
    pairs = [(t, a, b, list(S.RELATIONSHIP_PROPERTIES.get(t, {}))) for t, (starts, ends) in S.RELATIONSHIPS.items()
             for a in starts for b in ends]
    pairs += [(NAMES, NAME_WORD, label, []) for label in INDEXED_LABELS]
    pairs += [(talks.TALKS_ABOUT, a, b, ["statements"]) for a in talks.SPEAKERS for b in talks.SUBJECTS]
    for rel_type, a, b, props in pairs:
        key_a = "word" if a == NAME_WORD else S.KEY
        out.append((f"{rel_type}-{a}-{b}", [f"x.{key_a}", f"y.{S.KEY}"] + [f"r.`{p}`" for p in props],
                    f"MATCH (x:{a})-[r:{rel_type}]->(y:{b})"))
    return out


def compact_store(path: str | Path) -> Compacted:
    """Rewrite the store at ``path`` in one bulk load (see the module docstring); StoreError when it cannot."""
    path = Path(path)
    if not path.exists():
        raise StoreError(f"{path}: no graph here yet; nothing to compact")
    started, before = time.monotonic(), _size(path)
    fresh = compacting_path(path)
    _remove(fresh)  # what a compaction that died left
    with tempfile.TemporaryDirectory(prefix="quotegraph-compact-") as scratch:
        if "'" in scratch or "\\" in scratch:  # COPY takes a path as text only: no quote may end it early
            raise StoreError(f"{scratch}: a temporary directory's path may not contain ' or \\")
        old = open_store(path, write=True)
        try:
            # the new store's file exists from here on: writers that open the store now wait for the swap
            _copy_in(fresh, Path(scratch), _copy_out(old, Path(scratch)))
        except BaseException:
            old.close()
            _remove(fresh)
            raise
        # LadybugDB removes a database's write-ahead log by its name when it closes: the old store is closed
        # before the new one takes that name, and no writer opened it meanwhile (the lock, then the new file)
        old.close()
        os.replace(fresh, path)
    return Compacted(before=before, after=_size(path), seconds=time.monotonic() - started)


def _copy_out(store: GraphStore, scratch: Path) -> list[str]:
    """Each table's rows into ``scratch``/<name>.parquet; the names of the tables that have rows, in load order."""
    written = []
    for name, columns, match in tables():
        if store.query(f"{match} RETURN count(*)")[1][0][0]:
            store.query(f"COPY ({match} RETURN {', '.join(columns)}) TO '{scratch / name}.parquet'")
            written.append(name)
    return written


def _copy_in(fresh: Path, scratch: Path, written: list[str]) -> None:
    """A new store at ``fresh`` (schema, name index, TALKS_ABOUT and TalkTop tables, the current mark) with the
    rows."""
    store = GraphStore(fresh, write=True)  # the schema, as every writer makes it
    try:
        for name in written:
            table, *pair = name.split("-")
            options = f" (from='{pair[0]}', to='{pair[1]}')" if pair else ""
            store.query(f"COPY {table} FROM '{scratch / name}.parquet'{options}")
    finally:
        store.close()
    if Path(f"{fresh}.wal").exists():
        raise StoreError(f"{fresh}: the new store did not close cleanly; the old one is unchanged")


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in (path, Path(f"{path}.wal")) if p.exists())


def _remove(path: Path) -> None:
    for leftover in (path, Path(f"{path}.wal"), Path(f"{path}.lock")):
        if leftover.is_dir():
            shutil.rmtree(leftover)
        elif leftover.exists():
            leftover.unlink()
