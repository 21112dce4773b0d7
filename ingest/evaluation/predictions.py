"""The predicted side of an evaluation: attributions in the output contract, read back.

In: a JSONL file of ``quotegraph quotes --format jsonl`` output (``Attribution.to_json()`` per line,
``article`` = the gold id), or one such row. Out: :class:`~quotegraph.ingest.records.Attribution` s —
the same records extraction yields, so scoring treats a saved file and a live run alike. Only the keys
scoring reads are checked (``article``, ``spans`` or ``start``/``end``, ``quote``, ``kind``, ``speaker``,
``speaker_mention``, ``speaker_start``, ``speaker_end``); the others are ignored.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping, Union

from ..records import Attribution, Speaker
from .jsonl import Span, blank_to_none, is_int, located, parse_spans, read_jsonl


def read_predictions(path: Union[str, Path]) -> list[Attribution]:
    """Every attribution of a predictions JSONL file, in file order."""
    preds = []
    for lineno, row in read_jsonl(path):
        try:
            preds.append(attribution_from_json(row))
        except (ValueError, TypeError) as exc:
            raise located(path, lineno, exc) from None
    return preds


def attribution_from_json(row: Any) -> Attribution:
    """An ``Attribution.to_json()`` dict back as an Attribution (ValueError when a scored key is malformed)."""
    if not isinstance(row, Mapping):
        raise ValueError("prediction is not a JSON object")
    article = row.get("article")
    if not isinstance(article, str) or not article:
        raise ValueError("prediction needs a string 'article' (the gold article id)")
    spans = row.get("spans")
    if not spans:
        if not (is_int(row.get("start")) and is_int(row.get("end"))):
            raise ValueError("prediction needs 'spans' or integer 'start' and 'end'")
        spans = [[row["start"], row["end"]]]
    _check_types(row)
    spans = parse_spans(spans, "spans")
    return Attribution(
        article=article, quote=row.get("quote") or "", start=min(s for s, _ in spans),
        end=max(e for _, e in spans), kind=row.get("kind"), cue=_str(row.get("cue")),
        cue_start=_int(row.get("cue_start")), cue_end=_int(row.get("cue_end")),
        speaker=Speaker(name=blank_to_none(row.get("speaker")), kind=_str(row.get("speaker_kind")) or "person",
                        mention=blank_to_none(row.get("speaker_mention")), start=row.get("speaker_start"),
                        end=row.get("speaker_end")),
        spans=spans,
    )


def _check_types(row: Mapping) -> None:
    """ValueError unless the speaker offsets are two integers or two nulls and the scored texts are strings."""
    s_start, s_end = row.get("speaker_start"), row.get("speaker_end")
    if (s_start is None) != (s_end is None) or not all(v is None or is_int(v) for v in (s_start, s_end)):
        raise ValueError("'speaker_start' and 'speaker_end' must both be integers or both null")
    for key in ("speaker", "speaker_mention", "quote", "kind"):
        if row.get(key) is not None and not isinstance(row[key], str):
            raise ValueError(f"'{key}' must be a string or null")


def spans_of(attribution: Attribution) -> list[Span]:
    """The content fragments of an attribution: its ``spans``, else the one covering span."""
    return list(attribution.spans) or [(attribution.start, attribution.end)]


def _str(value: Any):
    return value if isinstance(value, str) else None


def _int(value: Any):
    return value if is_int(value) else None
