"""Attributions: quotations and cues joined to their speakers (``quotegraph_attributions``).

In: a Doc with ``Doc._.quotes``, ``Doc._.cues``, ``Doc._.coref``, ``Doc._.roles``.
Out: ``Doc._.attributions``: list[Attribution] in text order (``article`` is
"" until pipeline.extract_record fills it; ``about`` is filled by about.py).

Linking, strongest evidence first:
1. a quotation with a cue right before it ("stating, “…”", "said: “…”") or right
   after it ("“…,” he said", "“…,” said Peskov") -> direct; a second quotation
   right after that cue ("“A,” he said, “B.”") joins it as a second fragment;
2. a cue whose content holds a quotation -> mixed (or direct when the quotation
   is nearly all of the content), otherwise indirect; a cue's content that is
   an already linked quotation adds nothing;
3. a quotation of a sentence or more with no cue continues the previous
   speaker's attribution when that one is at most two sentences back.
Speaker names: person entities via coref (pronouns, surnames); organizations
by entity or institution noun ("The Russian government"); "X, through
spokesperson Y, …" -> Y; unnamed sources ("an American official") and groups
("Russian officials") keep their own descriptive name and are never merged
with a named person.
"""
from __future__ import annotations

import bisect

from spacy.language import Language
from spacy.tokens import Doc

from ..aliases import canonical_name, is_known_place
from ..records import Attribution, Speaker
from .common import has_parse, lemma, lex, register_extensions, subject_of, doc_text
from .coref import _np_name
from .cues import participial_source

MERGE_CONTINUATION = True
_LEFT_WINDOW = 12
_RIGHT_WINDOW = 8


def _speaker_np(tok):
    """Token range [start, end) of the subject noun phrase (no relative clauses or long preps)."""
    start = tok.i
    for c in tok.lefts:
        if c.dep_ in ("det", "amod", "compound", "poss", "nmod", "nummod", "quantmod", "npadvmod"):
            start = min(start, c.left_edge.i)
    end = tok.i + 1
    for c in tok.rights:
        if c.dep_ in ("compound", "flat") or (c.dep_ == "appos" and c.i - tok.i <= 6):
            end = max(end, c.right_edge.i + 1)
    return start, end


def resolve_speaker(doc: Doc, tok) -> Speaker:
    """The Speaker a subject / 'according to' object token stands for."""
    L = lex()
    coref = doc._.coref
    roles = doc._.roles or {}
    s, e = _speaker_np(tok)
    # "the US State Department, through spokesperson Matthew Miller, …"
    for c in _through_preps(tok):
        if True:
            for p in c.children:
                if p.dep_ == "pobj" and coref is not None:
                    m = coref.mention(p)
                    if m is not None and m.label == "Person":
                        return Speaker(name=m.name, kind="person", mention=doc_text(doc)[m.start_char : m.end_char],
                                       start=m.start_char, end=m.end_char, roles=list(roles.get(m.name, [])))
    mention_text = doc_text(doc)[doc[s].idx : doc[e - 1].idx + len(doc[e - 1].text)] if e > s else tok.text
    m_start, m_end = (doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)) if e > s else (tok.idx, tok.idx + len(tok.text))
    low = tok.lower_
    if tok.pos_ == "PRON" or low in ("he", "she", "it", "they", "i", "we", "you"):
        ante = coref.resolve(tok) if coref is not None else None
        if ante is None:
            kind = "group" if low in ("they", "we") else ("organization" if low == "it" else "person")
            return Speaker(name=None, kind=kind, mention=tok.text, start=tok.idx, end=tok.idx + len(tok.text))
        kind = ante.kind
        if low == "it" and kind == "person":
            kind = "organization"
        return Speaker(name=ante.name, kind=kind, mention=tok.text, start=tok.idx, end=tok.idx + len(tok.text),
                       roles=list(roles.get(ante.name, [])) if kind == "person" else [])
    # A named entity in the head or its appositive/compound.
    m = coref.mention(tok) if coref is not None else None
    if m is None and coref is not None and tok.i + 1 < len(doc) and tok.lower_ in L.titles:
        nxt = coref.mention(doc[tok.i + 1])  # "spokesperson Charlie Dietz", however the parser attaches the name
        if nxt is not None and nxt.label == "Person":
            m = nxt
    if m is None and coref is not None:
        for c in tok.children:
            if c.dep_ in ("appos", "compound") and coref.mention(c) is not None and coref.mention(c).label == "Person":
                m = coref.mention(c)
                break
    if m is not None:
        if m.label == "Person":
            return Speaker(name=m.name, kind="person", mention=mention_text, start=m_start, end=m_end,
                           roles=list(roles.get(m.name, [])))
        if m.spacy_label == "NORP" and tok.tag_ in ("NNPS", "NNS"):
            return Speaker(name=m.text, kind="group", mention=mention_text, start=m_start, end=m_end)
        # Organizations, and places standing for their government ("Kyiv denied…").
        return Speaker(name=m.name, kind="organization", mention=mention_text, start=m_start, end=m_end)
    head_low = tok.lemma_.lower() if tok.lemma_ else low
    name = _np_name(tok)
    if tok.tag_ in ("NNP", "NNPS") and tok.lower_ not in L.person_source_nouns:
        if is_known_place(tok.text):
            return Speaker(name=canonical_name(tok.text, "GPE"), kind="organization", mention=mention_text, start=m_start, end=m_end)
        return Speaker(name=canonical_name(name, "ORG"), kind="organization", mention=mention_text, start=m_start, end=m_end)
    if low in L.institution_nouns or head_low in L.institution_nouns:
        plural_people = low in ("authorities",)
        return Speaker(name=canonical_name(name, "ORG"), kind="group" if plural_people else "organization",
                       mention=mention_text, start=m_start, end=m_end)
    if tok.tag_ in ("NNS", "NNPS"):
        return Speaker(name=name, kind="group", mention=mention_text, start=m_start, end=m_end)
    return Speaker(name=name or tok.text, kind="unnamed", mention=mention_text, start=m_start, end=m_end)


def _through_preps(tok) -> list:
    """'X, through spokesperson Y, said': the through/via phrase, on the subject or (parsers differ) on its verb
    between the subject and the verb."""
    preps = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("through", "via")]
    verb = tok.head
    if tok.dep_ in ("nsubj", "nsubjpass") and verb is not tok:
        preps += [c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("through", "via") and tok.i < c.i < verb.i]
    return preps


def _between_ok(doc, a: int, b: int, allowed: set[int]) -> bool:
    """True when tokens [a, b) are only punctuation, spaces, quote marks, adverbs or allowed tokens."""
    for t in doc[a:b]:
        if t.is_punct or t.is_space or t.i in allowed or t.pos_ in ("ADV", "AUX", "PART"):
            continue
        return False
    return True


def _subject_tokens(doc, cue_tok, objects: bool = True) -> set[int]:
    subj = subject_of(cue_tok)
    toks = set()
    if subj is not None:
        toks.update(range(subj.left_edge.i, subj.right_edge.i + 1))
    # "told reporters", "said in a statement", "said on Sunday"
    for c in cue_tok.children:
        deps = ("dobj", "dative", "npadvmod", "prep", "advmod", "aux", "neg") if objects else ("dative", "npadvmod", "prep", "advmod", "aux", "neg")
        if c.dep_ in deps and c.i > cue_tok.i and not (c.dep_ == "prep" and c.lower_ in ("of", "about") and not objects):
            toks.update(range(c.left_edge.i, c.right_edge.i + 1))
    return toks


def link(doc: Doc) -> list[Attribution]:
    """Build the attributions (see module docstring)."""
    quotes = doc._.quotes or []
    cues = doc._.cues or []
    if len(doc) == 0:
        return []
    L = lex()
    parsed = has_parse(doc)
    cue_by_tok = {c.token: c for c in cues}
    # Every cue-capable verb, even those without content, for adjacency.
    results: list[tuple[int, Attribution]] = []
    used_quotes: set[int] = set()
    used_cues: set[int] = set()

    def tok_at(char: int, right: bool = False):
        span = doc.char_span(char, char + 1, alignment_mode="expand") if 0 <= char < len(doc_text(doc)) else None
        if span is None or len(span) == 0:
            return None
        return span[0]

    def cue_speaker(cue_tok_i: int) -> Speaker:
        c = cue_by_tok.get(cue_tok_i)
        if c is not None and c.speaker is not None:
            return resolve_speaker(doc, doc[c.speaker])
        subj = subject_of(doc[cue_tok_i])
        if subj is None and doc[cue_tok_i].tag_ == "VBG":
            subj = participial_source(doc[cue_tok_i])  # 'praised the crowd, telling reporters: “…”'
        if subj is not None:
            return resolve_speaker(doc, subj)
        return Speaker(name=None, kind="person")

    def is_cue_tok(t) -> bool:
        if t.i in cue_by_tok:
            return cue_by_tok[t.i].speaker is not None
        return t.tag_.startswith("VB") and lemma(t) in L.any_cue and subject_of(t) is not None

    # 1. quotations with an adjacent cue
    if parsed:
        for qi, q in enumerate(quotes):
            if qi in used_quotes:
                continue
            open_tok = tok_at(q.open_mark)
            close_tok = tok_at(q.close_mark)
            if open_tok is None or close_tok is None:
                continue
            cue_i = _left_cue(doc, open_tok, strict=True)
            if cue_i is None:
                cue_i = _right_cue(doc, q, qi, quotes, close_tok, is_cue_tok)
            if cue_i is None:
                cue_i = _left_cue(doc, open_tok, strict=False)
            if cue_i is None:
                continue
            c = cue_by_tok.get(cue_i)
            if c is not None and c.content and c.speaker is not None:
                cs, ce = c.content[0]
                if cs < q.open_mark and ce >= q.end - 1 and (q.end - q.start) < 0.8 * (ce - cs):
                    continue  # 'called the plan “a disaster”': the cue's content holds the quotation -> mixed (step 2)
            spans = list(q.fragments)
            used_quotes.add(qi)
            # "“A,” he said, “B.”": the next quotation right after the cue joins.
            if qi + 1 < len(quotes) and quotes[qi + 1].open_mark > doc[cue_i].idx:
                q2 = quotes[qi + 1]
                o2 = tok_at(q2.open_mark)
                gap = doc_text(doc)[doc[cue_i].idx : q2.open_mark]
                own_cue = False
                if o2 is not None and "." in gap:
                    # '“A,” she said. “B,” she said.': B has its own cue, so it is its own attribution.
                    c2 = tok_at(q2.close_mark)
                    own_cue = c2 is not None and _right_cue(doc, q2, qi + 1, quotes, c2, is_cue_tok) is not None
                if o2 is not None and o2.i - cue_i <= 8 and "\n" not in gap and not own_cue and _between_ok(doc, cue_i + 1, o2.i, _subject_tokens(doc, doc[cue_i])):
                    if doc[cue_i].idx > q.close_mark:
                        spans.extend(q2.fragments)
                        used_quotes.add(qi + 1)
            cue_tok = doc[cue_i]
            sp = cue_speaker(cue_i)
            att = Attribution(
                article="", quote=doc_text(doc)[spans[0][0] : spans[-1][1]], start=spans[0][0], end=spans[-1][1],
                kind="direct", cue=cue_tok.text, cue_start=cue_tok.idx, cue_end=cue_tok.idx + len(cue_tok.text),
                speaker=sp, spans=spans,
            )
            results.append((spans[0][0], att))
            used_cues.add(cue_i)

    # 2. cues with content
    linked_spans = [a.spans for _, a in results]
    for c in cues:
        if c.how == "asked" and c.content:
            # "Asked whether …": the question has no source of its own
            (cs, ce), = c.content
            if not any(q.start < ce and q.end > cs for q in quotes):
                att = Attribution(
                    article="", quote=doc_text(doc)[cs:ce], start=cs, end=ce, kind="indirect",
                    cue=doc_text(doc)[c.cue_start : c.cue_end], cue_start=c.cue_start, cue_end=c.cue_end,
                    speaker=Speaker(name=None), spans=[(cs, ce)],
                )
                results.append((cs, att))
            continue
        if c.how == "impersonal" and c.content:
            # "X seems to …": no source; content = subject + predicate
            sp_ = c.content
            if not any(q.start < sp_[-1][1] and q.end > sp_[0][0] for q in quotes):
                att = Attribution(
                    article="", quote=doc_text(doc)[sp_[0][0] : sp_[-1][1]], start=sp_[0][0], end=sp_[-1][1],
                    kind="indirect", cue=doc_text(doc)[c.cue_start : c.cue_end], cue_start=c.cue_start,
                    cue_end=c.cue_end, speaker=Speaker(name=None), spans=list(sp_),
                )
                results.append((sp_[0][0], att))
            continue
        if not c.content or c.speaker is None:
            continue
        cs, ce = c.content[0]
        if ce - cs < 2:
            continue
        # Content that is an already linked quotation adds nothing.
        overlap = 0
        for spans in linked_spans:
            for s, e in spans:
                overlap += max(0, min(ce, e) - max(cs, s))
        if overlap > 0.5 * (ce - cs):
            continue
        if c.token in used_cues and overlap > 0:
            continue
        inside = [qi for qi, q in enumerate(quotes) if qi not in used_quotes and q.start >= cs - 1 and q.end <= ce + 1]
        kind = "indirect"
        spans = [(cs, ce)]
        if inside:
            qchars = sum(quotes[qi].end - quotes[qi].start for qi in inside)
            if qchars >= 0.8 * (ce - cs):
                kind = "direct"
                spans = [f for qi in inside for f in quotes[qi].fragments]
                cs, ce = spans[0][0], spans[-1][1]
            else:
                kind = "mixed"
            used_quotes.update(inside)
        else:
            # A quotation partly inside the content still makes it mixed.
            for qi, q in enumerate(quotes):
                if q.start < ce and q.end > cs and qi not in used_quotes:
                    kind = "mixed"
        tok = doc[c.token]
        cue_text = doc_text(doc)[c.cue_start : c.cue_end]
        sp = resolve_speaker(doc, doc[c.speaker])
        att = Attribution(
            article="", quote=doc_text(doc)[cs:ce], start=cs, end=ce, kind=kind, cue=cue_text,
            cue_start=c.cue_start, cue_end=c.cue_end, speaker=sp, spans=spans,
        )
        results.append((cs, att))
        used_cues.add(tok.i)

    # 3. quotations continuing the previous speaker
    if parsed and results:
        results.sort(key=lambda x: x[0])
        for qi, q in enumerate(quotes):
            if qi in used_quotes:
                continue
            ot = tok_at(q.open_mark)
            if ot is None:
                continue
            q_toks = [t for t in doc.char_span(q.start, q.end, alignment_mode="expand") or []]
            if len(q_toks) < 5 or not any(t.pos_ in ("VERB", "AUX") for t in q_toks):
                continue  # scare quotes and titles, not speech
            # the quotation must open its sentence (a quoted sentence, not a phrase inside one)
            if ot.i > ot.sent.start + 1:
                continue
            prev = [a for s, a in results if s < q.start]
            if not prev:
                continue
            last = prev[-1]
            last_tok = tok_at(last.end - 1)
            if last_tok is None:
                continue
            sent_gap = _sent_distance(doc, last_tok.i, ot.i)
            if sent_gap > 2:
                continue
            text = doc_text(doc)
            if MERGE_CONTINUATION and last.kind in ("direct", "mixed") and "\n" not in text[last.end : q.start]:
                # '“A,” he said. “B.”' in one paragraph: one attribution with two fragments.
                last.spans = list(last.spans or [(last.start, last.end)]) + list(q.fragments)
                last.end = q.end
                last.quote = text[last.start : last.end]
                used_quotes.add(qi)
                continue
            if last.speaker.name is None:
                continue
            att = Attribution(
                article="", quote=doc_text(doc)[q.start : q.end], start=q.start, end=q.end, kind="direct",
                cue=None, cue_start=None, cue_end=None,
                speaker=Speaker(name=last.speaker.name, kind=last.speaker.kind, mention=None, start=None, end=None,
                                roles=list(last.speaker.roles)),
                spans=list(q.fragments),
            )
            bisect.insort(results, (q.start, att), key=lambda x: x[0])  # keep text order: prev[-1] is the nearest
            used_quotes.add(qi)
    results.sort(key=lambda x: x[0])
    return _drop_nested([a for _, a in results])


def _drop_nested(atts: list[Attribution]) -> list[Attribution]:
    """'X said that Y believes Z': one attribution (X's, whose content holds Y's cue and content), not two.

    An attribution whose cue and content both lie inside another one's content is dropped (PolNeAR rarely
    annotates the embedded one). One sweep over attributions in text order.
    """
    if len(atts) < 2:
        return atts
    order = sorted(range(len(atts)), key=lambda i: (atts[i].start, -atts[i].end))
    drop = set()
    outer = None
    for i in order:
        a = atts[i]
        if outer is not None and a.end <= outer.end and a.cue_start is not None and a is not outer and (
                outer.start <= a.start and (a.end - a.start) < (outer.end - outer.start)
                and any(s <= a.cue_start < e for s, e in (outer.spans or [(outer.start, outer.end)]))):
            drop.add(i)
            continue
        if outer is None or a.end > outer.end:
            outer = a
    return [a for i, a in enumerate(atts) if i not in drop]


def _left_cue(doc, open_tok, strict: bool):
    """Cue before a quotation: 'stating, “' (strict: only punctuation between) or 'Peskov said: “'."""
    L = lex()
    lo = max(0, open_tok.i - _LEFT_WINDOW)
    for t in reversed(doc[lo : open_tok.i]):
        if t.i < open_tok.sent.start - 1:
            break
        if t.tag_.startswith("VB") and lemma(t) in L.any_cue and (t.dep_ != "amod"):
            if strict:
                ok = all(x.is_punct or x.is_space for x in doc[t.i + 1 : open_tok.i])
                if ok and (subject_of(t) is not None or t.tag_ == "VBG" or t.dep_ in ("advcl", "conj")):
                    return t.i
                return None
            allowed = _subject_tokens(doc, t, objects=False)
            if subject_of(t) is not None and _between_ok(doc, t.i + 1, open_tok.i, allowed):
                return t.i
            if open_tok.i - 1 > t.i and doc[open_tok.i - 1].text in (":", ",") and (
                    subject_of(t) is not None or (t.tag_ == "VBG" and t.dep_ in ("advcl", "conj"))) and _between_ok(
                    doc, t.i + 1, open_tok.i - 1, _subject_tokens(doc, t, objects=True)):
                return t.i  # 'told Fox News: “…”', ', telling reporters, “…”'
            return None
    return None


def _right_cue(doc, q, qi, quotes, close_tok, is_cue_tok):
    """Cue after a quotation: '“…,” he said' / '“…,” said Peskov'."""
    text = doc_text(doc)
    last = text[q.end - 1] if q.end > 0 else ""
    lim = min(len(doc), close_tok.i + 1 + _RIGHT_WINDOW)
    nxt_q = quotes[qi + 1].open_mark if qi + 1 < len(quotes) else len(text) + 1
    words = [t for t in doc[close_tok.i + 1 : lim] if not (t.is_punct or t.is_space)]
    if not words:
        return None
    if last == "." and not words[0].text[:1].islower():
        return None  # the quoted sentence ended: what follows is a new sentence
    for t in doc[close_tok.i + 1 : lim]:
        if t.idx >= nxt_q or "\n" in t.text:
            break
        if t.text in (".", "!", "?"):
            break
        if is_cue_tok(t):
            allowed = _subject_tokens(doc, t)
            if _between_ok(doc, close_tok.i + 1, t.i, allowed):
                return t.i
            return None
    return None


def _sent_distance(doc, i: int, j: int) -> int:
    """Number of sentence starts between tokens i < j (cheap: bounded scan)."""
    n = 0
    for t in doc[i + 1 : j + 1]:
        if t.is_sent_start:
            n += 1
            if n > 3:
                break
    return n


@Language.component("quotegraph_attributions")
def attributions_component(doc: Doc) -> Doc:
    register_extensions()
    doc._.attributions = link(doc)
    return doc
