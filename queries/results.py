"""A query result as columns and rows, the same whichever engine ran it."""
from __future__ import annotations

from dataclasses import dataclass, field


class QueryError(ValueError):
    """A query that cannot run: bad syntax, a missing parameter, a write."""


@dataclass
class QueryResult:
    """Columns in RETURN order, rows as tuples."""

    columns: list[str]
    rows: list[tuple] = field(default_factory=list)

    def records(self) -> list[dict]:
        """Rows as dicts keyed by column."""
        return [dict(zip(self.columns, row)) for row in self.rows]
