"""Roles (title at organization) of the people an article names (``quotegraph_roles``).

In: a parsed Doc with ``doc._.qg_mentions`` and ``doc._.qg_dateline``.
Out: ``doc._.qg_roles``: canonical person name -> list of {title, organization} (no duplicates).

Where roles come from:
- premodifiers of the name: "Kremlin spokesperson Dmitry Peskov" -> (spokesperson,
  Kremlin); "US President Joe Biden" -> (President, United States); ranks and
  honorifics are skipped ("Pentagon spokesperson Major Charlie Dietz" ->
  (spokesperson, Pentagon));
- appositions either way round: "Peskov, the Kremlin's spokesman" and "the
  Kremlin's spokesman, Dmitry Peskov"; "a spokesman for the State Department";
- "the US State Department, through spokesperson Matthew Miller, ..." -> the
  organization the person acts for is the one the 'through' phrase hangs on.

A head-of-state/government title with no organization ("President Vladimir
Putin") takes the country of the article's dateline ("MOSCOW:" -> Russia).
This is the convention wire copy follows: the unqualified "President" in a
Moscow-datelined story is Russia's, a foreign one is qualified ("US
President Joe Biden"). Without a dateline the organization stays None rather
than guessed.
"""
from __future__ import annotations

from dataclasses import asdict

from spacy.language import Language
from spacy.tokens import Doc

from ..aliases import canonical_name, country_of_demonym
from ..records import Role
from .common import Lexicon, LexiconComponent, has_parse, noun_phrase, subject_of
from .coref import MentionIndex, mention_index

_MAX_TITLE_WORDS = 3


def _match_title(words: list[str], i: int, vocab: frozenset) -> int:
    """Length of the longest lexicon entry starting at words[i] (0 if none)."""
    for n in range(min(_MAX_TITLE_WORDS, len(words) - i), 0, -1):
        if " ".join(words[i : i + n]).lower() in vocab:
            return n
    return 0


def _premodifier_tokens(doc, m, index: MentionIndex, L: Lexicon) -> list:
    """The title-like words right before a person mention, in text order ("Kremlin spokesperson")."""
    toks = []
    i = m.start - 1
    sent_start = doc[m.start].sent.start if has_parse(doc) else 0
    while i >= sent_start and len(toks) < 8:
        t = doc[i]
        low = t.lower_
        if t.is_punct and t.text not in ("'s", "’s") or t.is_space:
            break
        if not (low in L.titles or low in L.ranks or low in L.honorifics or index.mention_at[i] >= 0
                or t.tag_ in ("NNP", "NNPS", "POS") or t.text in ("'s", "’s") or low in L.words["role_words"]
                or (toks and low in L.words["role_words_inside"])):
            break
        toks.append(t)
        i -= 1
    toks.reverse()
    # Leading function words cannot start a premodifier ("of Kremlin spokesperson").
    while toks and toks[0].lower_ in ("of", "for", "'s", "’s"):
        toks = toks[1:]
    return toks


def _leading_title_tokens(doc, m) -> list:
    """Words the NER put inside a person mention before the name itself ("Government Spokesman" of
    "Government Spokesman Stephanos Stephanou")."""
    first = m.name.split()[0] if m.name.split() else ""
    toks = []
    for t in doc[m.start : m.end]:
        if t.text == first:
            return toks
        toks.append(t)
    return []


def _premodifier_role(doc, m, index: MentionIndex, L: Lexicon) -> tuple[str | None, str | None]:
    """(title, organization) from the words right before a person mention."""
    toks = _premodifier_tokens(doc, m, index, L) + _leading_title_tokens(doc, m)
    words = [t.text for t in toks]
    title_parts: list[str] = []
    org = None
    j = 0
    while j < len(toks):
        t = toks[j]
        k = index.mention_at[t.i]
        n = _match_title(words, j, L.titles)
        r = _match_title(words, j, L.ranks | L.honorifics)
        if k >= 0 and index.mentions[k].label in ("Organization", "Place"):
            em = index.mentions[k]
            org = (country_of_demonym(em.text) if em.spacy_label == "NORP" else em.name) or em.name
            j = max(j + 1, em.end - toks[0].i)
        elif n and (not r or n > r or not title_parts):
            # "Major" alone before a name is a rank, not an office.
            if r >= n and not any(x.lower_ in L.titles and x.lower_ not in L.ranks for x in toks[j + n :]):
                j += r
                continue
            title_parts.append(" ".join(words[j : j + n]))
            j += n
        elif r:
            j += r
        else:
            if t.tag_ in ("NNP", "NNPS") and k < 0 and not title_parts:
                org = country_of_demonym(t.text) or canonical_name(t.text, "ORG")
            j += 1
    return (title_parts[-1] if title_parts else None), org


def _span_title(toks: list, L: Lexicon) -> tuple[str | None, int]:
    """The last (longest) title in a run of tokens, with the index after it; (None, -1) when there is none."""
    words = [t.text for t in toks]
    found, end = None, -1
    j = 0
    while j < len(words):
        n = _match_title(words, j, L.titles)
        if n:
            found, end = " ".join(words[j : j + n]), j + n
            j += n
        else:
            j += 1
    return found, end


def _span_organization(toks: list, index: MentionIndex, L: Lexicon) -> str | None:
    """The organization a run of tokens names: an organization or place mention (a nationality as its country),
    else a capitalised noun the NER missed ("the Kremlin's spokesman")."""
    for t in toks:
        k = index.mention_at[t.i]
        if k >= 0 and index.mentions[k].label in ("Organization", "Place"):
            em = index.mentions[k]
            return (country_of_demonym(em.text) if em.spacy_label == "NORP" else em.name) or em.name
    for t in toks:
        if t.tag_ in ("NNP", "NNPS") and index.mention_at[t.i] < 0 and t.lower_ not in L.titles:
            return country_of_demonym(t.text) or canonical_name(t.text, "ORG")
    return None


def _apposition_role(tok, index: MentionIndex, L: Lexicon) -> tuple[str | None, str | None]:
    """(title, org) from an apposition to a person, whatever the parser made its head: 'the Kremlin's
    spokesman', 'a spokesman for the State Department', 'the ACLU of Arkansas Executive Director'. The title is
    the last title word in the phrase, the organization the first one named in it."""
    toks = [t for t in tok.doc[tok.left_edge.i : tok.right_edge.i + 1] if index.mention_at[t.i] < 0
            or index.mentions[index.mention_at[t.i]].label != "Person"]
    if len(toks) > 12:
        return None, None  # a long clause, not a title
    # the phrase's own head when it is a title ("a spokesman for the mayor"), else its last title ("the ACLU of
    # Arkansas Executive Director")
    head_title = _span_title([t for t in toks if t.i <= tok.i], L)
    title = head_title[0] if head_title[1] == len([t for t in toks if t.i <= tok.i]) else _span_title(toks, L)[0]
    return (title, _span_organization(toks, index, L)) if title else (None, None)


def _heading_role(head, index: MentionIndex, L: Lexicon) -> tuple[str | None, str | None]:
    """"Maria Lopez, who heads the Nevada Democratic Party": ('head', the party)."""
    for rel in head.children:
        if rel.dep_ != "relcl" or (rel.lemma_ or "").lower() not in L.words["heading_verbs"]:
            continue
        obj = next((c for c in rel.children if c.dep_ == "dobj"), None)
        org = _span_organization(list(obj.doc[obj.left_edge.i : obj.right_edge.i + 1]), index, L) if obj else None
        if org:
            return ("founder" if rel.lemma_.lower().endswith("found") else "head"), org
    return None, None


def _np_text(tok) -> str:
    return tok.doc[noun_phrase(tok, appositions=False)[0] : tok.i + 1].text


def _through_org(head, coref) -> str | None:
    """'X, through spokesperson Y, ...': the organization X for person head Y."""
    if head.dep_ != "pobj" or head.head.lower_ not in ("through", "via"):
        return None
    gov = head.head.head
    if gov.pos_ in ("VERB", "AUX"):
        gov = subject_of(gov) or gov  # the phrase hangs on the verb: "X, through Y, said" -> X
    k = coref.mention_at[gov.i]
    if k >= 0 and coref.mentions[k].label in ("Organization", "Place"):
        return coref.mentions[k].name
    if gov.pos_ in ("NOUN", "PROPN"):
        return canonical_name(_np_text(gov), "ORG")
    return None


def _person_roles(doc: Doc, m, index: MentionIndex, L: Lexicon) -> list[tuple[str, str | None]]:
    """(title, organization) pairs found around one person mention: premodifier and appositions either way."""
    head = doc[m.end - 1]
    found = [_premodifier_role(doc, m, index, L), _heading_role(head, index, L)]
    for c in head.children:
        if c.dep_ == "appos" and c.pos_ in ("NOUN", "PROPN"):
            found.append(_apposition_role(c, index, L))
    if head.dep_ == "appos" and head.head.pos_ == "NOUN":
        found.append(_apposition_role(head.head, index, L))
    return [(title, org) for title, org in found if title]


def _add_role(lst: list[Role], role: Role) -> None:
    """Add a role once; a qualified role replaces the same title without organization."""
    same = lambda r: r.title.lower() == role.title.lower()  # noqa: E731
    if any(same(r) and r.organization == role.organization for r in lst):
        return
    lst[:] = [r for r in lst if not (same(r) and r.organization is None and role.organization)]
    if not any(same(r) and r.organization and role.organization is None for r in lst):
        lst.append(role)


def find_roles(doc: Doc, index: MentionIndex, L: Lexicon) -> dict[str, list[Role]]:
    """Roles for every person mention (see module docstring)."""
    roles: dict[str, list[Role]] = {}
    if not has_parse(doc):
        return roles
    country = doc._.qg_dateline[1] if doc._.qg_dateline else None
    for m in index.mentions:
        if m.label != "Person":
            continue
        for title, org in _person_roles(doc, m, index, L):
            if org is None:
                org = _through_org(doc[m.end - 1], index)
            if org is None and title.lower() in L.head_of_state and country:
                org = country
            _add_role(roles.setdefault(m.name, []), Role(title=title, organization=org))
    return roles


def read_roles(doc: Doc) -> dict[str, list[Role]]:
    """The roles the component stored on ``doc._.qg_roles``."""
    return {name: [Role(**r) for r in rs] for name, rs in (doc._.qg_roles or {}).items()}


class RoleFinder(LexiconComponent):
    """``quotegraph_roles``: writes ``doc._.qg_roles``."""

    def __call__(self, doc: Doc) -> Doc:
        roles = find_roles(doc, mention_index(doc), self.lexicon)
        doc._.qg_roles = {name: [asdict(r) for r in rs] for name, rs in roles.items()}
        return doc


@Language.factory("quotegraph_roles", assigns=["doc._.qg_roles"],
                  requires=["doc._.qg_mentions", "doc._.qg_dateline", "token.dep"])
def make_role_finder(nlp: Language, name: str) -> RoleFinder:
    return RoleFinder(nlp, name)
