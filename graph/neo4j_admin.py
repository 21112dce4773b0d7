"""Bulk load into a NEW database: CSVs for ``neo4j-admin database import full``.

``quotegraph export --format neo4j-admin DIR`` writes one node file per label
and one relationship file per (type, start label, end label), each with its
own header naming the property types, plus ``import.args`` (the arguments for
the import, one per line, paths relative to DIR) and ``constraints.cypher``
(the import does not create constraints; run it, or ``quotegraph load``,
once the server is up).

The import tool writes the store files directly, with no transactions, so it
is the fastest way to fill a database, but only a new or overwritten one on a
stopped server: for adding to a live database use ``quotegraph load``.

Values follow the batched loader (:func:`quotegraph.graph.neo4j_load._value`):
scalars as they are, flat lists of strings or numbers as arrays, anything else
as JSON text. Arrays are joined with the ASCII unit separator (U+001F), which
no name contains; every field is quoted, so commas, quotes and newlines in
quotes are data.
"""
from __future__ import annotations

import csv
import os
import subprocess
from pathlib import Path
from typing import Any, Optional

import networkx as nx

from . import schema as S
from .neo4j_load import constraint_statements, index_statements, node_rows, relationship_rows, schema_name

ARRAY_DELIMITER = "\x1f"
NEO4J_HOME = Path(os.environ.get("QUOTEGRAPH_NEO4J_HOME") or Path.home() / ".cache" / "quotegraph" / "neo4j")


def _type_of(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, list):
        if value and all(isinstance(v, (int, float)) for v in value):
            return "double[]" if any(isinstance(v, float) for v in value) else "long[]"
        return "string[]"
    return "string"


def _column_types(rows: list[dict]) -> dict[str, str]:
    """Property name -> the one import type that holds every value of it (string when they disagree)."""
    types: dict[str, str] = {}
    for props in rows:
        for name, value in props.items():
            kind = _type_of(value)
            if types.setdefault(name, kind) != kind:
                both = {types[name], kind}
                types[name] = ("double" if both == {"long", "double"} else
                               "double[]" if both == {"long[]", "double[]"} else
                               "string[]" if all(t.endswith("[]") for t in both) else "string")
    return types


def _field(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind.endswith("[]"):
        return ARRAY_DELIMITER.join("true" if v is True else "false" if v is False else str(v) for v in value)
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "string" and not isinstance(value, str):
        return str(value)
    return value


def _write_csv(path: Path, header: list[str], rows) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def export_neo4j_admin(graph: nx.MultiDiGraph, directory: str | Path) -> dict[str, int]:
    """Write the import CSVs for ``graph`` into ``directory``; returns {"nodes": n, "relationships": m}."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    for old in list(out.glob("nodes-*.csv")) + list(out.glob("rels-*.csv")):
        old.unlink()
    args: list[str] = []
    totals = {"nodes": 0, "relationships": 0}

    by_label = {label: [(row["key"], {k: v for k, v in row["props"].items() if k != S.KEY}) for row in rows]
                for label, rows in node_rows(graph).items()}
    for label in S.NODE_LABELS:
        rows = by_label.get(label)
        if not rows:
            continue
        label = schema_name(label, S.NODE_LABELS)
        types = _column_types([props for _, props in rows])
        names = sorted(types)
        header = [f"{S.KEY}:ID({label})", *(f"{n}:{types[n]}" for n in names), ":LABEL"]
        path = out / f"nodes-{label}.csv"
        totals["nodes"] += _write_csv(path, header, (
            [key, *(_field(props.get(n), types[n]) for n in names), label] for key, props in rows))
        args.append(f"--nodes={path.name}")

    # The loader's rows (duplicate edges already sent once); the CSV carries identity and other properties alike.
    by_rel = {group: [(row["start"], row["end"], {**row["props"], **row["merge"]}) for row in rows]
              for group, rows in relationship_rows(graph).items()}
    for (rel_type, start, end), rows in sorted(by_rel.items()):
        rel_type = schema_name(rel_type, S.RELATIONSHIPS)
        types = _column_types([props for _, _, props in rows])
        names = sorted(types)
        header = [f":START_ID({start})", f":END_ID({end})", *(f"{n}:{types[n]}" for n in names), ":TYPE"]
        path = out / f"rels-{rel_type}-{start}-{end}.csv"
        totals["relationships"] += _write_csv(path, header, (
            [a, b, *(_field(props.get(n), types[n]) for n in names), rel_type] for a, b, props in rows))
        args.append(f"--relationships={path.name}")

    options = [f"--array-delimiter={ARRAY_DELIMITER}", "--multiline-fields=true"]
    (out / "import.args").write_text("\n".join(options + args) + "\n", encoding="utf-8")
    (out / "constraints.cypher").write_text(";\n".join(constraint_statements() + index_statements()) + ";\n",
                                            encoding="utf-8")
    return totals


def import_arguments(directory: str | Path) -> list[str]:
    """The ``neo4j-admin database import full`` options for an export, with absolute paths."""
    out = Path(directory).resolve()
    args = []
    for line in (out / "import.args").read_text(encoding="utf-8").splitlines():
        if line.startswith(("--nodes=", "--relationships=")):
            flag, name = line.split("=", 1)
            line = f"{flag}={out / name}"
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
               timeout: float = 600) -> subprocess.CompletedProcess:
    """Import an export into the (stopped) instance whose config is in ``conf_dir``; raises on failure."""
    java = java or (str(Path(os.environ["JAVA_HOME"], "bin", "java")) if os.environ.get("JAVA_HOME") else "java")
    home = Path(neo4j_home or NEO4J_HOME)
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(conf_dir)}
    # cwd: neo4j-admin writes its import.report into the working directory
    done = subprocess.run(import_command(directory, database, home, java), env=env, capture_output=True,
                          text=True, timeout=timeout, cwd=str(directory))
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise RuntimeError(f"neo4j-admin import failed ({done.returncode}):\n{tail}")
    return done
