"""spaCy components of quotegraph (each module registers one ``quotegraph_*`` component).

quotes -> entities -> coref -> roles -> cues -> speakers (attributions) -> events -> about;
see ingest/pipeline.py for the order and the Doc extensions each writes.
"""
