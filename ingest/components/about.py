"""What each attribution is about (``quotegraph_about``).

In: a Doc with ``doc._.qg_attributions``, ``doc._.qg_mentions``, ``doc._.qg_events`` and ``doc._.qg_event_info``.
Out: the same attributions (``doc._.qg_attributions``) with ``about`` filled: canonical names of the
people, organizations and places the content names (nationality adjectives
are left out: "Russian children" is not about Russia), then, when the content
refers back with a pronoun or a definite "the incident", the entities of its
framing sentence outside the speaker; and the name of every reported event
the content or its framing sentence discusses (its aliases, places or related
words such as "missiles", "casualties", "targeting").
"""
from __future__ import annotations

from bisect import bisect_left

from spacy.language import Language
from spacy.tokens import Doc

from ..records import Attribution
from .common import Lexicon, LexiconComponent, lemma, read_layer, write_layer
from .entities import read_mentions
from .events import read_event_info, read_events


def _in_spans(s: int, e: int, spans) -> bool:
    return any(s >= a and e <= b for a, b in spans)


def fill_about(doc: Doc, L: Lexicon) -> None:
    """Fill ``about`` of every attribution on ``doc._.qg_attributions`` (see module docstring)."""
    atts = read_layer(doc, "qg_attributions", Attribution.from_dict)
    if not atts:
        return
    ents = [m for m in read_mentions(doc) if m.spacy_label not in ("NORP", "EVENT")]
    starts = [m.start_char for m in ents]
    events = [(ev, info, set(info.mention_tokens)) for ev, info in zip(read_events(doc), read_event_info(doc))]
    for att in atts:
        spans = att.spans or [(att.start, att.end)]
        names = _named_in(ents, starts, spans)
        content_toks, frame = _content_and_frame(doc, att, spans[0][0], spans[-1][1])
        if frame and _refers_back(content_toks, L):
            _add_frame_entities(names, ents, frame, att)
        for ev, info, mention_tokens in events:
            if ev.name not in names and _discusses(info, mention_tokens, content_toks + frame, names):
                names.append(ev.name)
        att.about = names
    write_layer(doc, "qg_attributions", atts)


def _named_in(ents, starts: list[int], spans) -> list[str]:
    """Canonical names of the mentions inside the content spans, in text order."""
    names: list[str] = []
    lo, hi = spans[0][0], spans[-1][1]
    k = bisect_left(starts, lo)
    while k < len(ents) and ents[k].start_char < hi:
        m = ents[k]
        if _in_spans(m.start_char, m.end_char, spans) and m.name not in names:
            names.append(m.name)
        k += 1
    return names


def _content_and_frame(doc, att: Attribution, lo: int, hi: int):
    """(content tokens, framing tokens): the sentence of the cue outside the content and the speaker."""
    content = doc.char_span(lo, hi, alignment_mode="expand")
    content_toks = list(content) if content is not None else []
    frame = []
    if doc.has_annotation("DEP") and att.cue_start is not None:
        cue_span = doc.char_span(att.cue_start, att.cue_end, alignment_mode="expand")
        if cue_span is not None and len(cue_span):
            sent = cue_span[0].sent
            sp_s, sp_e = att.speaker.start or -1, att.speaker.end or -1
            frame = [t for t in sent if not (lo <= t.idx < hi) and not (sp_s <= t.idx < sp_e)]
    return content_toks, frame


def _refers_back(content_toks, L: Lexicon) -> bool:
    """A pronoun, or a definite 'the incident', in the content."""
    return any(t.lower_ in L.words["refer_back"] and t.pos_ in ("PRON", "DET") for t in content_toks) or any(
        lemma(t) in L.event_anaphors and any(c.lower_ in ("the", "this") for c in t.children) for t in content_toks)


def _add_frame_entities(names: list[str], ents, frame, att: Attribution) -> None:
    """The framing sentence's non-person entities, other than the speaker and its own organizations."""
    fs = {t.i for t in frame}
    own = {r.organization for r in att.speaker.roles}
    for m in ents:
        if m.start in fs and m.name not in names and m.name != att.speaker.name and m.name not in own \
                and m.label != "Person":
            names.append(m.name)


def _discusses(info, mention_tokens: set[int], toks, names: list[str]) -> bool:
    """The tokens mention the event or a word related to it, or the names include one of its places."""
    for t in toks:
        if t.i in mention_tokens or lemma(t) in info.related or t.lower_ in info.related:
            return True
    return any(n in info.places for n in names)


class AboutFiller(LexiconComponent):
    """``quotegraph_about``: fills ``about`` on ``doc._.qg_attributions``."""

    def __call__(self, doc: Doc) -> Doc:
        fill_about(doc, self.lexicon)
        return doc


@Language.factory("quotegraph_about", assigns=["doc._.qg_attributions"],
                  requires=["doc._.qg_attributions", "doc._.qg_mentions", "doc._.qg_events", "doc._.qg_event_info"])
def make_about_filler(nlp: Language, name: str) -> AboutFiller:
    return AboutFiller(nlp, name)
