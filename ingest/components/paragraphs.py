"""Paragraph breaks as sentence boundaries (``quotegraph_paragraphs``, runs before the parser).

In: a tokenized Doc. Out: ``Token.is_sent_start`` set to True on the first token after a blank line.
News paragraphs never continue a sentence across a blank line, yet statistical parsers sometimes join
the last sentence of one paragraph to the first of the next (and then give the next paragraph's verb
the previous paragraph's subject). The parser keeps boundaries that are already set.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


def mark_paragraph_starts(doc: Doc) -> Doc:
    """Set a sentence start after every whitespace token that holds a blank line."""
    for tok in doc[:-1]:
        if tok.is_space and tok.text.count("\n") >= 2:
            doc[tok.i + 1].is_sent_start = True
    return doc


@Language.factory("quotegraph_paragraphs", assigns=["token.is_sent_start"])
def make_paragraphs(nlp: Language, name: str):
    return mark_paragraph_starts
