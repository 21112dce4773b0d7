"""Speakers in an evaluation: when a predicted speaker is right, and the form a gold source takes.

In: a gold quote's source as written ("he", "the ministry", "Ruiz") with its spans, and a predicted
:class:`~quotegraph.ingest.records.Attribution`. Out: right or wrong, and the form "name", "pronoun",
"nominal" or "none" used for recall by speaker form (definitions in ``docs/evaluation.md``).
"""
from __future__ import annotations

import re
from typing import Optional

from ..records import Attribution
from .gold import GoldQuote
from .jsonl import Span, blank_to_none

SPEAKER_FORMS: tuple[str, ...] = ("name", "pronoun", "nominal", "none")

PRONOUNS: frozenset[str] = frozenset(
    """i me my mine myself we us our ours ourselves you your yours yourself yourselves
    he him his himself she her hers herself it its itself they them their theirs themselves
    this that these those who whom whose which what one""".split()
)
# Capitalised words that do not make a source a name ("The", "Some"); sentence-initial words are handled apart.
_FUNCTION_WORDS: frozenset[str] = PRONOUNS | frozenset(
    """a an the some many most much more all both each every any no none several few other others another
    such own same several two three four five six seven eight nine ten dozens hundreds thousands
    of for from in on at by with and or but to as than""".split()
)

_WORD_RE = re.compile(r"[^\W_]+")
_POSSESSIVE_RE = re.compile(r"['’]s\b", re.IGNORECASE)


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


def gold_form(quote: GoldQuote, text: str) -> str:
    """:func:`speaker_form` of a gold quote's source, placed at its first span."""
    return speaker_form(quote.speaker, text, quote.speaker_spans[0][0] if quote.speaker_spans else None)


def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\"'“‘(")
    if not before or before[-1] in ".!?\n":
        return True
    return before[-1] in "”’" and before[:-1].rstrip()[-1:] in (".", "!", "?")


def _capitalised_mid_sentence(text: str, word: str) -> bool:
    return re.search(r"[a-z0-9,;:] +" + re.escape(word) + r"\b", text) is not None


def _overlaps(a: Span, b: Span) -> bool:
    return max(a[0], b[0]) < min(a[1], b[1])


def speaker_right(gold: GoldQuote, pred: Attribution) -> bool:
    """Whether a matched prediction names the gold source.

    Right when both are null; or the predicted mention span overlaps a gold source span; or, when the gold
    source is not a pronoun, the last word of the gold source is a word of the predicted name (the mention
    when there is no name). Blank names and mentions count as null.
    """
    sp = pred.speaker
    name, mention = blank_to_none(sp.name), blank_to_none(sp.mention)
    pred_null = name is None and mention is None and sp.start is None
    if gold.speaker is None or pred_null:
        return gold.speaker is None and pred_null
    if sp.start is not None and sp.end is not None:
        if any(_overlaps((sp.start, sp.end), g) for g in gold.speaker_spans):
            return True
    if is_pronoun(gold.speaker):
        return False
    gold_words = words(gold.speaker)
    return bool(gold_words) and gold_words[-1] in words(name if name is not None else mention)
