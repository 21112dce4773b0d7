"""The learnt extra cues (components/extra_cues.py, the cues component's extra_cue_classifier.json table): the
spans a word could report, the model's table, and how the cues component adds what it keeps. Invented sentences."""
from __future__ import annotations

import pytest

from quotegraph.ingest.components.extra_cues import ExtraCueModel, structures
from quotegraph.ingest.pipeline import attributions


def _finder(nlp):
    return nlp.get_pipe("quotegraph_cues")


def test_model_loads(nlp):
    m = _finder(nlp).extra_model
    assert m is not None, "ingest/data/extra_cue_classifier.json missing: run python -m quotegraph.ingest.training.train_extra_cues"
    assert 0.0 < m.threshold <= 1.0 and len(m.weights) > 1000


def test_travels_with_the_pipeline(nlp, tmp_path):
    from quotegraph.ingest.components.cues import CueFinder

    _finder(nlp).to_disk(tmp_path)
    other = CueFinder(nlp, "quotegraph_cues", True, True).from_disk(tmp_path)
    assert other.extra_model.weights == _finder(nlp).extra_model.weights
    assert other.extra_model.threshold == _finder(nlp).extra_model.threshold


@pytest.mark.parametrize(
    "text, word, expected",
    [
        ("The mayor is worried that the budget will run out.", "is", {("acomp", "worried that the budget will run out")}),
        ("Most voters backed the plan to build a bridge.", "backed", {("dobj", "the plan to build a bridge")}),
        ("The council voted for a new tax on sugar.", "voted", {("prep_for", "a new tax on sugar")}),
        ("The senator wants to cut the budget.", "wants", {("xcomp", "to cut the budget")}),
    ],
)
def test_structures(nlp, text, word, expected):
    doc = nlp(text)
    tok = next(t for t in doc if t.text == word)
    assert {(k, doc[s:e].text) for k, s, e in structures(tok)} >= expected


@pytest.fixture
def eager_model(nlp):
    """A table that keeps every pair of a copular 'be' (and nothing else), in place of the learnt one."""
    finder = _finder(nlp)
    saved = finder.extra_model
    finder.extra_model = ExtraCueModel({"l=be": 20.0}, -10.0, 0.5)
    yield finder.extra_model
    finder.extra_model = saved


@pytest.mark.parametrize(
    "text, content, source",
    [
        ("The mayor is worried that the budget will run out.", "worried that the budget will run out", "mayor"),
        ("Ruiz was sure that the deal was dead.", "sure that the deal was dead", "Ruiz"),
    ],
)
def test_kept_pairs_become_attributions(nlp, eager_model, text, content, source):
    atts = attributions(nlp(text))
    assert [(text[s:e], source in (a.speaker.mention or a.speaker.name or "")) for a in atts for s, e in a.spans] == [
        (content, True)]


@pytest.mark.parametrize(
    "text",
    [
        "The weather is cold today.",  # no source
        "The board decided to close the plant in March.",  # a non-statement stays rejected
    ],
)
def test_no_pair_without_source_or_statement(nlp, text):
    finder = _finder(nlp)
    saved = finder.extra_model
    finder.extra_model = ExtraCueModel({}, 20.0, 0.5)  # keeps every pair
    try:
        atts = attributions(nlp(text))
    finally:
        finder.extra_model = saved
    assert atts == []


def test_off_table(nlp):
    """A threshold over 1 (the placeholder of an untrained table) adds nothing."""
    m = ExtraCueModel.from_table({})
    assert m.threshold > 1.0 and m.prob([]) == 0.5
