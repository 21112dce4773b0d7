"""The error list of an evaluation: misses, false alarms and wrong speakers, each with its sentence.

In: a gold article and the spans of one gold quote or prediction. Out: an :class:`ErrorItem` holding
the span text (fragments of a split quote joined by " … ") and the sentence(s) around it.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any, Optional

from .gold import GoldArticle
from .jsonl import Span

ERROR_TYPES: tuple[str, ...] = ("miss", "wrong_speaker", "false_alarm")  # also their order at one offset

_SENTENCE_END_RE = re.compile(r"[.!?][\"'”’)\]]*\s+|\n\s*")


@dataclass
class ErrorItem:
    """A miss (gold not matched), a false alarm (prediction not matched) or a wrong-speaker match."""

    type: str  # "miss" | "false_alarm" | "wrong_speaker"
    article: str
    start: int
    end: int
    spans: list[Span]
    text: str
    sentence: str
    kind: Optional[str] = None
    gold_speaker: Optional[str] = None
    pred_speaker: Optional[str] = None
    pred_mention: Optional[str] = None
    overlap: Optional[float] = None  # Jaccard of the match (wrong_speaker) or of the best candidate

    def to_dict(self) -> dict:
        d = asdict(self)
        d["spans"] = [list(s) for s in self.spans]
        return d


def error_item(type_: str, art: GoldArticle, spans: list[Span], **fields: Any) -> ErrorItem:
    """An error of ``type_`` at ``spans`` of ``art``; ``fields`` are the other ErrorItem fields."""
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    text = " … ".join(art.text[s:e] for s, e in sorted(spans))
    overlap = fields.pop("overlap", None)
    return ErrorItem(
        type=type_, article=art.id, start=start, end=end, spans=list(spans), text=text,
        sentence=sentence_window(art.text, start, end),
        overlap=round(overlap, 3) if overlap is not None else None, **fields,
    )


def sentence_window(text: str, start: int, end: int, max_chars: int = 400) -> str:
    """The sentence(s) around ``[start, end)``: from the previous sentence end to the next one (capped)."""
    lo = max(0, start - max_chars)
    left = lo
    for m in _SENTENCE_END_RE.finditer(text, lo, start):
        left = m.end()
    hi = min(len(text), end + max_chars)
    m = _SENTENCE_END_RE.search(text, end, hi) if end < hi else None
    right = m.start() + len(m.group().rstrip()) if m else hi
    return " ".join(text[left:max(right, end)].split())
