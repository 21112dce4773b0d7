"""Reading the evaluation's JSONL files: lines, span lists and the one error type for a bad file.

In: a path to a JSON Lines file, or the values of one row. Out: ``(line number, parsed row)`` pairs and
checked ``[(start, end)]`` span lists; a malformed line raises :class:`EvaluationFileError` whose
one-line message names the file and line.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator, Mapping, Optional, Union

Span = tuple[int, int]


class EvaluationFileError(ValueError):
    """A gold or prediction file that cannot be scored: "file:line: what is wrong" (one line)."""


def read_jsonl(path: Union[str, Path]) -> Iterator[tuple[int, Any]]:
    """Yield ``(line number, parsed JSON)`` for every non-blank line of ``path``."""
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield lineno, json.loads(line)
            except json.JSONDecodeError as exc:
                raise EvaluationFileError(
                    f"{path}:{lineno}: not valid JSON ({exc.msg} at column {exc.colno})") from None


def located(path: Union[str, Path], lineno: int, exc: BaseException) -> EvaluationFileError:
    """The error ``exc`` (raised while reading one row) as "path:line: message"."""
    message = exc.args[0] if exc.args and isinstance(exc.args[0], str) else repr(exc)
    return EvaluationFileError(f"{path}:{lineno}: {message}")


def is_int(value: Any) -> bool:
    """True for an int that is not a bool (JSON ``true`` is no offset)."""
    return isinstance(value, int) and not isinstance(value, bool)


def span_pair(row: Mapping, start: str, end: str) -> Optional[list[list[int]]]:
    """``[[row[start], row[end]]]``, None when both are null; ValueError when only one is an integer."""
    s, e = row.get(start), row.get(end)
    if s is None and e is None:
        return None
    if not (is_int(s) and is_int(e)):
        raise ValueError(f"'{start}' and '{end}' must both be integers or both null")
    return [[s, e]]


def parse_spans(value: Any, name: str, length: Optional[int] = None) -> list[Span]:
    """A JSON list of ``[start, end]`` pairs as checked tuples (``0 <= start <= end <= length``)."""
    if not isinstance(value, list):
        raise ValueError(f"'{name}' must be a list of [start, end] pairs")
    out = []
    for pair in value:
        if not (isinstance(pair, (list, tuple)) and len(pair) == 2 and is_int(pair[0]) and is_int(pair[1])):
            raise ValueError(f"'{name}' must be a list of [start, end] integer pairs, got {pair!r}")
        s, e = pair
        if s < 0 or e < s or (length is not None and e > length):
            raise ValueError(f"'{name}' has an invalid span [{s}, {e}] (text length {length})")
        out.append((s, e))
    return out


def blank_to_none(value: Optional[str]) -> Optional[str]:
    """None for a missing or all-space string, else the string."""
    return value if value is not None and value.strip() else None
