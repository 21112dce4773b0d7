"""Issue 13, step 23: content boundaries of true attributions (our own sentences).

Each row is (text, cue word, the content expected for that cue):
- what a cue verb says of its object is content: a subjectless 'to'-infinitive or an 'as' phrase right after
  the object ('urged the council to approve …', 'sees the budget as a mistake'), not an 'as'-clause with its own
  subject ('… as she left'), and a title after a name stays ('Tim Smith, her former deputy');
- a quotation after ', saying' / ', calling it' is the participle's own attribution, not a run-on of the content
  before it ('praised the bridge, saying, “…”' is two attributions);
- a quotation introduced by a colon or a dash right before its cue ('… a warning: “…,” said X') is the content,
  without the reporter's lead-in;
- a finite complement clause the parser left without a subject ('showed the district with … won …', the subject
  taken for the cue's object) starts at that subject.
"""
from __future__ import annotations

import pytest

from quotegraph.ingest.pipeline import attributions

CASES = [
    # object predicate
    ("The senator pushed Germany and France to cut their emissions.", "pushed",
     "Germany and France to cut their emissions"),
    ("The mayor sees the new budget as a serious mistake.", "sees", "the new budget as a serious mistake"),
    ("Ms. Ortiz urged the council to approve the plan quickly.", "urged", "the council to approve the plan quickly"),
    ("The report referred to the new levy as a hidden tax on renters.", "referred",
     "the new levy as a hidden tax on renters"),
    ("The governor praised the new bridge as she left the ceremony.", "praised", "the new bridge"),
    ("The governor endorsed Tim Smith, her former deputy, on Friday.", "endorsed", "Tim Smith, her former deputy"),
    # a quotation introduced by a colon or dash
    ("The engineers ended their report with a blunt warning: “The dam will not hold another winter,” said Ana Ruiz, "
     "who led the survey.", "said", "The dam will not hold another winter"),
    ("Neither senator was impressed by the new governor - “He has never run anything,” one of them said.", "said",
     "He has never run anything"),
    # the complement clause's subject taken for the cue's object
    ("The study showed the district with the highest turnout won the seat only twice.", "showed",
     "the district with the highest turnout won the seat only twice"),
    ("Analysts think the county with the oldest roads needs the most money.", "think",
     "the county with the oldest roads needs the most money"),
]


@pytest.mark.parametrize("text, cue, content", CASES)
def test_content_boundaries(nlp, text, cue, content):
    atts = [a for a in attributions(nlp(text)) if a.cue == cue]
    assert atts, attributions(nlp(text))
    assert atts[0].quote == content, atts[0]


@pytest.mark.parametrize(
    "text, first, second",
    [
        ("The mayor praised the new bridge, saying, “It will change this town.”", ("praised", "the new bridge"),
         ("saying", "It will change this town.")),
        ("The senator defended the bill, calling it “the fairest deal we could get.”", ("defended", "the bill"),
         ("calling", "the fairest deal we could get.")),
    ],
)
def test_participle_quotation_is_its_own(nlp, text, first, second):
    got = {(a.cue, a.quote) for a in attributions(nlp(text))}
    assert first in got and second in got, got
