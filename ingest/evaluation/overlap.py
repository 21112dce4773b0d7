"""Character overlap of content spans and the one-to-one matching built on it.

In: an article text and spans into it. Out: the set of scored character positions, the Jaccard overlap of
two such sets, and the greedy one-to-one matching of gold and predicted quotes at a threshold.

A scored character is a non-space character that is not a quotation mark, '.' or ','. Double quotation
marks always count as quotation marks; a single quote only when it does not sit between two letters or
digits (there it is an apostrophe: "don't", "Ruiz’s").
"""
from __future__ import annotations

from typing import Iterable, Sequence

from .jsonl import Span

_DOUBLE_QUOTES = frozenset('"“”„‟«»″〝〞')
_SINGLE_QUOTES = frozenset("'‘’‚‛‹›′")
_DROPPED = frozenset(".,")


def characters(text: str, spans: Iterable[Span]) -> frozenset[int]:
    """Offsets of the scored characters in the union of ``spans``: no spaces, quotation marks, '.' or ','."""
    n = len(text)
    out = set()
    for s, e in spans:
        for i in range(max(s, 0), min(e, n)):
            if _scored(text, i):
                out.add(i)
    return frozenset(out)


def _scored(text: str, i: int) -> bool:
    """Whether ``text[i]`` counts: not a space, '.', ',' or quotation mark (an apostrophe does count)."""
    c = text[i]
    if c.isspace() or c in _DROPPED or c in _DOUBLE_QUOTES:
        return False
    if c in _SINGLE_QUOTES:
        return 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()
    return True


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    """Jaccard overlap of two position sets (0.0 when either is empty)."""
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter) if inter else 0.0


def match(
    gold_chars: Sequence[frozenset[int]], pred_chars: Sequence[frozenset[int]], threshold: float
) -> list[tuple[int, int, float]]:
    """One-to-one greedy matching from the best overlap down: [(gold index, pred index, jaccard)], by gold index.

    Ties in overlap go in document order (lower gold index, then lower prediction index).
    """
    pairs = []
    for gi, g in enumerate(gold_chars):
        for pi, p in enumerate(pred_chars):
            j = jaccard(g, p)
            if j >= threshold and j > 0:
                pairs.append((-j, gi, pi))
    pairs.sort()
    used_g, used_p, out = set(), set(), []
    for negj, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gi, pi, -negj))
    return sorted(out)


def best_overlap(chars: frozenset[int], candidates: Iterable[frozenset[int]]) -> float:
    """The highest Jaccard of ``chars`` with any candidate (0.0 when there is none)."""
    return max((jaccard(chars, c) for c in candidates), default=0.0)
