"""Whole articles of our own writing against their expected attributions (tests/golden/articles/*.txt with
*.expected.json beside them): several speakers, pronouns, a spokesperson named once and then by role, a company
named once and then as "the company", a headline and a dateline."""
from __future__ import annotations

import json

import pytest

from quotegraph.ingest.components.roles import read_roles
from quotegraph.ingest.pipeline import attributions
from tests.support import REPO

ARTICLES = sorted((REPO / "tests" / "golden" / "articles").glob("*.txt"))


def _expected(path):
    return json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def processed(nlp):
    return {path.stem: nlp(path.read_text(encoding="utf-8")) for path in ARTICLES}


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_attributions(processed, path):
    atts = attributions(processed[path.stem])
    for want in _expected(path)["attributions"]:
        found = [a for a in atts if a.quote.startswith(want["quote_starts"])]
        assert found, f"missing: {want['quote_starts']!r}"
        sp = found[0].speaker
        assert (sp.name, found[0].kind) == (want["speaker"], want["kind"]), (want, sp)
        if "mention" in want:
            assert sp.mention == want["mention"], (want, sp)


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_roles(processed, path):
    roles = read_roles(processed[path.stem])
    for person, titles in _expected(path)["roles"].items():
        assert {t.lower() for t in titles} <= {r.title.lower() for r in roles.get(person, [])}, (person, roles)


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_headline_and_dateline_make_no_entities(processed, path):
    doc = processed[path.stem]
    names = {m["name"] for m in doc._.qg_mentions} | {a.speaker.name for a in attributions(doc)}
    assert not names & set(_expected(path)["not_entities"]), names
