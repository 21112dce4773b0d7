"""Session fixtures for the ingest tests: one real spaCy pipeline with the quotegraph components.

``QUOTEGRAPH_SPACY_MODEL`` picks the pipeline; when unset it defaults to the
shared dev pipeline if that exists (else en_core_web_sm via model.load_spacy).
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

DEV_MODEL = Path("/work/shared/models/en_news_distil_sm")
if not os.environ.get("QUOTEGRAPH_SPACY_MODEL") and DEV_MODEL.exists():
    os.environ["QUOTEGRAPH_SPACY_MODEL"] = str(DEV_MODEL)


@pytest.fixture(scope="session")
def nlp():
    from quotegraph.ingest.pipeline import load_pipeline

    return load_pipeline()
