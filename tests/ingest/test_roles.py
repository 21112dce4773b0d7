"""Roles from premodifiers, appositions, 'through spokesperson', and dateline countries."""
from __future__ import annotations

import pytest

from quotegraph.ingest.pipeline import attributions
from quotegraph.ingest.components.roles import read_roles


@pytest.mark.parametrize(
    "text, person, title, org",
    [
        ("Kremlin spokesperson Dmitry Peskov said the talks failed.", "Dmitry Peskov", "spokesperson", "Kremlin"),
        ("US President Joe Biden said the troops will stay.", "Joe Biden", "President", "United States"),
        ("Pentagon spokesperson Major Charlie Dietz said the strike was legal.", "Charlie Dietz", "spokesperson", "Pentagon"),
        ("MOSCOW: President Vladimir Putin said Russia would respond.", "Vladimir Putin", "President", "Russia"),
        ("Peskov, the Kremlin's spokesman, said the talks failed.", "Peskov", "spokesman", "Kremlin"),
        (
            "The US State Department, through spokesperson Matthew Miller, expressed regret over civilian losses.",
            "Matthew Miller",
            "spokesperson",
            "US State Department",
        ),
        ("Russian Foreign Minister Sergei Lavrov said the West was to blame.", "Sergei Lavrov", "Foreign Minister", "Russia"),
        ("British Prime Minister Rishi Sunak said support would continue.", "Rishi Sunak", "Prime Minister", "United Kingdom"),
        # appositions whatever the parser makes their head; titles inside the name's mention; "who heads Y"
        ("Holly Dickson, the ACLU of Arkansas Executive Director, said the law was unconstitutional.", "Holly Dickson",
         "Executive Director", "ACLU"),
        ("NASA Administrator Charles Bolden said the launch would go ahead.", "Charles Bolden", "Administrator", "NASA"),
        ("Government Spokesman Stephanos Stephanou said the talks had stalled.", "Stephanos Stephanou", "Spokesman",
         "Government"),
        ("Maria Lopez, who heads the Nevada Democratic Party, said turnout was strong.", "Maria Lopez", "head",
         "Nevada Democratic Party"),
        ("Apple spokesman Tom Neumayr said the company had no comment on the report.", "Tom Neumayr", "spokesman", "Apple"),
        ("“We are reviewing the decision,” said Vitor Constancio, vice president of the European Central Bank.",
         "Vitor Constancio", "vice president", "European Central Bank"),
    ],
)
def test_role(nlp, text, person, title, org):
    roles = read_roles(nlp(text))
    assert person in roles, roles
    assert any(r.title.lower() == title.lower() and r.organization == org for r in roles[person]), roles[person]


def test_bare_president_without_dateline_has_no_guessed_country(nlp):
    roles = read_roles(nlp("President Emmanuel Macron said the talks failed."))
    assert roles.get("Emmanuel Macron") and roles["Emmanuel Macron"][0].organization is None


def test_rank_is_not_a_title_and_is_stripped(nlp):
    doc = nlp("Major Charlie Dietz said the strike was legal.")
    assert attributions(doc)[0].speaker.name == "Charlie Dietz"
    assert "Charlie Dietz" not in read_roles(doc)


@pytest.mark.parametrize(
    "text, label, canonical",
    [
        ("US", "GPE", "United States"),
        ("U.S.", "GPE", "United States"),
        ("USA", "GPE", "United States"),
        ("the United States", "GPE", "United States"),
        ("America", "GPE", "United States"),
        ("UK", "GPE", "United Kingdom"),
        ("Britain", "GPE", "United Kingdom"),
        ("The Kremlin", "ORG", "Kremlin"),
        ("MOSCOW", "ORG", "Moscow"),
        ("NATO", "ORG", "NATO"),
        ("American", "NORP", "United States"),
        ("President Vladimir Putin's", "PERSON", "Vladimir Putin"),
        ("Mr. Smith", "PERSON", "Smith"),
        ("Dr. Jane Doe", "Person", "Jane Doe"),
        ("Major Charlie Dietz", "PERSON", "Charlie Dietz"),
    ],
)
def test_canonical_name(text, label, canonical):
    from quotegraph.ingest.aliases import canonical_name

    assert canonical_name(text, label) == canonical
