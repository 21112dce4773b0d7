"""Attributions: quotations and cues joined to their speakers (``quotegraph_attributions``).

In: a Doc with ``doc._.qg_quotes``, ``doc._.qg_cues``, ``doc._.qg_mentions``, ``doc._.qg_coref`` and
``doc._.qg_roles``. Out: ``doc._.qg_attributions``: Attributions (as dicts) in text order (``article`` is ""
until pipeline.extract_record fills it; ``about`` is filled by about.py).

Linking, strongest evidence first:
1. a quotation with a cue right before it ("stating, “…”", "said: “…”") or right after it ("“…,” he said",
   "“…,” said Peskov") -> direct; a second quotation right after that cue ("“A,” he said, “B.”") joins it as a
   second fragment;
2. a cue whose content holds a quotation -> mixed (or direct when the quotation is nearly all of the
   content), otherwise indirect; a cue's content that is an already linked quotation adds nothing;
3. a quotation of a sentence or more with no cue continues the previous speaker's attribution when that one
   is at most ``continuation_sentences`` back.
Speakers come from speakers.py; an attribution nested in another one's content is dropped, and so is a
direct quotation with no source or one whose source is a bare 'that' (words.json ``faceless_sources``); a
stance verb ('appeared to', 'it seems that') never has a source.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from ..records import Attribution, Speaker
from .common import (LexiconComponent, char_token, doc_text, has_parse, lemma, paragraph_start, subject_of,
                     write_layer)
from .coref import mention_index
from .cues import Cue, participial_source, read_cues
from .quotes import Quote, read_quotes
from .roles import read_roles
from .speakers import SpeakerContext, cue_source_speaker, resolve_speaker


@dataclass
class LinkSettings:
    left_window: int = 12  # tokens searched for a cue before a quotation
    right_window: int = 16  # tokens searched for a cue after a quotation (a subject with an apposition can be long)
    continuation_sentences: int = 2  # how far back a cue-less quotation may continue a speaker


@dataclass
class Linking:
    """The state of one Doc's linking: inputs, and what is linked so far."""

    speakers: SpeakerContext
    quotes: list[Quote]
    cues: list[Cue]
    settings: LinkSettings
    results: list[tuple[int, Attribution]] = field(default_factory=list)
    used_quotes: set[int] = field(default_factory=set)
    used_cues: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.doc = self.speakers.doc
        self.text = doc_text(self.doc)
        self.cue_by_tok = {c.token: c for c in self.cues}

    def add(self, att: Attribution) -> None:
        self.results.append((att.start, att))


def link(doc: Doc, speakers: SpeakerContext, settings: LinkSettings) -> list[Attribution]:
    """Build the attributions (see module docstring)."""
    if len(doc) == 0:
        return []
    state = Linking(speakers, read_quotes(doc), read_cues(doc), settings)
    parsed = has_parse(doc)
    if parsed:
        for qi, q in enumerate(state.quotes):
            _link_adjacent_cue(state, qi, q)
    linked_spans = [a.spans for _, a in state.results]
    for c in state.cues:
        _link_cue(state, c, linked_spans)
    if parsed and state.results:
        state.results.sort(key=lambda x: x[0])
        for qi, q in enumerate(state.quotes):
            _link_continuation(state, qi, q)
    state.results.sort(key=lambda x: x[0])
    return _stances_unsourced(state, _drop_faceless(state, _drop_nested([a for _, a in state.results])))


# -- 1. quotations with an adjacent cue ---------------------------------------------------------------------

def _cue_speaker(state: Linking, cue_i: int) -> Speaker:
    """The source of the cue at token ``cue_i``: the cue's own, its subject, or a participle's clause subject."""
    doc = state.doc
    c = state.cue_by_tok.get(cue_i)
    if c is not None and c.speaker is not None:
        return cue_source_speaker(state.speakers, c)
    subj = _verb_subject(doc[cue_i])
    if subj is None and doc[cue_i].tag_ == "VBG":
        subj = participial_source(doc[cue_i], state.speakers.lexicon)  # 'praised the crowd, telling reporters: “…”'
    return resolve_speaker(state.speakers, subj) if subj is not None else Speaker(name=None, kind="person")


def _verb_subject(verb):
    """The subject of a verb, or for an infinitive of its governing verb ("went so far as to say", "declined to
    say") or a finite verb parsed as a subjectless adverbial clause ("Protesters marching … chanted"): who does
    the saying."""
    subj = subject_of(verb)
    if subj is None and verb.head is not verb and (verb.dep_ == "xcomp" or (
            verb.dep_ == "advcl" and verb.tag_ in ("VBD", "VBZ", "VBP"))):
        subj = subject_of(verb.head)  # a finite verb parsed as a subjectless clause shares its head's subject
    return subj


def _is_cue_token(state: Linking, t) -> bool:
    """A token that can report speech after a quotation: a found cue with a source, or a cue verb with a subject."""
    if t.i in state.cue_by_tok:
        return _found_source(state, t)
    return t.tag_.startswith("VB") and lemma(t) in state.speakers.lexicon.any_cue and _verb_subject(t) is not None


def _adjacent_cue(state: Linking, qi: int, q: Quote):
    """The cue token index next to a quotation, or None."""
    open_tok, close_tok = char_token(state.doc, q.open_mark), char_token(state.doc, q.close_mark)
    if open_tok is None or close_tok is None:
        return None
    for find in (lambda: _left_cue(state, open_tok, strict=True), lambda: _right_cue(state, qi, q, close_tok),
                 lambda: _left_cue(state, open_tok, strict=False)):
        cue_i = find()
        if cue_i is not None:
            return cue_i
    return None


def _content_holds_quote(state: Linking, cue_i: int, q: Quote) -> bool:
    """'called the plan “a disaster”', 'says “…” despite …': the cue's content holds the quotation and more -> mixed."""
    c = state.cue_by_tok.get(cue_i)
    if c is None or not c.content or c.speaker is None:
        return False
    cs, ce = c.content[0]
    if cs < c.cue_start < q.open_mark and state.text[q.start : q.start + 1].isupper():
        return False  # 'Asked why, Ruiz said, “They …”': a quoted sentence after the verb is what was said
    if cs >= q.open_mark and "," in state.text[q.end : q.close_mark + 2]:
        return False  # 'stating, “…,” in response to …': the quotation is the content, the rest is the reporter's
    return cs <= q.start and ce >= q.end - 1 and (q.end - q.start) < 0.8 * (ce - cs)


def _inside_outer_content(state: Linking, cue_i: int, q: Quote) -> bool:
    """'Huntley said he wanted “common-sense solutions”': the verb next to the quotation is itself inside what an
    outer cue reports, and that content holds the quotation, so the outer cue's speaker says it (mixed, step 2)."""
    for anc in state.doc[cue_i].ancestors:
        outer = state.cue_by_tok.get(anc.i)
        if outer is not None and outer.content and outer.speaker is not None:
            cs, ce = outer.content[0]
            if cs <= q.open_mark and ce >= q.end - 1:
                return True
    return False


def _link_adjacent_cue(state: Linking, qi: int, q: Quote) -> None:
    if qi in state.used_quotes:
        return
    cue_i = _adjacent_cue(state, qi, q)
    if cue_i is None or _content_holds_quote(state, cue_i, q) or _inside_outer_content(state, cue_i, q):
        return
    state.used_quotes.add(qi)
    spans = list(q.fragments) + _second_fragment(state, qi, cue_i)
    cue_tok = state.doc[cue_i]
    state.add(Attribution(
        article="", quote=state.text[spans[0][0] : spans[-1][1]], start=spans[0][0], end=spans[-1][1],
        kind="direct", cue=cue_tok.text, cue_start=cue_tok.idx, cue_end=cue_tok.idx + len(cue_tok.text),
        speaker=_cue_speaker(state, cue_i), spans=spans))
    state.used_cues.add(cue_i)


def _second_fragment(state: Linking, qi: int, cue_i: int) -> list[tuple[int, int]]:
    """"“A,” he said, “B.”": the next quotation right after the cue joins as more fragments (and is used)."""
    quotes, doc = state.quotes, state.doc
    if qi + 1 >= len(quotes) or quotes[qi + 1].open_mark <= doc[cue_i].idx or doc[cue_i].idx <= quotes[qi].close_mark:
        return []
    q2 = quotes[qi + 1]
    o2 = char_token(doc, q2.open_mark)
    gap = state.text[doc[cue_i].idx : q2.open_mark]
    if o2 is None or o2.i - cue_i > 8 or "\n" in gap:
        return []
    if "." in gap and _has_own_cue(state, qi + 1, q2):
        return []  # '“A,” she said. “B,” she said.': B is its own attribution
    if not _between_ok(doc, cue_i + 1, o2.i, _subject_tokens(doc[cue_i])):
        return []
    state.used_quotes.add(qi + 1)
    return list(q2.fragments)


def _has_own_cue(state: Linking, qi: int, q: Quote) -> bool:
    close = char_token(state.doc, q.close_mark)
    return close is not None and _right_cue(state, qi, q, close) is not None


def _between_ok(doc, a: int, b: int, allowed: set[int]) -> bool:
    """True when tokens [a, b) are only punctuation, spaces, adverbs, auxiliaries, particles or allowed tokens."""
    return all(t.is_punct or t.is_space or t.i in allowed or t.pos_ in ("ADV", "AUX", "PART") for t in doc[a:b])


def _subject_tokens(cue_tok, objects: bool = True) -> set[int]:
    """Tokens of a cue's subject and of its trailing objects and modifiers ("told reporters on Sunday")."""
    subj = subject_of(cue_tok)
    toks = set(range(subj.left_edge.i, subj.right_edge.i + 1)) if subj is not None else set()
    deps = ("dobj", "dative", "npadvmod", "prep", "advmod", "aux", "neg") if objects else (
        "dative", "npadvmod", "prep", "advmod", "aux", "neg")
    for c in cue_tok.children:
        if c.dep_ in deps and c.i > cue_tok.i and not (c.dep_ == "prep" and c.lower_ in ("of", "about") and not objects):
            toks.update(range(c.left_edge.i, c.right_edge.i + 1))
    return toks


def _cue_subject_tokens(state: Linking, cue_tok) -> set[int]:
    """:func:`_subject_tokens`, or when the parser gave the verb no subject, the tokens of its found source's phrase
    ("“…,” Gene Ruiz, an adviser, said" with the name parsed inside the quoted clause)."""
    toks = _subject_tokens(cue_tok)
    c = state.cue_by_tok.get(cue_tok.i)
    if subject_of(cue_tok) is None and c is not None and c.speaker is not None:
        src = state.doc[c.speaker]
        toks.update(range(src.left_edge.i, src.right_edge.i + 1))
    return toks


def _left_cue(state: Linking, open_tok, strict: bool):
    """Cue before a quotation: 'stating, “' (strict: only punctuation between) or 'Peskov said: “'."""
    doc, L = state.doc, state.speakers.lexicon
    first = _left_limit(doc, open_tok)
    for t in reversed(doc[max(0, open_tok.i - state.settings.left_window) : open_tok.i]):
        if t.i < first:
            return None
        if t.tag_.startswith("VB") and lemma(t) in L.any_cue and t.dep_ != "amod":
            sourced = _verb_subject(t) is not None or _found_source(state, t)
            return _strict_left_cue(doc, t, open_tok, sourced) if strict else _loose_left_cue(doc, t, open_tok, sourced)
    return None


def _left_limit(doc, open_tok) -> int:
    """The first token a cue before a quotation may be: the one before the quotation's sentence, or, when the
    quotation opens a paragraph after a colon ('He said:⏎⏎“…”', a block quotation), the colon's sentence's first."""
    before = _word_before(doc, open_tok.i)
    if before is not None and before.text == ":" and paragraph_start(open_tok) == open_tok.i:
        return before.sent.start
    return open_tok.sent.start - 1


def _word_before(doc, i: int):
    """The last token before token ``i`` that is not a space (None at the start of the Doc)."""
    j = i - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    return doc[j] if j >= 0 else None


def _found_source(state: Linking, t) -> bool:
    """Whether cues.py found a source for a cue on ``t`` where the parse gave it no subject ('In a statement to the
    paper, her adviser, John Smith, said: “…”', the subject parsed inside the fronted phrase)."""
    c = state.cue_by_tok.get(t.i)
    return c is not None and c.speaker is not None


def _strict_left_cue(doc, t, open_tok, sourced: bool):
    """'stating, “…”': only punctuation between the cue and the quotation (``sourced``: the cue has a source)."""
    if not all(x.is_punct or x.is_space for x in doc[t.i + 1 : open_tok.i]):
        return None
    return t.i if sourced or t.tag_ == "VBG" or t.dep_ in ("advcl", "conj") else None


def _loose_left_cue(doc, t, open_tok, sourced: bool):
    """'Peskov said on Sunday “…”', 'told Fox News: “…”', ', telling reporters, “…”'."""
    if sourced and _between_ok(doc, t.i + 1, open_tok.i, _subject_tokens(t, objects=False)):
        return t.i
    before = _word_before(doc, open_tok.i)
    before = before if before is not None and before.i > t.i else None
    if before is not None and before.text in (":", ",") and (
            sourced or (t.tag_ == "VBG" and t.dep_ in ("advcl", "conj"))) and _between_ok(
            doc, t.i + 1, before.i, _subject_tokens(t, objects=True)):
        return t.i
    return None


def _right_cue(state: Linking, qi: int, q: Quote, close_tok):
    """Cue after a quotation: '“…,” he said' / '“…,” said Peskov'."""
    doc, text, quotes = state.doc, state.text, state.quotes
    lim = min(len(doc), close_tok.i + 1 + state.settings.right_window)
    next_open = quotes[qi + 1].open_mark if qi + 1 < len(quotes) else len(text) + 1
    words = [t for t in doc[close_tok.i + 1 : lim] if not (t.is_punct or t.is_space)]
    if not words or (text[q.end - 1] == "." and not words[0].text[:1].islower()):
        return None  # the quoted sentence ended: what follows is a new sentence
    for t in doc[close_tok.i + 1 : lim]:
        if t.idx >= next_open or "\n" in t.text or t.text in (".", "!", "?"):
            return None
        if _is_cue_token(state, t) or _manner_of_speaking(state, q, t):
            return t.i if _between_ok(doc, close_tok.i + 1, t.i, _cue_subject_tokens(state, t)) else None
    return None


def _manner_of_speaking(state: Linking, q: Quote, t) -> bool:
    """'“…,” she shot back.' / '“…!” beamed Ruiz.': a quotation whose sentence goes on after a comma, '!' or '?'
    and a verb whose subject is all that stands between them: the verb tells how it was said, whatever the verb."""
    if t.pos_ != "VERB" or t.dep_ not in ("ROOT", "parataxis", "ccomp") or _verb_subject(t) is None:
        return False
    if any(c.dep_ in ("dobj", "ccomp", "xcomp", "attr", "acomp", "oprd") and c.i > t.i for c in t.children):
        return False  # '“Frozen,” Swanson has now set his sights on …': the verb says something else
    open_tok = char_token(state.doc, q.open_mark)
    if open_tok is None or not (open_tok.i <= open_tok.sent.start + 1 or _after_sentence_end(state.text, q.open_mark)):
        return False
    mark = state.text[q.end : q.close_mark].strip() or state.text[q.end - 1 : q.end]
    return mark[:1] in (",", "!", "?")


# -- 2. cues with content -----------------------------------------------------------------------------------

def _link_cue(state: Linking, c: Cue, linked_spans: list) -> None:
    if c.how in ("asked", "impersonal") or (c.how == "noun" and c.speaker is None):
        _link_sourceless(state, c)
    elif c.content and c.speaker is not None:
        _link_cue_content(state, c, linked_spans)


def _link_sourceless(state: Linking, c: Cue) -> None:
    """"Asked whether …" (the question), "X seems to …" (a stance) and "amid concerns that …" (an unowned claim):
    content with no source of its own."""
    spans = list(c.content)
    if not spans or (c.how == "asked" and len(spans) != 1):
        return
    if any(q.start < spans[-1][1] and q.end > spans[0][0] for q in state.quotes):
        return
    state.add(Attribution(
        article="", quote=state.text[spans[0][0] : spans[-1][1]], start=spans[0][0], end=spans[-1][1],
        kind="indirect", cue=state.text[c.cue_start : c.cue_end], cue_start=c.cue_start, cue_end=c.cue_end,
        speaker=Speaker(name=None), spans=spans))


def _linked_overlap(linked_spans: list, cs: int, ce: int) -> int:
    return sum(max(0, min(ce, e) - max(cs, s)) for spans in linked_spans for s, e in spans)


def _content_kind(state: Linking, cs: int, ce: int) -> tuple[str, list[tuple[int, int]]]:
    """(kind, spans) of a cue's content: direct when its quotations are nearly all of it, mixed when it holds
    or touches one, else indirect. Quotations inside it are used up."""
    quotes = state.quotes
    inside = [qi for qi, q in enumerate(quotes) if qi not in state.used_quotes and q.start >= cs - 1 and q.end <= ce + 1]
    if inside:
        state.used_quotes.update(inside)
        if sum(quotes[qi].end - quotes[qi].start for qi in inside) >= 0.8 * (ce - cs):
            return "direct", [f for qi in inside for f in quotes[qi].fragments]
        return "mixed", [(cs, ce)]
    partly = any(q.start < ce and q.end > cs and qi not in state.used_quotes for qi, q in enumerate(quotes))
    return ("mixed" if partly else "indirect"), [(cs, ce)]


def _link_cue_content(state: Linking, c: Cue, linked_spans: list) -> None:
    cs, ce = c.content[0]
    if ce - cs < 2:
        return
    overlap = _linked_overlap(linked_spans, cs, ce)
    if overlap > 0.5 * (ce - cs) or (c.token in state.used_cues and overlap > 0):
        return  # content that is an already linked quotation adds nothing
    kind, spans = _content_kind(state, cs, ce)
    cs, ce = spans[0][0], spans[-1][1]
    state.add(Attribution(
        article="", quote=state.text[cs:ce], start=cs, end=ce, kind=kind, cue=state.text[c.cue_start : c.cue_end],
        cue_start=c.cue_start, cue_end=c.cue_end, speaker=cue_source_speaker(state.speakers, c),
        spans=spans))
    state.used_cues.add(c.token)


# -- 3. quotations continuing the previous speaker ----------------------------------------------------------

def _opens_spoken_sentence(state: Linking, q: Quote, open_tok) -> bool:
    """A quoted sentence (five words or more, with a verb) opening its sentence: speech, not a scare quote."""
    q_toks = list(state.doc.char_span(q.start, q.end, alignment_mode="expand") or [])
    if len(q_toks) < 5 or not any(t.pos_ in ("VERB", "AUX") for t in q_toks):
        return False
    return open_tok.i <= open_tok.sent.start + 1 or _after_sentence_end(state.text, q.open_mark)


def _after_sentence_end(text: str, i: int) -> bool:
    """Whether the text before offset ``i`` ends a sentence ("… said Ms. Ruiz, a lawyer. “B …”"), whatever the
    parser's sentence boundaries."""
    before = text[max(0, i - 3) : i].rstrip()
    return before[-1:] in (".", "!", "?")


def _previous_attribution(state: Linking, q: Quote, open_tok):
    """The nearest attribution before the quotation, when it ends at most the allowed sentences back."""
    prev = [a for s, a in state.results if s < q.start]
    if not prev:
        return None
    last_tok = char_token(state.doc, prev[-1].end - 1)
    if last_tok is None or _sent_distance(state.doc, last_tok.i, open_tok.i) > state.settings.continuation_sentences:
        return None
    return prev[-1]


def _link_continuation(state: Linking, qi: int, q: Quote) -> None:
    open_tok = char_token(state.doc, q.open_mark) if qi not in state.used_quotes else None
    if open_tok is None or not _opens_spoken_sentence(state, q, open_tok):
        return
    last = _previous_attribution(state, q, open_tok)
    if last is None:
        return
    if last.kind in ("direct", "mixed") and state.text[last.end : q.start].count("\n\n") <= 1:
        # '“A,” he said. “B.”' in one paragraph, or the next paragraph going on quoting: one attribution.
        last.spans = list(last.spans or [(last.start, last.end)]) + list(q.fragments)
        last.end = q.end
        last.quote = state.text[last.start : last.end]
        state.used_quotes.add(qi)
        return
    if last.speaker.name is None or _sent_distance(state.doc, char_token(state.doc, last.end - 1).i, open_tok.i) > 1:
        return
    sp = last.speaker
    # the words that introduced this speaker ("he" of the previous "he said") attribute the continuation too
    att = Attribution(
        article="", quote=state.text[q.start : q.end], start=q.start, end=q.end, kind="direct", cue=None,
        cue_start=None, cue_end=None, speaker=Speaker(name=sp.name, kind=sp.kind, mention=sp.mention,
                                                      start=sp.start, end=sp.end, roles=list(sp.roles)),
        spans=list(q.fragments))
    bisect.insort(state.results, (q.start, att), key=lambda x: x[0])  # keep text order: the nearest is last
    state.used_quotes.add(qi)


def _sent_distance(doc, i: int, j: int) -> int:
    """Number of sentence starts between tokens i < j (bounded scan)."""
    n = 0
    for t in doc[i + 1 : j + 1]:
        if t.is_sent_start:
            n += 1
            if n > 3:
                break
    return n


def _drop_nested(atts: list[Attribution]) -> list[Attribution]:
    """'X said that Y believes Z': one attribution (X's, whose content holds Y's cue and content), not two.

    An attribution whose cue and content both lie inside another one's content is dropped (PolNeAR rarely
    annotates the embedded one). One sweep over attributions in text order.
    """
    order = sorted(range(len(atts)), key=lambda i: (atts[i].start, -atts[i].end))
    drop = set()
    outer = None
    for i in order:
        a = atts[i]
        if outer is not None and a.end <= outer.end and a.cue_start is not None and outer.start <= a.start and (
                a.end - a.start) < (outer.end - outer.start) and any(
                s <= a.cue_start < e for s, e in (outer.spans or [(outer.start, outer.end)])):
            drop.add(i)
            continue
        if outer is None or a.end > outer.end:
            outer = a
    return [a for i, a in enumerate(atts) if i not in drop]


def _drop_faceless(state: Linking, atts: list[Attribution]) -> list[Attribution]:
    """Attributions not worth giving: a quotation no source was found for, and one whose source is a bare
    pronoun that names no one ('a shirt that read “…”', 'That suggests …'; words.json ``faceless_sources``):
    these are mostly a misread cue or someone else's words, and a reader gains nothing from them."""
    faceless = state.speakers.lexicon.words["faceless_sources"]
    keep = []
    for a in atts:
        sp = a.speaker
        if a.kind == "direct" and sp.name is None and sp.mention is None and sp.start is None:
            continue
        if sp.start is not None and state.text[sp.start:sp.end].lower() in faceless:
            continue
        keep.append(a)
    return keep


def _stances_unsourced(state: Linking, atts: list[Attribution]) -> list[Attribution]:
    """'Ruiz appeared to end his bid', 'it seems that …': a stance verb (words.json ``impersonal_cues``) is the
    writer's reading, not its subject's words, whichever rule found it: no source."""
    stances = state.speakers.lexicon.words["impersonal_cues"] - {"expect"}
    for a in atts:
        tok = char_token(state.doc, a.cue_start) if a.cue_start is not None else None
        if tok is not None and lemma(tok) in stances and (a.speaker.name or a.speaker.mention):
            a.speaker = Speaker(name=None)
    return atts


def read_attributions(doc: Doc) -> list[Attribution]:
    """The attributions stored on ``doc._.qg_attributions``."""
    return [Attribution.from_dict(d) for d in (doc._.qg_attributions or [])]


class AttributionLinker(LexiconComponent):
    """``quotegraph_attributions``: writes ``doc._.qg_attributions``."""

    def __init__(self, nlp: Language, name: str, left_window: int, right_window: int,
                 continuation_sentences: int) -> None:
        super().__init__(nlp, name)
        self.settings = LinkSettings(left_window, right_window, continuation_sentences)

    def __call__(self, doc: Doc) -> Doc:
        speakers = SpeakerContext(doc, mention_index(doc), read_roles(doc), self.lexicon)
        write_layer(doc, "qg_attributions", link(doc, speakers, self.settings))
        return doc


@Language.factory("quotegraph_attributions", assigns=["doc._.qg_attributions"],
                  requires=["doc._.qg_quotes", "doc._.qg_cues", "doc._.qg_mentions", "doc._.qg_coref",
                            "doc._.qg_roles"],
                  default_config={"left_window": 12, "right_window": 16, "continuation_sentences": 2})
def make_attribution_linker(nlp: Language, name: str, left_window: int, right_window: int,
                            continuation_sentences: int) -> AttributionLinker:
    """Windows in tokens around a quotation where its cue is looked for; how many sentences back a cue-less
    quotation may continue the previous speaker."""
    return AttributionLinker(nlp, name, left_window, right_window, continuation_sentences)
