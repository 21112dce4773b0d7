"""The learnt cue classifier (components/cue_model.py, the cues component's cue_classifier.json table): loads, decides
in context, can be swapped on the component."""
from __future__ import annotations

import pytest

from quotegraph.ingest.pipeline import attributions


def _cue_finder(nlp):
    return nlp.get_pipe("quotegraph_cues")


def _candidates(nlp, text):
    doc = nlp(text)
    return doc, [c for c in _cue_finder(nlp).find(doc, gate=False) if c.features]


def test_weights_load(nlp):
    m = _cue_finder(nlp).model
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
    m = _cue_finder(nlp).model
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
    atts = attributions(nlp(text))
    if quote is None:
        assert atts == []
    else:
        assert [a.quote for a in atts] == [quote]


def test_without_model_lexicon_only(nlp):
    finder = _cue_finder(nlp)
    saved, finder.model = finder.model, None
    try:
        assert attributions(nlp("She spoke about the need for reform.")) == []
        assert [a.quote for a in attributions(nlp("The senator said that taxes would rise."))] == ["that taxes would rise"]
    finally:
        finder.model = saved
