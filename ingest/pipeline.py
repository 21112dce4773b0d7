"""The quotegraph extraction pipeline: spaCy components in, ArticleRecords out.

- :func:`add_quotegraph_components` adds the components (all named
  ``quotegraph_*``) after the pipeline's own ones; idempotent.
- :func:`load_pipeline` = ``add_quotegraph_components(load_spacy(model))``.
- :func:`extract_record` turns a processed Doc into an :class:`ArticleRecord`.
- :func:`extract` streams records for articles with ``nlp.pipe``.

Component order (each reads what the earlier ones wrote on the Doc): paragraphs (before the parser) ->
quotes -> entities -> coref -> roles -> cues -> attributions -> events -> about. Their results are plain
data in ``doc._.qg_*`` extensions (see components/common.py); :func:`attributions` reads them typed.
Works with any English pipeline that has a tagger/parser/NER (the Doc
extensions are empty, never missing, when a pipeline lacks the parser).
"""
from __future__ import annotations

import re
from typing import Callable, Iterable, Iterator, Optional

from spacy.language import Language
from spacy.tokens import Doc

from . import components  # noqa: F401  (registers the component factories)
from .components.attributions import read_attributions
from .components.common import read_layer, register_extensions
from .components.roles import read_roles
from .model import load_spacy
from .records import Article, ArticleRecord, Attribution, Entity, Event

# The quotegraph components in pipeline order (each reads what the earlier ones wrote on the Doc); paragraphs
# runs before the parser, the others after the pipeline's own components.
COMPONENTS = [
    "quotegraph_quotes",
    "quotegraph_entities",
    "quotegraph_coref",
    "quotegraph_roles",
    "quotegraph_cues",
    "quotegraph_attributions",
    "quotegraph_events",
    "quotegraph_about",
    "quotegraph_acts",
    "quotegraph_responses",
]

# Articles longer than this are analysed in paragraph-aligned chunks: spaCy's
# parser memory grows with doc length and nlp.max_length defaults to 1M chars.
CHUNK_CHARS = 100_000


# An em or en dash glued between a dateline and a name ("RALEIGH, N.C.—Donald Trump"): English infixes
# split dashes between letters only, so "N.C.—Donald" stays one token and the name is lost.
GLUED_DASH = r"(?<=[A-Za-z0-9.])[—–](?=[A-Za-z])"


def split_glued_dashes(nlp: Language) -> None:
    """Make the tokenizer split a dash glued after an abbreviation (saved with the tokenizer; idempotent)."""
    finder = nlp.tokenizer.infix_finditer
    pattern = getattr(getattr(finder, "__self__", None), "pattern", None)
    if pattern is None or GLUED_DASH in pattern:
        return
    nlp.tokenizer.infix_finditer = re.compile(pattern + "|" + GLUED_DASH).finditer


def add_quotegraph_components(nlp: Language) -> Language:
    """Add the quotegraph components to a loaded pipeline (no-op for those present)."""
    register_extensions()
    split_glued_dashes(nlp)
    if "quotegraph_paragraphs" not in nlp.pipe_names:
        before = {"before": "parser"} if "parser" in nlp.pipe_names else {"first": True}
        nlp.add_pipe("quotegraph_paragraphs", **before)
    for name in COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name, last=True)
    return nlp


def load_pipeline(model: Optional[str] = None) -> Language:
    """Load a spaCy pipeline (see model.load_spacy) with the quotegraph components."""
    return add_quotegraph_components(load_spacy(model))


def attributions(doc: Doc) -> list[Attribution]:
    """The attributions of a Doc the pipeline processed, as typed records."""
    return read_attributions(doc)


def _shifted(a: Attribution, article_id: str, offset: int) -> Attribution:
    """An attribution of a chunk, with offsets into the article text and the article id."""
    def shift(x):
        return None if x is None else x + offset

    sp = a.speaker
    a.spans = [(s + offset, e + offset) for s, e in (a.spans or [(a.start, a.end)])]
    a.article, a.start, a.end = article_id, a.start + offset, a.end + offset
    a.cue_start, a.cue_end = shift(a.cue_start), shift(a.cue_end)
    sp.start, sp.end = shift(sp.start), shift(sp.end)
    a.rebase(article_id, offset)  # responds_to ids: this article's, at its offsets
    if not _is_name(sp.name):  # a stray quotation mark or space is no speaker
        sp.name = None
    a.about = [name for name in a.about if _is_name(name)]
    return a


def _record_entities(doc: Doc, atts: list[Attribution], evs: list[Event], roles: dict) -> list[Entity]:
    """The article's entities: NER's, organization and person speakers NER missed, events, role organizations."""
    ents: dict[str, Entity] = {e.name: e for e in read_layer(doc, "qg_entities", Entity.from_dict) if _is_name(e.name)}
    for a in atts:
        sp = a.speaker
        if sp.name and sp.kind == "organization" and sp.name not in ents:
            ents[sp.name] = Entity(sp.name, "Organization", [sp.mention] if sp.mention and sp.mention != sp.name else [])
        if sp.name and sp.kind == "person" and sp.name not in ents:
            ents[sp.name] = Entity(sp.name, "Person", [])
    for ev in evs:
        ents.setdefault(ev.name, Entity(ev.name, "Event", list(ev.aliases)))
    for rs in roles.values():
        for role in rs:
            if role.organization:
                ents.setdefault(role.organization, Entity(role.organization, "Organization", []))
    return list(ents.values())


def extract_record(doc: Doc, article: Article, offset: int = 0) -> ArticleRecord:
    """The ArticleRecord of a Doc processed by the quotegraph pipeline.

    ``offset`` is where the Doc's text starts in ``article.text`` (non-zero only
    for chunks of long articles), so record offsets always index the text as read.
    """
    atts = [_shifted(a, article.id, offset) for a in read_attributions(doc)]
    evs = read_layer(doc, "qg_events", Event.from_dict)
    for ev in evs:
        ev.start = None if ev.start is None else ev.start + offset
        ev.end = None if ev.end is None else ev.end + offset
    roles = read_roles(doc)
    return ArticleRecord(article=article, attributions=atts, entities=_record_entities(doc, atts, evs, roles),
                         events=evs, roles=roles)


def _is_name(name) -> bool:
    """Whether ``name`` can name something: it has a letter or a digit."""
    return bool(name) and any(ch.isalnum() for ch in name)


def _chunks(text: str, size: int) -> list[tuple[int, str]]:
    """(offset, piece) pieces of at most ~size chars, cut at paragraph (else line, else space) breaks."""
    out = []
    pos = 0
    n = len(text)
    while pos < n:
        end = min(n, pos + size)
        if end < n:
            for sep in ("\n\n", "\n", ". ", " "):
                cut = text.rfind(sep, pos + size // 2, end)
                if cut > pos:
                    end = cut + len(sep)
                    break
        out.append((pos, text[pos:end]))
        pos = end
    return out


def _merge(records: list[ArticleRecord], article: Article) -> ArticleRecord:
    merged = ArticleRecord(article=article)
    ents: dict[str, Entity] = {}
    for r in records:
        merged.attributions.extend(r.attributions)
        merged.events.extend(r.events)
        for e in r.entities:
            if e.name in ents:
                ents[e.name].aliases.extend(a for a in e.aliases if a not in ents[e.name].aliases)
            else:
                ents[e.name] = e
        for k, v in r.roles.items():
            lst = merged.roles.setdefault(k, [])
            lst.extend(x for x in v if x not in lst)
    merged.entities = list(ents.values())
    return merged


def extract(
    nlp: Language,
    articles: Iterable[Article],
    analyse_end: Optional[Callable[[str], int]] = None,
    batch_size: int = 16,
    n_process: int = 1,
) -> Iterator[ArticleRecord]:
    """Stream one ArticleRecord per article, in input order.

    ``analyse_end(text)`` gives how much of the text to analyse (a prefix
    length, so offsets stay valid for the text as read); long texts are
    analysed in paragraph-aligned chunks and their records merged. ``n_process``
    > 1 runs spaCy's own multiprocessing (``nlp.pipe(n_process=...)``): the Doc
    layers are plain data, so processed Docs travel back from the workers.
    """
    add_quotegraph_components(nlp)

    def items():
        for idx, art in enumerate(articles):
            text = art.text or ""
            end = len(text)
            if analyse_end is not None:
                try:
                    end = max(0, min(len(text), int(analyse_end(text))))
                except Exception:
                    end = len(text)
            body = text[:end]
            pieces = _chunks(body, CHUNK_CHARS) if len(body) > CHUNK_CHARS else [(0, body)]
            for k, (off, piece) in enumerate(pieces):
                yield piece, (idx, art, off, k == len(pieces) - 1)

    pending: list[ArticleRecord] = []
    for doc, (idx, art, off, is_last) in nlp.pipe(items(), as_tuples=True, batch_size=batch_size,
                                                  n_process=n_process):
        pending.append(extract_record(doc, art, offset=off))
        if is_last:
            yield pending[0] if len(pending) == 1 else _merge(pending, art)
            pending = []
