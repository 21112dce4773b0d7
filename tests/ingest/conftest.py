"""Session fixtures for the ingest tests: one real spaCy pipeline with the quotegraph components.

``QUOTEGRAPH_SPACY_MODEL`` picks the pipeline; when unset, tests.support points it at the shared
official en_core_web_sm 3.8.0 if that exists (else en_core_web_sm via model.load_spacy).
"""
from __future__ import annotations

import pytest

import tests.support  # noqa: F401  (sets the default pipeline)


@pytest.fixture(scope="session")
def nlp():
    from quotegraph.ingest.pipeline import load_pipeline

    return load_pipeline()
