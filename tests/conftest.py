"""Fixtures shared by every test package.

``gold_record`` is the seed article's hand-checked gold graph
(tests/golden/crimea-atacms-retaliation.json) as an ingest record, so the
graph, query and Neo4j tests run on known data, independent of the extractor.
"""
from __future__ import annotations

import json

import pytest

from quotegraph.ingest.records import ArticleRecord
from tests.support import GOLD, SEED_TEXT, gold_to_record


@pytest.fixture(scope="session")
def gold() -> dict:
    return json.loads(GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_TEXT.read_text(encoding="utf-8")


@pytest.fixture()
def gold_record(gold, seed_text) -> ArticleRecord:
    return gold_to_record(gold, seed_text)


@pytest.fixture()
def gold_graph(gold_record):
    from quotegraph.graph.build import build_graph
    return build_graph([gold_record])
