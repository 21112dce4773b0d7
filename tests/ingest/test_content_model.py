"""The learnt content tagger (components/content_model.py, the cues component's content_crf.bin) and the rejection of
non-statements (the cues component's non_statements.json table)."""
from __future__ import annotations

import pytest

from quotegraph.ingest.components.content_model import spans_of
from quotegraph.ingest.pipeline import attributions


def _cue_finder(nlp):
    return nlp.get_pipe("quotegraph_cues")


def test_model_loads(nlp):
    cm = _cue_finder(nlp).content_model
    assert cm is not None, "ingest/data/content_crf.bin.gz missing: run python -m quotegraph.ingest.training.train_content_model"
    assert set(cm.tagger.labels()) == {"B", "I", "O"}
    assert {"boundaries", "new_min", "rescue_min", "drop_below"} <= set(cm.settings)
    assert len(cm.to_gzip()) < 3_000_000  # small enough to ship in the package


def test_travels_with_the_pipeline(nlp, tmp_path):
    nlp.get_pipe("quotegraph_cues").to_disk(tmp_path)
    assert (tmp_path / "content_crf.bin.gz").exists()
    from quotegraph.ingest.components.cues import CueFinder

    other = CueFinder(nlp, "quotegraph_cues", True, True).from_disk(tmp_path)
    assert other.content_model.data == _cue_finder(nlp).content_model.data


@pytest.mark.parametrize(
    "labels, spans",
    [
        (["O", "B", "I", "O"], [(11, 13)]),
        (["B", "I", "B", "I"], [(10, 12), (12, 14)]),
        (["I", "I", "O", "I"], [(10, 12), (13, 14)]),
        (["O", "O"], []),
    ],
)
def test_spans_of(labels, spans):
    assert spans_of(labels, 10) == spans


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The senator said that taxes would rise next year.", ["that taxes would rise next year"]),
        ("Taxes will rise next year, the senator said.", ["Taxes will rise next year"]),
        ("The board decided to close the plant in March.", []),
        ("The council plans to vote on the budget next week.", []),
        ("The senator declined to comment on the report.", []),
        ("A spokeswoman for the company declined to comment.", []),
        ("The company will report its quarterly earnings on Wednesday.", []),
        ("The Senate is expected to vote on the bill on Friday.", []),
    ],
)
def test_statements_and_non_statements(nlp, text, expected):
    """Decisions, plans, expectations, refusals to speak and future reporting are no statements (issue 13)."""
    got = [text[s:e] for a in attributions(nlp(text)) for s, e in a.spans]
    assert got == expected


def test_rejection_can_be_turned_off(nlp):
    finder = _cue_finder(nlp)
    text = "The board decided to close the plant in March."
    finder.reject_non_statements = False
    try:
        doc = nlp(text)
    finally:
        del finder.reject_non_statements
    assert any(doc[c["token"]].text == "decided" for c in doc._.qg_cues)
