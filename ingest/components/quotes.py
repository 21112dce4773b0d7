"""Quotation marks -> quotations (``quotegraph_quotes``).

In: a Doc (only its text is used, so this works without a parser).
Out: ``Doc._.quotes``: a list of :class:`Quote`, each the content between a
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

from .common import register_extensions, doc_text

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


def find_quotes(text: str) -> list[Quote]:
    """All quotations in a text (see module docstring)."""
    quotes: list[Quote] = []
    cur: Quote | None = None
    frag_start = -1
    para_break_since_open = False  # a newline seen while a quotation is open
    pending_para_end = -1  # where the unclosed fragment's paragraph ended
    for m in _MARKS.finditer(text):
        ch = m.group()
        pos = m.start()
        if ch == "\n":
            if cur is not None and not para_break_since_open:
                para_break_since_open = True
                pending_para_end = pos
            continue
        width = len(ch)
        prev = text[pos - 1] if pos > 0 else "\n"
        nxt = text[pos + width] if pos + width < len(text) else "\n"
        if ch in ('"', "''"):
            # Straight quotes: decide by context, fall back to alternation.
            if prev.isspace() or prev in "([{—–-/" or pos == 0:
                is_open = True
            elif nxt.isspace() or nxt in ".,;:!?)]}—–-" or pos + width == len(text):
                is_open = False
            else:
                is_open = cur is None
        else:
            is_open = ch in _OPENERS
        if is_open:
            if cur is not None and para_break_since_open:
                # Continued quotation: close the fragment at its paragraph end and go on,
                # provided this mark opens its paragraph.
                line_start = text.rfind("\n", 0, pos) + 1
                if text[line_start:pos].strip() == "":
                    s, e = _clean_fragment(text, frag_start, pending_para_end)
                    if e > s:
                        cur.fragments.append((s, e))
                    frag_start = pos + width
                    para_break_since_open = False
                    continue
            # A new quotation (an unclosed earlier one is dropped).
            cur = Quote(open_mark=pos)
            frag_start = pos + width
            para_break_since_open = False
        else:
            if cur is None:
                continue  # stray closing mark
            if para_break_since_open:
                # Closed in a later paragraph without reopening: treat as one span only if short.
                if pos - frag_start > 3000:
                    cur = None
                    continue
            s, e = _clean_fragment(text, frag_start, pos)
            if e > s:
                cur.fragments.append((s, e))
            if cur.fragments:
                cur.close_mark = pos
                quotes.append(cur)
            cur = None
            para_break_since_open = False
    return quotes


@Language.component("quotegraph_quotes")
def quotes_component(doc: Doc) -> Doc:
    register_extensions()
    doc._.quotes = find_quotes(doc_text(doc))
    return doc
