"""Reported speech from the parse: cue verbs, their content and their source (``quotegraph_cues``).

In: a parsed Doc (ClearNLP dependency labels) with ``Doc._.quotes``.
Out: ``Doc._.cues``: list[Cue], one per reporting construction found:
- a communication/belief verb with a clausal complement ("asserts that …",
  "…, he said"), the content being the complement clause without "that";
- a verb whose noun-phrase object is the content ("highlighted the risk of …",
  "accused the United States of complicity …", "denied targeting civilians",
  "expressed regret over …"; "expressed his dismay" has no content so is no cue);
- "describe/characterize … as X" with X as content;
- "according to X" (X is the source, the clause it modifies the content);
- participles ", stating that …", ", emphasizing that …" whose source is the
  subject of the clause they hang on (or of the cue whose content they sit in).
Content that contains another cue's participial clause is cut before it, so
"assured that A, emphasizing that B" gives A and B separately. Verbs with no
content (a bare "stating, “…”") are still reported with ``content=[]`` so
speakers.py can link them to the adjacent quotation. One pass over tokens.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from .common import has_parse, lemma, lex, register_extensions, subject_of, trim_span, doc_text


@dataclass
class Cue:
    """A reporting construction. Offsets are chars in the doc text."""

    token: int  # the cue word's token index
    cue_start: int
    cue_end: int
    content: list[tuple[int, int]] = field(default_factory=list)
    speaker: Optional[int] = None  # head token of the source NP
    how: str = "subject"  # subject / according / participial / inherited
    participial: bool = False
    content_tokens: tuple[int, int] = (-1, -1)  # token range [start, end) of the content

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
    """Token range [start, end) of a subtree, dropping a leading complementizer."""
    start, end = tok.left_edge.i, tok.right_edge.i + 1
    doc = tok.doc
    while start < end and (doc[start].dep_ == "mark" and doc[start].lower_ in ("that", "whether", "if") or doc[start].is_punct or doc[start].is_space):
        start += 1
    return start, end


def _chars(doc, start: int, end: int) -> tuple[int, int]:
    if end <= start:
        return (0, 0)
    s = doc[start].idx
    e = doc[end - 1].idx + len(doc[end - 1].text)
    return trim_span(doc_text(doc), s, e, keep_final_punct=False)


def _participial_speaker(v):
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


def find_cues(doc: Doc) -> list[Cue]:
    """All reporting constructions (see module docstring)."""
    if not has_parse(doc) or len(doc) == 0:
        return []
    L = lex()
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
        if lem not in L.any_cue:
            continue
        participial = tok.tag_ == "VBG" and tok.dep_ in ("advcl", "xcomp", "conj", "acl", "pcomp", "dep") and subject_of(tok) is None
        if participial and lem not in L.participial:
            continue
        if tok.dep_ in ("amod", "acl") and tok.tag_ == "VBN":
            continue  # "the weaponry supplied", "a so-called …": adjectival participles
        content_tok = None
        content_range = None
        for c in tok.children:
            if c.dep_ == "ccomp" and lem in L.clause:
                content_tok = c
                break
        if content_tok is None and lem in L.np:
            content_range = _np_content(tok, lem)
        if content_tok is None and content_range is None and lem in L.xcomp:
            content_range = _xcomp_content(tok)
        if content_tok is None and content_range is None and lem in L.as_complement:
            content_range = _as_content(tok)
        if content_tok is None and content_range is None and lem in L.clause and tok.dep_ in ("parataxis", "ccomp") and tok.head.i < tok.i:
            # "The economy is strong, he said": the cue is attached under its content.
            h = tok.head
            if subject_of(tok) is not None and h.pos_ in ("VERB", "AUX"):
                s = h.left_edge.i
                e = tok.left_edge.i
                while e > s and (doc[e - 1].is_punct or doc[e - 1].is_space):
                    e -= 1
                if e - s >= 3:
                    content_range = (s, e)
        if content_tok is not None:
            content_range = _span_of(content_tok)
        if participial:
            speaker = _participial_speaker(tok)
            how = "participial"
        else:
            speaker = subject_of(tok)
            how = "subject"
            if speaker is None and tok.dep_ == "xcomp":
                speaker = subject_of(tok.head)  # "went on to say", "declined to say"
                how = "inherited"
            if speaker is not None and speaker.dep_ == "nsubjpass":
                speaker = None
        if speaker is None and content_range is None:
            continue
        if speaker is not None and lem not in L.strong and not _plausible_source(speaker):
            continue
        if speaker is not None and speaker.lower_ in ("i", "we", "you") and lem in L.first_person_blocked:
            continue  # "I think …" in a columnist's own voice is opinion, not attribution
        if speaker is not None and speaker.lower_ in ("which", "that", "who") and speaker.dep_ == "nsubj":
            # relative clause: "officials who said…" -> the noun it modifies
            if tok.dep_ == "relcl":
                speaker = tok.head
        cue = Cue(token=tok.i, cue_start=tok.idx, cue_end=tok.idx + len(tok.text), speaker=speaker.i if speaker is not None else None, how=how, participial=participial)
        if content_range is not None:
            s, e = content_range
            cue.content_tokens = (s, e)
        cues.append(cue)
    cues.extend(_colon_cues(doc, inside_quote))
    _cut_nested(doc, cues)
    for cue in cues:
        s, e = cue.content_tokens
        if e > s:
            cs, ce = _chars(doc, s, e)
            if ce > cs:
                cue.content = [(cs, ce)]
    return cues


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
    return (
        low in L.person_source_nouns or lem in L.person_source_nouns or low in L.institution_nouns
        or lem in L.institution_nouns or low in L.document_nouns or lem in L.document_nouns
        or low in ("who", "which", "that")
    )


def _np_content(v, lem: str):
    """Token range of a noun-phrase content, or None."""
    L = lex()
    doc = v.doc
    obj = None
    for c in v.children:
        if c.dep_ in ("dobj", "xcomp") and c.i > v.i:
            if c.dep_ == "xcomp" and not (c.tag_ == "VBG" or lem == "deny"):
                continue
            obj = c
            break
    if obj is None:
        preps = _CONTENT_PREPS.get(lem)
        if preps:
            for c in v.children:
                if c.dep_ == "prep" and c.lower_ in preps and c.i > v.i:
                    for p in c.children:
                        if p.dep_ in ("pobj", "pcomp"):
                            s, e = _span_of(p)
                            return s, e
        return None
    if obj.lower_ in ("which", "that", "what", "it", "this"):
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
        if c.dep_ in ("oprd", "xcomp", "ccomp", "attr", "acomp") and c.i > obj.i:
            e = max(e, c.right_edge.i + 1)
    if e - s == 1 and obj.pos_ == "PRON":
        return None
    # Following prepositional attachments of the verb belong to the content
    # ("accused X of complicity in a recent attack on Crimea") until a comma.
    for c in sorted(v.children, key=lambda t: t.i):
        if c.i >= e and c.dep_ == "prep" and c.left_edge.i == e and c.lower_ not in ("in", "during", "after", "before", "at", "on") or (
            c.i >= e and c.dep_ == "prep" and c.left_edge.i == e and lem in ("accuse", "blame", "warn", "express", "criticize", "praise", "condemn")
        ):
            e = c.right_edge.i + 1
    return s, e


def _xcomp_content(v):
    """'wants to X', 'urged Congress to act', 'declined to comment': the infinitive (with its object) is content."""
    doc = v.doc
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
            while cut > s and (doc[cut - 1].is_punct or doc[cut - 1].is_space):
                cut -= 1
            e = cut
        cue.content_tokens = (s, e)


@Language.component("quotegraph_cues")
def cues_component(doc: Doc) -> Doc:
    register_extensions()
    doc._.cues = find_cues(doc)
    return doc
