"""Issue 10: what an attribution holds and who says it (our own sentences).

- a quotation that opens a longer content ("says “…” despite …") is part of that content (mixed);
- a second quotation after a long speaker description continues the first ("“A,” said X, a … . “B.”");
- 'that A but that B' is one content; a trailing ', where …' aside is the reporter's;
- a speech noun with a 'that'-clause ("her claim that …") reports its owner's words;
- 'As the Herald reported, X' / 'As Ruiz put it, X': the 'as'-clause's subject says the clause it hangs on;
- '“…,” she shot back.': any verb whose subject is all that follows a quoted sentence tells who said it;
- 'forced Ruiz to admit that …': the named object of a causative verb speaks its infinitive; 'it is hard to
  know …' (an expletive 'it') names no one, nor does a stance verb ('Ruiz appeared to …', 'it appears that …');
- a quotation with no source, or whose source is a bare 'that' ('a shirt that read “…”'), is not given.
"""
from __future__ import annotations

import pytest

from quotegraph.ingest.pipeline import attributions
from tests.support import covering as _covering


@pytest.mark.parametrize(
    "text, inside, kind, name",
    [
        ("Mayor Lena Ortiz says “the budget is balanced” despite the loss of two big employers last year.",
         "despite the loss of two big employers", "mixed", "Lena Ortiz"),
        ("Governor Tom Hale said that taxes would fall but that schools would get more money.",
         "schools would get more money", "indirect", "Tom Hale"),
        ("Senator Ruth Kimball repeated her claim that the new dam would flood three villages.",
         "the new dam would flood three villages", "indirect", "Ruth Kimball"),
        ("The mayor called the senator a liar.", "the senator a liar", "indirect", "mayor"),
        ("Judge Alan Price said he would be glad to serve should the court ask him again.",
         "should the court ask him again", "indirect", "Alan Price"),
        ("Mayor Tom Hale says he spoke to the governor and asked him to reopen the bridge before winter.",
         "asked him to reopen the bridge", "indirect", "Tom Hale"),
        ("Senator Ruth Kimball angered farmers with an assertion that the new dam would flood three villages.",
         "the new dam would flood three villages", "indirect", "Ruth Kimball"),
        ("As the Riverside Herald reported last week, the governor wants to close the bridge for repairs this summer.",
         "the governor wants to close the bridge", "indirect", "Riverside Herald"),
        ("The city cannot afford to keep all three clinics open next year, as Mayor Tom Hale said on Monday.",
         "The city cannot afford to keep", "indirect", "Tom Hale"),
        ("As Mayor Tom Hale put it on Monday, the city cannot afford to keep all three clinics open next year.",
         "the city cannot afford to keep", "indirect", "Tom Hale"),
        ("Mayor Tom Hale spoke to farmers on Monday. His claim that the new dam would flood three villages alarmed "
         "them.", "the new dam would flood", "indirect", "Tom Hale"),
        ("Governor Lisa Chen visited the county on Friday. Her promise to cut property taxes for retirees won her "
         "the race.", "cut property taxes for retirees", "indirect", "Lisa Chen"),
        ("The union's demand that wages rise by ten percent next year angered the owners.",
         "wages rise by ten percent", "indirect", "union"),
        ("The long hearing forced Mayor Tom Hale to admit that the new bridge would cost twice as much.",
         "the new bridge would cost twice as much", "indirect", "Tom Hale"),
        ("The floods have led the reporter Ana Ruiz to warn that three more villages are at risk.",
         "three more villages are at risk", "indirect", "Ana Ruiz"),
    ],
)
def test_content_and_speaker(nlp, text, inside, kind, name):
    atts = _covering(attributions(nlp(text)), text, inside)
    assert atts, f"no attribution holds {inside!r}"
    assert atts[0].kind == kind
    assert name in (atts[0].speaker.name or ""), atts[0].speaker


@pytest.mark.parametrize(
    "text, first, second, name",
    [
        ("“We have waited ten years for this bridge,” said Carla Mendes, a baker who has run a shop on the river "
         "road since 1998. “Now my customers can finally reach me without a long detour.”",
         "We have waited ten years", "Now my customers can finally reach me", "Carla Mendes"),
    ],
)
def test_second_quotation_after_long_description(nlp, text, first, second, name):
    atts = _covering(attributions(nlp(text)), text, first)
    assert atts, "first quotation not attributed"
    a = atts[0]
    assert a.speaker.name == name
    assert a.end >= text.index(second) + len(second), "the second quotation should continue the first"


def test_quotation_going_on_in_the_next_paragraph(nlp):
    text = ("“The river has flooded the road three times this spring,” said Helen Moore, who runs the ferry.\n\n"
            "“We cannot wait another year for the county to raise the embankment.”")
    atts = _covering(attributions(nlp(text)), text, "We cannot wait another year")
    assert atts and atts[0].speaker.name == "Helen Moore", atts
    assert atts[0].start <= text.index("The river has flooded"), "one quotation over both paragraphs"


@pytest.mark.parametrize(
    "text, kept, dropped",
    [
        ("Officials said that the new terminal would open in May, where travelers will find twelve new gates.",
         "the new terminal would open in May", "twelve new gates"),
    ],
)
def test_trailing_aside_is_not_content(nlp, text, kept, dropped):
    atts = _covering(attributions(nlp(text)), text, kept)
    assert atts, f"no attribution holds {kept!r}"
    assert text.index(dropped) >= atts[0].end


@pytest.mark.parametrize(
    "text, quoted, name",
    [
        ("The mayor spoke first. “We will not raise the fare again this year,” Dana Whitfield shot back.",
         "We will not raise the fare", "Dana Whitfield"),
        ("The council met on Friday. “It is not the case that everything is fine,” Paula Grant, a senior adviser "
         "to the council, said at a meeting in Dayton.", "It is not the case", "Paula Grant"),
        ("Asked what she wanted from the council, Maria Delgado said, “We need a school crossing on this street.”",
         "We need a school crossing", "Maria Delgado"),
        ("Workers waiting outside the plant shouted “Pay us what we are owed!” as the owners arrived.",
         "Pay us what we are owed", "Workers"),
        ("The result did not surprise the veteran pollster Ann Shaw: “Late deciders always break for the challenger "
         "in this state.”", "Late deciders always break", "Ann Shaw"),
        ("Tom Reyes praised the plan. “This is the best news our street has had in years!” Sarah Collins beamed.",
         "This is the best news", "Sarah Collins"),
    ],
)
def test_verb_next_to_a_quoted_sentence(nlp, text, quoted, name):
    atts = _covering(attributions(nlp(text)), text, quoted)
    assert atts, "quotation not attributed"
    assert atts[0].speaker.name == name, atts[0].speaker
    assert atts[0].kind == "direct"


@pytest.mark.parametrize(
    "text, inside, name",
    [
        ("The city council issued a statement saying that the bridge would reopen on Monday.",
         "the bridge would reopen", "city council"),
        ("Senator Mark Ellison appeared to blame the contractors for the delays.",
         "the contractors", "Mark Ellison"),
        ("Rents rose by nine percent last year, according to a report by the Urban Institute.",
         "Rents rose by nine percent", "Urban Institute"),
    ],
)
def test_who_speaks_through_a_statement_or_a_stance(nlp, text, inside, name):
    atts = _covering(attributions(nlp(text)), text, inside)
    assert atts, f"no attribution holds {inside!r}"
    assert name in (atts[0].speaker.name or ""), atts[0].speaker


@pytest.mark.parametrize(
    "text, words",
    [
        ("A man at the rally wore a shirt that read “Farmers first, always.”", "Farmers first"),
        ("That suggests the council has no plan to repair the bridge before winter.", "the council has no plan"),
    ],
)
def test_no_attribution_with_a_faceless_source(nlp, text, words):
    atts = _covering(attributions(nlp(text)), text, words)
    assert not atts, atts


@pytest.mark.parametrize(
    "text, words",
    [
        ("Mayor Tom Hale visited the site on Monday. It is hard to know whether the new bridge will open before "
         "winter.", "the new bridge will open"),
        ("The council met for six hours. It is easy to criticize the plan for the new bridge.", "the plan for"),
        ("Mayor Tom Hale appeared to end his campaign on Monday after the council vote.", "end his campaign"),
        ("After the vote, it appeared that the mayor had lost the support of his own party.",
         "the mayor had lost the support"),
    ],
)
def test_expletive_it_or_stance_names_no_one(nlp, text, words):
    atts = _covering(attributions(nlp(text)), text, words)
    assert all(a.speaker.name is None and a.speaker.mention is None for a in atts), atts
