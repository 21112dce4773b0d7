"""Read articles from files, directories, JSONL and stdin.

In: paths as the user gives them (``.txt``, ``.html``/``.htm``, ``.jsonl``,
directories searched recursively, ``-`` for stdin). Out: a stream of
:class:`~quotegraph.ingest.records.Article`.

A bad input (empty, binary, not UTF-8, too large, a malformed JSONL line, HTML
with no article in it) never stops the stream: it becomes an
:class:`InputError` handed to ``on_error`` with a one-line message naming the
file (and line), and reading goes on with the next input.

Article ids: the file stem for files, the ``id`` field for JSONL rows, else a
stable hash of the text, so a rerun over the same input yields the same ids.
"""
from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from .records import Article

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

# spaCy's own default Language.max_length: a longer text is almost always a
# mistake (a whole dump in one file) and would need ~1 GB of parser memory.
MAX_ARTICLE_CHARS = 1_000_000

# JSONL field names, with the names other corpora use for the same thing
# (PolNeAR says publisher / publication_date).
_FIELD_ALIASES = {
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "published": ("published", "publication_date", "date", "published_at"),
    "source": ("source", "publisher", "outlet", "sitename"),
}


@dataclass
class InputError:
    """A piece of input that could not be read, with where it is."""

    source: str  # file path, "path:line" for JSONL rows, or "-"
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


class InputErrorException(ValueError):
    """Raised for an :class:`InputError` when no ``on_error`` handler is given."""


def text_id(text: str) -> str:
    """A stable id for an article that comes with none: a hash of its text."""
    return "text-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _raise(error: InputError) -> None:
    raise InputErrorException(str(error))


def read_articles(
    paths: Iterable[str | Path],
    on_error: Optional[Callable[[InputError], None]] = None,
    max_chars: int = MAX_ARTICLE_CHARS,
) -> Iterator[Article]:
    """Yield every article found under ``paths`` (see module docstring)."""
    report = on_error or _raise
    for path in paths:
        if str(path) == "-":
            yield from _read_stdin(report, max_chars)
            continue
        path = Path(path)
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in KNOWN_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not files:
                report(InputError(str(path), "directory holds no .txt, .html or .jsonl files"))
            for file in files:
                yield from read_file(file, report, max_chars)
        elif path.exists():
            yield from read_file(path, report, max_chars)
        else:
            report(InputError(str(path), "no such file or directory"))


def read_file(path: Path, report: Callable[[InputError], None], max_chars: int = MAX_ARTICLE_CHARS) -> Iterator[Article]:
    """Yield the article(s) in one file, reporting what cannot be read."""
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        try:
            with path.open("rb") as handle:
                yield from read_jsonl_lines(handle, str(path), report, max_chars)
        except OSError as exc:
            report(InputError(str(path), f"cannot read: {exc.strerror or exc}"))
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        report(InputError(str(path), f"cannot read: {exc.strerror or exc}"))
        return
    text = _decode(data, str(path), report)
    if text is None:
        return
    if suffix in HTML_SUFFIXES:
        article = _article_from_html(text, path.stem, str(path), report)
    else:
        article = Article(id=path.stem, text=text, path=str(path))
    if article is not None and _size_ok(article, str(path), report, max_chars):
        yield article


def _decode(data: bytes, source: str, report: Callable[[InputError], None]) -> Optional[str]:
    if not data.strip():
        report(InputError(source, "empty file"))
        return None
    if b"\x00" in data[:8192]:
        report(InputError(source, "binary file, not text (it contains NUL bytes)"))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        report(InputError(source, f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                                  "convert it, e.g. iconv -f latin1 -t utf-8"))
        return None
    if not text.strip():
        report(InputError(source, "empty file"))
        return None
    return text


def _size_ok(article: Article, source: str, report: Callable[[InputError], None], max_chars: int) -> bool:
    if len(article.text) > max_chars:
        report(InputError(source, f"article too large ({len(article.text):,} characters, the limit is "
                                  f"{max_chars:,}); split it into articles"))
        return False
    return True


def _article_from_html(html: str, default_id: str, source: str, report: Callable[[InputError], None]) -> Optional[Article]:
    # trafilatura finds the main text of a news page (boilerplate, menus and
    # comments removed) far better than hand-written tag stripping would.
    import trafilatura

    extracted = trafilatura.bare_extraction(html, include_comments=False, with_metadata=True)
    doc = extracted.as_dict() if hasattr(extracted, "as_dict") else (extracted or {})
    text = (doc.get("text") or "").strip()
    if not text:
        report(InputError(source, "no article text found in the HTML"))
        return None
    title = doc.get("title")
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"  # the headline names who the story is about; keep it
    return Article(
        id=default_id, text=text, title=title, url=doc.get("url"),
        published=doc.get("date"), source=doc.get("sitename"), path=source,
    )


def _read_stdin(report: Callable[[InputError], None], max_chars: int) -> Iterator[Article]:
    # JSONL on stdin is streamed line by line (a feed of any length in flat memory);
    # anything else is one article, read whole.
    stream = sys.stdin.buffer
    head = stream.peek(1)[:1] if hasattr(stream, "peek") else b""
    while head in (b" ", b"\n", b"\r", b"\t"):
        stream.read(1)
        head = stream.peek(1)[:1]
    if head == b"{":
        yield from read_jsonl_lines(stream, "-", report, max_chars)
        return
    data = stream.read()
    if not head:
        head = data.lstrip()[:1]
        if head == b"{":
            import io
            yield from read_jsonl_lines(io.BytesIO(data), "-", report, max_chars)
            return
    text = _decode(data, "-", report)
    if text is None:
        return
    if head == b"<":
        article = _article_from_html(text, text_id(text), "-", report)
    else:
        article = Article(id=text_id(text), text=text, path="-")
    if article is not None and _size_ok(article, "-", report, max_chars):
        yield article


def read_jsonl_lines(handle, source: str, report: Callable[[InputError], None], max_chars: int) -> Iterator[Article]:
    """Articles from JSONL lines (one object per line), each error reported as ``source:LINE``; public because a
    cluster worker reads its own line range of a file with it."""
    seen_any = False
    for number, raw in enumerate(handle, start=1):
        where = f"{source}:{number}"
        if not raw.strip():
            continue
        seen_any = True
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            report(InputError(where, f"not UTF-8 (byte 0x{raw[exc.start]:02x})"))
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            report(InputError(where, f"malformed JSON ({exc.msg} at column {exc.colno})"))
            continue
        if not isinstance(row, dict):
            report(InputError(where, "expected a JSON object with a 'text' field"))
            continue
        text = row.get("text")
        if not isinstance(text, str) or not text.strip():
            report(InputError(where, "no 'text' field, or it is empty"))
            continue
        fields = {name: _first(row, keys) for name, keys in _FIELD_ALIASES.items()}
        article = Article(id=str(row["id"]) if row.get("id") not in (None, "") else text_id(text),
                          text=text, path=where, **fields)
        if _size_ok(article, where, report, max_chars):
            yield article
    if not seen_any:
        report(InputError(source, "empty file"))


def _first(row: dict, keys: tuple[str, ...]) -> Optional[str]:
    for key in keys:
        value = row.get(key)
        if value not in (None, ""):
            return str(value)
    return None
