"""Reported speech from the parse: cue verbs, their content and their source (``quotegraph_cues``).

In: a parsed Doc (ClearNLP dependency labels) with ``doc._.qg_quotes`` and ``doc._.qg_mentions``.
Out: ``doc._.qg_cues``: one :class:`Cue` (as a dict; :func:`read_cues` gives them back) per reporting
construction found:
- a communication/belief verb with a clausal complement ("asserts that …",
  "…, he said"), the content being the complement clause;
- a verb whose noun-phrase object is the content ("highlighted the risk of …",
  "accused the United States of complicity …", "denied targeting civilians",
  "expressed regret over …"; "expressed his dismay" has no content so is no cue);
- "describe/characterize … as X" with X as content;
- "according to X" (X is the source, the clause it modifies the content), and the like with a comma-set
  "in a poll/survey/study …" or "in her view" (words.json ``evidence_nouns``);
- a bare plural speech noun with its own 'that'-clause and no owner ("despite complaints that …"): no source;
- an owned "her criticism of X", "his attacks on X" (words.json ``prep_content_nouns``): X is the content;
- participles ", stating that …", ", emphasizing that …" whose source is the
  subject of the clause they hang on (or of the cue whose content they sit in).
Contents keep their complementizer ("that …", "whether …"), as PolNeAR annotates them.
Content that contains another cue's participial clause is cut before it, so
"assured that A, emphasizing that B" gives A and B separately. Verbs with no
content (a bare "stating, “…”") are still reported with ``content=[]`` so
speakers.py can link them to the adjacent quotation. One pass over tokens.
When the learnt cue classifier (cue_model.py, the component's ``model``) is there, verbs outside the lexicon but
among its candidate lemmas (``Lexicon.cand``) are tried too, and every cue with a content is kept only when the
classifier says so. Then the learnt extra-cue classifier (extra_cues.py, the component's ``extra_model``) may add
cues the rules missed: a word with a source and a dependent span apart from every kept content (:func:`extra_cues`).
The word lists are the component's lexicon (``ingest/data/*.json``), passed to every rule.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from spacy.language import Language
from spacy.symbols import AUX, NOUN, VERB
from spacy.tokens import Doc

from .common import (LEXICON_TABLES, Lexicon, LexiconComponent, doc_text, has_parse, lemma, read_layer,
                     subject_of, trim_span, write_layer)
from .coref import mention_index
from .content_model import Candidate, ContentModel, DocInfo, load_binary, mean_inside
from .cue_model import CueModel, features, learnt_stats, subject_type
from .extra_cues import ExtraCueModel, inside_features, structures
from .extra_cues import features as extra_features
from .quotes import read_quotes


@dataclass
class Cue:
    """A reporting construction. Offsets are chars in the doc text."""

    token: int  # the cue word's token index
    cue_start: int
    cue_end: int
    content: list[tuple[int, int]] = field(default_factory=list)
    speaker: Optional[int] = None  # head token of the source NP
    how: str = "subject"  # subject / according / participial / inherited / agent / colon / impersonal / asked / as
    participial: bool = False
    content_tokens: tuple[int, int] = (-1, -1)  # token range [start, end) of the content
    rel: str = "none"  # how the content hangs on the cue (ccomp / np / xcomp / as / head / head_in / passive)
    lexicon: bool = False  # found with the cue lexicon (else a candidate of the learnt classifier)
    features: Optional[list[str]] = None  # the classifier's features (cues with a content only)

    def to_dict(self) -> dict:
        return {"token": self.token, "cue_start": self.cue_start, "cue_end": self.cue_end,
                "content": [list(c) for c in self.content], "speaker": self.speaker, "how": self.how,
                "participial": self.participial, "content_tokens": list(self.content_tokens), "rel": self.rel,
                "lexicon": self.lexicon, "features": None if self.features is None else list(self.features)}

    @classmethod
    def from_dict(cls, d: dict) -> "Cue":
        """The Cue that :meth:`to_dict` gave (also after a DocBin round trip, which turns lists into tuples)."""
        feats = d.get("features")
        return cls(**{**d, "content": [tuple(c) for c in d["content"]], "content_tokens": tuple(d["content_tokens"]),
                      "features": None if feats is None else list(feats)})


def read_cues(doc: Doc) -> list[Cue]:
    """The cues the component stored on ``doc._.qg_cues``."""
    return read_layer(doc, "qg_cues", Cue.from_dict)


@dataclass(frozen=True)
class SourceContext:
    """What the source checks read, built once per :func:`find_cues` call: the (base) lexicon, the entity
    mentions and the last words of their texts."""

    lexicon: Lexicon
    mentions: object  # coref.MentionIndex
    name_words: frozenset

    @classmethod
    def of(cls, doc: Doc, L: Lexicon) -> "SourceContext":
        index = mention_index(doc)
        return cls(L, index, frozenset(m.text.split()[-1] for m in index.mentions if m.text.split()))


def _span_of(tok) -> tuple[int, int]:
    """Token range [start, end) of a subtree, without leading punctuation.

    A leading complementizer ("that", "whether") stays: PolNeAR contents include it.
    """
    start, end = tok.left_edge.i, tok.right_edge.i + 1
    doc = tok.doc
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    return start, end


def _cut_conj_cue(root, rng: tuple[int, int], ctx: SourceContext) -> tuple[int, int]:
    """'said that A and predicted that B': a reporting verb conjoined to the content starts a new attribution."""
    s, e = rng
    doc = root.doc
    for c in root.children:
        if c.dep_ == "conj" and c.i > root.i and lemma(c) in ctx.lexicon.any_cue and c.pos_ == "VERB":
            deps = {x.dep_ for x in c.children}
            if "mark" in deps or not (deps & {"ccomp", "nsubj", "nsubjpass"} or (
                    "dobj" in deps and "xcomp" not in deps and lemma(c) in ctx.lexicon.np)):
                continue  # 'that A but that B', 'spoke to him and asked him to stop': one content
            subj = subject_of(c) if any(x.dep_ in ("nsubj", "csubj") for x in c.children) else None
            if subj is not None and not _plausible_source(subj, ctx):
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
        if c.dep_ not in ("conj", "ccomp") or c.i <= content_tok.i or c.left_edge.i < e:
            continue
        gap = [t for t in v.doc[e : c.left_edge.i] if not (t.is_punct or t.is_space)]
        if any(t.dep_ != "cc" for t in gap):
            continue
        if c.dep_ == "ccomp" and c.left_edge.i == e:
            e = c.right_edge.i + 1  # 'said he would serve should the chance come', parsed as a second complement
            continue
        marked = any(m.dep_ == "mark" and m.lower_ in ("that", "whether") for m in c.children)
        own_subj = any(m.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for m in c.children)
        if marked or (not own_subj and c.pos_ in ("VERB", "AUX") and lemma(c) not in L.any_cue):
            e = c.right_edge.i + 1
    return s, e


def _cut_trailing(root, rng: tuple[int, int], L) -> tuple[int, int]:
    """End a clause content before a trailing aside of the reporter's, set off by a comma or a dash: a ', while …'
    contrast (``trailing_contrasts``) or a ', which/who/where …' relative clause on its last noun
    (``trailing_relatives``)."""
    s, e = rng
    doc = root.doc
    cut = e
    for c in root.children:
        if c.dep_ == "advcl" and c.right_edge.i + 1 >= e and c.left_edge.i > s + 2 and _set_off(doc, c.left_edge.i) \
                and doc[c.left_edge.i].lower_ in L.words["trailing_contrasts"]:
            cut = min(cut, c.left_edge.i - 1)
    for t in doc[s + 2 : e]:
        if t.right_edge.i + 1 < e or t.left_edge.i <= s + 2 or not _set_off(doc, t.left_edge.i):
            continue
        if t.dep_ == "relcl" and doc[t.left_edge.i].lower_ in L.words["trailing_relatives"]:
            cut = min(cut, t.left_edge.i - 1)
            break
    return (s, cut) if cut - s >= 2 else rng


def _set_off(doc, i: int) -> bool:
    """Whether token ``i`` follows a comma or a dash: the start of an aside."""
    return doc[i - 1].text in (",", "—", "–", "--")


def _cut_comma_modifier(doc, rng: tuple[int, int]) -> tuple[int, int]:
    """End a noun-phrase content before a comma-set participle or relative clause on it
    ("accused X of complicity in an attack, involving missiles …, which …"): an aside of the reporter's."""
    s, e = rng
    for t in doc[s + 2 : e]:
        if t.dep_ in ("acl", "relcl") and t.left_edge.i > s + 2 and doc[t.left_edge.i - 1].text == "," \
                and (t.tag_ in ("VBG", "VBN") or doc[t.left_edge.i].lower_ in ("which", "who")):
            return s, t.left_edge.i - 1
    return rng


def chars(doc, start: int, end: int) -> tuple[int, int]:
    """Character range of tokens [start, end), trimmed of edge punctuation ((0, 0) when empty)."""
    if end <= start:
        return (0, 0)
    s = doc[start].idx
    e = doc[end - 1].idx + len(doc[end - 1].text)
    return trim_span(doc_text(doc), s, e, keep_final_punct=False)


def participial_source(v, L: Lexicon):
    """Source of a participial cue: the governing clause's subject, or the source of the cue it is inside."""
    h = v.head
    steps = 0
    link = v.dep_
    if link == "pcomp" and h.pos_ == "ADP" and h.dep_ == "prep" and h.head is not h:
        link, h = "advcl", h.head  # "punctuated his list by saying …": the verb the preposition hangs on
    if link == "acl" and h.pos_ in ("PROPN", "NOUN") and h.i < v.i:
        # "Ruiz, saying …", "officials warning that …": the one the participle describes; "issued a statement
        # saying …": the statement's author; not a prepositional object ("sent a letter to senators opposing …")
        author = _author_of(h, L)
        return author if author is not None else (h if h.dep_ != "pobj" else None)
    while h is not None and steps < 4:
        if link not in ("advcl", "conj", "xcomp", "ccomp", "pcomp", "dep") or h.pos_ not in ("VERB", "AUX"):
            return None  # "an attempt … to reclaim territory, denying …": not a clause with a source
        if h.dep_ == "ccomp" and h.head.i < h.i and lemma(h.head) in L.any_cue:  # not a quoted verb after it
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


def _author_of(noun, L: Lexicon):
    """Who wrote a statement, letter or article (``authored_nouns``): its possessor, or the subject of the verb
    that issues it ("Ruiz issued a statement", "wrote in an article")."""
    if lemma(noun) not in L.words["authored_nouns"]:
        return None
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    if poss is not None:
        return poss
    verb = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "in" else noun.head
    if noun.dep_ not in ("dobj", "pobj") or verb.pos_ not in ("VERB", "AUX"):
        return None
    return subject_of(verb)


def find_cues(doc: Doc, L: Lexicon, model: Optional[CueModel], gate: bool = True,
              stats: Optional[dict] = None, content: Optional[ContentModel] = None,
              reject: Optional[dict] = None, extra: Optional[ExtraCueModel] = None) -> list[Cue]:
    """All reporting constructions (see module docstring).

    ``model`` is the learnt classifier (None: the lexicon alone); ``gate=False`` keeps every candidate with its
    features (training). ``content`` is the learnt content tagger (content_model.py): with it (and ``model``) the
    candidates are decided and their contents bounded by :func:`revise_with_contents` instead of the gate alone.
    ``reject`` is the ``non_statements.json`` table (:func:`non_statement`; None: nothing rejected). ``extra`` is the
    learnt extra-cue classifier (extra_cues.py; None, or no ``model``: none added), which adds :func:`extra_cues`.
    ``stats`` is :func:`cue_model.learnt_stats` of the ``cues_learnt.json`` table, which the
    features read (the component passes its own).
    """
    if not has_parse(doc) or len(doc) == 0:
        return []
    model = model if gate else None
    inside: dict[int, float] = {}  # the content tagger's per-token content probabilities
    wide = L.cand if (model is not None or not gate) else None
    quotes = read_quotes(doc)
    ctx = SourceContext.of(doc, L)
    # Reporting inside a quotation is the quoted speaker's, not the article's ("“I think …,” he said").
    inside_quote = _inside_quotes(doc, quotes)
    cues = [c for c in (_token_cue(doc, tok, ctx, wide) for tok in doc if not inside_quote[tok.i]) if c is not None]
    if model is not None or not gate:
        for c in cues:
            if c.how in _GATED_HOWS and c.content_tokens[1] > c.content_tokens[0]:
                c.features = features(doc, c, L, stats if stats is not None else {}, inside_quote)
        if gate and content is not None:
            info = content_info(doc, cues, model, L, stats, inside_quote)
            cues = revise_with_contents(doc, cues + _colon_cues(doc, inside_quote, L), model, content, ctx, info)
            inside = info.inside
        elif gate:
            cues = [c for c in cues if _kept(c, model)]
    if content is None or model is None or not gate:
        cues.extend(_colon_cues(doc, inside_quote, L))
    if gate and reject is not None:
        cues = [c for c in cues if not non_statement(doc, c, reject)]
    if gate and model is not None and extra is not None and extra.threshold <= 1.0:
        more = extra_cues(doc, cues, extra, ctx, stats or {}, inside_quote, inside)
        cues = sorted(cues + [c for c in more if reject is None or not non_statement(doc, c, reject)],
                      key=lambda c: c.token)
    _cut_nested(doc, cues)
    _set_contents(doc, cues, quotes)
    return cues


_GATED_HOWS = ("subject", "participial", "inherited", "agent")
CONTENT_MODEL = "content_crf.bin.gz"  # the content tagger's CRFsuite model (gzip) in ingest/data


def _inside_quotes(doc, quotes) -> list[bool]:
    """Per token: inside a quotation."""
    inside = [False] * len(doc)
    for q in quotes:
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is not None:
            for i in range(span.start, span.end):
                inside[i] = True
    return inside


def _kept(c: Cue, model: CueModel) -> bool:
    """The classifier's decision on a cue (cues without features are kept)."""
    if c.features is None or (c.lexicon and model.lexicon_threshold <= 0):
        return True
    return model.prob(c.features) >= (model.lexicon_threshold if c.lexicon else model.threshold)


def _set_contents(doc, cues: list[Cue], quotes) -> None:
    """Character contents from the token ranges, run on to a quotation that starts inside or right after."""
    qspans = sorted((q.open_mark, q.end, q.close_mark) for q in quotes if q.close_mark >= 0)
    qstarts = [q[0] for q in qspans]
    text = doc_text(doc)
    for cue in cues:
        s, e = cue.content_tokens
        if e > s and cue.how != "impersonal":
            cs, ce = chars(doc, s, e)
            if ce > cs:
                ce = _extend_to_quote(text, qspans, qstarts, cs, ce)
                cs = _introduced_quote_start(text, quotes, cs, ce, cue.cue_start)
                cue.content = [(cs, ce)]


_INTRODUCERS = (":", "-", "–", "—", ";")


def _introduced_quote_start(text, quotes, cs: int, ce: int, cue_start: int) -> int:
    """'… with a caveat: “A,” she said' / '… the economy - ''A,'' he said': a content that ends with a quotation right
    before its cue, where a colon or dash introduces the quotation, starts at the quotation (the lead-in before the
    colon is the reporter's)."""
    if ce > cue_start:
        return cs
    for q in quotes:
        if cs < q.open_mark and q.end >= ce - 1 and 0 <= q.close_mark <= cue_start \
                and text[cs : q.open_mark].rstrip().endswith(_INTRODUCERS):
            return q.start
    return cs


def _token_cue(doc, tok, ctx: SourceContext, wide) -> Optional[Cue]:
    """The cue a token outside quotations heads, if any: 'according to', impersonal, 'asked', or a verb cue."""
    if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
        return _according(doc, tok)
    if tok.lower_ == "in" and tok.dep_ == "prep":
        return _in_evidence(doc, tok, ctx)
    if tok.pos_ == "NOUN":
        return _noun_cue(doc, tok, ctx)
    if tok.pos_ not in ("VERB", "AUX") and not tok.tag_.startswith("VB"):
        return None
    lem = lemma(tok)
    L = ctx.lexicon
    if lem in L.words["impersonal_cues"]:
        c = _impersonal(doc, tok, lem, L.speech_verbs)
        if c is not None:
            return c
        if not (lem == "expect" and any(x.dep_ == "nsubj" for x in tok.children)):
            return None  # active 'observers expect that …' is an ordinary cue
    if lem == "ask" and (tok.tag_ == "VBN" or tok.tag_ == "VBD" and (
            tok.is_sent_start or tok.i > 0 and doc[tok.i - 1].lower_ in ("when", "after", "once", "if"))):
        c = _asked(doc, tok, L)
        if c is not None:
            return c
    if lem == "put" and any(c.dep_ == "dobj" and c.lower_ == "it" for c in tok.children):
        return _put_it(doc, tok, ctx)
    return _lexicon_or_candidate_cue(doc, tok, lem, ctx, wide)


def _put_it(doc, tok, ctx: SourceContext) -> Optional[Cue]:
    """'As Ruiz put it, …': the idiom reports the clause it hangs on, like 'as Ruiz said'."""
    found = _as_clause(doc, tok, "say", ctx.lexicon)
    subj = subject_of(tok)
    if found is None or subj is None or not _plausible_source(subj, ctx):
        return None
    return Cue(token=tok.i, cue_start=tok.idx, cue_end=tok.idx + len(tok.text), speaker=subj.i, how="as",
               content_tokens=found[0], rel="head", lexicon=True)


def _noun_cue(doc, tok, ctx: SourceContext) -> Optional[Cue]:
    """'his claim that …', 'a suggestion by X that …', 'repeated accusations that …', 'her pledge to …': a speech
    noun with a 'that'-clause (``clause_nouns``) or a 'to'-infinitive (``infinitive_nouns``) of its own is a cue
    when it says whose words they are."""
    L = ctx.lexicon
    lem = lemma(tok)
    if lem not in L.words["clause_nouns"] and lem not in L.words["infinitive_nouns"]:
        return _prep_noun_cue(doc, tok, ctx)
    clause = next((c for c in tok.children if c.dep_ in ("acl", "ccomp", "relcl") and c.i > tok.i and (any(
        m.dep_ == "mark" and m.lower_ == "that" for m in c.children) and lem in L.words["clause_nouns"] or any(
        m.dep_ == "aux" and m.lower_ == "to" and m.i == c.left_edge.i for m in c.children)
        and lem in L.words["infinitive_nouns"])), None)
    if clause is None:
        return None
    src = _noun_source(tok, ctx)
    if src is None and not _unowned_claim(tok, clause, ctx):
        return None
    return Cue(token=tok.i, cue_start=tok.idx, cue_end=tok.idx + len(tok.text), speaker=None if src is None else src.i,
               how="noun", content_tokens=_span_of(clause), rel="noun")


def _prep_noun_cue(doc, tok, ctx: SourceContext) -> Optional[Cue]:
    """'her criticism of the plan', 'his attacks on the press': a ``prep_content_nouns`` noun with an owner
    (possessor or 'by' agent) reports what its owner said or holds; the content is the prepositional object."""
    prep = next((c for c in tok.children if c.dep_ == "prep" and c.i > tok.i
                 and f"{tok.lower_} {c.lower_}" in ctx.lexicon.words["prep_content_nouns"]), None)
    obj = None if prep is None else next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
    if obj is None:
        return None
    src = next((c for c in tok.children if c.dep_ == "poss"), None)
    if src is None:
        by = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "by"), None)
        src = None if by is None else next((c for c in by.children if c.dep_ == "pobj"), None)
    if src is None or src.lower_ in ("its",) or not _plausible_source(src, ctx):
        return None
    return Cue(token=tok.i, cue_start=tok.idx, cue_end=prep.idx + len(prep.text), speaker=src.i, how="noun",
               content_tokens=_span_of(obj), rel="noun")


def _unowned_claim(tok, clause, ctx: SourceContext) -> bool:
    """'despite complaints that …', 'amid concerns that …': a bare plural speech noun (no determiner, possessor or
    'from'/'among' phrase) with its own 'that'-clause, in a ``unowned_claim_preps`` phrase, reports a claim nobody
    in the sentence owns (no source), as does one that is a subject ('Reports that … are raising questions')."""
    if not any(m.dep_ == "mark" and m.lower_ == "that" for m in clause.children):
        return False
    if any(c.dep_ in ("det", "poss") or c.dep_ == "prep" and c.i < clause.i for c in tok.children):
        return False  # 'complaints from X that …' / 'fears among X that …' have a source
    words = ctx.lexicon.words
    return tok.tag_ == "NNS" and lemma(tok) in words["clause_nouns"] and (
        tok.dep_ in ("nsubj", "nsubjpass", "attr") or tok.dep_ == "pobj" and tok.head.lower_ in words["unowned_claim_preps"])


def _noun_source(tok, ctx: SourceContext):
    """Whose claim a speech noun reports: its possessor ("Trump's claim"), a 'by'/'from' agent, a proper-noun
    premodifier ("a CNN report"), the subject of the verb that voices it ("she repeated the charge that") or that
    it comes with ("he stirred anger with an assertion that")."""
    L = ctx.lexicon
    for c in tok.children:
        if c.dep_ == "poss":
            return c if _plausible_source(c, ctx) else None
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("by", "from"):
            obj = next((o for o in c.children if o.dep_ == "pobj"), None)
            if obj is not None and _plausible_source(obj, ctx):
                return obj
    for c in tok.children:
        if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < tok.i and _plausible_source(c, ctx):
            return c
    v = tok.head
    if tok.dep_ == "pobj" and v.lower_ in ("with", "in") and v.head.pos_ == "VERB":
        v = v.head
        subj = subject_of(v)
        return subj if subj is not None and _plausible_source(subj, ctx) else None
    if tok.dep_ == "dobj" and lemma(v) in L.words["voicing_verbs"]:
        subj = subject_of(v)
        if subj is not None and _plausible_source(subj, ctx):
            return subj
    return None


def _lexicon_or_candidate_cue(doc, tok, lem: str, ctx: SourceContext, wide) -> Optional[Cue]:
    """A verb cue of the lexicon, else of the classifier's candidate sets ``wide`` (with a content of its own)."""
    L = ctx.lexicon
    cue = _verb_cue(doc, tok, lem, L, ctx) if lem in L.any_cue else None
    if cue is not None:
        cue.lexicon = True
    elif wide is not None and lem in wide.any_cue:
        cue = _verb_cue(doc, tok, lem, wide, ctx)
        if cue is not None and cue.content_tokens[1] <= cue.content_tokens[0]:
            cue = None  # candidates need a content of their own
    return cue


def _verb_cue(doc, tok, lem: str, sets, ctx: SourceContext) -> Optional[Cue]:
    """The cue headed by verb ``tok`` under the cue sets ``sets`` (the lexicon, or the classifier's candidates)."""
    participial = tok.tag_ == "VBG" and tok.dep_ in ("advcl", "xcomp", "conj", "acl", "pcomp", "dep") \
        and subject_of(tok) is None
    if participial and lem not in sets.participial:
        return None
    if tok.dep_ in ("amod", "acl") and tok.tag_ == "VBN":
        return None  # "the weaponry supplied", "a so-called …": adjectival participles
    content_tok, content_range, rel = _content_of(doc, tok, lem, sets, ctx)
    if participial:
        speaker, how = participial_source(tok, ctx.lexicon), "participial"
    else:
        speaker, how, passive = _verb_source(tok, lem, sets, content_range is None)
        if passive is not None:
            content_range, rel = passive, "passive"
    if speaker is None and content_tok is not None and content_tok.i > tok.i and tok.dep_ == "ROOT":
        speaker = _misparsed_source(tok, ctx)
    elif speaker is None and content_tok is not None and content_tok.i < tok.i:
        speaker = _name_after_quote(tok)
    if speaker is None and content_range is None:
        return None
    if speaker is not None and _rejected_source(speaker, lem, sets, ctx):
        return None
    if speaker is not None and speaker.lower_ in ("which", "that", "who") and speaker.dep_ == "nsubj" \
            and tok.dep_ == "relcl":
        relative = speaker
        speaker = tok.head  # relative clause: "officials who said…" -> the noun it modifies
        if relative.lower_ != "who" and lem not in sets.strong and not _plausible_source(speaker, ctx):
            return None  # "a shirt that read …", "one that favors …": no source
    cue = Cue(token=tok.i, cue_start=tok.idx, cue_end=tok.idx + len(tok.text),
              speaker=speaker.i if speaker is not None else None, how=how, participial=participial)
    if content_range is not None:
        cue.content_tokens = content_range
    cue.rel = rel if content_range is not None else "none"
    return cue


def _rejected_source(speaker, lem: str, sets, ctx: SourceContext) -> bool:
    """No attribution from an implausible source, or from a columnist's own 'I think …'."""
    if lem not in sets.strong and not _plausible_source(speaker, ctx):
        return True
    return speaker.lower_ in ("i", "we", "you") and lem in sets.first_person_blocked


def _content_of(doc, tok, lem: str, sets, ctx: SourceContext):
    """(clause head or None, token range or None, relation) of the verb's content: a clausal complement, else the
    first of the content finders that finds one."""
    content_tok = _clause_complement(tok, lem, sets)
    if content_tok is not None:
        rng = _cut_conj_cue(content_tok, _misparsed_clause_subject(tok, content_tok, _span_of(content_tok)), ctx)
        rng = _extend_conj_content(tok, content_tok, rng, sets)
        return content_tok, _cut_trailing(content_tok, rng, ctx.lexicon), "ccomp"
    for finder in _CONTENT_FINDERS:
        found = finder(doc, tok, lem, sets)
        if found is not None and found[1] in ("head", "head_in"):
            return None, _cut_trailing(tok.head, found[0], ctx.lexicon), found[1]  # 'A, he said, B, where …'
        if found is not None:
            return None, found[0], found[1]
    return None, None, "none"


def _misparsed_clause_subject(v, clause, rng: tuple[int, int]) -> tuple[int, int]:
    """'felt her projection of anger was over the top' parsed with the clause's subject as the cue's object: a finite
    complement clause with no subject of its own starts at the cue's dependents right before it."""
    if any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "csubjpass", "expl") for c in clause.children) or not (
            clause.tag_ in ("VBD", "VBZ", "VBP") or any(c.dep_ == "aux" and c.tag_ == "MD" for c in clause.children)):
        return rng
    s = start = rng[0]
    for c in sorted((c for c in v.children if v.i < c.i < clause.i), key=lambda t: -t.i):
        if (c.right_edge.i + 1 < s and not all(t.is_punct for t in v.doc[c.right_edge.i + 1 : s])) or c.dep_ not in (
                "dobj", "nsubj", "csubj", "dep", "npadvmod", "prep"):
            break
        s = c.left_edge.i
        if c.dep_ != "prep":
            start = s  # the subject noun phrase, with the prepositional phrases the parser hung on the verb after it
    return start, rng[1]


def _clause_complement(tok, lem: str, sets):
    """The ccomp of a clause cue (one before the verb only when none follows it: a misparsed subject clause)."""
    content_tok = None
    for c in tok.children:
        if c.dep_ == "ccomp" and lem in sets.clause:
            content_tok = c
            if c.i > tok.i:
                break
    return content_tok


def _yes_no_content(doc, tok, lem: str, sets):
    """'most members said yes'."""
    if lem != "say":
        return None
    yn = next((c for c in tok.children if c.dep_ in ("dobj", "intj") and c.i > tok.i and c.lower_ in ("yes", "no")),
              None)
    return ((yn.i, yn.right_edge.i + 1), "np") if yn is not None else None


def _np_finder(doc, tok, lem: str, sets):
    if lem in sets.np or lem in sets.content_preps:
        rng = _np_content(tok, lem, sets)
        return (rng, "np") if rng is not None else None
    return None


def _xcomp_finder(doc, tok, lem: str, sets):
    if lem in sets.xcomp:
        rng = _xcomp_content(tok)
        return (rng, "xcomp") if rng is not None else None
    return None


def _as_finder(doc, tok, lem: str, sets):
    if lem in sets.as_complement:
        rng = _as_content(tok)
        return (rng, "as") if rng is not None else None
    return None


def _interrupting_front(doc, tok, lem: str, sets):
    """'In X, Y said, Z is …': the cue interrupts its content at the front."""
    if not (lem in sets.clause and tok.dep_ == "parataxis" and tok.head.i > tok.i and tok.head.pos_ in ("VERB", "AUX")
            and subject_of(tok) is not None and tok.right_edge.i < tok.head.i and doc[tok.right_edge.i].is_punct
            and tok.head.right_edge.i - tok.head.i >= 2):
        return None
    s, e = tok.head.left_edge.i, tok.head.right_edge.i + 1
    while e > s and (doc[e - 1].is_punct or doc[e - 1].is_space):
        e -= 1
    return (s, e), "head_in"


def _under_content(doc, tok, lem: str, sets):
    """'The economy is strong, he said' (head) / 'This plan, he said, is different' (head_in): the cue is
    attached under its content."""
    if not (lem in sets.clause and tok.dep_ in ("parataxis", "ccomp") and (
            tok.head.i < tok.i or (tok.dep_ == "parataxis" and tok.head.left_edge.i < tok.left_edge.i))):
        return None
    h = tok.head
    if subject_of(tok) is None or h.pos_ not in ("VERB", "AUX"):
        return None
    s = h.left_edge.i
    e = tok.left_edge.i
    while e > s and (doc[e - 1].is_punct or doc[e - 1].is_space):
        e -= 1
    after = [t for t in doc[tok.right_edge.i + 1 : h.right_edge.i + 1] if not (t.is_punct or t.is_space)]
    if len(after) >= 1 and e - s >= 1:
        e = h.right_edge.i + 1
        while e > s and (doc[e - 1].is_punct or doc[e - 1].is_space):
            e -= 1
        return (s, e), "head_in"
    return ((s, e), "head") if e - s >= 3 else None


def _as_clause(doc, tok, lem: str, sets):
    """'As the Times reported, the plan failed' / 'The plan failed, as Ruiz noted': an 'as'-clause cue reports the
    clause it hangs on (without itself)."""
    h = tok.head
    if not (lem in sets.clause and tok.dep_ == "advcl" and h.pos_ in ("VERB", "AUX") and subject_of(tok) is not None
            and any(c.dep_ == "mark" and c.lower_ == "as" and c.i == tok.left_edge.i for c in tok.children)):
        return None
    if tok.i < h.i:
        s, e = tok.right_edge.i + 1, h.right_edge.i + 1
    else:
        s, e = h.left_edge.i, tok.left_edge.i
    while s < e and (doc[s].is_punct or doc[s].is_space):
        s += 1
    while e > s and (doc[e - 1].is_punct or doc[e - 1].is_space):
        e -= 1
    return ((s, e), "head") if e - s >= 3 else None


# Tried in order when the verb has no clausal complement: (doc, verb, lemma, cue sets) -> ((start, end), rel) or None.
_CONTENT_FINDERS = (_yes_no_content, _np_finder, _xcomp_finder, _as_finder, _as_clause, _interrupting_front,
                    _under_content)


def _verb_source(tok, lem: str, sets, no_content: bool):
    """(source token or None, how, passive content range or None) of a finite or infinitival cue verb."""
    speaker = subject_of(tok)
    how = "subject"
    if (tok.dep_ == "conj" and not any(c.dep_ in ("nsubj", "csubj") for c in tok.children)
            and tok.head.dep_ == "ccomp" and lemma(tok.head.head) in sets.any_cue):
        speaker = subject_of(tok.head.head)  # "said that A and predicted that B": the parser hangs the 2nd cue on A
    if speaker is None and tok.dep_ == "xcomp":
        speaker = _controller(tok, sets)  # "went on to say", "declined to say"; "forced Ruiz to admit"
        how = "inherited"
    if speaker is not None and speaker.dep_ == "nsubjpass":
        subj = speaker
        speaker = _agent(tok)  # "was first reported by the newspaper"
    elif speaker is None and tok.tag_ == "VBN":
        subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
        speaker = _agent(tok)  # "the plan was criticized by economists"
    else:
        return speaker, how, None
    if speaker is None:
        return None, how, None
    passive = None
    if no_content and lem in sets.np and subj is not None and subj.pos_ != "PRON":
        passive = _span_of(subj)
    return speaker, "agent", passive


def _controller(tok, sets):
    """Who does an infinitive cue's saying: the named object of a verb that makes someone act (words.json
    ``causative_verbs``: 'forced Ruiz to admit', 'led the journalist Ana Ruiz to fear'), else the verb's
    subject ('declined to say'; 'urged Ruiz to say' is the urger's)."""
    head = tok.head
    obj = next((c for c in head.children if c.dep_ == "dobj" and head.i < c.i < tok.i), None)
    if obj is not None and lemma(head) in sets.words["causative_verbs"] and (
            obj.pos_ in ("PROPN", "PRON") or obj.ent_type_ or any(c.dep_ == "appos" and c.pos_ == "PROPN"
                                                                  for c in obj.children)):
        return obj
    subj = subject_of(head)
    if subj is not None and subj.lower_ == "it" and (head.pos_ == "ADJ" or any(
            c.dep_ in ("acomp", "attr") and c.pos_ == "ADJ" for c in head.children)):
        return None  # "it is hard to say", "it seems fair to ask": no one ('it was to report' is someone)
    return subj


# What may stand between a content and a quotation that continues it. Not ', saying' / ', calling it': the quotation
# after a speech participle is that participle's own attribution ('praised X, saying “…”' is two).
_JOINERS = re.compile(r"^[\s,;:–—-]*(?:(?:and|but|or|as)\b[\s,]*)?$")


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


def _impersonal(doc, tok, lem: str, speech_verbs: frozenset) -> Optional[Cue]:
    """'X seems / appears to …', 'X is expected to …': a stance with no source; PolNeAR's content is the
    subject plus the predicate (two spans)."""
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
    if pred.dep_ == "xcomp" and pred.pos_ == "VERB" and lemma(pred) in speech_verbs and lem != "expect":
        return None  # 'she appeared to blame the staff': the subject speaks (the cue of 'blame')
    s1, e1 = _span_of(subj)
    s2, e2 = _span_of(pred)
    if e1 > tok.i or e2 - s2 < 1:
        return None
    a, b = chars(doc, s1, e1)
    c_, d = chars(doc, s2, e2)
    if b <= a or d <= c_:
        return None
    return Cue(token=tok.i, cue_start=tok.idx, cue_end=tok.idx + len(tok.text), content=[(a, b), (c_, d)],
               speaker=None, how="impersonal")


def _asked(doc, tok, L: Lexicon) -> Optional[Cue]:
    """'Asked whether/why …, X said' / 'when asked about …': the question is content with no source of its own."""
    if any(c.dep_ in ("nsubj", "csubj", "agent") for c in tok.children) or tok.dep_ not in ("advcl", "ROOT", "ccomp", "conj"):
        return None
    for c in tok.children:
        if c.i < tok.i:
            continue
        if c.dep_ == "ccomp" and c.left_edge.i == tok.i + 1 and doc[c.left_edge.i].lower_ in L.words["question_words"]:
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


def _misparsed_source(v, ctx: SourceContext):
    """The source of a subjectless root cue whose subject the parser hung elsewhere, or None."""
    return _misparsed_subject(v) or _subject_in_fronted_phrase(v, ctx)


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


def _subject_in_fronted_phrase(v, ctx: SourceContext):
    """'In a statement to the paper, her adviser, John Smith, said …' parsed with the subject as an apposition inside
    the fronted phrase: the apposition that ends, with a comma, right before the subjectless verb, when it can be a
    source."""
    doc = v.doc
    before = doc[v.i - 1] if v.i > v.sent.start else None
    if before is None or before.text != ",":
        return None
    for front in (c for c in v.children if c.i < v.i and c.dep_ in ("prep", "npadvmod", "advcl")):
        for appos in (t for t in front.subtree if t.dep_ == "appos" and t.head.dep_ != "appos"):
            if doc[appos.right_edge.i + 1 : before.i].text.strip(", ") == "":
                return appos if _plausible_source(appos, ctx) else None
    return None


def _name_after_quote(v):
    """'“…,” Gene Ruiz, an adviser, said' parsed with the name inside the quoted clause: the proper name right after
    the closing quotation mark, before the verb."""
    doc = v.doc
    close = next((t for t in reversed(doc[v.sent.start : v.i]) if t.is_quote and t.i > v.sent.start), None)
    if close is None:
        return None
    j = close.i + 1
    while j < v.i and doc[j].tag_ in ("NNP", "NNPS"):
        j += 1
    if j == close.i + 1 or j > v.i or (j < v.i and doc[j].text != ","):
        return None
    return doc[j - 1]


def _plausible_source(tok, ctx: SourceContext) -> bool:
    """Sources are people, organizations, documents or pronouns, not abstract nouns ('the attribution underscores')."""
    L = ctx.lexicon
    if tok.pos_ in ("PRON", "PROPN") or tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return tok.lower_ not in ("there", "what", "this", "that") or tok.dep_ != "expl"
    if tok.text[:1].isupper() and not tok.is_sent_start:
        return True  # a capitalised noun mid-sentence is a name the NER missed
    if tok.text[:1].isupper() and tok.is_sent_start and tok.tag_ in ("NNP", "NNPS", "NN") \
            and tok.lower_ not in L.document_nouns and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].is_punct:
        return True  # "Sanders, a senator from Vermont, said": sentence-initial surname tagged as noun
    if ctx.mentions.mention(tok) is not None:
        return True  # a known name the tagger took for a common noun ("Sanders" -> "sander")
    if tok.text[:1].isupper() and tok.text in ctx.name_words:
        return True  # sentence-initial surname of a name seen earlier
    return _source_noun(tok, L) or _poll_share(tok, ctx)


def _poll_share(tok, ctx: SourceContext) -> bool:
    """'two-thirds of voters', '64 percent', 'a majority of Democrats': a share (``poll_quantities``) of
    plausible sources, or with no 'of' phrase a number share ('64 percent', 'half'), speaks for them."""
    if tok.lower_ not in ctx.lexicon.words["poll_quantities"]:
        return False
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    obj = None if of is None else next((c for c in of.children if c.dep_ == "pobj"), None)
    if obj is not None:
        return obj.lower_ not in ctx.lexicon.words["poll_quantities"] and _plausible_source(obj, ctx)
    return tok.lower_ not in ("most", "many", "some") or tok.dep_ == "nsubj" and tok.i == tok.sent.start


def _source_noun(tok, L: Lexicon) -> bool:
    """A noun that names a source: 'officials', 'spokesman', 'ministry', 'report', or a relative pronoun."""
    low, lem = tok.lower_, lemma(tok)
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


def _np_content(v, lem: str, L):
    """Token range of a noun-phrase content, or None."""
    obj = _np_object(v, lem, L)
    if obj is None:
        found = _call_for_content(v) if lem == "call" else None
        return found if found is not None else _prep_content(v, lem, L)
    if obj.lower_ in ("which", "that", "what", "it", "this"):
        return _pronoun_object_content(v, obj)
    if lem in L.np_needs_complement and not _has_complement(v, obj):
        return None
    s, e = _span_of(obj)
    # "called it a fundamental mistake", "called X “unheard of”": the predicate is content too
    for c in v.children:
        if c.dep_ in ("oprd", "xcomp", "ccomp", "attr", "acomp", "dobj") and c.i > obj.i:
            e = max(e, c.right_edge.i + 1)
    if e - s == 1 and obj.pos_ == "PRON":
        return None
    e = _extend_by_object_predicate(v, _extend_by_preps(v, lem, e, L))
    return _cut_comma_modifier(v.doc, (s, e))


def _extend_by_object_predicate(v, e: int) -> int:
    """What the verb says of its object belongs to the content: 'urged the council to act', 'sees the plan as a
    mistake', 'pushed X to cut Y' (a subjectless 'to'-infinitive or an 'as' phrase on the verb, right after the
    object; the parser hangs these on the verb as xcomp, advcl or prep)."""
    doc = v.doc
    for c in sorted(v.children, key=lambda t: t.i):
        if c.i < e or c.left_edge.i != e:
            continue
        first = doc[c.left_edge.i].lower_
        own_subject = any(x.dep_ in ("nsubj", "nsubjpass", "expl") for x in c.children)
        if (c.dep_ == "prep" and c.lower_ == "as") or (c.dep_ in ("advcl", "xcomp") and c.pos_ in ("VERB", "AUX")
                                                       and first in ("to", "as") and not own_subject):
            e = c.right_edge.i + 1  # not 'as she spoke': a clause with its own subject is the reporter's
    return e


def _np_object(v, lem: str, L):
    """The object that is a noun-phrase cue's content: a dobj, or a gerund ('denied targeting …')."""
    for c in v.children if lem in L.np else ():
        if c.dep_ in ("dobj", "xcomp") and c.i > v.i:
            if c.dep_ == "xcomp" and not (c.tag_ == "VBG" or lem == "deny"):
                continue
            return c
    return None


def _call_for_content(v):
    """'called for the council to act': the 'for' clause minus its 'for'."""
    doc = v.doc
    for c in v.children:
        if c.dep_ == "advcl" and c.i > v.i and doc[c.left_edge.i].lower_ == "for" and c.left_edge.i == v.i + 1:
            return c.left_edge.i + 1, c.right_edge.i + 1
    return None


def _prep_content(v, lem: str, L):
    """'warned of X', 'spoke about X': the object of a content preposition."""
    preps = L.content_preps_base.get(lem, frozenset()) | L.content_preps.get(lem, frozenset())
    if preps and not any(c.dep_ == "prt" for c in v.children):  # 'call out X for Y' is not 'call for Y'
        for c in v.children:
            if c.dep_ == "prep" and c.lower_ in preps and c.i > v.i:
                for p in c.children:
                    if p.dep_ in ("pobj", "pcomp"):
                        s, e = _span_of(p)
                        return s, _extend_by_object_predicate(v, e)  # 'referred to X as Y'
    return None


def _pronoun_object_content(v, obj):
    """'called it a disgrace': with a pronoun object the predicate is the content."""
    if obj.lower_ in ("it", "this", "that"):
        pred = next((c for c in v.children if c.dep_ in ("oprd", "xcomp") and c.i > obj.i
                     and c.pos_ in ("NOUN", "PROPN", "ADJ")), None)
        if pred is not None:
            s, e = _span_of(pred)
            return (s, e) if e > s else None
    return None


def _has_complement(v, obj) -> bool:
    """'expressed regret over …' has a content, 'expressed his dismay' none; in 'called Ruiz a liar' the second
    noun phrase, parsed as an apposition with no comma before it, is the complement."""
    if any(c.dep_ == "appos" and c.i > obj.i and obj.doc[c.left_edge.i - 1].text not in (",", "—", "–", "(")
           for c in obj.children):
        return True
    return any(c.dep_ in ("prep", "acl", "ccomp", "relcl") for c in obj.children) or any(
        c.dep_ in ("oprd", "attr", "xcomp", "ccomp") and c.i > obj.i for c in v.children) or any(
        c.dep_ == "prep" and c.lower_ in ("over", "about", "at", "for", "of", "on") and c.i > obj.i for c in v.children)


def _extend_by_preps(v, lem: str, e: int, L) -> int:
    """Following prepositional attachments of the verb belong to the content ("accused X of complicity in a recent
    attack on Crimea"), up to a scene ('on Monday', 'in a statement')."""
    scene_preps = L.words["scene_preps"]
    takes_prep = lem in L.words["np_cues_taking_prep_content"]
    for c in sorted(v.children, key=lambda t: t.i):
        if c.i >= e and c.dep_ == "prep" and c.left_edge.i == e and (c.lower_ not in scene_preps or takes_prep) \
                and not _is_scene(c, L):
            e = c.right_edge.i + 1
    return e


def _is_scene(prep, L) -> bool:
    """'on Monday', 'in Iowa', 'in a statement', 'in an interview': where/when it was said, not what."""
    objs = [p for p in prep.children if p.dep_ == "pobj"]
    if not objs:
        return prep.lower_ in ("in", "on")
    o = objs[0]
    if o.ent_type_ in ("DATE", "TIME", "GPE", "LOC", "FAC", "EVENT"):
        return True
    return prep.lower_ in ("in", "on") and lemma(o) in L.words["scene_nouns"]


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


def _in_evidence(doc, tok, ctx: SourceContext) -> Optional[Cue]:
    """'In a new poll, most voters back X' / 'X leads in the polls' / 'in her view, X …': a clause set in an
    ``evidence_nouns`` phrase reports it; the source is the phrase ('a new poll'), or for
    ``possessed_evidence_nouns`` its possessor ('her'). The content is the clause after a fronted phrase, else the
    clause up to it. Clauses whose verb is itself a cue ('said in a statement that …', 'backed X') are the verb's."""
    L = ctx.lexicon
    obj = next((c for c in tok.children if c.dep_ == "pobj"), None)
    head = tok.head.head if tok.head.dep_ in ("nsubj", "nsubjpass") else tok.head  # 'X, in her view, is …'
    if obj is None or obj.pos_ not in ("NOUN", "PROPN") or obj.lower_ not in L.words["evidence_nouns"]:
        return None
    if head.pos_ not in ("VERB", "AUX") or lemma(head) in L.any_cue or lemma(head) in L.speech_verbs:
        return None
    if obj.lower_ in L.words["possessed_evidence_nouns"]:
        src = next((c for c in obj.children if c.dep_ == "poss"), None)
    else:
        src = obj if any(c.dep_ in ("det", "compound", "amod", "poss", "nmod") for c in obj.children) else None
    if src is None or not _plausible_source(src, ctx):
        return None
    sent = tok.sent
    cs, ce = max(head.left_edge.i, sent.start), min(head.right_edge.i + 1, sent.end)
    ps = tok.left_edge.i
    comma = next((t.i for t in doc[tok.i:ce] if t.text == ","), None)
    if comma is None or comma > head.i or (ps != cs and (ps == 0 or not doc[ps - 1].is_punct)):
        return None  # only a phrase set off by commas, before the verb ('In a new poll, …', ', in her view, …')
    rng = (comma + 1, ce) if ps == cs else (cs, ce)
    while rng[0] < rng[1] and (doc[rng[0]].is_punct or doc[rng[0]].is_space):
        rng = (rng[0] + 1, rng[1])
    while rng[1] > rng[0] and (doc[rng[1] - 1].is_punct or doc[rng[1] - 1].is_space):
        rng = (rng[0], rng[1] - 1)
    if sum(1 for t in doc[rng[0]:rng[1]] if t.is_alpha) < 3 or not any(t.dep_.startswith("nsubj") for t in doc[rng[0]:rng[1]]):
        return None
    return Cue(token=tok.i, cue_start=tok.idx, cue_end=tok.idx + len(tok.text), speaker=src.i, how="according",
               content_tokens=rng, rel="in")


def _colon_cues(doc, inside_quote, L: Lexicon) -> list[Cue]:
    """'Clinton camp: Trump will …' / 'LOPEZ: Well, …': a short source before a colon opening its line."""
    out = []
    for tok in doc:
        if tok.text != ":" or inside_quote[tok.i] or tok.i == 0:
            continue
        head = _colon_source(doc, tok, L)
        if head is None:
            head = _name_before_quote_colon(doc, tok)
        if head is None:
            continue
        rng = _rest_of_line(doc, tok)
        if rng is not None:
            out.append(Cue(token=tok.i, cue_start=tok.idx, cue_end=tok.idx + 1, speaker=head.i, how="colon",
                           content_tokens=rng))
    return out


def _name_before_quote_colon(doc, tok):
    """'… doesn't surprise pollster Ann Shaw: “…”': a person's name right before a colon that opens a quotation."""
    if tok.i + 1 >= len(doc) or not doc[tok.i + 1].is_quote or not doc[tok.i + 1].is_left_punct:
        return None
    name = doc[tok.i - 1]
    return name if name.ent_type_ == "PERSON" and name.pos_ == "PROPN" else None


def _colon_source(doc, tok, L: Lexicon):
    """The head of the short source that opens the colon's line (or sentence), or None."""
    start = tok.i - 1
    while start > 0 and tok.i - start < 6 and "\n" not in doc[start - 1].text and not doc[start - 1].is_sent_end:
        start -= 1
    if start > 0 and "\n" not in doc[start - 1].text and not doc[start - 1].is_sent_end and not doc[start - 1].is_punct:
        return None
    src = [t for t in doc[start : tok.i] if not t.is_space]
    labels = L.words["colon_labels"]
    if not src or len(src) > 5 or src[0].lower_ in labels or src[-1].lower_ in labels:
        return None
    if any(t.like_num or t.ent_type_ in ("DATE", "TIME", "CARDINAL", "MONEY", "PERCENT") for t in src):
        return None
    if src[0].text.isupper() and len(src) == 1 and src[0].ent_type_ not in ("PERSON",) and len(src[0].text) > 3 \
            and tok.i < 40:
        return None  # dateline "MOSCOW:"
    head = src[-1]
    for t in src:
        if t.head.i < start or t.head.i >= tok.i or t.head is t:
            head = t
    if not (head.ent_type_ in ("PERSON", "ORG", "NORP") or head.pos_ in ("PROPN",) or head.lower_ in
            L.person_source_nouns or head.lower_ in L.institution_nouns or head.lower_ in L.document_nouns):
        return None
    return head


def _rest_of_line(doc, tok):
    """Token range of the rest of the colon's line, when it has three words or more."""
    text = doc_text(doc)
    nl = text.find("\n", tok.idx)
    end_char = len(text) if nl < 0 else nl
    s_tok = tok.i + 1
    e_tok = s_tok
    while e_tok < len(doc) and doc[e_tok].idx < end_char:
        e_tok += 1
    if sum(1 for t in doc[s_tok:e_tok] if t.is_alpha) < 3:
        return None
    return s_tok, e_tok


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


def non_statement(doc, c: Cue, table: dict) -> bool:
    """A cue that reports no statement (``non_statements.json``): 'decided to …', 'plans to …', 'is expected to …' /
    'expects to …', 'declined to comment', 'will report …'."""
    if c.how in ("according", "colon", "asked"):
        return False
    tok = doc[c.token]
    lem = lemma(tok)
    if lem in table["lemmas"] or (c.how == "impersonal" and lem == "expect" and table["expect_xcomp"]):
        return True
    if lem == "expect" and c.rel in ("xcomp", "learnt_xcomp") and table["expect_xcomp"]:
        return True
    if any(a.dep_ == "aux" and a.lower_ in table["future_auxiliaries"] for a in tok.children):
        return True
    if lem in table["refusal_lemmas"]:
        s, e = c.content_tokens
        words = [t for t in doc[s:e] if t.is_alpha and t.lower_ != "to"] if e > s else []
        return not words or (lemma(words[0]) in table["speech_without_content"]
                             and not any(t.dep_ == "ccomp" for t in doc[s:e]))  # 'declined to comment on X'
    return False


# -- the learnt content tagger (content_model.py) deciding candidates and bounding contents ---------------------

def content_info(doc, cands: list[Cue], model: Optional[CueModel], L: Lexicon, stats: Optional[dict],
                 inside_quote: list[bool]) -> DocInfo:
    """The content tagger's per-Doc inputs: the rule candidates with their classifier probability."""
    rows = []
    for c in cands:
        s, e = c.content_tokens
        if e > s:
            p = model.prob(c.features) if (model is not None and c.features is not None) else 1.0
            rows.append(Candidate(c.token, s, e, c.rel if c.how in _GATED_HOWS else c.how, c.lexicon, p))
    return DocInfo(doc, inside_quote, L.cand.any_cue | L.any_cue, stats or {}, rows)


def _token_jaccard(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter / (max(a[1], b[1]) - min(a[0], b[0])) if inter > 0 else 0.0


def _match_spans(cands: list[Cue], spans: list) -> dict[int, int]:
    """Candidate index -> tagged span index, one-to-one, greedy from the best token overlap (>= 0.5) down."""
    pairs = sorted(((_token_jaccard(c.content_tokens, sp[:2]), ci, si) for ci, c in enumerate(cands)
                    for si, sp in enumerate(spans) if c.content_tokens[1] > c.content_tokens[0]), reverse=True)
    used_c, used_s, out = set(), set(), {}
    for j, ci, si in pairs:
        if j < 0.5:
            break
        if ci not in used_c and si not in used_s:
            used_c.add(ci)
            used_s.add(si)
            out[ci] = si
    return out


def revise_with_contents(doc, cands: list[Cue], model: CueModel, content: ContentModel, ctx: SourceContext,
                         info: DocInfo) -> list[Cue]:
    """The cues kept when the content tagger has its say (settings of ``content.settings``):
    a candidate the classifier keeps stays unless its content's mean content probability is below ``drop_below``;
    one it rejects is rescued at ``rescue_min`` or more; a kept candidate whose content matches a tagged span takes
    the span as content when ``boundaries`` is "crf"; a tagged span no candidate has gets the cue that governs it
    when its mean marginal is ``new_min`` or more (and, with ``new_apart``, it overlaps no kept content). Cues without a content stay (the linker joins them to adjacent
    quotations)."""
    st = content.settings
    spans, inside = content.spans(doc, info)
    info.inside = inside
    match = _match_spans(cands, spans)
    out = []
    for ci, c in enumerate(cands):
        s, e = c.content_tokens
        if e <= s or c.features is None:
            out.append(c)
            continue
        p = mean_inside(inside, s, e)
        if (p >= st["rescue_min"]) if not _kept(c, model) else (p >= st["drop_below"]):
            si = match.get(ci)
            if si is not None and st["boundaries"] == "crf":
                c.content_tokens = spans[si][:2]
            out.append(c)
    taken = set(match.values())
    held = [c.content_tokens for c in out if c.content_tokens[1] > c.content_tokens[0]] if st["new_apart"] else []
    for si, (s, e, m) in enumerate(spans):
        if si not in taken and m >= st["new_min"] and e - s >= st["new_len"] and not any(
                a < e and s < b for a, b in held):
            c = _cue_for_span(doc, s, e, ctx)
            if c is not None:
                out.append(c)
    return sorted(out, key=lambda c: c.token)


def _governing_cue(doc, s: int, e: int, ctx: SourceContext):
    """The cue-like token that governs the token range [s, e): the first cue ancestor of its root, else the
    nearest cue verb of the sentence outside it."""
    L = ctx.lexicon
    cue_lemmas = L.any_cue | L.cand.any_cue
    roots = [t for t in doc[s:e] if not (s <= t.head.i < e) or t.head is t]
    for r in roots[:2]:
        a = r.head
        for _ in range(4):
            if a.i < s or a.i >= e:
                if a.pos_ in ("VERB", "AUX") and lemma(a) in cue_lemmas:
                    return a
            if a.head is a:
                break
            a = a.head
    sent = doc[s].sent
    near = [t for t in sent if (t.i < s or t.i >= e) and t.pos_ in ("VERB", "AUX") and lemma(t) in cue_lemmas]
    return min(near, key=lambda t: min(abs(t.i - s), abs(t.i - e + 1))) if near else None


def _cue_for_span(doc, s: int, e: int, ctx: SourceContext) -> Optional[Cue]:
    """A cue for a tagged content no rule found: its governing cue verb and that verb's source
    ('according to X' in the sentence when no verb)."""
    sent = doc[s].sent
    acc = next((t for t in sent if t.lower_ == "according" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to"
                and not (s <= t.i < e)), None)
    if acc is not None:
        c = _according(doc, acc)
        if c is not None:
            c.content_tokens, c.rel = (s, e), "crf"
            return c
    v = _governing_cue(doc, s, e, ctx)
    if v is None:
        return None
    if v.tag_ == "VBG" and subject_of(v) is None:
        speaker, how = participial_source(v, ctx.lexicon), "participial"
    else:
        speaker, how, _ = _verb_source(v, lemma(v), ctx.lexicon.cand, False)
    if speaker is None and v.dep_ == "ROOT":
        speaker = _misparsed_source(v, ctx)
    if speaker is None or (s <= speaker.i < e) or not _plausible_source(speaker, ctx):
        return None
    if speaker.lower_ in ("which", "that", "who") and v.dep_ == "relcl":
        speaker = v.head
    return Cue(token=v.i, cue_start=v.idx, cue_end=v.idx + len(v.text), speaker=speaker.i, how=how,
               participial=how == "participial", content_tokens=(s, e), rel="crf")


# -- the learnt extra cues (extra_cues.py): words the rules did not take, with a source and a content span --------

def extra_source(tok, ctx: SourceContext):
    """(source token or None, how) of a word the rules did not take as a cue: a noun's owner, a participle's
    clause subject, a verb's subject, controller or 'by' agent ('who said': the noun the clause modifies)."""
    if tok.pos_ == "NOUN":
        return _noun_source(tok, ctx), "noun_learnt"
    if tok.tag_ == "VBG" and subject_of(tok) is None and tok.dep_ in ("advcl", "xcomp", "conj", "acl", "pcomp", "dep"):
        return participial_source(tok, ctx.lexicon), "participial"
    speaker, how, _ = _verb_source(tok, lemma(tok), ctx.lexicon.cand, False)
    if speaker is not None and speaker.lower_ in ("which", "that", "who") and tok.dep_ == "relcl":
        speaker = tok.head
    return speaker, how


def extra_pairs(doc, cues: list[Cue], ctx: SourceContext, stats: dict, inside_quote: list[bool], inside: dict):
    """Every (word, kind, start, end, source, how, features) the extra-cue classifier decides on: words outside
    quotations that head no found cue, with a source outside the span and a span apart from every found content
    (``inside``: the content tagger's per-token content probabilities)."""
    taken = {c.token for c in cues}
    around = _KeptContext.of(doc, cues, inside_quote)
    pos = doc.to_array("POS")
    out = []
    for i in range(len(doc)):
        if inside_quote[i] or i in taken or pos[i] not in (VERB, AUX, NOUN):
            continue
        tok = doc[i]
        spans = structures(tok)
        if not spans:
            continue
        src, how = extra_source(tok, ctx)
        if src is None:
            continue
        near = around.features(tok, taken)
        st = subject_type(src, ctx.lexicon)
        for kind, s, e in spans:
            if not (s <= src.i < e) and not any(around.covered[s:e]):
                feats = extra_features(tok, kind, s, e, src, ctx.lexicon, stats, how) + [f + "|" + kind for f in near]
                out.append((tok, kind, s, e, src, how, feats + inside_features(kind, mean_inside(inside, s, e), st)))
    return out


@dataclass
class _KeptContext:
    """Per token: its sentence's start, whether a kept content holds it; the sentences with a kept cue or a
    quotation."""

    sent_of: list[int]
    covered: list[bool]
    cue_sents: set
    quote_sents: set

    @classmethod
    def of(cls, doc, cues: list[Cue], inside_quote: list[bool]) -> "_KeptContext":
        sent_of = [0] * len(doc)
        for sent in doc.sents:
            sent_of[sent.start : sent.end] = [sent.start] * (sent.end - sent.start)
        covered = [False] * len(doc)
        for c in cues:
            for i in range(max(0, c.content_tokens[0]), c.content_tokens[1]):
                covered[i] = True
        return cls(sent_of, covered, {sent_of[c.token] for c in cues},
                   {sent_of[i] for i in range(len(doc)) if inside_quote[i]})

    def features(self, tok, taken: set) -> list[str]:
        """What the rules kept around a word: a cue in its sentence, a content holding it, a cue governing it, a
        quotation in its sentence."""
        st = self.sent_of[tok.i]
        f = ["scue" if st in self.cue_sents else "noscue"]
        if self.covered[tok.i]:
            f.append("incontent")
        if tok.head.i in taken:
            f.append("govcue")
        if st in self.quote_sents:
            f.append("squote")
        return f


def extra_cues(doc, cues: list[Cue], model: ExtraCueModel, ctx: SourceContext, stats: dict,
               inside_quote: list[bool], inside: dict) -> list[Cue]:
    """The pairs of :func:`extra_pairs` the classifier keeps, best first, one per word, none overlapping a kept
    content or another kept pair."""
    held = [c.content_tokens for c in cues if c.content_tokens[1] > c.content_tokens[0]]
    scored = sorted(((model.prob(p[6]), p) for p in extra_pairs(doc, cues, ctx, stats, inside_quote, inside)),
                    key=lambda x: -x[0])
    out, used = [], set()
    for prob, (tok, kind, s, e, src, how, _) in scored:
        if prob < model.threshold:
            break
        if tok.i in used or not model.keeps(prob, how) or any(a < e and s < b for a, b in held):
            continue
        used.add(tok.i)
        held.append((s, e))
        out.append(Cue(token=tok.i, cue_start=tok.idx, cue_end=tok.idx + len(tok.text), speaker=src.i, how=how,
                       participial=how == "participial", content_tokens=(s, e), rel="learnt_" + kind))
    return out


class CueFinder(LexiconComponent):
    """``quotegraph_cues``: writes ``doc._.qg_cues``. ``self.model`` is the learnt classifier (from the
    ``cue_classifier.json`` table, which travels with ``to_disk`` / ``from_disk``), or None for the lexicon alone;
    training and tests may assign another one."""

    tables_used = LEXICON_TABLES + ("cue_classifier.json", "content_settings.json", "non_statements.json",
                                    "extra_cue_classifier.json", "word_clusters.json")
    reject_non_statements = True

    def __init__(self, nlp: Language, name: str, use_classifier: bool, use_content_model: bool = True) -> None:
        self.use_classifier = use_classifier
        self.use_content_model = use_content_model and use_classifier
        super().__init__(nlp, name)

    def set_tables(self, tables: dict[str, dict]) -> None:
        super().set_tables(tables)
        self.stats = learnt_stats(tables["cues_learnt.json"])
        self.model: Optional[CueModel] = (CueModel.from_table(tables["cue_classifier.json"])
                                          if self.use_classifier else None)
        self.set_content_model(load_binary(CONTENT_MODEL) if self.use_content_model else None)
        self.extra_model: Optional[ExtraCueModel] = (
            ExtraCueModel.from_table(tables["extra_cue_classifier.json"], tables["word_clusters.json"])
            if self.use_classifier else None)

    def set_content_model(self, data: Optional[bytes]) -> None:
        """The content tagger from its gzip-compressed CRFsuite bytes (None: the classifier's gate alone)."""
        self.content_model = None if not data else ContentModel.from_gzip(data, self.tables["content_settings.json"])

    def find(self, doc: Doc, gate: bool = True) -> list[Cue]:
        """The cues of ``doc`` with this component's lexicon and model (``gate=False``: every candidate)."""
        return find_cues(doc, self.lexicon, self.model, gate, self.stats, self.content_model,
                         self.tables["non_statements.json"] if self.reject_non_statements else None, self.extra_model)

    def content_info(self, doc: Doc, cands: list[Cue]) -> DocInfo:
        """The content tagger's inputs for ``doc`` given its candidates (``find(doc, gate=False)``)."""
        return content_info(doc, cands, self.model, self.lexicon, self.stats, _inside_quotes(doc, read_quotes(doc)))

    def extra_pairs(self, doc: Doc, cues: list[Cue], inside: dict):
        """The pairs the extra-cue classifier decides on given the kept ``cues`` and the content tagger's
        per-token probabilities ``inside`` (training)."""
        return extra_pairs(doc, cues, SourceContext.of(doc, self.lexicon), self.stats,
                           _inside_quotes(doc, read_quotes(doc)), inside)

    @staticmethod
    def tagged_sentence(sent, info: DocInfo) -> bool:
        return ContentModel.tags(sent, info)

    def to_disk(self, path, exclude=()) -> None:
        super().to_disk(path, exclude)
        if self.content_model is not None:
            (Path(path) / CONTENT_MODEL).write_bytes(self.content_model.to_gzip())

    def from_disk(self, path, exclude=()):
        super().from_disk(path, exclude)
        f = Path(path) / CONTENT_MODEL
        self.set_content_model(f.read_bytes() if f.exists() and self.use_content_model else None)
        return self

    def __call__(self, doc: Doc) -> Doc:
        write_layer(doc, "qg_cues", self.find(doc))
        return doc


@Language.factory("quotegraph_cues", assigns=["doc._.qg_cues"],
                  requires=["doc._.qg_quotes", "doc._.qg_mentions", "token.dep"],
                  default_config={"use_classifier": True, "use_content_model": True})
def make_cue_finder(nlp: Language, name: str, use_classifier: bool, use_content_model: bool) -> CueFinder:
    """``use_classifier``: gate the cues with the learnt classifier (else the lexicon alone); ``use_content_model``:
    let the learnt content tagger decide and bound the contents too (needs the classifier)."""
    return CueFinder(nlp, name, use_classifier, use_content_model)
