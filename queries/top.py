"""A page of talks-about read from the store's heaviest pairs (:data:`quotegraph.graph.talks.TOP`).

LadybugDB keeps a relationship table by its start nodes, so reading every ``TALKS_ABOUT`` walks every speaker:
40 ms at 100,000 articles (442,000 pairs of 407,000 speakers) for the histogram of :mod:`.ranked`, and as long
again for its bounded query. The store keeps its heaviest pairs as rows of their own too: every pair from the
least of them up, at least a thousand when there are that many (graph/talks.py). A page among them is read as:

1. the rows' counts (``k.statements``, a thousand rows), and the least count the page reaches
   (:func:`.ranked.least_value`);
2. the rows from that count up;
3. the query once per (speaker label, subject label) of those rows, its hop replaced by them: ``UNWIND
   $ranked_pairs AS t MATCH (s:Person {key: t.speaker}) MATCH (x:Place {key: t.subject})``, two primary-key
   lookups a row (a pattern from a relationship to a node of a big table joins the whole table: 38 ms for 553
   Person-to-Person rows), ``t.statements`` read from the row;
4. the runs' rows merged in the query's ``ORDER BY`` and the page cut (:func:`.keyed.merge`).

Why that is the page: a pair left out counts less than every pair read, so when the pairs read fill the page
after the query's ``WHERE``, none left out is on it. When they do not, the rows from the least kept count up are
tried, then the caller pages as :mod:`.ranked` does.

In: the query text as run (``MATCH (s)-[t:TALKS_ABOUT]->(x) [WHERE ...] RETURN ... ORDER BY t.statements DESC
...`` with its page, ``t`` used only as ``t.statements``), its parameters and its :class:`.ranked.Ranking`.
Out: a :class:`TopPage`, then the runs (:func:`runs`); None when the query is not shaped so.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping, Optional, Sequence

from quotegraph.graph import talks

from . import keyed, ranked
from .library import without_comments

PAIRS = "ranked_pairs"
HISTOGRAM = f"MATCH (k:{talks.TOP}) RETURN k.statements AS value, count(*) AS rows"
ROWS = (f"MATCH (k:{talks.TOP}) WHERE k.statements >= ${ranked.LEAST} RETURN "
        + ", ".join(f"k.{column}" for column in talks.TOP_COLUMNS))
_COUNT = "statements"


@dataclass(frozen=True)
class TopPage:
    """A ranked page that the heaviest pairs can give: its variables, the labels its ends allow, its runs' text."""

    paged: keyed.Paged
    pattern: str  # the MATCH pattern the runs replace
    speaker: str
    relationship: str
    subject: str
    speakers: tuple[str, ...]
    subjects: tuple[str, ...]
    ranking: ranked.Ranking

    @property
    def wanted(self) -> int:
        """The rows up to the page's end."""
        return self.paged.offset + self.paged.limit

    @property
    def full(self) -> int:
        """The rows of a full page."""
        return self.paged.limit


def plan(cypher: str, params: Mapping[str, Any], ranking: Optional[ranked.Ranking]) -> Optional[TopPage]:
    """How to read a page of ``cypher`` from the heaviest pairs, or None (see the module docstring)."""
    if ranking is None or not ranking.descending or ranking.prop != _COUNT:
        return None
    text = without_comments(cypher).strip()
    clauses, paged = ranked.CLAUSES.match(text), keyed.paged(text, params)
    if clauses is None or paged is None or paged.limit is None or \
            re.search(r"\b(WITH|UNION|MATCH|CALL)\b", clauses["rest"], re.IGNORECASE):
        return None
    path = ranked.chain(clauses["pattern"])
    if path is None or len(path) != 3 or not all(name for name, _ in path):
        return None
    (speaker, start), (relationship, hop), (subject, end) = path
    if relationship != ranking.var or not re.fullmatch(rf"-\[\s*{relationship}\s*:\s*{talks.TALKS_ABOUT}\s*\]->",
                                                       hop):
        return None
    rest = text[clauses.end("pattern"):]
    if re.search(rf"\b{relationship}\b(?!\.{_COUNT}\b)", rest):
        return None  # the relationship itself returned, or another of its properties: the kept rows have neither
    return TopPage(paged, clauses["pattern"], speaker, relationship, subject,
                   _labels(start, talks.SPEAKERS), _labels(end, talks.SUBJECTS), ranking)


def _labels(node: str, allowed: Sequence[str]) -> tuple[str, ...]:
    """The labels a node pattern's text allows among ``allowed``: ``(s:Person)`` -> ("Person",)."""
    written = re.search(r":\s*([\w|]+)", node)
    return tuple(label for label in allowed if not written or label in written[1].split("|"))


def runs(page: TopPage, rows: Sequence[Sequence]) -> Optional[keyed.KeyedPlan]:
    """One run per (speaker label, subject label) of the kept ``rows`` (:data:`ROWS`), or None when none of them
    is the page's."""
    groups: dict[tuple[str, str], list[dict]] = {}
    for speaker_label, speaker, subject_label, subject, count in rows:
        if speaker_label in page.speakers and subject_label in page.subjects:
            groups.setdefault((speaker_label, subject_label), []).append(
                {"speaker": speaker, "subject": subject, _COUNT: count})
    if not groups:
        return None
    match = re.compile(rf"^MATCH\s+{re.escape(page.pattern)}")
    out = []
    for (speaker_label, subject_label), pairs in sorted(groups.items()):
        # the labels come from the schema's tuples (talks.SPEAKERS, talks.SUBJECTS), never from the rows' text
        unwound = (f"UNWIND ${PAIRS} AS {page.relationship} "
                   f"MATCH ({page.speaker}:{speaker_label} {{key: {page.relationship}.speaker}}) "
                   f"MATCH ({page.subject}:{subject_label} {{key: {page.relationship}.subject}})")
        out.append((match.sub(lambda _: unwound, page.paged.body, count=1), {**page.paged.params, PAIRS: pairs}))
    return keyed.KeyedPlan(runs=tuple(out), order=page.paged.order, offset=page.paged.offset,
                           limit=page.paged.limit)
