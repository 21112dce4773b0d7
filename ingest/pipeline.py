"""The quotegraph extraction pipeline: spaCy components in, ArticleRecords out.

- :func:`add_quotegraph_components` adds the components (all named
  ``quotegraph_*``) after the pipeline's own ones; idempotent.
- :func:`load_pipeline` = ``add_quotegraph_components(load_spacy(model))``.
- :func:`extract_record` turns a processed Doc into an :class:`ArticleRecord`.
- :func:`extract` streams records for articles with ``nlp.pipe``.

Component order (each reads what the earlier ones wrote on the Doc):
quotes -> entities -> coref -> roles -> cues -> attributions -> events -> about.
Works with any English pipeline that has a tagger/parser/NER (the Doc
extensions are empty, never missing, when a pipeline lacks the parser).
"""
from __future__ import annotations

from typing import Callable, Iterable, Iterator, Optional

from spacy.language import Language
from spacy.tokens import Doc

from .components import about, paragraphs, coref, cues, entities, events, quotes, roles, speakers  # noqa: F401  (registers factories)
from .components.common import register_extensions
from .model import load_spacy
from .records import Article, ArticleRecord, Attribution, Entity, Event, Role, Speaker

COMPONENTS = [
    "quotegraph_quotes",
    "quotegraph_entities",
    "quotegraph_coref",
    "quotegraph_roles",
    "quotegraph_cues",
    "quotegraph_attributions",
    "quotegraph_events",
    "quotegraph_about",
]

# Articles longer than this are analysed in paragraph-aligned chunks: spaCy's
# parser memory grows with doc length and nlp.max_length defaults to 1M chars.
CHUNK_CHARS = 100_000


def add_quotegraph_components(nlp: Language) -> Language:
    """Add the quotegraph components to a loaded pipeline (no-op for those present)."""
    register_extensions()
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


def _shift_speaker(sp: Speaker, offset: int) -> Speaker:
    if offset and sp.start is not None:
        sp.start += offset
        sp.end = (sp.end or sp.start) + offset
    return sp


def extract_record(doc: Doc, article: Article, offset: int = 0) -> ArticleRecord:
    """The ArticleRecord of a Doc processed by the quotegraph pipeline.

    ``offset`` is where the Doc's text starts in ``article.text`` (non-zero only
    for chunks of long articles), so record offsets always index the text as read.
    """
    atts: list[Attribution] = []
    for a in doc._.attributions or []:
        b = Attribution(
            article=article.id, quote=a.quote, start=a.start + offset, end=a.end + offset, kind=a.kind, cue=a.cue,
            cue_start=None if a.cue_start is None else a.cue_start + offset,
            cue_end=None if a.cue_end is None else a.cue_end + offset,
            speaker=_shift_speaker(Speaker(**vars(a.speaker)), offset),
            spans=[(s + offset, e + offset) for s, e in (a.spans or [(a.start, a.end)])], about=list(a.about),
        )
        b.speaker.roles = [Role(r.title, r.organization) for r in a.speaker.roles]
        if not _is_name(b.speaker.name):  # a stray quotation mark or space is no speaker
            b.speaker.name = None
        b.about = [name for name in b.about if _is_name(name)]
        atts.append(b)
    ents: dict[str, Entity] = {}
    for e in doc._.entities or []:
        if _is_name(e.name):
            ents[e.name] = Entity(e.name, e.label, list(e.aliases))
    # Organization speakers that NER missed ("Russian government") are entities too.
    for a in atts:
        sp = a.speaker
        if sp.name and sp.kind == "organization" and sp.name not in ents:
            ents[sp.name] = Entity(sp.name, "Organization", [sp.mention] if sp.mention and sp.mention != sp.name else [])
        if sp.name and sp.kind == "person" and sp.name not in ents:
            ents[sp.name] = Entity(sp.name, "Person", [])
    evs = []
    for ev in doc._.events or []:
        evs.append(Event(ev.name, ev.place, ev.date, list(ev.aliases),
                         None if ev.start is None else ev.start + offset, None if ev.end is None else ev.end + offset))
        if ev.name not in ents:
            ents[ev.name] = Entity(ev.name, "Event", list(ev.aliases))
    roles = {k: [Role(r.title, r.organization) for r in v] for k, v in (doc._.roles or {}).items()}
    for r in roles.values():
        for role in r:
            if role.organization and role.organization not in ents:
                ents[role.organization] = Entity(role.organization, "Organization", [])
    return ArticleRecord(article=article, attributions=atts, entities=list(ents.values()), events=evs, roles=roles)


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
) -> Iterator[ArticleRecord]:
    """Stream one ArticleRecord per article, in input order (one process: see parallel.py for more).

    ``analyse_end(text)`` gives how much of the text to analyse (a prefix
    length, so offsets stay valid for the text as read); long texts are
    analysed in paragraph-aligned chunks and their records merged.
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
    for doc, (idx, art, off, is_last) in nlp.pipe(items(), as_tuples=True, batch_size=batch_size):
        pending.append(extract_record(doc, art, offset=off))
        if is_last:
            yield pending[0] if len(pending) == 1 else _merge(pending, art)
            pending = []
