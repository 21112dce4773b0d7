"""Which statement answers which (``quotegraph_responses``).

In: a Doc with ``doc._.qg_attributions`` carrying ``act`` and ``about`` (after quotegraph_acts). Out: the same
attributions with ``responds_to``: ``[{"id": quote_key("", start, end), "stance": ...}]`` naming attributions of
the same Doc (pipeline.extract_record re-keys them with the article id and offsets, ``Attribution.rebase``).

Two tiers, one article at a time (word lists: the ``responses`` table of ``ingest/data/acts.json``):
1. the text marks the answer: "In response, X said …", "X responded/countered that …", "Asked about …, X said",
   "X rejected Y's claim that …", "X denied …". The answered statement is the nearest earlier one by another side
   (preferring the speaker a "Y's claim" names, then what the responder opposes, then any); "in response to
   questions" answers journalists and links nothing;
2. opposing acts: a denial or clarification answers an accusation or claim by another side about the same
   subject or event (a name of ``about`` or a noun of the content in common), the strongest opposing act first,
   then the nearest.
Stance: the responder's act says it: deny / clarify / criticize / accuse dispute, agree / praise support, anything
else addresses. "Another side": no speaker name or role organization in common (Dmitry Peskov, spokesperson of
the Kremlin, is the Kremlin's side).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from ..records import Attribution, quote_key
from .common import LexiconComponent, char_token, has_parse, lemma, read_layer, write_layer


class ResponseLexicon:
    """The ``responses`` table of ``acts.json`` as frozen sets."""

    def __init__(self, table: dict) -> None:
        t = table["responses"]
        self.phrases = tuple(t["marker_phrases"])
        self.opposing: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in t["opposing"].items()}
        for key in ("marker_verbs", "asked", "audience_nouns", "claim_nouns", "disputes", "supports"):
            setattr(self, key, frozenset(t[key]))


@dataclass
class Statement:
    """An attribution with what the rules read: its index, sentence tokens before the content, its side."""

    index: int
    att: Attribution
    frame: list  # tokens of the cue's sentence that are outside the content
    side: frozenset
    subjects: frozenset  # what it is about: its ``about`` names and the lemmas of its content's nouns

    @property
    def key(self) -> str:
        return quote_key(self.att.article, self.att.start, self.att.end)


def side(att: Attribution) -> frozenset:
    """The names a speaker answers for: its own and its roles' organizations (lower-cased)."""
    names = {att.speaker.name} | {r.organization for r in att.speaker.roles}
    return frozenset(n.lower() for n in names if n)


def other_side(a: Statement, b: Statement) -> bool:
    return bool(a.side) and bool(b.side) and not (a.side & b.side)


def statement(doc: Doc, i: int, att: Attribution) -> Statement:
    """The Statement of attribution ``i``: the frame is its sentence (from the cue, else the content) minus content."""
    anchor = char_token(doc, att.cue_start if att.cue_start is not None else att.start)
    frame = []
    if anchor is not None:
        spans = att.spans or [(att.start, att.end)]
        frame = [t for t in anchor.sent if not any(s <= t.idx < e for s, e in spans)]
    return Statement(i, att, frame, side(att), subjects(doc, att))


def subjects(doc: Doc, att: Attribution) -> frozenset:
    """The names it is about and the nouns of its content ('the attack' in both contents: the same subject)."""
    words = {n.lower() for n in att.about}
    for s, e in att.spans or [(att.start, att.end)]:
        span = doc.char_span(s, e, alignment_mode="expand")
        words.update(lemma(t) for t in (span if span is not None else []) if t.pos_ in ("NOUN", "PROPN"))
    return frozenset(words)


# -- tier 1: the text marks the answer ----------------------------------------------------------------------

def _phrase_at(frame, phrase: str) -> Optional[int]:
    """Index in ``frame`` where the words of ``phrase`` start, or None."""
    words = phrase.split()
    low = [t.lower_ for t in frame]
    for k in range(len(low) - len(words) + 1):
        if low[k : k + len(words)] == words:
            return k
    return None


def _answers_audience(frame, k: int, L: ResponseLexicon) -> bool:
    """'in response to questions about …': the words after the marker name journalists' questions."""
    after = [t.lower_ for t in frame[k : k + 6]]
    return "to" in after and any(w in L.audience_nouns for w in after)


def marked_answer(s: Statement, L: ResponseLexicon) -> bool:
    """The sentence says the statement answers another ('In response', 'countered', 'Asked about …')."""
    for phrase in L.phrases:
        k = _phrase_at(s.frame, phrase)
        if k is not None:
            return not _answers_audience(s.frame, k, L)
    if s.att.cue and lemma_of_cue(s) in L.marker_verbs:
        return True
    if any(lemma(t) in L.marker_verbs and t.pos_ == "VERB" for t in s.frame):
        return True
    first = next((t for t in s.frame if not (t.is_punct or t.is_space)), None)
    return first is not None and first.lower_ in ("asked", "when") and _asked_about(s.frame, L)


def _asked_about(frame, L: ResponseLexicon) -> bool:
    """'Asked about …', 'When asked whether …' opening the sentence."""
    return any(t.lower_ in L.asked for t in frame[:3]) and any(
        t.lower_ in ("about", "whether", "if") for t in frame[:5])


def lemma_of_cue(s: Statement) -> str:
    toks = [t for t in s.frame if t.idx == s.att.cue_start]
    return lemma(toks[0]) if toks else (s.att.cue or "").lower()


def rejected_claim(s: Statement, L: ResponseLexicon) -> Optional[str]:
    """'rejected Y's claim', 'dismissed the accusations': a denial of a claim; the possessor named, or '' (None when
    the content names no claim: a plain 'denied …' is left to the opposing acts of tier 2)."""
    if s.att.act != "deny":
        return None
    words = s.att.quote.split()[:6]
    for k, w in enumerate(words):
        if w.lower().strip(",.") in L.claim_nouns:
            owner = [x for x in words[:k] if x.endswith(("'s", "’s"))]
            return owner[0][:-2] if owner else ""
    return None


def _target(s: Statement, earlier: list[Statement], L: ResponseLexicon, owner: str = "") -> Optional[Statement]:
    """The answered statement: the nearest earlier one by another side, by the named owner, else one the
    responder's act opposes, else any."""
    others = [o for o in reversed(earlier) if other_side(s, o)]
    if owner:
        named = [o for o in others if any(owner.lower() in n for n in o.side)]
        if named:
            return named[0]
    opposed = [o for o in others if o.att.act in L.opposing.get(s.att.act, ("accuse", "claim", "criticize"))]
    return (opposed or others or [None])[0]


def stance(s: Statement, L: ResponseLexicon) -> str:
    if s.att.act in L.disputes:
        return "disputes"
    return "supports" if s.att.act in L.supports else "addresses"


def explicit_response(s: Statement, stmts: list[Statement], L: ResponseLexicon) -> Optional[dict]:
    """Tier 1 (see module docstring)."""
    earlier = [o for o in stmts if o.att.start < s.att.start]
    owner = rejected_claim(s, L)
    if not marked_answer(s, L) and owner is None:
        return None
    target = _target(s, earlier, L, owner or "")
    if target is None:
        return None
    return {"id": target.key, "stance": "disputes" if owner is not None else stance(s, L)}


# -- tier 2: opposing acts on the same subject --------------------------------------------------------------

def opposing_response(s: Statement, stmts: list[Statement], L: ResponseLexicon) -> Optional[dict]:
    """A denial or clarification answering another side's accusation or claim about the same subject or event."""
    wanted = L.opposing.get(s.att.act)
    if not wanted:
        return None
    cands = [o for o in stmts if o is not s and other_side(s, o) and o.att.act in wanted and s.subjects & o.subjects]
    if not cands:
        return None
    best = min(cands, key=lambda o: (wanted.index(o.att.act), abs(o.att.start - s.att.start)))
    return {"id": best.key, "stance": "disputes"}


def link_responses(doc: Doc, atts: list[Attribution], L: ResponseLexicon) -> None:
    """Fill ``responds_to`` on every attribution (explicit answers first, else opposing acts)."""
    stmts = [statement(doc, i, a) for i, a in enumerate(atts)]
    for s in stmts:
        found = explicit_response(s, stmts, L) or opposing_response(s, stmts, L)
        s.att.responds_to = [found] if found else []


class ResponseLinker(LexiconComponent):
    """``quotegraph_responses``: fills ``responds_to`` on ``doc._.qg_attributions``."""

    tables_used = ("acts.json",)

    def build_lexicon(self, tables: dict[str, dict]) -> ResponseLexicon:
        return ResponseLexicon(tables["acts.json"])

    def __call__(self, doc: Doc) -> Doc:
        atts = read_layer(doc, "qg_attributions", Attribution.from_dict)
        if atts and has_parse(doc):
            link_responses(doc, atts, self.lexicon)
            write_layer(doc, "qg_attributions", atts)
        return doc


@Language.factory("quotegraph_responses", assigns=["doc._.qg_attributions"],
                  requires=["doc._.qg_attributions"])
def make_response_linker(nlp: Language, name: str) -> ResponseLinker:
    return ResponseLinker(nlp, name)
