"""What attributions are about: entities in the content, refer-back to the framing sentence, events."""
from __future__ import annotations

import pytest

from quotegraph.ingest.components.events import read_events
from quotegraph.ingest.pipeline import attributions


@pytest.mark.parametrize(
    "text, about, not_about",
    [
        ("Joe Biden said that US troops will not be deployed to Ukraine.", {"United States", "Ukraine"}, {"Joe Biden"}),
        ("Peskov said that Russian children were killed.", set(), {"Russia"}),
        ("Putin said that any conflict between NATO and Russia could escalate.", {"NATO", "Russia"}, set()),
        ("Asked about Crimea, Peskov said that it was Russian land.", {"Crimea"}, set()),
    ],
)
def test_about_entities(nlp, text, about, not_about):
    atts = attributions(nlp(text))
    assert atts
    got = set(atts[0].about)
    assert about <= got, got
    assert not (not_about & got), got


def test_about_event(nlp):
    text = (
        "A missile attack on Crimea killed four people on Sunday. "
        "The Kremlin said that the attack was carried out with American weapons. "
        "Separately, Joe Biden said that US troops will not be deployed to Ukraine."
    )
    doc = nlp(text)
    events = read_events(doc)
    assert events
    name = events[0].name
    by_speaker = {a.speaker.name: a.about for a in attributions(doc)}
    assert name in by_speaker["Kremlin"]
    assert name not in by_speaker["Joe Biden"]
