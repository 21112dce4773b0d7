"""The gold side of an evaluation: annotated articles read from a JSONL file.

In: a gold JSONL file, one annotated article per line (the format of ``docs/evaluation.md`` and
``../shared/eval/README.md``). Out: :class:`GoldArticle` s holding their :class:`GoldQuote` s, or an
:class:`~.jsonl.EvaluationFileError` naming the first malformed line.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Union

from .jsonl import EvaluationFileError, Span, located, parse_spans, read_jsonl, span_pair

KINDS: tuple[str, ...] = ("direct", "mixed", "indirect")


@dataclass
class GoldQuote:
    """One gold attribution: content spans, source as written, cue and kind."""

    quote: str
    spans: list[Span]
    speaker: Optional[str] = None
    speaker_spans: list[Span] = field(default_factory=list)
    cue: Optional[str] = None
    cue_spans: list[Span] = field(default_factory=list)
    kind: Optional[str] = None  # direct / mixed / indirect
    id: Optional[str] = None

    @property
    def start(self) -> int:
        return min(s for s, _ in self.spans)

    @property
    def end(self) -> int:
        return max(e for _, e in self.spans)


@dataclass
class GoldArticle:
    """One annotated article."""

    id: str
    text: str
    quotes: list[GoldQuote]
    title: Optional[str] = None
    publisher: Optional[str] = None
    publication_date: Optional[str] = None


def read_gold(path: Union[str, Path], limit: Optional[int] = None) -> list[GoldArticle]:
    """The first ``limit`` (default: all) articles of a gold JSONL file, ids unique."""
    articles: list[GoldArticle] = []
    seen: set[str] = set()
    for lineno, row in read_jsonl(path):
        if limit is not None and len(articles) >= limit:
            break
        try:
            article = gold_article(row)
        except (ValueError, TypeError, KeyError) as exc:
            raise located(path, lineno, exc) from None
        if article.id in seen:
            raise EvaluationFileError(f"{path}:{lineno}: duplicate article id {article.id!r}")
        seen.add(article.id)
        articles.append(article)
    return articles


def gold_article(row: Any) -> GoldArticle:
    """One parsed gold line as a :class:`GoldArticle` (ValueError saying what is missing or wrong)."""
    if not isinstance(row, dict):
        raise ValueError("article is not a JSON object")
    aid, text, quotes = row.get("id"), row.get("text"), row.get("quotes")
    if not isinstance(aid, str) or not aid:
        raise ValueError("article needs a non-empty string 'id'")
    if not isinstance(text, str):
        raise ValueError(f"article {aid!r} needs a string 'text'")
    if not isinstance(quotes, list):
        raise ValueError(f"article {aid!r} needs a list 'quotes'")
    gold = []
    for i, q in enumerate(quotes):
        try:
            gold.append(gold_quote(q, len(text)))
        except ValueError as exc:
            raise ValueError(f"article {aid!r} quote {i}: {exc}") from None
    return GoldArticle(id=aid, text=text, quotes=gold, title=row.get("title"), publisher=row.get("publisher"),
                       publication_date=row.get("publication_date"))


def gold_quote(q: Any, length: int) -> GoldQuote:
    """One gold quote object (offsets checked against the text ``length``) as a :class:`GoldQuote`."""
    if not isinstance(q, dict):
        raise ValueError("quote is not a JSON object")
    spans = q.get("quote_spans") or span_pair(q, "quote_start", "quote_end")
    if not spans:
        raise ValueError("needs 'quote_spans' or integer 'quote_start' and 'quote_end'")
    spans = parse_spans(spans, "quote_spans", length)
    speaker = _speaker(q.get("speaker"))
    speaker_spans = _optional_spans(q, "speaker", length)
    kind = q.get("kind")
    if kind is not None and kind not in KINDS:
        raise ValueError(f"'kind' must be one of {', '.join(KINDS)} or null, not {kind!r}")
    cue = q.get("cue")
    return GoldQuote(
        quote=q.get("quote") or "",
        spans=spans,
        speaker=speaker,
        speaker_spans=speaker_spans if speaker is not None else [],
        cue=cue if isinstance(cue, str) else None,
        cue_spans=_optional_spans(q, "cue", length),
        kind=kind,
        id=str(q["id"]) if q.get("id") is not None else None,
    )


def _speaker(value: Any) -> Optional[str]:
    """The gold source as written; None when null or blank (the article names no source)."""
    if value is not None and not isinstance(value, str):
        raise ValueError("'speaker' must be a string or null")
    return value if isinstance(value, str) and value.strip() else None


def _optional_spans(q: dict, prefix: str, length: int) -> list[Span]:
    """``{prefix}_spans``, else ``[{prefix}_start, {prefix}_end]``, else no span."""
    value = q.get(f"{prefix}_spans") or span_pair(q, f"{prefix}_start", f"{prefix}_end") or []
    return parse_spans(value, f"{prefix}_spans", length)
