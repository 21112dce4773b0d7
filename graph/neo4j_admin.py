"""Bulk load into a NEW database: CSVs for ``neo4j-admin database import full``.

``quotegraph export --format neo4j-admin DIR`` writes one node file per label
and one relationship file per (type, start label, end label), each with a
header file of its own naming the property types, plus ``import.args`` (the
arguments for the import, one per line, paths relative to DIR) and
``constraints.cypher`` (the import does not create constraints; run it, or
``quotegraph load``, once the server is up). The embedded database writes the
data files itself (``COPY ... TO``), so exporting a large store takes seconds.

The import tool writes the store files directly, with no transactions, so it
is the fastest way to fill a database, but only a new or overwritten one on a
stopped server: for adding to a live database use ``quotegraph load``.

Values follow the store's typed columns, as the batched loader sends them:
strings, numbers, and string lists as arrays joined with the ASCII unit
separator (U+001F), which no name contains. Strings are quoted with inner
quotes doubled, so commas, quotes and newlines in quotes are data; a missing
value is an empty field (no property).
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Optional

import networkx as nx

from . import schema as S
from . import talks
from .neo4j_load import MERGE_PROPERTIES, constraint_statements, index_statements

ARRAY_DELIMITER = "\x1f"
NEO4J_HOME = Path(os.environ.get("QUOTEGRAPH_NEO4J_HOME") or Path.home() / ".cache" / "quotegraph" / "neo4j")


def export_neo4j_admin(graph: nx.MultiDiGraph, directory: str | Path) -> dict[str, int]:
    """Write the import files for a networkx graph: it is written into a temporary store first (on disk, so
    a big graph has the store's page cache), then exported as :func:`export_store_neo4j_admin` does."""
    import tempfile

    from .store import GraphStore

    with tempfile.TemporaryDirectory(prefix="quotegraph-export-") as tmp:
        store = GraphStore(Path(tmp) / "graph.lbug", write=True)
        try:
            store.write(graph)
            return export_store_neo4j_admin(store, directory)
        finally:
            store.close()


# The embedded store's column types -> the import's (STRING[] arrays are joined with ARRAY_DELIMITER).
_IMPORT_TYPES = {"STRING": "string", "STRING[]": "string[]", "INT64": "long", "DOUBLE": "double", "BOOLEAN": "boolean"}


def _store_column(variable: str, name: str, kind: str) -> str:
    """One RETURN item of the store's export query: lists joined with the array delimiter (``$sep``)."""
    column = f"{variable}.`{name}`"
    return f"list_to_string($sep, {column})" if kind.endswith("[]") else column


def _copy(store, out: Path, name: str, header: list[str], returns: list[str], match: str) -> int:
    """The rows ``match`` finds, written by the store itself (LadybugDB ``COPY ... TO``) to ``name``.csv, with
    the header in ``name``.header.csv; nothing is written for none. Returns the number of rows."""
    count = store.query(f"{match} RETURN count(*)")[1][0][0]
    if count:
        (out / f"{name}.header.csv").write_text(",".join(header) + "\n", encoding="utf-8")
        # escape '"': quotes inside a value are doubled, as the import reads them; the path is ours, checked
        store.query(f"COPY ({match} RETURN {', '.join(returns)}) TO '{out / name}.csv' (header=false, escape='\"')",
                    {"sep": ARRAY_DELIMITER})
    return count


def _import_argument(flag: str, group: str, name: str) -> str:
    """``--nodes=Label=name.header.csv,name.csv`` (or ``--relationships=TYPE=...``), relative to the directory."""
    return f"--{flag}={group}={name}.header.csv,{name}.csv"


def export_store_neo4j_admin(store, directory: str | Path) -> dict[str, int]:
    """Write the import files for an open embedded store, straight from the database (no networkx copy).

    One node file per label and one relationship file per (type, start label, end label), each written by
    the store's own ``COPY ... TO`` beside a header file naming the property types, so the export of a large
    store costs seconds and no memory. Returns {"nodes": n, "relationships": m}.
    """
    out = Path(directory).resolve()
    if "'" in str(out) or "\\" in str(out):  # COPY TO takes the path as text only: no quote may end it early
        raise ValueError(f"{out}: an export directory's path may not contain ' or \\")
    out.mkdir(parents=True, exist_ok=True)
    for old in list(out.glob("nodes-*.csv")) + list(out.glob("rels-*.csv")):
        old.unlink()
    args, totals = [], {"nodes": 0, "relationships": 0}
    for label in S.NODE_LABELS:
        props = S.PROPERTIES[label]
        header = [f"{S.KEY}:ID({label})", *(f"{n}:{_IMPORT_TYPES[k]}" for n, k in props.items())]
        returns = [f"n.{S.KEY}", *(_store_column("n", n, k) for n, k in props.items())]
        if count := _copy(store, out, f"nodes-{label}", header, returns, f"MATCH (n:{label})"):
            totals["nodes"] += count
            args.append(_import_argument("nodes", label, f"nodes-{label}"))
    for rel_type, (starts, ends) in S.RELATIONSHIPS.items():
        for start in starts:
            for end in ends:
                if count := _copy_relationships(store, out, rel_type, start, end):
                    totals["relationships"] += count
                    args.append(_import_argument("relationships", rel_type, f"rels-{rel_type}-{start}-{end}"))
    args += _copy_talks(store, out)  # derived, so not in the totals: what the graph has is what they count
    _write_import_files(out, args)
    return totals


def _copy_talks(store, out: Path) -> list[str]:
    """The store's TALKS_ABOUT pairs (:mod:`.talks`) as relationship files: the new database has them counted."""
    args = []
    for start in talks.SPEAKERS:
        for end in talks.SUBJECTS:
            name = f"rels-{talks.TALKS_ABOUT}-{start}-{end}"
            header = [f":START_ID({start})", f":END_ID({end})", "statements:long"]
            if _copy(store, out, name, header, ["a.key", "b.key", "r.statements"],
                     f"MATCH (a:{start})-[r:{talks.TALKS_ABOUT}]->(b:{end})"):
                args.append(_import_argument("relationships", talks.TALKS_ABOUT, name))
    return args


def _copy_relationships(store, out: Path, rel_type: str, start: str, end: str) -> int:
    props = S.RELATIONSHIP_PROPERTIES.get(rel_type, {})
    identity = MERGE_PROPERTIES.get(rel_type, ())
    header = [f":START_ID({start})", f":END_ID({end})", *(f"{n}:{_IMPORT_TYPES[k]}" for n, k in props.items())]
    # identity properties as the batched loader MERGEs them: "" when missing, so a later load matches them
    returns = ["a.key", "b.key", *(f"coalesce(r.`{n}`, '')" if n in identity else _store_column("r", n, k)
                                   for n, k in props.items())]
    if rel_type in S.NAME_COPIES:  # what Neo4j's ordered indexes read beside published: schema.neo4j_copies
        named, quote = ("a", "b") if S.quote_end(rel_type) == "end" else ("b", "a")
        header.append(f"{S.NAME_COPIES[rel_type]}:string")
        # "+ ''": LadybugDB 0.22's COPY TO writes no value for an expression returned twice (the rows come a
        # column short of their header), so the copy of the key is another expression of the same value
        returns.append(f"{named}.key + ''")
        for prop in S.NEO4J_QUOTE_COPIES.get(rel_type, ()):
            header.append(f"{prop}:{_IMPORT_TYPES[S.PROPERTIES[S.QUOTE][prop]]}")
            returns.append(f"{quote}.`{prop}`")
    return _copy(store, out, f"rels-{rel_type}-{start}-{end}", header, returns,
                 f"MATCH (a:{start})-[r:{rel_type}]->(b:{end})")


def _write_import_files(out: Path, args: list[str]) -> None:
    options = [f"--array-delimiter={ARRAY_DELIMITER}", "--multiline-fields=true"]
    (out / "import.args").write_text("\n".join(options + args) + "\n", encoding="utf-8")
    (out / "constraints.cypher").write_text(";\n".join(constraint_statements() + index_statements()) + ";\n",
                                            encoding="utf-8")


def import_arguments(directory: str | Path) -> list[str]:
    """The ``neo4j-admin database import full`` options for an export, with absolute paths."""
    out = Path(directory).resolve()
    args = []
    for line in (out / "import.args").read_text(encoding="utf-8").splitlines():
        if line.startswith(("--nodes=", "--relationships=")):
            flag, files = line.split("=", 1)
            group, _, files = files.rpartition("=")  # "Label=header.csv,data.csv" or "data.csv"
            files = ",".join(str(out / name) for name in files.split(","))
            line = f"{flag}={group + '=' if group else ''}{files}"
        if line:
            args.append(line)
    return args


def import_command(directory: str | Path, database: str = "neo4j", neo4j_home: Optional[str | Path] = None,
                   java: str = "java", heap: str = "512m") -> list[str]:
    """The command that imports an export with the cached Neo4j jars (``AdminTool`` = ``neo4j-admin``)."""
    home = Path(neo4j_home or NEO4J_HOME)
    return [java, f"-Xmx{heap}", "-cp", f"{home / 'lib'}/*", "org.neo4j.cli.AdminTool",
            "database", "import", "full", database, "--overwrite-destination=true", *import_arguments(directory)]


def run_import(directory: str | Path, conf_dir: str | Path, database: str = "neo4j",
               neo4j_home: Optional[str | Path] = None, java: Optional[str] = None,
               timeout: float = 600, heap: str = "512m") -> subprocess.CompletedProcess:
    """Import an export into the (stopped) instance whose config is in ``conf_dir``; raises on failure."""
    java = java or (str(Path(os.environ["JAVA_HOME"], "bin", "java")) if os.environ.get("JAVA_HOME") else "java")
    home = Path(neo4j_home or NEO4J_HOME)
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(conf_dir)}
    # cwd: neo4j-admin writes its import.report into the working directory
    done = subprocess.run(import_command(directory, database, home, java, heap), env=env, capture_output=True,
                          text=True, timeout=timeout, cwd=str(directory))
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise RuntimeError(f"neo4j-admin import failed ({done.returncode}):\n{tail}")
    return done
