"""Roles (title at organization) of the people an article names (``quotegraph_roles``).

In: a parsed Doc with ``Doc._.qg_ents``, ``Doc._.coref`` and ``Doc._.dateline``.
Out: ``Doc._.roles``: canonical person name -> list[Role] (no duplicates).

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

from spacy.language import Language
from spacy.tokens import Doc

from ..aliases import canonical_name, country_of_demonym
from ..records import Role
from .common import has_parse, lex, register_extensions, subject_of

_MAX_TITLE_WORDS = 3


def _match_title(words: list[str], i: int, vocab: frozenset) -> int:
    """Length of the longest lexicon entry starting at words[i] (0 if none)."""
    for n in range(min(_MAX_TITLE_WORDS, len(words) - i), 0, -1):
        if " ".join(words[i : i + n]).lower() in vocab:
            return n
    return 0


def _premodifier_role(doc, m, coref) -> tuple[str | None, str | None]:
    """(title, organization) from the words right before a person mention."""
    L = lex()
    toks = []
    i = m.start - 1
    sent_start = doc[m.start].sent.start if has_parse(doc) else 0
    while i >= sent_start and len(toks) < 8:
        t = doc[i]
        low = t.lower_
        if t.is_punct and t.text not in ("'s", "’s") or t.is_space:
            break
        in_ent = coref.mention_at[i] >= 0
        if (
            low in L.titles
            or low in L.ranks
            or low in L.honorifics
            or in_ent
            or t.tag_ in ("NNP", "NNPS", "POS")
            or t.text in ("'s", "’s")
            or (low in ("of", "for", "state", "foreign", "deputy", "vice", "former", "acting", "senior", "chief", "press", "defense", "defence", "interior", "finance", "general") and toks)
            or (low in ("of", "deputy", "vice", "former", "acting", "senior", "chief", "press", "foreign", "defense", "defence"))
        ):
            toks.append(t)
            i -= 1
            continue
        break
    toks.reverse()
    # Leading function words cannot start a premodifier ("of Kremlin spokesperson").
    while toks and toks[0].lower_ in ("of", "for", "'s", "’s"):
        toks = toks[1:]
    if not toks:
        return None, None
    words = [t.text for t in toks]
    title_parts: list[str] = []
    org = None
    j = 0
    while j < len(toks):
        t = toks[j]
        k = coref.mention_at[t.i]
        n = _match_title(words, j, L.titles)
        r = _match_title(words, j, L.ranks | L.honorifics)
        if k >= 0 and coref.mentions[k].label in ("Organization", "Place"):
            em = coref.mentions[k]
            org = country_of_demonym(em.text) if em.spacy_label == "NORP" else em.name
            org = org or em.name
            j = max(j + 1, em.end - toks[0].i)
            continue
        if n and (not r or n > r or not title_parts):
            # "Major" alone before a name is a rank, not an office.
            if r >= n and not any(x.lower_ in L.titles and x.lower_ not in L.ranks for x in toks[j + n :]):
                j += r
                continue
            title_parts.append(" ".join(words[j : j + n]))
            j += n
            continue
        if r:
            j += r
            continue
        if t.tag_ in ("NNP", "NNPS") and k < 0 and not title_parts:
            dem = country_of_demonym(t.text)
            org = dem or canonical_name(t.text, "ORG")
        j += 1
    title = title_parts[-1] if title_parts else None
    return title, org


def _apposition_role(tok, coref) -> tuple[str | None, str | None]:
    """(title, org) from an appositive noun like 'the Kremlin's spokesman' / 'a spokesman for X'."""
    L = lex()
    low = tok.lower_
    title = None
    compounds = [c for c in tok.lefts if c.dep_ in ("compound", "amod")]
    words = [c.text for c in compounds] + [tok.text]
    for n in range(min(3, len(words)), 0, -1):
        cand = " ".join(words[-n:])
        if cand.lower() in L.titles:
            title = cand
            break
    if title is None:
        if low in L.titles:
            title = tok.text
        else:
            return None, None
    org = None
    for c in tok.children:
        if c.dep_ in ("poss", "compound", "nmod", "amod") and c.i < tok.i:
            k = coref.mention_at[c.i]
            if k >= 0 and coref.mentions[k].label in ("Organization", "Place"):
                em = coref.mentions[k]
                org = country_of_demonym(em.text) if em.spacy_label == "NORP" else em.name
            elif c.tag_ in ("NNP", "NNPS"):
                org = country_of_demonym(c.text) or canonical_name(c.text, "ORG")
        elif c.dep_ == "prep" and c.lower_ in ("for", "of", "at", "with"):
            for p in c.children:
                if p.dep_ == "pobj":
                    k = coref.mention_at[p.i]
                    if k >= 0 and coref.mentions[k].label in ("Organization", "Place"):
                        org = coref.mentions[k].name
                    elif p.tag_ in ("NNP", "NNPS") or p.lower_ in L.institution_nouns:
                        org = canonical_name(_np_text(p), "ORG")
    return title, org


def _np_text(tok) -> str:
    left = tok.left_edge.i
    return tok.doc[left : tok.i + 1].text


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


def find_roles(doc: Doc) -> dict[str, list[Role]]:
    """Roles for every person mention (see module docstring)."""
    roles: dict[str, list[Role]] = {}
    coref = doc._.coref
    if coref is None or not has_parse(doc):
        return roles
    L = lex()
    dateline = doc._.dateline
    country = dateline[1] if dateline else None
    for m in coref.mentions:
        if m.label != "Person":
            continue
        head = doc[m.end - 1]
        found: list[tuple[str | None, str | None]] = []
        title, org = _premodifier_role(doc, m, coref)
        if title:
            found.append((title, org))
        for c in head.children:
            if c.dep_ == "appos" and c.pos_ in ("NOUN", "PROPN") and coref.mention_at[c.i] < 0:
                t2, o2 = _apposition_role(c, coref)
                if t2:
                    found.append((t2, o2))
        if head.dep_ == "appos" and head.head.pos_ == "NOUN":
            t2, o2 = _apposition_role(head.head, coref)
            if t2:
                found.append((t2, o2))
        for title, org in found:
            if org is None:
                org = _through_org(head, coref)
            if org is None and title.lower() in L.head_of_state and country:
                org = country
            role = Role(title=title, organization=org)
            lst = roles.setdefault(m.name, [])
            if not any(r.title.lower() == title.lower() and r.organization == org for r in lst):
                # A qualified role replaces the same title without organization.
                lst[:] = [r for r in lst if not (r.title.lower() == title.lower() and r.organization is None and org)]
                if not any(r.title.lower() == title.lower() and r.organization and org is None for r in lst):
                    lst.append(role)
    return roles


@Language.component("quotegraph_roles")
def roles_component(doc: Doc) -> Doc:
    register_extensions()
    doc._.roles = find_roles(doc)
    return doc
