"""The learnt cue classifier (components/cue_model.py, data/cue_classifier.json): loads, decides in context."""
from __future__ import annotations

import pytest

from quotegraph.ingest.components import cue_model
from quotegraph.ingest.components.cues import find_cues


def _candidates(nlp, text):
    doc = nlp(text)
    return doc, [c for c in find_cues(doc, gate=False) if c.features]


def test_weights_load():
    m = cue_model.load()
    assert m is not None, "ingest/data/cue_classifier.json missing: run python -m quotegraph.ingest.training.train_cue_classifier"
    assert 0.0 < m.threshold < 1.0 and 0.0 <= m.lexicon_threshold < 1.0
    assert len(m.weights) > 100 and all(isinstance(v, float) for v in m.weights.values())


@pytest.mark.parametrize(
    "text, verb, keep",
    [
        ("The senator said that taxes would rise.", "said", True),  # lexicon cue, clause content
        ("She spoke about the need for reform.", "spoke", True),  # low-precision lemma, speech content
        ("The company made a profit last year.", "made", False),  # light verb, no reporting
    ],
)
def test_decision_in_context(nlp, text, verb, keep):
    m = cue_model.load()
    doc, cands = _candidates(nlp, text)
    c = next(c for c in cands if doc[c.token].text == verb)
    th = m.lexicon_threshold if c.lexicon else m.threshold
    assert (m.prob(c.features) >= th) == keep


@pytest.mark.parametrize(
    "text, quote",
    [
        ("She spoke about the need for reform.", "the need for reform"),
        ("The union sought a higher minimum wage for its members.", "a higher minimum wage for its members"),
        ("The company made a profit last year.", None),
        ("The coach gave the players a day off.", None),
    ],
)
def test_classifier_attributions(nlp, text, quote):
    atts = nlp(text)._.attributions
    if quote is None:
        assert atts == []
    else:
        assert [a.quote for a in atts] == [quote]


def test_without_model_lexicon_only(nlp):
    cue_model.use(None)
    try:
        assert nlp("She spoke about the need for reform.")._.attributions == []
        assert [a.quote for a in nlp("The senator said that taxes would rise.")._.attributions] == ["that taxes would rise"]
    finally:
        cue_model.reset()
