"""Quotation marks -> quotations (``quotegraph_quotes``).

In: a Doc (only its text is used, so this works without a parser).
Out: ``doc._.qg_quotes``: a list of :class:`Quote` (as dicts), each the content between a
pair of double quotation marks (straight ``"``, curly “ ” « », or the archive
style ``''`` … ``''``), with one
fragment per paragraph when a quotation runs on: news style reopens a
continued quotation with “ at the start of the next paragraph and leaves the
previous paragraph unclosed. Single quotes are ignored on purpose: they are
scare quotes and headline quotes far more often than attributed speech, and ’
is also the apostrophe.

One linear pass over the characters; unbalanced marks never raise, an
unclosed quotation that does not continue into the next paragraph is dropped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from .common import doc_text, read_layer, write_layer

# ``''`` (two apostrophes) is the double quotation mark of some wire/archive texts.
_MARKS = re.compile(r"''|[\"“”«»„]|\n")
_OPENERS = "“«„"
_CLOSERS = "”»"


@dataclass
class Quote:
    """A quotation: ``fragments`` are content char ranges (marks excluded, trailing comma dropped)."""

    fragments: list[tuple[int, int]] = field(default_factory=list)
    open_mark: int = -1  # char offset of the first opening mark
    close_mark: int = -1  # char offset of the final closing mark

    def to_dict(self) -> dict:
        return {"fragments": [list(f) for f in self.fragments], "open_mark": self.open_mark,
                "close_mark": self.close_mark}

    @classmethod
    def from_dict(cls, d: dict) -> "Quote":
        return cls([tuple(f) for f in d["fragments"]], d["open_mark"], d["close_mark"])

    @property
    def start(self) -> int:
        return self.fragments[0][0]

    @property
    def end(self) -> int:
        return self.fragments[-1][1]


def _clean_fragment(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:"):
        # "…children,” he said: the comma belongs to the reporting sentence.
        e -= 1
    return s, e


class _QuoteScanner:
    """One left-to-right pass over the quotation marks and newlines of a text (see module docstring)."""

    def __init__(self, text: str, max_unreopened_chars: int) -> None:
        self.text = text
        self.max_unreopened_chars = max_unreopened_chars
        self.quotes: list[Quote] = []
        self.cur: Quote | None = None
        self.frag_start = -1
        self.para_break_since_open = False  # a newline seen while a quotation is open
        self.pending_para_end = -1  # where the unclosed fragment's paragraph ended

    def run(self) -> list[Quote]:
        for m in _MARKS.finditer(self.text):
            if m.group() == "\n":
                self.newline(m.start())
            elif self.is_opening(m.group(), m.start()):
                self.open(m.start(), len(m.group()))
            else:
                self.close(m.start())
        return self.quotes

    def newline(self, pos: int) -> None:
        if self.cur is not None and not self.para_break_since_open:
            self.para_break_since_open = True
            self.pending_para_end = pos

    def is_opening(self, mark: str, pos: int) -> bool:
        """Curly marks say which they are; straight ones are decided by context, else by alternation."""
        if mark not in ('"', "''"):
            return mark in _OPENERS
        text = self.text
        prev = text[pos - 1] if pos > 0 else "\n"
        nxt = text[pos + len(mark)] if pos + len(mark) < len(text) else "\n"
        if prev.isspace() or prev in "([{—–-/" or pos == 0:
            return True
        if nxt.isspace() or nxt in ".,;:!?)]}—–-" or pos + len(mark) == len(text):
            return False
        return self.cur is None

    def open(self, pos: int, width: int) -> None:
        if self.cur is not None and self.para_break_since_open and self.continues(pos, width):
            return
        self.cur = Quote(open_mark=pos)  # a new quotation (an unclosed earlier one is dropped)
        self.frag_start = pos + width
        self.para_break_since_open = False

    def continues(self, pos: int, width: int) -> bool:
        """A mark opening the paragraph after an unclosed one continues that quotation (news style)."""
        line_start = self.text.rfind("\n", 0, pos) + 1
        if self.text[line_start:pos].strip() != "":
            return False
        self.add_fragment(self.pending_para_end)
        self.frag_start = pos + width
        self.para_break_since_open = False
        return True

    def close(self, pos: int) -> None:
        if self.cur is None:
            return  # stray closing mark
        if self.para_break_since_open and pos - self.frag_start > self.max_unreopened_chars:
            self.cur = None  # closed paragraphs later without reopening: not one quotation
            return
        self.add_fragment(pos)
        if self.cur.fragments:
            self.cur.close_mark = pos
            self.quotes.append(self.cur)
        self.cur = None
        self.para_break_since_open = False

    def add_fragment(self, end: int) -> None:
        s, e = _clean_fragment(self.text, self.frag_start, end)
        if e > s:
            self.cur.fragments.append((s, e))


def find_quotes(text: str, max_unreopened_chars: int = 3000) -> list[Quote]:
    """All quotations in a text (see module docstring)."""
    return _QuoteScanner(text, max_unreopened_chars).run()


def read_quotes(doc: Doc) -> list[Quote]:
    """The quotations the component stored on ``doc._.qg_quotes``."""
    return read_layer(doc, "qg_quotes", Quote.from_dict)


class QuoteFinder:
    """``quotegraph_quotes``: writes ``doc._.qg_quotes``."""

    def __init__(self, nlp: Language, name: str, max_unreopened_chars: int) -> None:
        self.name = name
        self.max_unreopened_chars = max_unreopened_chars

    def __call__(self, doc: Doc) -> Doc:
        write_layer(doc, "qg_quotes", find_quotes(doc_text(doc), self.max_unreopened_chars))
        return doc


@Language.factory("quotegraph_quotes", assigns=["doc._.qg_quotes"], default_config={"max_unreopened_chars": 3000})
def make_quote_finder(nlp: Language, name: str, max_unreopened_chars: int) -> QuoteFinder:
    """A quotation that closes paragraphs later without being reopened counts up to this many characters."""
    return QuoteFinder(nlp, name, max_unreopened_chars)
