"""Issue 13: more reported speech (our own sentences).

- a clause set in a comma-set 'in …' phrase naming a poll, survey or study reports it ('In a new poll, most
  voters …'), or its possessor for 'in her view' / 'in the mayor's words';
- a bare plural speech noun with its own 'that'-clause and no owner in the sentence ('despite complaints that
  …', 'Reports that … worried investors') reports a claim with no source;
- an owned 'criticism of' / 'attacks on' / 'support for' (words.json prep_content_nouns) reports its object;
- a share of people ('two-thirds of voters', '64 percent') can be a source.
"""
from __future__ import annotations

import pytest

from quotegraph.ingest.pipeline import attributions
from tests.support import covering as _covering


@pytest.mark.parametrize(
    "text, inside, name",
    [
        ("In a new Gallup poll released Tuesday, most farmers were ready to pay more for water.",
         "most farmers were ready to pay more for water", "Gallup poll"),
        ("In a recent survey of local shop owners, two-thirds had lost trade since the new parking rules.",
         "two-thirds had lost trade since the new parking rules", "survey"),
        ("The bridge, in Mayor Lena Ortiz's view, must be rebuilt before the winter floods.",
         "must be rebuilt before the winter floods", "Lena Ortiz"),
    ],
)
def test_in_evidence(nlp, text, inside, name):
    atts = _covering(attributions(nlp(text)), text, inside)
    assert atts, attributions(nlp(text))
    assert name in (atts[0].speaker.name or ""), atts[0].speaker


@pytest.mark.parametrize(
    "text, inside",
    [
        ("The road was built despite complaints that it would split the village.",
         "it would split the village"),
        ("Reports that the factory would close next spring worried investors in the town.",
         "the factory would close next spring"),
    ],
)
def test_unowned_claim(nlp, text, inside):
    atts = _covering(attributions(nlp(text)), text, inside)
    assert atts, attributions(nlp(text))
    assert atts[0].speaker.name is None and atts[0].speaker.mention is None, atts[0].speaker


@pytest.mark.parametrize(
    "text",
    [
        "The mayor said in a statement that the bridge would reopen in May.",
        "She trails the governor in the polls.",
        "Her campaign lent its platform to claims that the mayor would resign.",
    ],
)
def test_not_sourceless_or_in_phrase(nlp, text):
    atts = attributions(nlp(text))
    assert not any(a.cue.lower() == "in" for a in atts), atts
    assert not any(a.speaker.name is None and a.kind == "indirect" and "claims" in a.cue for a in atts), atts


@pytest.mark.parametrize(
    "text, inside, name",
    [
        ("Voters cheered Mayor Lena Ortiz's attacks on the water board at the rally.", "the water board", "Lena Ortiz"),
        ("Governor Tom Hale renewed his criticism of the new toll road on Friday.", "the new toll road", "Tom Hale"),
    ],
)
def test_prep_noun_cue(nlp, text, inside, name):
    atts = _covering(attributions(nlp(text)), text, inside)
    assert atts, attributions(nlp(text))
    assert name in (atts[0].speaker.name or ""), atts[0].speaker
