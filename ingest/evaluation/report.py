"""An evaluation report for people and files: the plain-text table, and the error file.

In: a :class:`~.scoring.Report`. Out: the table that ``quotegraph evaluate`` prints, and the error
list written as markdown (a ``.md`` path) or JSON Lines (any other path).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Union

from .errors import ErrorItem
from .scoring import Report

_LEGEND = "(P/R/F1 in %; attr = the match also has the right speaker; spk acc = right speakers / matched)"


def _pct(x: float) -> str:
    return f"{100 * x:.1f}"


def format_report(report: Report) -> str:
    """A plain-text table of the report: figures per threshold, recall by group, error counts."""
    lines = [f"{report.articles} articles, {report.primary.gold} gold quotes, {report.primary.pred} predicted", ""]
    lines += _threshold_table(report.scores.values())
    for title, groups in (("kind", report.by_kind), ("gold speaker", report.by_speaker_form)):
        lines += ["", f"recall by {title} (overlap >= {report.primary_threshold:g})"]
        lines += _group_table(groups.values())
    lines += ["", _error_summary(report, "errors: ")]
    if report.ignored_predictions:
        lines.append(f"ignored {report.ignored_predictions} predictions for articles not in the gold file")
    lines.append(_LEGEND)
    return "\n".join(lines)


def _threshold_table(scores) -> list[str]:
    """One row per threshold: P, R, F1, attribution P/R/F1, speaker accuracy, matches."""
    header = (f"{'overlap':<9}{'P':>7}{'R':>7}{'F1':>7}{'attr P':>8}{'attr R':>8}{'attr F1':>9}"
              f"{'spk acc':>9}{'matched':>9}")
    rows = [header, "-" * len(header)]
    for s in scores:
        rows.append(
            f"{'>= ' + format(s.threshold, 'g'):<9}{_pct(s.precision):>7}{_pct(s.recall):>7}{_pct(s.f1):>7}"
            f"{_pct(s.attribution_precision):>8}{_pct(s.attribution_recall):>8}{_pct(s.attribution_f1):>9}"
            f"{_pct(s.speaker_accuracy):>9}{s.matched:>9}"
        )
    return rows


def _group_table(groups) -> list[str]:
    """One row per group: gold quotes, recall, attribution recall."""
    sub = f"{'':<12}{'gold':>7}{'R':>7}{'attr R':>8}"
    rows = [sub, "-" * len(sub)]
    rows += [f"{g.group:<12}{g.gold:>7}{_pct(g.recall):>7}{_pct(g.attribution_recall):>8}" for g in groups]
    return rows


def _error_summary(report: Report, prefix: str) -> str:
    counts = report.error_counts()
    return (f"{prefix}{counts['miss']} misses, {counts['false_alarm']} false alarms, "
            f"{counts['wrong_speaker']} wrong speakers")


def write_errors(report: Report, path: Union[str, Path]) -> None:
    """Write the report's errors: readable markdown when ``path`` ends in .md, else one JSON object per line."""
    path = Path(path)
    with open(path, "w", encoding="utf-8") as fh:
        if path.suffix.lower() in (".md", ".markdown"):
            fh.write(errors_markdown(report))
        else:
            for e in report.errors:
                fh.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")


def errors_markdown(report: Report) -> str:
    """The errors as markdown, one section per article, each error with its span and sentence."""
    out = [f"# Evaluation errors (Jaccard >= {report.primary_threshold})", "", _error_summary(report, "") + "."]
    article = None
    for e in report.errors:
        if e.article != article:
            article = e.article
            out += ["", f"## {article}"]
        out += [_error_heading(e), f"  - span: {e.text}", f"  - sentence: {e.sentence}"]
    return "\n".join(out) + "\n"


def _error_heading(e: ErrorItem) -> str:
    """"- **miss** [start, end) kind; gold speaker: …; predicted speaker: … (mention …); overlap …"."""
    head = f"- **{e.type.replace('_', ' ')}** [{e.start}, {e.end})"
    if e.kind:
        head += f" {e.kind}"
    if e.type != "false_alarm":
        head += f"; gold speaker: {e.gold_speaker!r}"
    if e.type != "miss":
        head += f"; predicted speaker: {e.pred_speaker!r} (mention {e.pred_mention!r})"
    if e.overlap is not None:
        head += f"; overlap {e.overlap:.2f}"
    return head

