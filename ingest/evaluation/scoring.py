"""Scoring: match predicted attributions to gold ones and count precision, recall, F1 and speakers.

In: gold articles (:mod:`.gold`) and predicted attributions (``Attribution`` s, or their ``to_json()``
dicts). Out: a :class:`Report` — figures at each overlap threshold, recall by quote kind and by the form
of the gold speaker, and the errors at the primary (first) threshold. Pure Python: no spaCy.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence, Union

from ..records import Attribution
from .errors import ERROR_TYPES, ErrorItem, error_item
from .gold import KINDS, GoldArticle
from .jsonl import blank_to_none
from .overlap import best_overlap, characters, match
from .predictions import attribution_from_json, spans_of
from .speakers import SPEAKER_FORMS, gold_form, speaker_right

THRESHOLDS: tuple[float, ...] = (0.5, 0.9)

Match = tuple[int, int, float]  # (gold index, prediction index, Jaccard)


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _f1(hit: int, pred: int, gold: int) -> float:
    return 2 * hit / (pred + gold) if pred + gold else 0.0


@dataclass
class Scores:
    """Counts and derived figures at one overlap threshold."""

    threshold: float
    gold: int = 0
    pred: int = 0
    matched: int = 0
    speaker_right: int = 0

    @property
    def precision(self) -> float:
        return _ratio(self.matched, self.pred)

    @property
    def recall(self) -> float:
        return _ratio(self.matched, self.gold)

    @property
    def f1(self) -> float:
        return _f1(self.matched, self.pred, self.gold)

    @property
    def attribution_precision(self) -> float:
        return _ratio(self.speaker_right, self.pred)

    @property
    def attribution_recall(self) -> float:
        return _ratio(self.speaker_right, self.gold)

    @property
    def attribution_f1(self) -> float:
        return _f1(self.speaker_right, self.pred, self.gold)

    @property
    def speaker_accuracy(self) -> float:
        return _ratio(self.speaker_right, self.matched)

    def to_dict(self) -> dict:
        names = ("threshold", "gold", "pred", "matched", "speaker_right", "precision", "recall", "f1",
                 "attribution_precision", "attribution_recall", "attribution_f1", "speaker_accuracy")
        return {name: getattr(self, name) for name in names}


@dataclass
class GroupRecall:
    """Recall over the gold quotes of one group (a kind, or a speaker form), at the primary threshold."""

    group: str
    gold: int = 0
    matched: int = 0
    speaker_right: int = 0

    @property
    def recall(self) -> float:
        return _ratio(self.matched, self.gold)

    @property
    def attribution_recall(self) -> float:
        return _ratio(self.speaker_right, self.gold)

    def to_dict(self) -> dict:
        names = ("group", "gold", "matched", "speaker_right", "recall", "attribution_recall")
        return {name: getattr(self, name) for name in names}


@dataclass
class Report:
    """Everything one evaluation run measured. ``scores`` are keyed by threshold (0.5 and 0.9)."""

    articles: int
    scores: dict[float, Scores]
    by_kind: dict[str, GroupRecall]
    by_speaker_form: dict[str, GroupRecall]
    errors: list[ErrorItem] = field(default_factory=list)
    ignored_predictions: int = 0  # predictions whose article is not in the gold file
    primary_threshold: float = THRESHOLDS[0]

    @property
    def primary(self) -> Scores:
        return self.scores[self.primary_threshold]

    def to_dict(self, errors: bool = False) -> dict:
        d = {
            "articles": self.articles,
            "primary_threshold": self.primary_threshold,
            "scores": {str(t): s.to_dict() for t, s in self.scores.items()},
            "by_kind": {k: g.to_dict() for k, g in self.by_kind.items()},
            "by_speaker_form": {k: g.to_dict() for k, g in self.by_speaker_form.items()},
            "ignored_predictions": self.ignored_predictions,
            "error_counts": self.error_counts(),
        }
        if errors:
            d["errors"] = [e.to_dict() for e in self.errors]
        return d

    def error_counts(self) -> dict[str, int]:
        counts = {"miss": 0, "false_alarm": 0, "wrong_speaker": 0}
        for e in self.errors:
            counts[e.type] = counts.get(e.type, 0) + 1
        return counts


@dataclass
class _Scored:
    """One gold article, its predictions, and the scored characters of every gold and predicted quote."""

    gold: GoldArticle
    preds: list[Attribution]

    def __post_init__(self) -> None:
        self.gold_chars = [characters(self.gold.text, q.spans) for q in self.gold.quotes]
        self.pred_chars = [characters(self.gold.text, spans_of(p)) for p in self.preds]


def score(
    gold_articles: Sequence[GoldArticle],
    predictions: Iterable[Union[Attribution, Mapping[str, Any]]],
    thresholds: Sequence[float] = THRESHOLDS,
) -> Report:
    """Score predictions (``Attribution`` s or ``Attribution.to_json()`` dicts) against gold articles.

    Predictions for articles not in ``gold_articles`` are ignored (counted in ``Report.ignored_predictions``).
    Groups and errors are taken at the first threshold.
    """
    by_article, ignored = _by_article(gold_articles, predictions)
    report = Report(
        articles=len(gold_articles), scores={t: Scores(threshold=t) for t in thresholds},
        by_kind={k: GroupRecall(k) for k in KINDS}, by_speaker_form={f: GroupRecall(f) for f in SPEAKER_FORMS},
        ignored_predictions=ignored, primary_threshold=thresholds[0],
    )
    for art in gold_articles:
        _score_article(report, _Scored(art, by_article[art.id]))
    article_order = {a.id: i for i, a in enumerate(gold_articles)}
    report.errors.sort(key=lambda e: (article_order[e.article], e.start, ERROR_TYPES.index(e.type)))
    return report


def _by_article(gold_articles: Sequence[GoldArticle], predictions: Iterable) -> tuple[dict, int]:
    """The predictions grouped by gold article id, and how many name no gold article."""
    by_article: dict[str, list[Attribution]] = {a.id: [] for a in gold_articles}
    ignored = 0
    for p in predictions:
        if not isinstance(p, Attribution):
            p = attribution_from_json(p)
        if p.article in by_article:
            by_article[p.article].append(p)
        else:
            ignored += 1
    return by_article, ignored


def _score_article(report: Report, art: _Scored) -> None:
    """Add one article's counts at every threshold; groups and errors at the primary one."""
    for threshold, scores in report.scores.items():
        matches = match(art.gold_chars, art.pred_chars, threshold)
        right = {gi: speaker_right(art.gold.quotes[gi], art.preds[pi]) for gi, pi, _ in matches}
        scores.gold += len(art.gold.quotes)
        scores.pred += len(art.preds)
        scores.matched += len(matches)
        scores.speaker_right += sum(right.values())
        if threshold == report.primary_threshold:
            _count_groups(report, art, right)
            report.errors += _gold_errors(art, matches, right) + _false_alarms(art, matches)


def _count_groups(report: Report, art: _Scored, right: dict[int, bool]) -> None:
    """Count every gold quote in its speaker-form group and its kind group; ``right`` holds the matched ones."""
    for gi, q in enumerate(art.gold.quotes):
        groups = [report.by_speaker_form[gold_form(q, art.gold.text)]]
        if q.kind in report.by_kind:
            groups.append(report.by_kind[q.kind])
        for group in groups:
            group.gold += 1
            if gi in right:
                group.matched += 1
                group.speaker_right += right[gi]


def _gold_errors(art: _Scored, matches: list[Match], right: dict[int, bool]) -> list[ErrorItem]:
    """A miss for each unmatched gold quote and a wrong speaker for each match whose speaker is wrong."""
    matched = {gi: (pi, j) for gi, pi, j in matches}
    out = []
    for gi, q in enumerate(art.gold.quotes):
        if gi not in matched:
            out.append(error_item("miss", art.gold, q.spans, kind=q.kind, gold_speaker=q.speaker,
                                  overlap=best_overlap(art.gold_chars[gi], art.pred_chars)))
        elif not right[gi]:
            pi, j = matched[gi]
            sp = art.preds[pi].speaker
            out.append(error_item("wrong_speaker", art.gold, q.spans, kind=q.kind, gold_speaker=q.speaker,
                                  pred_speaker=blank_to_none(sp.name), pred_mention=blank_to_none(sp.mention),
                                  overlap=j))
    return out


def _false_alarms(art: _Scored, matches: list[Match]) -> list[ErrorItem]:
    """A false alarm for each prediction that matched no gold quote."""
    matched = {pi for _, pi, _ in matches}
    return [
        error_item("false_alarm", art.gold, spans_of(p), kind=p.kind, pred_speaker=blank_to_none(p.speaker.name),
                   pred_mention=blank_to_none(p.speaker.mention), overlap=best_overlap(art.pred_chars[pi],
                                                                                        art.gold_chars))
        for pi, p in enumerate(art.preds) if pi not in matched
    ]
