"""What each statement does: its speech act (``quotegraph_acts``).

In: a Doc with ``doc._.qg_attributions`` (after quotegraph_about). Out: the same attributions with ``act`` set to
one of the closed list in :data:`quotegraph.ingest.records.SPEECH_ACTS` (definitions: docs/speech-acts.md).

The act comes from the cue and its context, first rule that answers wins (word lists: ``ingest/data/acts.json``):
1. a negated cue is no act of its own: "did not deny", "declined to confirm" -> ``state`` ("did not agree" -> deny);
2. constructions around the cue: "expressed regret over" (the object names the act), "called on X to" / "asked X
   to" (demand), "highlighted the risk of" (warn), "asked whether" or a question mark (question);
3. the cue's own act when it has one ("accused", "denied", "clarified", "warned", "vowed"), "assured that … will"
   (promise);
4. for the cues that only report ("said", "stating", "maintains"), the content: blame of a third party
   (accuse), a danger that could come (warn), praise or criticism words (praise / criticize), "we will"
   (promise), "X should" (demand), "X will" (predict), "I think" (claim);
5. else the cue's default: ``claim`` for cues of belief and characterisation, ``state`` for the rest.
Every rule reads words and ClearNLP dependency labels shared by the English pipelines (neg, dobj, prep, xcomp,
aux, nsubj), with a word-order fallback where a parser may attach differently.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

from spacy.language import Language
from spacy.tokens import Doc

from ..records import Attribution
from .common import char_token, doc_text, has_parse, lemma, read_layer, write_layer
from .common import LexiconComponent, subject_of


class ActLexicon:
    """The word lists of ``acts.json`` as frozen sets (lower-cased lemmas or words)."""

    def __init__(self, table: dict) -> None:
        self.cue_act = {lem: act for act, lems in table["cue_acts"].items() for lem in lems}
        self.claim_cues = frozenset(table["cue_acts"]["claim"])
        self.express_noun = {n: act for act, ns in table["express_nouns"].items() for n in ns}
        self.negated: dict[str, str] = table["negated"]
        self.wrong_verbs = frozenset(table["wrongdoing"]["verbs"])
        self.wrong_nouns = frozenset(table["wrongdoing"]["nouns"])
        for key in ("assure", "refusal_heads", "express", "call", "call_preps", "highlight", "danger",
                    "possibility", "future", "obligation", "likely", "praise_words", "criticism_words", "question_words",
                    "question_cues", "first_person"):
            setattr(self, key, frozenset(table[key]))


@dataclass
class ActContext:
    """One attribution in its Doc: the cue token, the content tokens and the content's text."""

    att: Attribution
    cue: Optional[object]  # the cue's first token (None for a cue-less continuation)
    content: list
    text: str
    L: ActLexicon

    @property
    def cue_lemma(self) -> str:
        return lemma(self.cue) if self.cue is not None else ""

    def cue_default(self) -> str:
        """The act of the cue's lemma (or of its word, when a pipeline lemmatises it oddly), else state."""
        word = self.cue.lower_ if self.cue is not None else ""
        return self.L.cue_act.get(self.cue_lemma) or self.L.cue_act.get(word, "state")


def act_context(doc: Doc, att: Attribution, L: ActLexicon) -> ActContext:
    """The context the rules read: cue token at ``cue_start``, the tokens of every content span."""
    cue = cue_head(doc, att.cue_start, att.cue_end) if att.cue_start is not None else None
    toks, seen = [], set()
    for s, e in att.spans or [(att.start, att.end)]:
        span = doc.char_span(s, e, alignment_mode="expand")
        for t in span if span is not None else []:
            if t.i not in seen:
                seen.add(t.i)
                toks.append(t)
    return ActContext(att, cue, toks, doc_text(doc)[att.start : att.end], L)


def cue_head(doc: Doc, start: int, end: int):
    """The word of a cue that carries its meaning: 'also argued in favor of' -> argued, "didn't apologize for"
    -> apologize, 'was sure' -> sure (its first verb, else its first adjective or noun, else its first token)."""
    span = doc.char_span(start, max(end, start + 1), alignment_mode="expand")
    if span is None or not len(span):
        return char_token(doc, start)
    for pos in (("VERB",), ("ADJ", "NOUN")):
        found = [t for t in span if t.pos_ in pos]
        if found:
            return found[0]
    return span[0]


# -- 1. negation --------------------------------------------------------------------------------------------

def negated_cue(c: ActContext) -> Optional[str]:
    """'did not deny', 'never said', 'declined to confirm': the act the negation leaves ("did not agree" = deny)."""
    cue = c.cue
    if cue is None or not cue.pos_ in ("VERB", "AUX"):
        return None
    neg = any(ch.dep_ == "neg" or ch.lower_ in ("never", "not", "n't") for ch in cue.children if ch.i < cue.i)
    refused = cue.dep_ == "xcomp" and lemma(cue.head) in c.L.refusal_heads
    if not (neg or refused):
        return None
    return c.L.negated.get(c.cue_default(), c.L.negated["default"])


# -- 2. constructions ---------------------------------------------------------------------------------------

def _object_noun(c: ActContext):
    """The cue's object noun ('expressed regret'), else the content's first noun when the content opens at it."""
    for ch in c.cue.children:
        if ch.dep_ in ("dobj", "obj") and ch.i > c.cue.i:
            return ch
    nouns = [t for t in c.content[:3] if t.pos_ in ("NOUN", "PROPN")]
    return nouns[0] if nouns else None


def expressed_act(c: ActContext) -> Optional[str]:
    """'expressed regret over', 'voiced concern', 'offered condolences': the object noun names the act."""
    if c.cue is None or c.cue_lemma not in c.L.express:
        return None
    obj = _object_noun(c)
    return c.L.express_noun.get(obj.lower_) or c.L.express_noun.get(lemma(obj)) if obj is not None else None


def _has_infinitive(tok) -> bool:
    """'asked them to leave': an infinitive clause under the token (xcomp/ccomp with 'to', or 'to' + verb after)."""
    for ch in tok.children:
        if ch.i > tok.i and ch.pos_ in ("VERB", "AUX") and any(g.lower_ == "to" and g.i < ch.i for g in ch.children):
            return True
    return False


def called_on(c: ActContext) -> Optional[str]:
    """'called on X to', 'called for', 'urged', 'asked X to', 'wants Congress to': demand."""
    cue = c.cue
    if cue is None or c.cue_lemma not in c.L.call:
        return None
    nxt = cue.doc[cue.i + 1] if cue.i + 1 < len(cue.doc) else None
    if c.cue_lemma in ("call", "appeal", "push", "press") and nxt is not None and nxt.lower_ in c.L.call_preps:
        return "demand"
    if _has_infinitive(cue):
        return "demand"
    return None


def highlighted_danger(c: ActContext) -> Optional[str]:
    """'highlighted the risk of', 'raised the prospect of war', 'noted the danger': warn."""
    if c.cue is None or c.cue_lemma not in c.L.highlight:
        return None
    obj = _object_noun(c)
    if obj is not None and (obj.lower_ in c.L.danger or lemma(obj) in c.L.danger):
        return "warn"
    return None


def asked_question(c: ActContext) -> Optional[str]:
    """'asked whether', 'wondered why', a question mark closing the content: question."""
    if c.text.rstrip(" \"'”’»").endswith("?"):
        return "question"
    if c.cue is None or c.cue_lemma not in c.L.question_cues:
        return None
    first = next((t for t in c.content if not (t.is_punct or t.is_space)), None)
    return "question" if first is not None and first.lower_ in c.L.question_words else None


# -- 3. the cue's own act -----------------------------------------------------------------------------------

def _future(c: ActContext) -> list:
    """The content's words of the future ('will', "'ll", 'going to', 'shall')."""
    out = []
    for t in c.content:
        if t.lower_.replace("’", "'") in c.L.future and t.tag_ == "MD":
            out.append(t)
        elif t.lower_ == "going" and t.i + 2 < len(t.doc) and t.nbor(1).lower_ == "to" and t.nbor(2).pos_ in (
                "VERB", "AUX"):
            out.append(t)
    return out


def assured_future(c: ActContext) -> Optional[str]:
    """'assured that US troops will not be deployed', 'vowed to', 'pledged': a commitment about the future."""
    if c.cue is None or c.cue_lemma not in c.L.assure:
        return None
    if c.cue_lemma in ("assure", "reassure") and (_future(c) or _has_infinitive(c.cue)):
        return "promise"
    return None


def cue_act(c: ActContext) -> Optional[str]:
    """The act of a cue that has one of its own ('accused', 'denied', 'warned'); 'state' and 'claim' cues wait."""
    act = c.cue_default()
    return None if act in ("state", "claim") else act


# -- 4. the content of a reporting cue ----------------------------------------------------------------------

def _subject_word(tok) -> str:
    subj = subject_of(tok)
    return subj.lower_ if subj is not None else ""


def _negated(tok) -> bool:
    return any(ch.dep_ == "neg" for ch in tok.children)


def blames(c: ActContext) -> Optional[str]:
    """A third party doing wrong ('their governments are killing children', 'complicity in'): accuse."""
    for t in c.content:
        if t.pos_ == "VERB" and lemma(t) in c.L.wrong_verbs and not _negated(t) and \
                _subject_word(t) not in c.L.first_person:
            return "accuse"
        if t.pos_ == "NOUN" and t.lower_ in c.L.wrong_nouns and not any(_negated(a) for a in t.ancestors):
            return "accuse"
    return None


def danger_ahead(c: ActContext) -> Optional[str]:
    """A danger that could come ('could escalate to World War Three', 'may lead to war'): warn."""
    modals = [t for t in c.content if t.tag_ == "MD" and t.lower_ in c.L.possibility | c.L.future]
    if not modals:
        return None
    words = {t.lower_ for t in c.content} | {lemma(t) for t in c.content}
    return "warn" if words & c.L.danger else None


def _self_reference(c: ActContext, word: str) -> bool:
    """The subject names the speaker: 'I'/'we', or in reported speech 'he'/'she' of a person, 'it'/'they' of an
    organization or group ('Trump said he will', 'the company said it will')."""
    if word in ("i", "we"):
        return True
    if c.att.kind == "direct":
        return False
    kind = c.att.speaker.kind
    return word in {"person": ("he", "she"), "unnamed": ("he", "she", "they")}.get(kind, ("it", "they"))


def commits(c: ActContext) -> Optional[str]:
    """'we will fight', 'he said he would never': the speaker commits to the future."""
    for t in _future(c) + [t for t in c.content if t.lower_ == "would" and c.att.kind != "direct"]:
        if _self_reference(c, _subject_word(t.head)):
            return "promise"
    return None


def _main_clause(c: ActContext) -> set[int]:
    """Token indices of the content's main verbs: its roots (heads outside the content) and their conjuncts."""
    inside = {t.i for t in c.content}
    roots = {t.i for t in c.content if t.head.i not in inside or t.head.i == t.i}
    return roots | {t.i for t in c.content if t.dep_ == "conj" and t.head.i in roots}


def obliges(c: ActContext) -> Optional[str]:
    """'Congress should act', 'we must do more', 'they need to' in the main clause: demand."""
    main = _main_clause(c)
    for t in c.content:
        if t.tag_ == "MD" and t.lower_ in ("should", "must", "ought") and t.head.i in main:
            return "demand"
        if t.lower_ in ("need", "needs", "have", "has") and t.i in main and t.i + 1 < len(t.doc) \
                and t.nbor(1).lower_ == "to" and subject_of(t) is not None and not _negated(t):
            return "demand"
    return None


def foresees(c: ActContext) -> Optional[str]:
    """'the economy will grow', 'Trump is going to lose', 'it would likely take weeks': a forecast."""
    if _future(c):
        return "predict"
    likely = any(t.lower_ == "would" and any(x.lower_ in c.L.likely for x in t.head.children) for t in c.content)
    return "predict" if likely else None


def believes(c: ActContext) -> Optional[str]:
    """'I think …', 'we believe …' in the content of a reporting cue: the speaker's own view, a claim."""
    for t in c.content:
        if lemma(t) in c.L.claim_cues and t.pos_ == "VERB" and _subject_word(t) in ("i", "we"):
            return "claim"
    return None


def judges(c: ActContext) -> Optional[str]:
    """Praise or criticism words in the content (not negated), the more numerous side wins."""
    pos = neg = 0
    for t in c.content:
        named = t.text[:1].isupper() and not t.is_sent_start  # 'the Great Recession' is a name, no praise
        if named or t.pos_ not in ("ADJ", "NOUN", "VERB") or any(_negated(a) for a in [t, t.head]):
            continue
        pos += t.lower_ in c.L.praise_words
        neg += t.lower_ in c.L.criticism_words
    if pos == neg:
        return None
    return "praise" if pos > neg else "criticize"


def cue_default(c: ActContext) -> str:
    """The cue's default: claim for cues of belief and characterisation, state for the rest."""
    return c.cue_default()


RULES: tuple[Callable[[ActContext], Optional[str]], ...] = (
    negated_cue, expressed_act, called_on, highlighted_danger, asked_question, assured_future, cue_act,
    blames, danger_ahead, judges, commits, obliges, foresees, believes)


def speech_act(doc: Doc, att: Attribution, L: ActLexicon) -> str:
    """The act of one attribution (first rule that answers, else the cue's default)."""
    c = act_context(doc, att, L)
    if not has_parse(doc):
        return cue_default(c)
    for rule in RULES:
        act = rule(c)
        if act is not None:
            return act
    return cue_default(c)


class ActTagger(LexiconComponent):
    """``quotegraph_acts``: sets ``act`` on every attribution of ``doc._.qg_attributions``."""

    tables_used = ("acts.json",)

    def build_lexicon(self, tables: dict[str, dict]) -> ActLexicon:
        return ActLexicon(tables["acts.json"])

    def __call__(self, doc: Doc) -> Doc:
        atts = read_layer(doc, "qg_attributions", Attribution.from_dict)
        for att in atts:
            att.act = speech_act(doc, att, self.lexicon)
        if atts:
            write_layer(doc, "qg_attributions", atts)
        return doc


@Language.factory("quotegraph_acts", assigns=["doc._.qg_attributions"], requires=["doc._.qg_attributions"])
def make_act_tagger(nlp: Language, name: str) -> ActTagger:
    return ActTagger(nlp, name)
