"""Score extracted attributions against gold annotations, PolNeAR style.

In: a gold JSONL file (one annotated article per line, see ``docs/evaluation.md``)
and either a predictions JSONL file in the output contract of
``quotegraph quotes --format jsonl`` (:meth:`Attribution.to_json`, one
attribution per line, ``article`` = gold id) or a spaCy model to run the
extraction pipeline with.
Out: a :class:`Report` — precision / recall / F1 of quote content at Jaccard
>= 0.5 and >= 0.9, attribution F1 (match *and* right speaker), speaker accuracy,
recall by quote kind and by the form of the gold speaker — and, on request, an
error file of misses, false alarms and wrong speakers.

The scoring (``score``) is pure Python; spaCy is only loaded by ``evaluate``
when no prediction file is given.

Definitions (``/work/shared/eval/README.md``):

* *Characters* of a span: the offsets of its non-space characters, leaving out
  quotation marks, '.' and ','. A quotation mark is ``"`` and the curly / angle
  double quotes always, and a single quote (``'`` ``‘`` ``’`` ``‚`` ``‹`` ``›``)
  unless it sits between two letters or digits (an apostrophe: "don't").
  Multi-span (split) quotes use the union of their spans.
* Overlap: Jaccard of the two character-position sets. Matching is one-to-one,
  greedy from the best overlap down, within one article (ties: document order).
* Speaker right: both null; or the predicted mention span overlaps a gold
  source span; or, when the gold source is not a pronoun, the last word of the
  gold source is one of the words of the predicted speaker name
  (case-insensitive, possessive "'s" dropped).
* A *pronoun* source is a single word from :data:`PRONOUNS` (personal,
  possessive, reflexive, demonstrative and relative pronouns and "one").
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Optional, Sequence, Union

THRESHOLDS: tuple[float, ...] = (0.5, 0.9)
KINDS: tuple[str, ...] = ("direct", "mixed", "indirect")
SPEAKER_FORMS: tuple[str, ...] = ("name", "pronoun", "nominal", "none")

PRONOUNS: frozenset[str] = frozenset(
    """i me my mine myself we us our ours ourselves you your yours yourself yourselves
    he him his himself she her hers herself it its itself they them their theirs themselves
    this that these those who whom whose which what one""".split()
)
# Capitalised words that do not make a speaker a name ("The", "Some", "Officials" at sentence start is handled apart).
_FUNCTION_WORDS: frozenset[str] = PRONOUNS | frozenset(
    """a an the some many most much more all both each every any no none several few other others another
    such own same several two three four five six seven eight nine ten dozens hundreds thousands
    of for from in on at by with and or but to as than""".split()
)

_DOUBLE_QUOTES = frozenset('"“”„‟«»″〝〞')
_SINGLE_QUOTES = frozenset("'‘’‚‛‹›′")
_DROPPED = frozenset(".,")
_WORD_RE = re.compile(r"[^\W_]+")
_POSSESSIVE_RE = re.compile(r"['’]s\b", re.IGNORECASE)
_SENTENCE_END_RE = re.compile(r"[.!?][\"'”’)\]]*\s+|\n\s*")

Span = tuple[int, int]


# --------------------------------------------------------------------------- records


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


@dataclass
class Prediction:
    """One predicted attribution (the fields of the output contract that scoring uses)."""

    article: str
    spans: list[Span]
    quote: str = ""
    kind: Optional[str] = None
    speaker: Optional[str] = None  # canonical name
    speaker_mention: Optional[str] = None
    speaker_start: Optional[int] = None
    speaker_end: Optional[int] = None

    @property
    def start(self) -> int:
        return min(s for s, _ in self.spans)

    @property
    def end(self) -> int:
        return max(e for _, e in self.spans)

    @classmethod
    def from_json(cls, row: Mapping[str, Any]) -> "Prediction":
        """Build from an ``Attribution.to_json()`` dict; raises ValueError when malformed."""
        if not isinstance(row, Mapping):
            raise ValueError("prediction is not a JSON object")
        article = row.get("article")
        if not isinstance(article, str) or not article:
            raise ValueError("prediction needs a string 'article' (the gold article id)")
        spans = row.get("spans")
        if not spans:
            if not (_is_int(row.get("start")) and _is_int(row.get("end"))):
                raise ValueError("prediction needs 'spans' or integer 'start' and 'end'")
            spans = [[row["start"], row["end"]]]
        s_start, s_end = row.get("speaker_start"), row.get("speaker_end")
        if (s_start is None) != (s_end is None) or not all(v is None or _is_int(v) for v in (s_start, s_end)):
            raise ValueError("'speaker_start' and 'speaker_end' must both be integers or both null")
        for key in ("speaker", "speaker_mention", "quote", "kind"):
            if row.get(key) is not None and not isinstance(row[key], str):
                raise ValueError(f"'{key}' must be a string or null")
        return cls(
            article=article,
            spans=_spans(spans, "spans"),
            quote=row.get("quote") or "",
            kind=row.get("kind"),
            speaker=_none_if_blank(row.get("speaker")),
            speaker_mention=_none_if_blank(row.get("speaker_mention")),
            speaker_start=s_start,
            speaker_end=s_end,
        )


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
        return {
            "threshold": self.threshold,
            "gold": self.gold,
            "pred": self.pred,
            "matched": self.matched,
            "speaker_right": self.speaker_right,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "attribution_precision": self.attribution_precision,
            "attribution_recall": self.attribution_recall,
            "attribution_f1": self.attribution_f1,
            "speaker_accuracy": self.speaker_accuracy,
        }


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
        return {
            "group": self.group,
            "gold": self.gold,
            "matched": self.matched,
            "speaker_right": self.speaker_right,
            "recall": self.recall,
            "attribution_recall": self.attribution_recall,
        }


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


# --------------------------------------------------------------------------- reading


def read_gold(path: Union[str, Path], limit: Optional[int] = None) -> list[GoldArticle]:
    """Read a gold JSONL file (first ``limit`` articles); ValueError "file:line: ..." on a malformed line."""
    articles: list[GoldArticle] = []
    seen: set[str] = set()
    for lineno, row in _read_jsonl(path):
        if limit is not None and len(articles) >= limit:
            break
        try:
            article = _gold_article(row)
        except (ValueError, TypeError, KeyError) as exc:
            raise ValueError(f"{path}:{lineno}: {_msg(exc)}") from None
        if article.id in seen:
            raise ValueError(f"{path}:{lineno}: duplicate article id {article.id!r}")
        seen.add(article.id)
        articles.append(article)
    return articles


def read_predictions(path: Union[str, Path]) -> list[Prediction]:
    """Read a predictions JSONL file (``Attribution.to_json()`` per line); ValueError "file:line: ..."."""
    preds = []
    for lineno, row in _read_jsonl(path):
        try:
            preds.append(Prediction.from_json(row))
        except (ValueError, TypeError) as exc:
            raise ValueError(f"{path}:{lineno}: {_msg(exc)}") from None
    return preds


def _read_jsonl(path: Union[str, Path]) -> Iterator[tuple[int, Any]]:
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield lineno, json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{lineno}: not valid JSON ({exc.msg} at column {exc.colno})") from None


def _gold_article(row: Any) -> GoldArticle:
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
            gold.append(_gold_quote(q, len(text)))
        except ValueError as exc:
            raise ValueError(f"article {aid!r} quote {i}: {exc}") from None
    return GoldArticle(
        id=aid,
        text=text,
        quotes=gold,
        title=row.get("title"),
        publisher=row.get("publisher"),
        publication_date=row.get("publication_date"),
    )


def _gold_quote(q: Any, n: int) -> GoldQuote:
    if not isinstance(q, dict):
        raise ValueError("quote is not a JSON object")
    spans = q.get("quote_spans") or _pair(q, "quote_start", "quote_end")
    if not spans:
        raise ValueError("needs 'quote_spans' or integer 'quote_start' and 'quote_end'")
    spans = _spans(spans, "quote_spans", n)
    speaker = q.get("speaker")
    if speaker is not None and not isinstance(speaker, str):
        raise ValueError("'speaker' must be a string or null")
    if isinstance(speaker, str) and not speaker.strip():
        speaker = None
    speaker_spans = _spans(
        q.get("speaker_spans") or _pair(q, "speaker_start", "speaker_end") or [], "speaker_spans", n
    )
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
        cue_spans=_spans(q.get("cue_spans") or _pair(q, "cue_start", "cue_end") or [], "cue_spans", n),
        kind=kind,
        id=str(q["id"]) if q.get("id") is not None else None,
    )


def _pair(q: Mapping, start: str, end: str) -> Optional[list[list[int]]]:
    s, e = q.get(start), q.get(end)
    if s is None and e is None:
        return None
    if not (_is_int(s) and _is_int(e)):
        raise ValueError(f"'{start}' and '{end}' must both be integers or both null")
    return [[s, e]]


def _spans(value: Any, name: str, n: Optional[int] = None) -> list[Span]:
    if not isinstance(value, list):
        raise ValueError(f"'{name}' must be a list of [start, end] pairs")
    out = []
    for pair in value:
        if not (isinstance(pair, (list, tuple)) and len(pair) == 2 and _is_int(pair[0]) and _is_int(pair[1])):
            raise ValueError(f"'{name}' must be a list of [start, end] integer pairs, got {pair!r}")
        s, e = pair
        if s < 0 or e < s or (n is not None and e > n):
            raise ValueError(f"'{name}' has an invalid span [{s}, {e}] (text length {n})")
        out.append((s, e))
    return out


def _none_if_blank(s: Optional[str]) -> Optional[str]:
    return s if s is not None and s.strip() else None


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _msg(exc: BaseException) -> str:
    return exc.args[0] if exc.args and isinstance(exc.args[0], str) else repr(exc)


# --------------------------------------------------------------------------- characters, overlap, speakers


def characters(text: str, spans: Iterable[Span]) -> frozenset[int]:
    """Offsets of the scored characters in the union of ``spans``: no spaces, quotation marks, '.' or ','."""
    n = len(text)
    out = set()
    for s, e in spans:
        for i in range(max(s, 0), min(e, n)):
            c = text[i]
            if c.isspace() or c in _DROPPED or c in _DOUBLE_QUOTES:
                continue
            if c in _SINGLE_QUOTES and not (0 < i < n - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()):
                continue  # a single quote used as a quotation mark, not an apostrophe inside a word
            out.add(i)
    return frozenset(out)


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    """Jaccard overlap of two position sets (0.0 when both are empty)."""
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter) if inter else 0.0


def words(s: Optional[str]) -> list[str]:
    """Lower-cased words of a name, possessive "'s" dropped: "Clinton’s campaign" -> ["clinton", "campaign"]."""
    if not s:
        return []
    return [w.lower() for w in _WORD_RE.findall(_POSSESSIVE_RE.sub("", s))]


def is_pronoun(speaker: Optional[str]) -> bool:
    """True when the source as written is one pronoun ("he", "They", "who", "its"); see :data:`PRONOUNS`."""
    w = words(speaker)
    return len(w) == 1 and w[0] in PRONOUNS


def speaker_form(speaker: Optional[str], text: str = "", start: Optional[int] = None) -> str:
    """The form of a gold source: "none" (null), "pronoun", "name" or "nominal".

    "name" when the source has a proper-noun word: a word that starts with a capital letter and is not a
    pronoun, determiner or other function word ("The", "Some"). When the source opens a sentence its first
    word counts only if it is all capitals ("FBI", a transcript's "WALLACE") or the article also writes it
    capitalised in mid-sentence ("Trump" yes, "Officials" no).
    """
    if speaker is None or not speaker.strip():
        return "none"
    if is_pronoun(speaker):
        return "pronoun"
    initial = start is not None and _sentence_initial(text, start)
    for k, m in enumerate(_WORD_RE.finditer(speaker)):
        w = m.group()
        if not w[0].isupper() or w.lower() in _FUNCTION_WORDS:
            continue
        if k == 0 and initial and not (w.isupper() and len(w) > 1) and not _capitalised_mid_sentence(text, w):
            continue
        return "name"
    return "nominal"


def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\"'“‘(")
    if not before or before[-1] in ".!?\n":
        return True
    return before[-1] in "”’" and before[:-1].rstrip()[-1:] in (".", "!", "?")


def _capitalised_mid_sentence(text: str, word: str) -> bool:
    return re.search(r"[a-z0-9,;:] +" + re.escape(word) + r"\b", text) is not None


def _overlaps(a: Span, b: Span) -> bool:
    return max(a[0], b[0]) < min(a[1], b[1])


def speaker_right(gold: GoldQuote, pred: Prediction) -> bool:
    """Whether a matched prediction names the gold source (see module docstring)."""
    pred_null = pred.speaker is None and pred.speaker_mention is None and pred.speaker_start is None
    if gold.speaker is None or pred_null:
        return gold.speaker is None and pred_null
    if pred.speaker_start is not None and pred.speaker_end is not None:
        mention = (pred.speaker_start, pred.speaker_end)
        if any(_overlaps(mention, g) for g in gold.speaker_spans):
            return True
    if is_pronoun(gold.speaker):
        return False
    gold_words = words(gold.speaker)
    name = pred.speaker if pred.speaker is not None else pred.speaker_mention
    return bool(gold_words) and gold_words[-1] in words(name)


# --------------------------------------------------------------------------- scoring


def match(
    gold_chars: Sequence[frozenset[int]], pred_chars: Sequence[frozenset[int]], threshold: float
) -> list[tuple[int, int, float]]:
    """One-to-one greedy matching from the best overlap down: [(gold index, pred index, jaccard)]."""
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


def score(
    gold_articles: Sequence[GoldArticle],
    predictions: Iterable[Union[Prediction, Mapping[str, Any]]],
    thresholds: Sequence[float] = THRESHOLDS,
) -> Report:
    """Score predictions (``Prediction`` s or ``Attribution.to_json()`` dicts) against gold articles.

    Predictions for articles not in ``gold_articles`` are ignored (counted in ``Report.ignored_predictions``).
    Groups and errors are taken at the first threshold.
    """
    by_article: dict[str, list[Prediction]] = {a.id: [] for a in gold_articles}
    ignored = 0
    for p in predictions:
        if not isinstance(p, Prediction):
            p = Prediction.from_json(p)
        if p.article in by_article:
            by_article[p.article].append(p)
        else:
            ignored += 1

    primary = thresholds[0]
    scores = {t: Scores(threshold=t) for t in thresholds}
    by_kind = {k: GroupRecall(k) for k in KINDS}
    by_form = {f: GroupRecall(f) for f in SPEAKER_FORMS}
    errors: list[ErrorItem] = []

    for art in gold_articles:
        preds = by_article[art.id]
        gchars = [characters(art.text, q.spans) for q in art.quotes]
        pchars = [characters(art.text, p.spans) for p in preds]
        forms = [
            speaker_form(q.speaker, art.text, q.speaker_spans[0][0] if q.speaker_spans else None) for q in art.quotes
        ]
        for t in thresholds:
            s = scores[t]
            s.gold += len(art.quotes)
            s.pred += len(preds)
            matches = match(gchars, pchars, t)
            right = {gi: speaker_right(art.quotes[gi], preds[pi]) for gi, pi, _ in matches}
            s.matched += len(matches)
            s.speaker_right += sum(right.values())
            if t != primary:
                continue
            matched_g = {gi: (pi, j) for gi, pi, j in matches}
            matched_p = {pi for _, pi, _ in matches}
            for gi, q in enumerate(art.quotes):
                groups = [by_form[forms[gi]]] + ([by_kind[q.kind]] if q.kind in by_kind else [])
                for g in groups:
                    g.gold += 1
                    if gi in matched_g:
                        g.matched += 1
                        g.speaker_right += right[gi]
                if gi not in matched_g:
                    best = max((jaccard(gchars[gi], pc) for pc in pchars), default=0.0)
                    errors.append(_error("miss", art, q.spans, kind=q.kind, gold_speaker=q.speaker, overlap=best))
                elif not right[gi]:
                    p = preds[matched_g[gi][0]]
                    errors.append(
                        _error("wrong_speaker", art, q.spans, kind=q.kind, gold_speaker=q.speaker,
                               pred_speaker=p.speaker, pred_mention=p.speaker_mention, overlap=matched_g[gi][1])
                    )
            for pi, p in enumerate(preds):
                if pi not in matched_p:
                    best = max((jaccard(gc, pchars[pi]) for gc in gchars), default=0.0)
                    errors.append(
                        _error("false_alarm", art, p.spans, kind=p.kind, pred_speaker=p.speaker,
                               pred_mention=p.speaker_mention, overlap=best)
                    )
    order = {"miss": 0, "wrong_speaker": 1, "false_alarm": 2}
    article_order = {a.id: i for i, a in enumerate(gold_articles)}
    errors.sort(key=lambda e: (article_order[e.article], e.start, order[e.type]))
    return Report(
        articles=len(gold_articles),
        scores=scores,
        by_kind=by_kind,
        by_speaker_form=by_form,
        errors=errors,
        ignored_predictions=ignored,
        primary_threshold=primary,
    )


def _error(type_: str, art: GoldArticle, spans: list[Span], **kw: Any) -> ErrorItem:
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    text = " … ".join(art.text[s:e] for s, e in sorted(spans))
    overlap = kw.pop("overlap", None)
    return ErrorItem(
        type=type_, article=art.id, start=start, end=end, spans=list(spans), text=text,
        sentence=sentence_window(art.text, start, end),
        overlap=round(overlap, 3) if overlap is not None else None, **kw,
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


# --------------------------------------------------------------------------- running, writing, formatting


def evaluate(
    gold_path: Union[str, Path],
    pred_path: Optional[Union[str, Path]] = None,
    model: Optional[str] = None,
    errors_path: Optional[Union[str, Path]] = None,
    limit: Optional[int] = None,
    progress: Optional[Callable[[int, int], None]] = None,
) -> Report:
    """Score ``pred_path`` (or, without one, the extraction pipeline run with ``model``) against ``gold_path``.

    ``limit`` scores only the first N gold articles. ``progress(done, total)`` is called after each article
    when the pipeline runs. ``errors_path`` gets the errors (markdown when it ends in .md, else JSONL).
    """
    gold = read_gold(gold_path, limit=limit)
    if pred_path is not None:
        preds: list[Prediction] = read_predictions(pred_path)
    else:
        preds = list(predict(gold, model=model, progress=progress))
    report = score(gold, preds)
    if errors_path is not None:
        write_errors(report, errors_path)
    return report


def predict(
    gold: Sequence[GoldArticle], model: Optional[str] = None, progress: Optional[Callable[[int, int], None]] = None
) -> Iterator[Prediction]:
    """Run the extraction pipeline on the gold texts and yield its attributions as predictions."""
    from .pipeline import extract, load_pipeline  # lazy: spaCy only when extraction runs
    from .records import Article

    nlp = load_pipeline(model)
    articles = [
        Article(id=a.id, text=a.text, title=a.title, published=a.publication_date, source=a.publisher) for a in gold
    ]
    for done, record in enumerate(extract(nlp, articles), 1):
        for attribution in record.attributions:
            yield Prediction.from_json(attribution.to_json())
        if progress is not None:
            progress(done, len(articles))


def write_errors(report: Report, path: Union[str, Path]) -> None:
    """Write the report's errors: readable markdown when ``path`` ends in .md, else one JSON object per line."""
    path = Path(path)
    with open(path, "w", encoding="utf-8") as fh:
        if path.suffix.lower() in (".md", ".markdown"):
            fh.write(_errors_markdown(report))
        else:
            for e in report.errors:
                fh.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")


def _errors_markdown(report: Report) -> str:
    counts = report.error_counts()
    out = [
        f"# Evaluation errors (Jaccard >= {report.primary_threshold})",
        "",
        f"{counts['miss']} misses, {counts['false_alarm']} false alarms, {counts['wrong_speaker']} wrong speakers.",
    ]
    article = None
    for e in report.errors:
        if e.article != article:
            article = e.article
            out += ["", f"## {article}"]
        head = f"- **{e.type.replace('_', ' ')}** [{e.start}, {e.end})"
        if e.kind:
            head += f" {e.kind}"
        if e.type != "false_alarm":
            head += f"; gold speaker: {e.gold_speaker!r}"
        if e.type != "miss":
            head += f"; predicted speaker: {e.pred_speaker!r} (mention {e.pred_mention!r})"
        if e.overlap is not None:
            head += f"; overlap {e.overlap:.2f}"
        out += [head, f"  - span: {e.text}", f"  - sentence: {e.sentence}"]
    return "\n".join(out) + "\n"


def format_report(report: Report) -> str:
    """A plain-text table of the report."""
    lines = [f"{report.articles} articles, {report.primary.gold} gold quotes, {report.primary.pred} predicted", ""]
    header = (f"{'overlap':<9}{'P':>7}{'R':>7}{'F1':>7}{'attr P':>8}{'attr R':>8}{'attr F1':>9}"
              f"{'spk acc':>9}{'matched':>9}")
    lines += [header, "-" * len(header)]
    for t, s in report.scores.items():
        lines.append(
            f"{'>= ' + format(t, 'g'):<9}{_pct(s.precision):>7}{_pct(s.recall):>7}{_pct(s.f1):>7}"
            f"{_pct(s.attribution_precision):>8}{_pct(s.attribution_recall):>8}{_pct(s.attribution_f1):>9}"
            f"{_pct(s.speaker_accuracy):>9}{s.matched:>9}"
        )
    for title, groups in (("kind", report.by_kind), ("gold speaker", report.by_speaker_form)):
        lines += ["", f"recall by {title} (overlap >= {report.primary_threshold:g})"]
        sub = f"{'':<12}{'gold':>7}{'R':>7}{'attr R':>8}"
        lines += [sub, "-" * len(sub)]
        for g in groups.values():
            lines.append(f"{g.group:<12}{g.gold:>7}{_pct(g.recall):>7}{_pct(g.attribution_recall):>8}")
    counts = report.error_counts()
    lines += ["", f"errors: {counts['miss']} misses, {counts['false_alarm']} false alarms, "
              f"{counts['wrong_speaker']} wrong speakers"]
    if report.ignored_predictions:
        lines.append(f"ignored {report.ignored_predictions} predictions for articles not in the gold file")
    lines.append("(P/R/F1 in %; attr = the match also has the right speaker; spk acc = right speakers / matched)")
    return "\n".join(lines)


def _pct(x: float) -> str:
    return f"{100 * x:.1f}"


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _f1(hit: int, pred: int, gold: int) -> float:
    return 2 * hit / (pred + gold) if pred + gold else 0.0


def main(argv: Optional[Sequence[str]] = None) -> int:
    """``python -m quotegraph.ingest.evaluate GOLD.jsonl [--pred P.jsonl] [--errors FILE] [--model M] [--json]``."""
    import argparse
    import sys

    ap = argparse.ArgumentParser(prog="quotegraph evaluate", description="Score attributions against gold JSONL.")
    ap.add_argument("gold")
    ap.add_argument("--pred", help="predictions JSONL (output of quotegraph quotes --format jsonl)")
    ap.add_argument("--model", help="spaCy pipeline to run when --pred is not given")
    ap.add_argument("--errors", help="write misses / false alarms / wrong speakers here (.md for markdown)")
    ap.add_argument("--limit", type=int, help="only the first N gold articles")
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    args = ap.parse_args(argv)

    def progress(done: int, total: int) -> None:
        print(f"\r{done}/{total} articles", end="" if done < total else "\n", file=sys.stderr, flush=True)

    try:
        report = evaluate(args.gold, args.pred, model=args.model, errors_path=args.errors, limit=args.limit,
                          progress=progress if sys.stderr.isatty() else None)
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(report.to_dict(), indent=2) if args.json else format_report(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
