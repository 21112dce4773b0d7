"""Plain-text tables for people: columns padded, long cells cut to fit the terminal."""
from __future__ import annotations

import shutil
from typing import Sequence


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
