"""What the CLI prints: plain-text tables for people (columns padded, long cells cut to fit the terminal),
query results as JSON lines or CSV, and attributions in the output contract."""
from __future__ import annotations

import csv
import io
import json
import shutil
from typing import Iterable, Iterator, Sequence


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    return " ".join(str(value).split())


def format_table(columns: Sequence[str], rows: Sequence[Sequence], width: int | None = None) -> str:
    """A table with a header rule; the widest columns are cut (with "…") to fit ``width``."""
    width = width or shutil.get_terminal_size((160, 24)).columns
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    budget = max(width - 2 * (len(columns) - 1), 10 * len(columns))
    while sum(widths) > budget and max(widths) > 12:
        widest = widths.index(max(widths))
        widths[widest] -= 1

    def line(values):
        return "  ".join((v if len(v) <= w else v[: w - 1] + "…").ljust(w) for v, w in zip(values, widths)).rstrip()

    out = [line(columns), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    return "\n".join(out)


def attribution_lines(attributions: Iterable, fmt: str) -> Iterator[str]:
    """What ``quotes`` prints: one JSON object per attribution as it comes (jsonl), or one table at the end."""
    if fmt == "jsonl":
        for attribution in attributions:
            yield json.dumps(attribution.to_json(), ensure_ascii=False)
        return
    rows = [(a.article, a.speaker.name or "?", a.kind, a.cue, a.quote) for a in attributions]
    yield format_table(["article", "speaker", "kind", "cue", "quote"], rows)


def format_result(result, fmt: str) -> str:
    """A query result as printed, newline-terminated: JSON lines (``json``), CSV with a header (``csv``) or a
    table for people."""
    if fmt == "json":
        return "".join(json.dumps(record, ensure_ascii=False, default=str) + "\n" for record in result.records())
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(result.columns)
        writer.writerows(result.rows)
        return buffer.getvalue()
    return format_table(result.columns, result.rows) + "\n"


def query_list(queries: Iterable) -> str:
    """One line per named query: its name, description and ``-p`` parameters."""
    lines = []
    for q in queries:
        params = " ".join(f"-p {p}=…" for p in q.params)
        lines.append(f"{q.name:<18} {q.description}" + (f"  [{params}]" if params else ""))
    return "\n".join(lines)
