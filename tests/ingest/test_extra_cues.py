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


def test_weak_sources_need_more():
    """A pair whose source is a participle's clause subject or a noun's owner needs ``weak_threshold``."""
    m = ExtraCueModel({}, 0.0, 0.4, 0.6)
    assert m.keeps(0.5, "subject") and m.keeps(0.5, "inherited")
    assert not m.keeps(0.5, "participial") and not m.keeps(0.5, "noun_learnt") and m.keeps(0.6, "noun_learnt")
    assert ExtraCueModel.from_table({"threshold": 0.5}).weak_threshold == 0.5
    assert ExtraCueModel({}, 0.0, 0.5, 0.3).weak_threshold == 0.5  # never below the threshold
    learnt = ExtraCueModel.from_table({"threshold": 0.5, "weak_threshold": 0.6})
    assert learnt.weak_threshold == 0.6


def test_learnt_table_has_both_thresholds(nlp):
    m = _finder(nlp).extra_model
    assert m.threshold <= m.weak_threshold <= 1.01


def test_subject_pair_kept_when_weak_ones_are_off(nlp):
    """A weak threshold no pair reaches still lets a pair with a subject source through."""
    finder = _finder(nlp)
    saved = finder.extra_model
    finder.extra_model = ExtraCueModel({"l=be": 20.0}, -10.0, 0.5, 1.01)
    try:
        text = "The mayor is worried that the budget will run out."
        atts = attributions(nlp(text))
    finally:
        finder.extra_model = saved
    assert [text[s:e] for a in atts for s, e in a.spans] == ["worried that the budget will run out"]


def test_source_features(nlp):
    from quotegraph.ingest.components.extra_cues import source_features

    doc = nlp("The officials are worried that the budget will run out.")
    tok, src = doc[2], doc[1]
    f = source_features(tok, src, "person_noun", "subject")
    assert "sd=nsubj|subject" in f and "sn=official" in f and "sth=person_noun|subject|ROOT" in f


def test_threshold_keeps_speaker_accuracy():
    """The cross-fitted threshold is the best F1 whose precision and speaker accuracy stay near the extraction's
    without the model (totals: matched, predicted, gold, speaker right)."""
    from quotegraph.ingest.training.train_extra_cues import OFF, best_threshold

    totals = {OFF: [800, 1000, 1400, 764], 0.4: [840, 1050, 1400, 796], 0.5: [830, 1035, 1400, 792]}
    assert best_threshold(totals) == 0.5  # 0.4 has the better F1 but loses 0.7 points of speaker accuracy


_CLUSTERS = {"levels": [2, 4], "parents": [[0], [0], [1], [1]],
             "words": {"0": "say claim", "1": "argue", "2": "budget"}}


def test_word_clusters_features():
    """The clusters of the word's lemma (alone, with the kind, with the source's type) and of the span's root (with
    the kind), at every level, read back from the pair's features; an unknown word adds none."""
    from quotegraph.ingest.components.extra_cues import WordClusters

    wc = WordClusters(_CLUSTERS)
    assert wc.of["claim"] == wc.of["say"] == (0, 0) and wc.of["argue"] == (0, 1) and wc.of["budget"] == (1, 2)
    f = ["k=ccomp", "l=argue", "st=PERSON", "rl=budget|ccomp"]
    assert wc.features(f) == f + ["c2=0", "c2k=0|ccomp", "c2s=0|PERSON", "r2k=1|ccomp",
                                  "c4=1", "c4k=1|ccomp", "c4s=1|PERSON", "r4k=2|ccomp"]
    assert wc.features(["k=dobj", "l=unheardof", "st=noun", "rl=zzz|dobj"]) == [
        "k=dobj", "l=unheardof", "st=noun", "rl=zzz|dobj"]


def test_unseen_lemma_shares_its_neighbours_weights():
    """A weight learnt for a cluster reaches every word in it."""
    from quotegraph.ingest.components.extra_cues import WordClusters

    m = ExtraCueModel({"c4=0": 3.0}, 0.0, 0.5, clusters=WordClusters(_CLUSTERS))
    assert m.prob(["k=ccomp", "l=claim"]) == m.prob(["k=ccomp", "l=say"]) > 0.9
    assert m.prob(["k=ccomp", "l=argue"]) == 0.5


def test_learnt_table_uses_the_packaged_clusters(nlp, tmp_path):
    """The learnt table names the word-cluster table it was trained with; it comes back with the pipeline."""
    from quotegraph.ingest.components.cues import CueFinder

    m = _finder(nlp).extra_model
    assert m.clusters is not None and len(m.clusters.levels) == 3
    assert {"say", "claim", "argue", "warn", "decision"} <= set(m.clusters.of)
    assert any(k.startswith("c1024k=") for k in m.weights)
    _finder(nlp).to_disk(tmp_path)
    assert (tmp_path / "word_clusters.json").exists()  # the cluster table travels with the component
    other = CueFinder(nlp, "quotegraph_cues", True, True).from_disk(tmp_path)
    assert other.extra_model.clusters.of == m.clusters.of
