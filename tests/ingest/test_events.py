"""Events: name built from the text, place and date, aliases for anaphoric mentions."""
from __future__ import annotations

import pytest

from quotegraph.ingest.components.events import read_events


@pytest.mark.parametrize(
    "text, words, place, date",
    [
        (
            "The Kremlin accused the US of a recent attack on Crimea, involving ATACMS missiles. "
            "The attack occurred near Sevastopol on Sunday.",
            ["ATACMS", "strike", "Crimea"],
            "Sevastopol",
            "Sunday",
        ),
        ("A drone strike on Kharkiv killed two people on Monday.", ["drone", "strike", "Kharkiv"], "Kharkiv", "Monday"),
    ],
)
def test_event(nlp, text, words, place, date):
    events = read_events(nlp(text))
    assert events, "no event"
    ev = events[0]
    for w in words:
        assert w in ev.name
    assert ev.place == place
    assert ev.date and date in ev.date


def test_event_aliases(nlp):
    text = "A missile strike on Odesa killed three. The incident drew condemnation. The attack was the third this week."
    ev = read_events(nlp(text))[0]
    assert any("incident" in a for a in ev.aliases) and any("attack" in a for a in ev.aliases)


@pytest.mark.parametrize("text", ["The senators discussed the budget.", "", "Prices rose in March."])
def test_no_event(nlp, text):
    assert read_events(nlp(text)) == []
