"""Who a source noun phrase stands for: a subject or 'according to' token -> :class:`~..records.Speaker`.

In: a Doc processed up to ``quotegraph_roles`` (entity mentions, pronoun antecedents, roles) and the head
token of a source phrase. Out: a Speaker with its canonical name, kind and the mention's offsets.
Tried in order, one rule per function:
1. "X, through spokesperson Y, …" -> Y;
2. a pronoun -> its antecedent (coref.py), else an unnamed source of the pronoun's kind;
3. a title right before a person's name ("spokesperson Charlie Dietz") -> the person;
4. an entity mention in the phrase (or its apposition/compound) -> that person, group (plural nationality)
   or organization (places stand for their government: "Kyiv denied…");
5. a proper noun the NER missed -> an organization (a known place under its canonical name);
6. an institution noun ("the ministry") -> an organization; a plural noun -> a group; else an unnamed
   source with its descriptive name ("an American official"), never merged with a named person.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from spacy.tokens import Doc

from ..aliases import canonical_name, is_known_place
from ..records import Role, Speaker
from .common import Lexicon, doc_text, noun_phrase, noun_phrase_name
from .coref import MentionIndex


@dataclass
class SpeakerContext:
    """What speaker resolution reads, built once per Doc."""

    doc: Doc
    index: MentionIndex
    roles: dict[str, list[Role]]
    lexicon: Lexicon


def resolve_speaker(ctx: SpeakerContext, tok) -> Speaker:
    """The Speaker a subject / 'according to' object token stands for (see module docstring)."""
    for rule in (_through_person, _pronoun_speaker, _titled_person, _entity_speaker, _proper_noun_speaker):
        sp = rule(ctx, tok)
        if sp is not None:
            return sp
    return _nominal_speaker(ctx, tok)


def _mention_span(ctx: SpeakerContext, tok) -> tuple[str, int, int]:
    """The words of the source phrase and their character offsets."""
    doc = ctx.doc
    s, e = noun_phrase(tok)
    start, end = doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)
    return doc_text(doc)[start:end], start, end


def _person(ctx: SpeakerContext, name: str, mention: str, start: int, end: int) -> Speaker:
    return Speaker(name=name, kind="person", mention=mention, start=start, end=end,
                   roles=list(ctx.roles.get(name, [])))


def _through_preps(tok) -> list:
    """'X, through spokesperson Y, said': the through/via phrase, on the subject or (parsers differ) on its verb
    between the subject and the verb."""
    preps = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("through", "via")]
    verb = tok.head
    if tok.dep_ in ("nsubj", "nsubjpass") and verb is not tok:
        preps += [c for c in verb.children
                  if c.dep_ == "prep" and c.lower_ in ("through", "via") and tok.i < c.i < verb.i]
    return preps


def _through_person(ctx: SpeakerContext, tok) -> Optional[Speaker]:
    """"the US State Department, through spokesperson Matthew Miller, …" -> Matthew Miller."""
    for prep in _through_preps(tok):
        for p in prep.children:
            m = ctx.index.mention(p) if p.dep_ == "pobj" else None
            if m is not None and m.label == "Person":
                return _person(ctx, m.name, doc_text(ctx.doc)[m.start_char : m.end_char], m.start_char, m.end_char)
    return None


def _pronoun_speaker(ctx: SpeakerContext, tok) -> Optional[Speaker]:
    """A pronoun: its antecedent's name and kind ("it" stays an organization), else an unnamed source."""
    low = tok.lower_
    if not (tok.pos_ == "PRON" or low in ctx.lexicon.words["pronouns"] - {"him", "her", "them"}):
        return None
    start, end = tok.idx, tok.idx + len(tok.text)
    ante = ctx.index.resolve(tok)
    if ante is None:
        kind = "group" if low in ("they", "we") else ("organization" if low == "it" else "person")
        return Speaker(name=None, kind=kind, mention=tok.text, start=start, end=end)
    if ante.kind == "person" and low != "it":
        return _person(ctx, ante.name, tok.text, start, end)
    kind = "organization" if low == "it" and ante.kind == "person" else ante.kind
    return Speaker(name=ante.name, kind=kind, mention=tok.text, start=start, end=end)


def _titled_person(ctx: SpeakerContext, tok) -> Optional[Speaker]:
    """"spokesperson Charlie Dietz": a title followed by a person's name, however the parser attached it."""
    doc = ctx.doc
    if ctx.index.mention(tok) is not None or tok.i + 1 >= len(doc) or tok.lower_ not in ctx.lexicon.titles:
        return None
    m = ctx.index.mention(doc[tok.i + 1])
    if m is None or m.label != "Person":
        return None
    return _person(ctx, m.name, *_mention_span(ctx, tok))


def _phrase_mention(ctx: SpeakerContext, tok):
    """The entity mention at the head, else a person mention in its apposition or compound."""
    m = ctx.index.mention(tok)
    if m is not None:
        return m
    for c in tok.children:
        cm = ctx.index.mention(c) if c.dep_ in ("appos", "compound") else None
        if cm is not None and cm.label == "Person":
            return cm
    return None


def _entity_speaker(ctx: SpeakerContext, tok) -> Optional[Speaker]:
    """A named person, a nationality group ("Russians") or an organization / place standing for one."""
    m = _phrase_mention(ctx, tok)
    if m is None:
        return None
    mention, start, end = _mention_span(ctx, tok)
    if m.label == "Person":
        return _person(ctx, m.name, mention, start, end)
    if m.spacy_label == "NORP" and tok.tag_ in ("NNPS", "NNS"):
        return Speaker(name=m.text, kind="group", mention=mention, start=start, end=end)
    return Speaker(name=m.name, kind="organization", mention=mention, start=start, end=end)


def _proper_noun_speaker(ctx: SpeakerContext, tok) -> Optional[Speaker]:
    """A proper noun the NER missed: an organization (a known place under its canonical name)."""
    if tok.tag_ not in ("NNP", "NNPS") or tok.lower_ in ctx.lexicon.person_source_nouns:
        return None
    mention, start, end = _mention_span(ctx, tok)
    name = canonical_name(tok.text, "GPE") if is_known_place(tok.text) else canonical_name(noun_phrase_name(tok), "ORG")
    return Speaker(name=name, kind="organization", mention=mention, start=start, end=end)


def _nominal_speaker(ctx: SpeakerContext, tok) -> Speaker:
    """An institution noun, a plural group or an unnamed source, under its descriptive name."""
    L = ctx.lexicon
    mention, start, end = _mention_span(ctx, tok)
    name = noun_phrase_name(tok)
    low, head_low = tok.lower_, (tok.lemma_ or tok.text).lower()
    if low in L.institution_nouns or head_low in L.institution_nouns:
        kind = "group" if low == "authorities" else "organization"
        return Speaker(name=canonical_name(name, "ORG"), kind=kind, mention=mention, start=start, end=end)
    if tok.tag_ in ("NNS", "NNPS"):
        return Speaker(name=name, kind="group", mention=mention, start=start, end=end)
    return Speaker(name=name or tok.text, kind="unnamed", mention=mention, start=start, end=end)
