"""Speakers: subject, inverted, pronoun, surname, institution, 'through spokesperson', unnamed, group."""
from __future__ import annotations

import pytest

from quotegraph.ingest.pipeline import attributions


@pytest.mark.parametrize(
    "text, name, kind, mention",
    [
        ("Dmitry Peskov said that the talks had failed.", "Dmitry Peskov", "person", None),
        ("“The talks have failed,” said Dmitry Peskov.", "Dmitry Peskov", "person", None),
        ("Vladimir Putin spoke on Sunday. He said that Russia would respond.", "Vladimir Putin", "person", "He"),
        ("Vladimir Putin spoke on Sunday. Later, Putin said that Russia would respond.", "Vladimir Putin", "person", None),
        ("The Kremlin has directly accused the United States of complicity in the attack.", "Kremlin", "organization", None),
        ("The Russian government asserts that the US provided the missiles.", "Russian government", "organization", None),
        (
            "The US State Department, through spokesperson Matthew Miller, expressed regret over civilian losses.",
            "Matthew Miller",
            "person",
            None,
        ),
        ("An American official later clarified that the missile was not aimed at civilians.", "American official", "unnamed", None),
        ("Russian officials said that the relations were entering a dangerous phase.", "Russian officials", "group", None),
        (
            "While Kyiv has remained silent on the incident, it has consistently denied targeting civilians.",
            "Kyiv",
            "organization",
            "it",
        ),
        ("According to Pentagon spokesperson Charlie Dietz, the missile was intercepted over the sea.", "Charlie Dietz", "person", None),
        ("The tax plan was criticized by Senator Elizabeth Warren.", "Elizabeth Warren", "person", None),
    ],
)
def test_speaker(nlp, text, name, kind, mention):
    atts = attributions(nlp(text))
    assert atts, "no attribution"
    sp = atts[-1].speaker
    assert sp.name == name, sp
    assert sp.kind == kind
    if mention is not None:
        assert sp.mention == mention
    assert sp.start is not None and text[sp.start : sp.end] == sp.mention


def test_unnamed_never_merged_with_named(nlp):
    text = (
        "Pentagon spokesperson Charlie Dietz said that Ukraine makes its own decisions. "
        "An American official said that the missile was intercepted."
    )
    names = [a.speaker.name for a in attributions(nlp(text))]
    assert names == ["Charlie Dietz", "American official"]


def test_pronoun_follows_last_person(nlp):
    text = "Joe Biden met Olaf Scholz on Monday. Scholz said that Germany would help. He added that NATO was united."
    atts = attributions(nlp(text))
    assert [a.speaker.name for a in atts] == ["Olaf Scholz", "Olaf Scholz"]


def test_sentence_initial_surname_is_a_source(nlp):
    text = "Bernie Sanders spoke in Iowa. Sanders wants to break up the big banks."
    atts = attributions(nlp(text))
    assert [a.quote for a in atts] == ["to break up the big banks"]
    assert atts[0].speaker.mention == "Sanders"


@pytest.mark.parametrize("text", [
    "“ ” said. “Nothing,” “ ” added.",
    "\u201d said \u201c the plan was fine.",
])
def test_speakers_and_subjects_always_have_a_letter_or_digit(nlp, text):
    from quotegraph.ingest.pipeline import extract
    from quotegraph.ingest.records import Article

    for record in extract(nlp, [Article("x", text)]):
        for attribution in record.attributions:
            name = attribution.speaker.name
            assert name is None or any(ch.isalnum() for ch in name)
            assert all(any(ch.isalnum() for ch in about) for about in attribution.about)
        assert all(any(ch.isalnum() for ch in e.name) for e in record.entities)


# Who is speaking, by the article's own evidence (issue 10). Each row: text, the speakers of its attributions in
# text order.
@pytest.mark.parametrize(
    "text, speakers",
    [
        # a pronoun continues the last person reported speaking, not the nearest name
        ("Press secretary Sean Spicer spoke after House Speaker Paul Ryan left the podium. "
         "“You can't force somebody to do something,” he said.", ["Sean Spicer"]),
        # gender agreement: "she" is not the man named in between
        ("John Miller met Sarah Jones on Monday. Jones said the plan would work. She added that funding was secured.",
         ["Sarah Jones", "Sarah Jones"]),
        ("Mrs. Clinton met Mr. Trump in the afternoon. She said the debate went well.", ["Clinton"]),
        # a definite role noun is the one holder the article names
        ("Ned Price, the State Department spokesman, briefed reporters on Monday. "
         "On Tuesday the spokesman said that the talks would resume.", ["Ned Price"]),
        ("The Supreme Court heard the case in March. The court said the law was unconstitutional.", ["Supreme Court"]),
        ("Acme Corp. reported higher profits on Monday. The company said demand was strong in Asia.",
         ["Acme Corp.", "Acme Corp."]),
        # the speaker is the subject of the communication act, not a name inside what is reported
        ("Stephanou points out that Eroglu made comments that damage the negotiating process.", ["Stephanou"]),
        # datelines are no speakers; a dash glued to a dateline does not swallow the name
        ("CLEVELAND, July 19 (UPI) — Former Attorney General Michael Mukasey told delegates that the server should "
         "disqualify her.", ["Michael Mukasey"]),
        ("RALEIGH, N.C.—Donald Trump said on Tuesday that the race was rigged.", ["Donald Trump"]),
        ("Philadelphia (AFP) – US President Barack Obama said on Tuesday that the rival was unfit to lead.",
         ["Barack Obama"]),
        # a name cut by a line break inside a paragraph
        ("Chief of Police Barry M.\nWeber said the suspect had fled.", ["Barry M. Weber"]),
        # a relative clause's source is the noun it modifies
        ("The bill was backed by Jane Roe, who said it would save lives.", ["Jane Roe"]),
    ],
)
def test_who_is_speaking(nlp, text, speakers):
    assert [a.speaker.name for a in attributions(nlp(text))][-len(speakers):] == speakers


def test_relative_pronoun_stays_the_mention(nlp):
    text = "The bill was backed by Jane Roe, who said it would save lives."
    sp = attributions(nlp(text))[-1].speaker
    assert (sp.name, sp.mention, text[sp.start : sp.end]) == ("Jane Roe", "who", "who")


def test_unnamed_spokesman_stays_unnamed_without_a_named_holder(nlp):
    sp = attributions(nlp("A spokesman for the ministry said the talks had failed."))[-1].speaker
    assert sp.kind == "unnamed"


def test_headline_capitals_make_no_entities(nlp):
    doc = nlp("Trump Comments Draw Fire\n\nDonald Trump said on Tuesday that the election was rigged.")
    names = {m["name"] for m in doc._.qg_mentions}
    assert names == {"Donald Trump"}
    assert [a.speaker.name for a in attributions(doc)] == ["Donald Trump"]
