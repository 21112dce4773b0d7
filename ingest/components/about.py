"""What each attribution is about (``quotegraph_about``).

In: a Doc with ``Doc._.attributions``, ``Doc._.qg_ents``, ``Doc._.events`` and
``Doc._.event_info``.
Out: the same attributions with ``about`` filled: canonical names of the
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

from .common import lemma, lex, register_extensions

_REFER_BACK = {"it", "they", "them", "its", "their", "this", "that", "he", "she", "him", "her", "his"}


def _in_spans(s: int, e: int, spans) -> bool:
    return any(s >= a and e <= b for a, b in spans)


def fill_about(doc: Doc) -> None:
    atts = doc._.attributions or []
    if not atts:
        return
    L = lex()
    ents = [m for m in (doc._.qg_ents or []) if m.spacy_label not in ("NORP", "EVENT")]
    starts = [m.start_char for m in ents]
    events = doc._.events or []
    infos = doc._.event_info or []
    event_mentions = [set(info.mention_tokens) for info in infos]
    parsed = doc.has_annotation("DEP")
    for att in atts:
        spans = att.spans or [(att.start, att.end)]
        lo, hi = spans[0][0], spans[-1][1]
        names: list[str] = []
        k = bisect_left(starts, lo)
        while k < len(ents) and ents[k].start_char < hi:
            m = ents[k]
            if _in_spans(m.start_char, m.end_char, spans) and m.name not in names:
                names.append(m.name)
            k += 1
        content = doc.char_span(lo, hi, alignment_mode="expand")
        content_toks = list(content) if content is not None else []
        # framing: the sentence(s) of the cue, outside the content and the speaker
        frame = []
        if parsed and att.cue_start is not None:
            cue_span = doc.char_span(att.cue_start, att.cue_end, alignment_mode="expand")
            if cue_span is not None and len(cue_span):
                sent = cue_span[0].sent
                sp_s, sp_e = att.speaker.start or -1, att.speaker.end or -1
                frame = [t for t in sent if not (lo <= t.idx < hi) and not (sp_s <= t.idx < sp_e)]
        refers_back = any(t.lower_ in _REFER_BACK and t.pos_ in ("PRON", "DET") for t in content_toks) or any(
            lemma(t) in L.event_anaphors and any(c.lower_ in ("the", "this") for c in t.children) for t in content_toks
        )
        if refers_back and frame:
            fs = {t.i for t in frame}
            speaker_name = att.speaker.name
            own = {r.organization for r in att.speaker.roles}
            for m in ents:
                if m.start in fs and m.name not in names and m.name != speaker_name and m.name not in own and m.label != "Person":
                    names.append(m.name)
        for ev, info, ments in zip(events, infos, event_mentions):
            hit = False
            for t in content_toks + frame:
                if t.i in ments or lemma(t) in info.related or t.lower_ in info.related:
                    hit = True
                    break
            if not hit:
                hit = any(n in info.places for n in names)
            if hit and ev.name not in names:
                names.append(ev.name)
        att.about = names


@Language.component("quotegraph_about")
def about_component(doc: Doc) -> Doc:
    register_extensions()
    fill_about(doc)
    return doc
