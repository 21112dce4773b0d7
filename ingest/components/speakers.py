"""Who a source noun phrase stands for: a subject or 'according to' token -> :class:`~..records.Speaker`.

In: a Doc processed up to ``quotegraph_roles`` (entity mentions, pronoun antecedents, roles) and the head
token of a source phrase. Out: a Speaker with its canonical name, kind and the mention's offsets.
Tried in order, one rule per function:
1. "X, through spokesperson Y, …" -> Y;
2. a pronoun -> its antecedent (coref.py), else an unnamed source of the pronoun's kind;
3. a title right before a person's name ("spokesperson Charlie Dietz") -> the person;
4. an entity mention in the phrase (or its apposition/compound) -> that person, group (plural nationality)
   or organization (places stand for their government: "Kyiv denied…"); a description whose own phrase names
   one person ("GOP contender and former neurosurgeon Ben Carson") -> that person;
5. a proper noun the NER missed -> an organization (a known place under its canonical name);
6. a definite role noun that the article gives one named holder ("the spokesman" when one spokesman is named,
   "the court" when one court is) -> that person or organization;
7. an institution noun ("the ministry") -> an organization; a plural noun -> a group; else an unnamed
   source with its descriptive name ("an American official"), never merged with a named person.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from spacy.tokens import Doc

from ..aliases import canonical_name, is_known_place
from ..records import Role, Speaker
from .common import Lexicon, dateline_end, doc_text, headline_end, noun_phrase, noun_phrase_name, paragraph_start
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
    for rule in (_dateline_speaker, _through_person, _pronoun_speaker, _titled_person, _entity_speaker,
                 _document_author, _person_in_phrase, _proper_noun_speaker):
        sp = rule(ctx, tok)
        if sp is not None:
            return sp
    return _nominal_speaker(ctx, tok)


def cue_source_speaker(ctx: SpeakerContext, cue) -> Speaker:
    """The speaker of a cue with a source token. "Barkley, who said …": the relative clause's source is the noun
    it modifies, and the mention stays the relative pronoun (the words that say who speaks in that clause)."""
    doc = ctx.doc
    sp = resolve_speaker(ctx, doc[cue.speaker])
    verb = doc[cue.token]
    if verb.dep_ == "relcl" and verb.head.i == cue.speaker:
        rel = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")
                    and c.lower_ in ctx.lexicon.words["relative_pronouns"]), None)
        if rel is not None:
            sp.mention, sp.start, sp.end = rel.text, rel.idx, rel.idx + len(rel.text)
    return sp


def _mention_span(ctx: SpeakerContext, tok) -> tuple[str, int, int]:
    """The words of the source phrase and their character offsets."""
    doc = ctx.doc
    s, e = noun_phrase(tok)
    start, end = doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)
    return doc_text(doc)[start:end], start, end


def _person(ctx: SpeakerContext, name: str, mention: str, start: int, end: int) -> Speaker:
    return Speaker(name=name, kind="person", mention=mention, start=start, end=end,
                   roles=list(ctx.roles.get(name, [])))


def _dateline_speaker(ctx: SpeakerContext, tok) -> Optional[Speaker]:
    """A dateline is never a speaker ("CLEVELAND, July 19 (UPI) — Former Attorney General Michael Mukasey told
    …" parsed with the dateline as subject): the person named after it, before the verb, else no one."""
    doc = ctx.doc
    start = paragraph_start(tok)
    end = dateline_end(doc, start)
    if not start <= tok.i < end:
        return None
    verb = tok.head if tok.head.i > tok.i else doc[min(len(doc) - 1, end + 12)]
    for t in doc[end : verb.i]:
        m = ctx.index.mention(t)
        if m is not None and m.label == "Person":
            return _person(ctx, m.name, doc_text(doc)[m.start_char : m.end_char], m.start_char, m.end_char)
    before_verb = doc[verb.i - 1] if verb.i - 1 >= end else None
    if before_verb is not None and before_verb.pos_ == "PROPN":
        return resolve_speaker(ctx, before_verb)  # the name right before the verb, whatever NER made of it
    return Speaker(name=None, kind="unnamed")


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
    if ctx.index.mention(tok) is not None or tok.lower_ not in ctx.lexicon.titles:
        return None
    # the name right after the title, or inside the title's own phrase ("Chief of Police Barry M. Weber")
    end = min(len(doc), max(tok.i + 2, tok.right_edge.i + 1), tok.i + 8)
    m = next((ctx.index.mention(t) for t in doc[tok.i + 1 : end] if ctx.index.mention(t) is not None), None)
    if m is None or m.label != "Person" or m.start - tok.i > 4 and m.start > tok.right_edge.i:
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


def _document_author(ctx: SpeakerContext, tok) -> Optional[Speaker]:
    """"a report by the budget office", "a letter from Ruiz", "a filing signed by Ruiz", "an interview Ruiz gave":
    a document (``document_nouns``) speaks for the person or organization named as its author; the mention is the
    whole phrase."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in ctx.lexicon.document_nouns:
        return None
    author = None
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("by", "from"):
            author = next((o for o in c.children if o.dep_ == "pobj"), None)
        elif c.dep_ in ("acl", "relcl"):
            author = next((a for x in c.children if x.dep_ == "agent" for a in x.children if a.dep_ == "pobj"),
                          next((x for x in c.children if x.dep_ == "nsubj" and x.i < c.i), None))
        if author is not None and (ctx.index.mention(author) is not None or author.pos_ == "PROPN"):
            sp = resolve_speaker(ctx, author)
            sp.start, sp.end = tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text)
            sp.mention = doc_text(ctx.doc)[sp.start : sp.end]
            return sp
        author = None
    return None


_PHRASE_DEPS = ("compound", "conj", "appos", "amod", "nmod", "flat", "cc")


def _person_in_phrase(ctx: SpeakerContext, tok) -> Optional[Speaker]:
    """"GOP presidential contender and former neurosurgeon Ben Carson responded": a description whose own
    phrase (compounds, conjuncts, appositions; not its prepositional phrases: "the lawyer for Ben Carson" is not
    Carson) names exactly one person."""
    if tok.pos_ != "NOUN" or ctx.index.mention(tok) is not None:
        return None
    names, stack = set(), [tok]
    while stack:
        t = stack.pop()
        m = ctx.index.mention(t)
        if m is not None and m.label == "Person":
            names.add(m.name)
        stack.extend(c for c in t.children if c.dep_ in _PHRASE_DEPS)
    return _person(ctx, names.pop(), *_mention_span(ctx, tok)) if len(names) == 1 else None


def _proper_noun_speaker(ctx: SpeakerContext, tok) -> Optional[Speaker]:
    """A proper noun the NER missed: an organization (a known place under its canonical name). In a title-case
    headline capitals prove nothing, so there it is no name."""
    if tok.tag_ not in ("NNP", "NNPS") or tok.lower_ in ctx.lexicon.person_source_nouns:
        return None
    if tok.idx < headline_end(ctx.doc):
        return Speaker(name=None, kind="unnamed", mention=tok.text, start=tok.idx, end=tok.idx + len(tok.text))
    mention, start, end = _mention_span(ctx, tok)
    name = canonical_name(tok.text, "GPE") if is_known_place(tok.text) else canonical_name(noun_phrase_name(tok), "ORG")
    return Speaker(name=name, kind="organization", mention=mention, start=start, end=end)


def _definite_bare(tok, L: Lexicon) -> bool:
    """"the spokesman", "the company", "the former president": a definite noun with no name of its own."""
    if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children):
        return False
    return all(c.dep_ in ("det", "punct") or (c.dep_ == "amod" and c.lower_ in L.words["role_adjectives"])
               or c.dep_ == "compound" and c.pos_ == "NOUN" for c in tok.lefts)


def _same_title(a: str, b: str) -> bool:
    fold = lambda t: "spokesperson" if t.lower() in ("spokesman", "spokeswoman") else t.lower()  # noqa: E731
    return fold(a) == fold(b)


def _person_with_title(ctx: SpeakerContext, tok) -> Optional[Speaker]:
    """"the spokesman said": the one person the article gives that title, else nothing."""
    title = " ".join(t.text for t in tok.doc[noun_phrase(tok, appositions=False)[0] : tok.i + 1]
                     if t.dep_ == "compound" or t.i == tok.i)
    if title.lower() not in ctx.lexicon.titles:
        return None
    names = {name for name, roles in ctx.roles.items() if any(r.title and _same_title(r.title, title) for r in roles)}
    return _person(ctx, names.pop(), *_mention_span(ctx, tok)) if len(names) == 1 else None


def _organization_of_kind(ctx: SpeakerContext, tok) -> Optional[Speaker]:
    """"the court said", "the company said": the one organization the article names of that kind (its name
    ends in the noun, or for a company a corporate suffix), else nothing."""
    L, noun = ctx.lexicon, (tok.lemma_ or tok.text).lower()
    if noun not in L.institution_nouns or tok.tag_ != "NN":
        return None
    suffixes = L.words["company_suffixes"] if noun in L.words["company_nouns"] else ()
    names = {m.name for m in ctx.index.mentions if m.label == "Organization" and m.name.split()
             and (m.name.split()[-1].lower() in (noun, tok.lower_) or m.name.split()[-1].lower().rstrip(".") in suffixes)}
    if len(names) != 1:
        return None
    mention, start, end = _mention_span(ctx, tok)
    return Speaker(name=names.pop(), kind="organization", mention=mention, start=start, end=end)


def _named_for_role(ctx: SpeakerContext, tok) -> Optional[Speaker]:
    """A definite role noun that stands for someone the article names (see the two rules it tries)."""
    if not _definite_bare(tok, ctx.lexicon):
        return None
    return _person_with_title(ctx, tok) or _organization_of_kind(ctx, tok)


def _nominal_speaker(ctx: SpeakerContext, tok) -> Speaker:
    """An institution noun, a plural group or an unnamed source, under its descriptive name (unless the
    article names who it stands for: :func:`_named_for_role`)."""
    named = _named_for_role(ctx, tok)
    if named is not None:
        return named
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
