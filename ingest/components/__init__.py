"""spaCy components of quotegraph (each module registers one ``quotegraph_*`` factory on import).

paragraphs (before the parser) -> quotes -> entities -> coref -> roles -> cues -> attributions (speakers.py
resolves the sources) -> events -> about -> acts -> responses; see ingest/pipeline.py for the order and common.py
for the Doc extensions each writes.
"""
from . import about, acts, attributions, coref, cues, entities, events, paragraphs, quotes, responses  # noqa: F401
from . import roles  # noqa: F401
