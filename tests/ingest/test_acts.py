"""Speech acts and responses as sentence tables (our own sentences), through the full pipeline.

Acts: each row is a text, the cue word of the attribution to look at, and the act it must get (docs/speech-acts.md).
Responses: a short article, the cue of the answering attribution, the cue of the answered one (None: it answers
nothing) and the stance.
"""
from __future__ import annotations

import pytest

from quotegraph.ingest.pipeline import attributions
from quotegraph.ingest.records import Attribution, record_from_json

ACTS = [
    # the cue's own act
    ("The senator accused the governor of lying about the budget.", "accused", "accuse"),
    ("The ministry denied that its troops had crossed the border.", "denied", "deny"),
    ("The company rejected the report as false.", "rejected", "deny"),
    ("A spokeswoman later clarified that the plant would stay open.", "clarified", "clarify"),
    ("The mayor warned that the river could flood the town.", "warned", "warn"),
    ("The president vowed that the attackers would be brought to justice.", "vowed", "promise"),
    ("The coach praised his players for their discipline.", "praised", "praise"),
    ("Opposition leaders condemned the decision as reckless.", "condemned", "criticize"),
    ("Economists predict that inflation will ease next year.", "predict", "predict"),
    ("The governor announced that schools will reopen on Monday.", "announced", "announce"),
    ("The minister agreed that the deal needed more work.", "agreed", "agree"),
    ("The union urged the company to raise wages.", "urged", "demand"),
    ("She apologized for the delay in a statement on Friday.", "apologized", "regret"),
    # default by cue
    ("The report said the factory employs 300 people.", "said", "state"),
    ("Officials told reporters that the talks began on Tuesday.", "told", "state"),
    ("The lawyer argued that the contract was never valid.", "argued", "claim"),
    ("Analysts believe the merger was rushed.", "believe", "claim"),
    ("Analysts believe the merger will be approved.", "believe", "predict"),
    ("He maintains that the vote was fair.", "maintains", "claim"),
    # negation
    ("The company did not deny that it had paid the fine.", "deny", "state"),
    ("The minister never said that the plan was final.", "said", "state"),
    # constructions
    ("Foreign Minister Anna Berg called on both sides to stop the fighting.", "called", "demand"),
    ("Senator Jane Doe called for an independent inquiry into the shooting.", "called", "demand"),
    ("The president asked Congress to pass the bill quickly.", "asked", "demand"),
    ("The embassy expressed regret over the loss of life.", "expressed", "regret"),
    ("Doctors voiced concern about the shortage of nurses.", "voiced", "warn"),
    ("The envoy expressed support for the ceasefire proposal.", "expressed", "agree"),
    ("General Mark Olsen highlighted the risk of a wider war in the region.", "highlighted", "warn"),
    ("The senator asked whether the money had been spent.", "asked", "question"),
    ("Reporters wondered why the meeting had been cancelled.", "wondered", "question"),
    ("“Who is going to pay for this?” the mayor asked.", "asked", "question"),
    ("The governor assured residents that the water will be safe to drink.", "assured", "promise"),
    # the content of a reporting cue
    ("“They are stealing from the taxpayers,” the senator said.", "said", "accuse"),
    ("“Another delay could lead to a catastrophe,” the engineer said.", "said", "warn"),
    ("“We will rebuild every house,” the mayor said.", "said", "promise"),
    ("The mayor said she would rebuild every house.", "said", "promise"),
    ("“The council should publish the accounts,” the auditor said.", "said", "demand"),
    ("The analyst said the market will recover by spring.", "said", "predict"),
    ("“This plan is a disaster,” the opposition leader said.", "said", "criticize"),
    ("“She is a brilliant and courageous officer,” the chief said.", "said", "praise"),
]


def _att(nlp, text: str, cue: str) -> Attribution:
    doc = nlp(text)
    atts = [a for a in attributions(doc) if a.cue and a.cue.split()[0].lower() == cue.lower()]
    assert atts, (text, [(a.cue, a.quote) for a in attributions(doc)])
    return atts[0]


@pytest.mark.parametrize("text,cue,act", ACTS, ids=[f"{r[2]}:{r[0][:40]}" for r in ACTS])
def test_act(nlp, text, cue, act):
    a = _att(nlp, text, cue)
    assert a.act == act, (text, a.act, a.quote)


RESPONSES = [
    ("Senator Mary Cole accused the governor of hiding the figures. In response, the governor's office said "
     "the figures would be published next week.", "said", "accused", {"addresses"}),
    ("The Kremlin accused Washington of planning the attack. The State Department denied that it had any role "
     "in the attack.", "denied", "accused", {"disputes"}),
    ("Mayor Tom Hill said the new bridge is safe. Engineer Rita Gomez countered that the bridge has cracks in two "
     "pillars.", "countered", "said", {"disputes"}),
    ("The mayor said the new bridge is safe. Engineers responded that the bridge has cracks in two pillars.",
     "responded", "said", {"addresses"}),
    ("The union claimed that the factory will close. The company rejected the union's claim that it will close "
     "the factory.", "rejected", "claimed", {"disputes"}),
    ("Mr. Lee praised the reform. Ms. Park agreed that the reform is overdue and responded that it will help "
     "small firms.", "agreed", "praised", {"supports"}),
    # no answer: journalists' questions, one speaker, or nothing opposed on the same subject
    ("The minister said the talks went well. In response to questions from reporters, the minister said more "
     "talks are planned.", "said", None, None),
    ("The company said it hired 200 workers. The weather service said rain is expected on Sunday.",
     "said", None, None),
]


def _by_cue(atts, cue, nth_from_end: bool = False):
    found = [a for a in atts if a.cue and a.cue.split()[0].lower() == cue]
    return found[-1] if nth_from_end else found[0]


@pytest.mark.parametrize("text,cue,target_cue,stances", RESPONSES, ids=[r[0][:40] for r in RESPONSES])
def test_response(nlp, text, cue, target_cue, stances):
    atts = attributions(nlp(text))
    a = _by_cue(atts, cue, nth_from_end=True)
    if target_cue is None:
        assert a.responds_to == [], (a.quote, a.responds_to)
        return
    target = _by_cue(atts, target_cue)
    assert [r["id"] for r in a.responds_to] == [target.id], (a.quote, a.responds_to, target.quote)
    assert a.responds_to[0]["stance"] in stances


def test_records_without_acts_still_read():
    """A record written before acts and responses (an old --stream log) reads with act None and no answers."""
    old = {"article": {"id": "a", "text": "x said y"}, "attributions": [{
        "article": "a", "quote": "y", "start": 7, "end": 8, "kind": "indirect", "cue": "said", "cue_start": 2,
        "cue_end": 6, "speaker": {"name": "x", "kind": "person"}, "spans": [[7, 8]], "about": []}]}
    a = record_from_json(old).attributions[0]
    assert a.act is None and a.responds_to == []
    row = a.to_json()
    assert row["id"] == "a:7-8" and row["act"] is None and row["responds_to"] == []
    assert Attribution.from_dict({**a.to_dict(), "id": "a:7-8"}).id == "a:7-8"


def test_rebase_moves_response_ids_to_the_article():
    a = record_from_json({"article": {"id": "a", "text": ""}, "attributions": [{
        "article": "", "quote": "y", "start": 7, "end": 8, "kind": "indirect", "cue": None, "cue_start": None,
        "cue_end": None, "speaker": {"name": None}, "responds_to": [{"id": ":1-3", "stance": "disputes"}]}]}
    ).attributions[0]
    a.rebase("art:1", 100)
    assert a.responds_to == [{"id": "art:1:101-103", "stance": "disputes"}]
