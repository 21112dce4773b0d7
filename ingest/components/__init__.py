"""spaCy components of quotegraph (each module registers one ``quotegraph_*`` factory on import).

paragraphs (before the parser) -> quotes -> entities -> coref -> roles -> cues -> attributions (speakers.py
resolves the sources) -> events -> about; see ingest/pipeline.py for the order and common.py for the Doc
extensions each writes.
"""
from . import about, attributions, coref, cues, entities, events, paragraphs, quotes, roles  # noqa: F401
