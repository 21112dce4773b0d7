"""Reported speech from the parse: cue verbs, their content and their source (``quotegraph_cues``).

In: a parsed Doc (ClearNLP dependency labels) with ``Doc._.quotes``.
Out: ``Doc._.cues``: list[Cue], one per reporting construction found:
- a communication/belief verb with a clausal complement ("asserts that …",
  "…, he said"), the content being the complement clause;
- a verb whose noun-phrase object is the content ("highlighted the risk of …",
  "accused the United States of complicity …", "denied targeting civilians",
  "expressed regret over …"; "expressed his dismay" has no content so is no cue);
- "describe/characterize … as X" with X as content;
- "according to X" (X is the source, the clause it modifies the content);
- participles ", stating that …", ", emphasizing that …" whose source is the
  subject of the clause they hang on (or of the cue whose content they sit in).
Contents keep their complementizer ("that …", "whether …"), as PolNeAR annotates them.
Content that contains another cue's participial clause is cut before it, so
"assured that A, emphasizing that B" gives A and B separately. Verbs with no
content (a bare "stating, “…”") are still reported with ``content=[]`` so
speakers.py can link them to the adjacent quotation. One pass over tokens.
When the learnt cue classifier (cue_model.py) is there, verbs outside the lexicon but among its candidate
lemmas (``Lex.cand``) are tried too, and every cue with a content is kept only when the classifier says so.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from . import cue_model
from .common import has_parse, lemma, lex, register_extensions, subject_of, trim_span, doc_text


@dataclass
class Cue:
    """A reporting construction. Offsets are chars in the doc text."""

    token: int  # the cue word's token index
    cue_start: int
    cue_end: int
    content: list[tuple[int, int]] = field(default_factory=list)
    speaker: Optional[int] = None  # head token of the source NP
    how: str = "subject"  # subject / according / participial / inherited / agent / colon
    participial: bool = False
    content_tokens: tuple[int, int] = (-1, -1)  # token range [start, end) of the content
    rel: str = "none"  # how the content hangs on the cue (ccomp / np / xcomp / as / head / head_in / passive)
    lexicon: bool = False  # found with the cue lexicon (else a candidate of the learnt classifier)
    features: Optional[list[str]] = None  # the classifier's features (cues with a content only)

    @property
    def text_span(self) -> tuple[int, int]:
        return self.cue_start, self.cue_end


_CONTENT_PREPS = {
    "warn": {"of", "about", "against"},
    "call": {"for"},
    "complain": {"about", "of"},
    "speak": {"about", "of"},
    "talk": {"about"},
    "express": set(),
    "accuse": set(),
}


def _span_of(tok, exclude: set[int] | None = None) -> tuple[int, int]:
    """Token range [start, end) of a subtree, without leading punctuation.

    A leading complementizer ("that", "whether") stays: PolNeAR contents include it.
    """
    start, end = tok.left_edge.i, tok.right_edge.i + 1
    doc = tok.doc
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    return start, end


def _cut_conj_cue(root, rng: tuple[int, int]) -> tuple[int, int]:
    """'said that A and predicted that B': a reporting verb conjoined to the content starts a new attribution."""
    s, e = rng
    doc = root.doc
    L = lex()
    for c in root.children:
        if c.dep_ == "conj" and c.i > root.i and lemma(c) in L.any_cue and c.pos_ == "VERB":
            subj = subject_of(c) if any(x.dep_ in ("nsubj", "csubj") for x in c.children) else None
            if subj is not None and not _plausible_source(subj):
                continue
            cut = c.left_edge.i
            for x in root.children:
                if x.dep_ == "cc" and root.i < x.i < c.i:
                    cut = min(cut, x.i)
            while cut > s and (doc[cut - 1].is_punct or doc[cut - 1].is_space or doc[cut - 1].dep_ == "cc"):
                cut -= 1
            if cut - s >= 2:
                return s, cut
    return rng


def _extend_conj_content(v, content_tok, rng: tuple[int, int], L) -> tuple[int, int]:
    """'said that A and that B' / 'said A and wanted B': a second clause conjoined to the cue verb continues its content."""
    s, e = rng
    for c in v.children:
        if c.dep_ != "conj" or c.i <= content_tok.i or c.left_edge.i < e:
            continue
        gap = [t for t in v.doc[e : c.left_edge.i] if not (t.is_punct or t.is_space)]
        if any(t.dep_ != "cc" for t in gap):
            continue
        marked = any(m.dep_ == "mark" and m.lower_ in ("that", "whether") for m in c.children)
        own_subj = any(m.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for m in c.children)
        if marked or (not own_subj and c.pos_ in ("VERB", "AUX") and lemma(c) not in L.any_cue):
            e = c.right_edge.i + 1
    return s, e


def _cut_trailing(root, rng: tuple[int, int]) -> tuple[int, int]:
    """End a clause content before a trailing ', while …' contrast or a ', which/who …' aside on its last noun."""
    s, e = rng
    doc = root.doc
    cut = e
    for c in root.children:
        if c.dep_ == "advcl" and c.right_edge.i + 1 >= e and c.left_edge.i > s + 2 and doc[c.left_edge.i - 1].text == "," \
                and doc[c.left_edge.i].lower_ in ("while", "whereas", "although", "though"):
            cut = min(cut, c.left_edge.i - 1)
    for t in doc[s:e]:
        if t.dep_ == "relcl" and t.right_edge.i + 1 >= e and t.left_edge.i > s + 2 and doc[t.left_edge.i - 1].text == "," \
                and doc[t.left_edge.i].lower_ in ("which", "who"):
            cut = min(cut, t.left_edge.i - 1)
            break
    return (s, cut) if cut - s >= 2 else rng


def _cut_comma_modifier(doc, rng: tuple[int, int]) -> tuple[int, int]:
    """End a noun-phrase content before a comma-set participle or relative clause on it
    ("accused X of complicity in an attack, involving missiles …, which …"): an aside of the reporter's."""
    s, e = rng
    for t in doc[s + 2 : e]:
        if t.dep_ in ("acl", "relcl") and t.left_edge.i > s + 2 and doc[t.left_edge.i - 1].text == "," \
                and (t.tag_ in ("VBG", "VBN") or doc[t.left_edge.i].lower_ in ("which", "who")):
            return s, t.left_edge.i - 1
    return rng


def _chars(doc, start: int, end: int) -> tuple[int, int]:
    if end <= start:
        return (0, 0)
    s = doc[start].idx
    e = doc[end - 1].idx + len(doc[end - 1].text)
    return trim_span(doc_text(doc), s, e, keep_final_punct=False)


def participial_source(v):
    """Source of a participial cue: the governing clause's subject, or the source of the cue it is inside."""
    h = v.head
    steps = 0
    link = v.dep_
    while h is not None and steps < 4:
        if link not in ("advcl", "conj", "xcomp", "ccomp", "pcomp", "dep") or h.pos_ not in ("VERB", "AUX"):
            return None  # "an attempt … to reclaim territory, denying …": not a clause with a source
        if h.dep_ == "ccomp" and h.head is not h and lemma(h.head) in lex().any_cue:
            s = subject_of(h.head)
            if s is not None:
                return s
        s = subject_of(h)
        if s is not None:
            return s
        if h.head is h:
            return None
        link = h.dep_
        h = h.head
        steps += 1
    return None


def find_cues(doc: Doc, gate: bool = True) -> list[Cue]:
    """All reporting constructions (see module docstring)."""
    if not has_parse(doc) or len(doc) == 0:
        return []
    base = lex()
    model = cue_model.load() if gate else None
    wide = base.cand if (model is not None or not gate) else None
    cues: list[Cue] = []
    # Reporting inside a quotation is the quoted speaker's, not the article's ("“I think …,” he said").
    inside_quote = [False] * len(doc)
    for q in doc._.quotes or []:
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is not None:
            for i in range(span.start, span.end):
                inside_quote[i] = True
    for tok in doc:
        if inside_quote[tok.i]:
            continue
        low = tok.lower_
        if low == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            c = _according(doc, tok)
            if c:
                cues.append(c)
            continue
        if tok.pos_ not in ("VERB", "AUX") and not tok.tag_.startswith("VB"):
            continue
        lem = lemma(tok)
        if lem in _IMPERSONAL:
            c = _impersonal(doc, tok, lem)
            if c is not None:
                cues.append(c)
                continue
            if not (lem == "expect" and any(x.dep_ == "nsubj" for x in tok.children)):
                continue  # active 'observers expect that …' is an ordinary cue
        if lem == "ask" and (tok.tag_ == "VBN" or tok.tag_ == "VBD" and (
                tok.is_sent_start or tok.i > 0 and doc[tok.i - 1].lower_ in ("when", "after", "once", "if"))):
            c = _asked(doc, tok)
            if c is not None:
                cues.append(c)
                continue
        cue = _verb_cue(doc, tok, lem, base) if lem in base.any_cue else None
        if cue is not None:
            cue.lexicon = True
        elif wide is not None and lem in wide.any_cue:
            cue = _verb_cue(doc, tok, lem, wide)
            if cue is not None and cue.content_tokens[1] <= cue.content_tokens[0]:
                cue = None  # candidates need a content of their own
        if cue is not None:
            cues.append(cue)
    if model is not None or not gate:
        for c in cues:
            if c.how in _GATED_HOWS and c.content_tokens[1] > c.content_tokens[0]:
                c.features = cue_model.features(doc, c, inside_quote)
        if gate:
            cues = [c for c in cues if c.features is None or (c.lexicon and model.lexicon_threshold <= 0)
                    or model.prob(c.features) >= (model.lexicon_threshold if c.lexicon else model.threshold)]
    cues.extend(_colon_cues(doc, inside_quote))
    _cut_nested(doc, cues)
    qspans = sorted((q.open_mark, q.end, q.close_mark) for q in (doc._.quotes or []) if q.close_mark >= 0)
    qstarts = [q[0] for q in qspans]
    text = doc_text(doc)
    for cue in cues:
        s, e = cue.content_tokens
        if e > s and cue.how != "impersonal":
            cs, ce = _chars(doc, s, e)
            if ce > cs:
                ce = _extend_to_quote(text, qspans, qstarts, cs, ce)
                cue.content = [(cs, ce)]
    return cues


_GATED_HOWS = ("subject", "participial", "inherited", "agent")


def _verb_cue(doc, tok, lem: str, L) -> Optional[Cue]:
    """The cue headed by verb ``tok`` under the cue sets ``L`` (the lexicon, or the classifier's candidates)."""
    participial = tok.tag_ == "VBG" and tok.dep_ in ("advcl", "xcomp", "conj", "acl", "pcomp", "dep") and subject_of(tok) is None
    if participial and lem not in L.participial:
        return None
    if tok.dep_ in ("amod", "acl") and tok.tag_ == "VBN":
        return None  # "the weaponry supplied", "a so-called …": adjectival participles
    content_tok = None
    content_range = None
    rel = "none"
    for c in tok.children:
        if c.dep_ == "ccomp" and lem in L.clause:
            content_tok = c
            if c.i > tok.i:
                break  # a ccomp before the verb is kept only when none follows it (a misparsed subject clause)
    if content_tok is None and lem == "say":
        yn = next((c for c in tok.children if c.dep_ in ("dobj", "intj") and c.i > tok.i and c.lower_ in ("yes", "no")), None)
        if yn is not None:
            content_range = (yn.i, yn.right_edge.i + 1)  # 'most members said yes'
            rel = "np"
    if content_tok is None and content_range is None and (lem in L.np or lem in L.content_preps):
        content_range = _np_content(tok, lem, L)
        rel = "np"
    if content_tok is None and content_range is None and lem in L.xcomp:
        content_range = _xcomp_content(tok)
        rel = "xcomp"
    if content_tok is None and content_range is None and lem in L.as_complement:
        content_range = _as_content(tok)
        rel = "as"
    if content_tok is None and content_range is None and lem in L.clause and tok.dep_ == "parataxis" and tok.head.i > tok.i \
            and tok.head.pos_ in ("VERB", "AUX") and subject_of(tok) is not None and tok.right_edge.i < tok.head.i \
            and doc[tok.right_edge.i].is_punct and tok.head.right_edge.i - tok.head.i >= 2:
        # "In X, Y said, Z is …": the cue interrupts its content at the front
        s, e = tok.head.left_edge.i, tok.head.right_edge.i + 1
        while e > s and (doc[e - 1].is_punct or doc[e - 1].is_space):
            e -= 1
        content_range = (s, e)
        rel = "head_in"
    if content_tok is None and content_range is None and lem in L.clause and tok.dep_ in ("parataxis", "ccomp") and (
            tok.head.i < tok.i or (tok.dep_ == "parataxis" and tok.head.left_edge.i < tok.left_edge.i)):
        # "The economy is strong, he said": the cue is attached under its content.
        h = tok.head
        if subject_of(tok) is not None and h.pos_ in ("VERB", "AUX"):
            s = h.left_edge.i
            e = tok.left_edge.i
            while e > s and (doc[e - 1].is_punct or doc[e - 1].is_space):
                e -= 1
            after = [t for t in doc[tok.right_edge.i + 1 : h.right_edge.i + 1] if not (t.is_punct or t.is_space)]
            if len(after) >= 1 and e - s >= 1:
                # "This plan, he said, is different": the cue interrupts its content
                e = h.right_edge.i + 1
                while e > s and (doc[e - 1].is_punct or doc[e - 1].is_space):
                    e -= 1
                content_range = (s, e)
                rel = "head_in"
            elif e - s >= 3:
                content_range = (s, e)
                rel = "head"
    if content_tok is not None:
        content_range = _extend_conj_content(tok, content_tok, _cut_conj_cue(content_tok, _span_of(content_tok)), L)
        content_range = _cut_trailing(content_tok, content_range)
        rel = "ccomp"
    if participial:
        speaker = participial_source(tok)
        how = "participial"
    else:
        speaker = subject_of(tok)
        how = "subject"
        if (tok.dep_ == "conj" and not any(c.dep_ in ("nsubj", "csubj") for c in tok.children)
                and tok.head.dep_ == "ccomp" and lemma(tok.head.head) in L.any_cue):
            # "said that A and predicted that B": the parser hangs the second cue on A
            speaker = subject_of(tok.head.head)
        if speaker is None and tok.dep_ == "xcomp":
            speaker = subject_of(tok.head)  # "went on to say", "declined to say"
            how = "inherited"
        if speaker is not None and speaker.dep_ == "nsubjpass":
            passive_subj = speaker
            speaker = _agent(tok)  # "was first reported by the newspaper"
            if speaker is not None:
                how = "agent"
                if content_range is None and lem in L.np and passive_subj.pos_ not in ("PRON",):
                    content_range = _span_of(passive_subj)
                    rel = "passive"
        elif speaker is None and tok.tag_ == "VBN":
            speaker = _agent(tok)  # "the plan was criticized by economists"
            if speaker is not None:
                how = "agent"
                subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
                if content_range is None and lem in L.np and subj is not None and subj.pos_ != "PRON":
                    content_range = _span_of(subj)
                    rel = "passive"
    if speaker is None and content_tok is not None and content_tok.i > tok.i and tok.dep_ == "ROOT":
        speaker = _misparsed_subject(tok)
    if speaker is None and content_range is None:
        return None
    if speaker is not None and lem not in L.strong and not _plausible_source(speaker):
        return None
    if speaker is not None and speaker.lower_ in ("i", "we", "you") and lem in L.first_person_blocked:
        return None  # "I think …" in a columnist's own voice is opinion, not attribution
    if speaker is not None and speaker.lower_ in ("which", "that", "who") and speaker.dep_ == "nsubj":
        # relative clause: "officials who said…" -> the noun it modifies
        if tok.dep_ == "relcl":
            speaker = tok.head
    cue = Cue(token=tok.i, cue_start=tok.idx, cue_end=tok.idx + len(tok.text), speaker=speaker.i if speaker is not None else None, how=how, participial=participial)
    if content_range is not None:
        s, e = content_range
        cue.content_tokens = (s, e)
    cue.rel = rel if content_range is not None else "none"
    return cue


_JOINERS = re.compile(r"^[\s,;:–—-]*(?:(?:and|but|or|as|saying|calling it)\b[\s,]*)?$")


def _extend_to_quote(text, qspans, qstarts, cs: int, ce: int) -> int:
    """A quotation that starts inside the content, or right after it ('… gun, but “the offers …”'), ends it."""
    k = bisect.bisect_left(qstarts, cs)
    while k < len(qspans) and qspans[k][0] <= ce + 12:
        open_mark, q_end, close_mark = qspans[k]
        if q_end > ce and (open_mark < ce or _JOINERS.match(text[ce:open_mark])) and "\n" not in text[ce:q_end] \
                and q_end - ce < 400:
            return q_end
        k += 1
    return ce


# "X seems / appears to …", "X is expected to …": a stance with no source; PolNeAR's content is the
# subject plus the predicate (two spans).
_IMPERSONAL = {"seem", "appear", "expect"}


def _impersonal(doc, tok, lem: str) -> Optional[Cue]:
    if tok.pos_ != "VERB":
        return None
    subj = next((c for c in tok.children if c.dep_ in (("nsubjpass",) if lem == "expect" else ("nsubj",))), None)
    if subj is None or subj.dep_ == "expl" or subj.lower_ in ("it", "there", "what") or (
            subj.lower_ in ("which", "that", "who") and lem != "expect"):
        return None
    if lem == "expect" and any(c.dep_ == "agent" for c in tok.children):
        return None
    pred = next((c for c in tok.children if c.dep_ in ("xcomp", "acomp", "oprd", "attr") and c.i > tok.i), None)
    if pred is None or (lem == "expect" and pred.dep_ != "xcomp"):
        return None
    s1, e1 = _span_of(subj)
    s2, e2 = _span_of(pred)
    if e1 > tok.i or e2 - s2 < 1:
        return None
    a, b = _chars(doc, s1, e1)
    c_, d = _chars(doc, s2, e2)
    if b <= a or d <= c_:
        return None
    return Cue(token=tok.i, cue_start=tok.idx, cue_end=tok.idx + len(tok.text), content=[(a, b), (c_, d)],
               speaker=None, how="impersonal")


def _asked(doc, tok) -> Optional[Cue]:
    """'Asked whether/why …, X said' / 'when asked about …': the question is content with no source of its own."""
    if any(c.dep_ in ("nsubj", "csubj", "agent") for c in tok.children) or tok.dep_ not in ("advcl", "ROOT", "ccomp", "conj"):
        return None
    for c in tok.children:
        if c.i < tok.i:
            continue
        if c.dep_ == "ccomp" and c.left_edge.i == tok.i + 1 and doc[c.left_edge.i].lower_ in _QUESTION_WORDS:
            s, e = _span_of(c)
        elif c.dep_ == "prep" and c.lower_ == "about" and c.i == tok.i + 1 and any(p.dep_ in ("pobj", "pcomp") for p in c.children):
            s, e = c.i, c.right_edge.i + 1
        else:
            continue
        if e - s < 1:
            return None
        return Cue(token=tok.i, cue_start=tok.idx, cue_end=tok.idx + len(tok.text), speaker=None, how="asked",
                   content_tokens=(s, e), rel="ccomp" if c.dep_ == "ccomp" else "np")
    return None


_QUESTION_WORDS = {"whether", "if", "why", "how", "what", "which", "who", "whom", "when", "where"}


def _misparsed_subject(v):
    """'Garcia, meanwhile, who …, said that …' parsed with the subject inside a clause before the verb: the name
    that opens that clause, when a comma follows it."""
    left = [c for c in v.children if c.i < v.i and c.dep_ in ("ccomp", "advcl", "dep", "parataxis")]
    if not left:
        return None
    doc = v.doc
    s = min(c.left_edge.i for c in left)
    if s != v.sent.start and not doc[s - 1].is_punct:
        return None
    j = s
    while j < v.i and doc[j].tag_ in ("NNP", "NNPS", "DT", "NN") and j - s < 5:
        j += 1
    if j == s or j >= v.i or doc[j].text != "," or doc[j - 1].tag_ not in ("NNP", "NNPS"):
        return None
    return doc[j - 1]


def _plausible_source(tok) -> bool:
    """Sources are people, organizations, documents or pronouns, not abstract nouns ('the attribution underscores')."""
    L = lex()
    if tok.pos_ in ("PRON", "PROPN") or tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return tok.lower_ not in ("there", "what", "this", "that") or tok.dep_ != "expl"
    if tok.text[:1].isupper() and not tok.is_sent_start:
        return True  # a capitalised noun mid-sentence is a name the NER missed
    if tok.text[:1].isupper() and tok.is_sent_start and tok.tag_ in ("NNP", "NNPS", "NN") and tok.lower_ not in lex().document_nouns and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].is_punct:
        return True  # "Sanders, a senator from Vermont, said": sentence-initial surname tagged as noun
    low = tok.lower_
    lem = lemma(tok)
    coref = tok.doc._.coref
    if coref is not None and coref.mention(tok) is not None:
        return True  # a known name the tagger took for a common noun ("Sanders" -> "sander")
    if tok.text[:1].isupper() and tok.text in _name_words(tok.doc):
        return True  # sentence-initial surname of a name seen earlier
    return (
        low in L.source_nouns or lem in L.source_nouns or lem in L.titles or
        low in L.person_source_nouns or lem in L.person_source_nouns or low in L.institution_nouns
        or lem in L.institution_nouns or low in L.document_nouns or lem in L.document_nouns
        or low in ("who", "which", "that")
    )


def _agent(v):
    """The 'by X' source of a passive cue, or None."""
    for c in v.children:
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    return None


_NAME_WORDS_KEY = ("quotegraph", "name_words")


def _name_words(doc) -> frozenset:
    """Last words of the doc's entity mentions (cached on the doc)."""
    w = doc.user_data.get(_NAME_WORDS_KEY)
    if w is None:
        w = frozenset(m.text.split()[-1] for m in (doc._.qg_ents or []) if m.text.split())
        doc.user_data[_NAME_WORDS_KEY] = w
    return w


def _np_content(v, lem: str, L):
    """Token range of a noun-phrase content, or None."""
    doc = v.doc
    obj = None
    for c in v.children if lem in L.np else ():
        if c.dep_ in ("dobj", "xcomp") and c.i > v.i:
            if c.dep_ == "xcomp" and not (c.tag_ == "VBG" or lem == "deny"):
                continue
            obj = c
            break
    if obj is None and lem == "call":
        # 'called for the council to act': the 'for' clause minus its 'for'
        for c in v.children:
            if c.dep_ == "advcl" and c.i > v.i and doc[c.left_edge.i].lower_ == "for" and c.left_edge.i == v.i + 1:
                return c.left_edge.i + 1, c.right_edge.i + 1
    if obj is None:
        preps = _CONTENT_PREPS.get(lem, frozenset()) | L.content_preps.get(lem, frozenset())
        if preps and not any(c.dep_ == "prt" for c in v.children):  # 'call out X for Y' is not 'call for Y'
            for c in v.children:
                if c.dep_ == "prep" and c.lower_ in preps and c.i > v.i:
                    for p in c.children:
                        if p.dep_ in ("pobj", "pcomp"):
                            s, e = _span_of(p)
                            return s, e
        return None
    if obj.lower_ in ("which", "that", "what", "it", "this"):
        if obj.lower_ in ("it", "this", "that"):
            # 'called it a disgrace': the predicate is the content
            pred = next((c for c in v.children if c.dep_ in ("oprd", "xcomp") and c.i > obj.i and c.pos_ in ("NOUN", "PROPN", "ADJ")), None)
            if pred is not None:
                s, e = _span_of(pred)
                return (s, e) if e > s else None
        return None
    if lem in L.np_needs_complement:
        if not any(c.dep_ in ("prep", "acl", "ccomp", "relcl") for c in obj.children) and not any(
            c.dep_ in ("oprd", "attr", "xcomp", "ccomp") and c.i > obj.i for c in v.children) and not any(
            c.dep_ == "prep" and c.lower_ in ("over", "about", "at", "for", "of", "on") and c.i > obj.i for c in v.children
        ):
            return None
    s, e = _span_of(obj)
    # "called it a fundamental mistake", "called X “unheard of”": the predicate is content too
    for c in v.children:
        if c.dep_ in ("oprd", "xcomp", "ccomp", "attr", "acomp", "dobj") and c.i > obj.i:
            e = max(e, c.right_edge.i + 1)
    if e - s == 1 and obj.pos_ == "PRON":
        return None
    # Following prepositional attachments of the verb belong to the content
    # ("accused X of complicity in a recent attack on Crimea") until a comma.
    for c in sorted(v.children, key=lambda t: t.i):
        if c.i >= e and c.dep_ == "prep" and c.left_edge.i == e and c.lower_ not in _SCENE_PREPS and not _is_scene(c) or (
            c.i >= e and c.dep_ == "prep" and c.left_edge.i == e and lem in ("accuse", "blame", "warn", "express", "criticize", "praise", "condemn")
            and not _is_scene(c)
        ):
            e = c.right_edge.i + 1
    return _cut_comma_modifier(doc, (s, e))


_SCENE_PREPS = {"during", "after", "before", "at", "since", "until", "amid", "following", "via", "through"}


def _is_scene(prep) -> bool:
    """'on Monday', 'in Iowa', 'in a statement', 'in an interview': where/when it was said, not what."""
    objs = [p for p in prep.children if p.dep_ == "pobj"]
    if not objs:
        return prep.lower_ in ("in", "on")
    o = objs[0]
    if o.ent_type_ in ("DATE", "TIME", "GPE", "LOC", "FAC", "EVENT"):
        return True
    return prep.lower_ in ("in", "on") and lemma(o) in _SCENE_NOUNS


_SCENE_NOUNS = {"statement", "interview", "speech", "tweet", "post", "letter", "email", "op-ed", "debate", "rally",
                "conference", "call", "meeting", "hearing", "appearance", "broadcast", "show", "program", "video",
                "town", "city", "state", "country", "way", "response", "reply", "remark", "remarks", "address",
                "event", "campaign", "trail", "stump", "stage", "floor", "morning", "afternoon", "evening", "night",
                "week", "day", "weekend", "year", "month", "time", "past", "wake", "face", "front"}


def _xcomp_content(v):
    """'wants to X', 'urged Congress to act', 'declined to comment': the infinitive (with its object) is content."""
    obj = None
    for c in v.children:
        if c.dep_ in ("dobj",) and c.i > v.i:
            obj = c
        if c.dep_ == "xcomp" and c.i > v.i and c.tag_ in ("VB", "VBG"):
            s = c.left_edge.i
            if obj is not None and obj.i < c.i:
                s = obj.left_edge.i
            return s, c.right_edge.i + 1
    return None


def _as_content(v):
    """'describe X as Y' -> Y (with X if X is a real noun phrase)."""
    obj = None
    for c in v.children:
        if c.dep_ == "dobj" and c.lower_ not in ("which", "that", "what", "who"):
            obj = c
        if c.dep_ == "prep" and c.lower_ == "as":
            for p in c.children:
                if p.dep_ in ("pobj", "pcomp"):
                    s, e = _span_of(p)
                    if obj is not None and obj.i < p.i:
                        s = min(s, obj.left_edge.i)
                    return s, e
    return None


def _according(doc, tok) -> Optional[Cue]:
    """'according to X': X is the source, the rest of the clause the content."""
    to = doc[tok.i + 1]
    src = None
    for c in list(to.children) + list(tok.children):
        if c.dep_ == "pobj":
            src = c
            break
    if src is None:
        return None
    phrase_s = tok.i
    phrase_e = max(src.right_edge.i, to.right_edge.i) + 1
    sent = tok.sent
    s, e = sent.start, sent.end
    # Content: the larger side of the sentence around the phrase.
    left = (s, phrase_s)
    right = (phrase_e, e)
    def _len(r):
        return sum(1 for t in doc[r[0] : r[1]] if not t.is_punct and not t.is_space)
    rng = left if _len(left) >= _len(right) else right
    if _len(rng) < 3:
        return None
    return Cue(token=tok.i, cue_start=tok.idx, cue_end=to.idx + len(to.text), speaker=src.i, how="according", content_tokens=rng)


_COLON_LABELS = {"question", "answer", "q", "a", "photo", "video", "update", "note", "editor", "source", "sources",
                 "related", "read", "watch", "listen", "image", "caption", "credit", "correction", "disclosure",
                 "warning", "breaking", "exclusive", "analysis", "opinion", "summary", "example", "examples", "tags"}


def _colon_cues(doc, inside_quote) -> list[Cue]:
    """'Clinton camp: Trump will …' / 'LOPEZ: Well, …': a short source before a colon opening its line."""
    out = []
    text = doc_text(doc)
    for tok in doc:
        if tok.text != ":" or inside_quote[tok.i] or tok.i == 0:
            continue
        # the speaker must start a line (or the sentence) and be short
        j = tok.i - 1
        start = j
        while start > 0 and tok.i - start < 6 and "\n" not in doc[start - 1].text and not doc[start - 1].is_sent_end:
            start -= 1
        if start > 0 and "\n" not in doc[start - 1].text and not doc[start - 1].is_sent_end and not doc[start - 1].is_punct:
            continue
        src = [t for t in doc[start : tok.i] if not t.is_space]
        if not src or len(src) > 5 or src[0].lower_ in _COLON_LABELS or src[-1].lower_ in _COLON_LABELS:
            continue
        if any(t.like_num or t.ent_type_ in ("DATE", "TIME", "CARDINAL", "MONEY", "PERCENT") for t in src):
            continue
        if src[0].text.isupper() and len(src) == 1 and src[0].ent_type_ not in ("PERSON",) and len(src[0].text) > 3 and tok.i < 40:
            continue  # dateline "MOSCOW:"
        head = src[-1]
        for t in src:
            if t.head.i < start or t.head.i >= tok.i or t.head is t:
                head = t
        if not (head.ent_type_ in ("PERSON", "ORG", "NORP") or head.pos_ in ("PROPN",) or head.lower_ in lex().person_source_nouns or head.lower_ in lex().institution_nouns or head.lower_ in lex().document_nouns):
            continue
        # content: the rest of the line
        nl = text.find("\n", tok.idx)
        end_char = len(text) if nl < 0 else nl
        s_tok = tok.i + 1
        e_tok = s_tok
        while e_tok < len(doc) and doc[e_tok].idx < end_char:
            e_tok += 1
        if sum(1 for t in doc[s_tok:e_tok] if t.is_alpha) < 3:
            continue
        out.append(Cue(token=tok.i, cue_start=tok.idx, cue_end=tok.idx + 1, speaker=head.i, how="colon", content_tokens=(s_tok, e_tok)))
    return out


def _cut_nested(doc, cues: list[Cue]) -> None:
    """End a content before a participial cue it contains ("assured that A, emphasizing that B")."""
    part = [c for c in cues if c.participial]
    if not part:
        return
    for cue in cues:
        s, e = cue.content_tokens
        if e <= s:
            continue
        for p in part:
            if p is cue or not (s < p.token < e):
                continue
            cut = doc[p.token].left_edge.i
            if cut <= s:
                continue
            if not (doc[cut - 1].is_punct or doc[cut - 1].lower_ in ("and", "but")):
                continue  # 'he started phoning …': a participle inside the clause is no new attribution
            while cut > s and (doc[cut - 1].is_punct or doc[cut - 1].is_space):
                cut -= 1
            e = cut
        cue.content_tokens = (s, e)


@Language.component("quotegraph_cues")
def cues_component(doc: Doc) -> Doc:
    register_extensions()
    doc._.cues = find_cues(doc)
    return doc
