"""Direct, split, multi-paragraph, curly/straight, mixed, indirect, 'according to' and participial attributions."""
from __future__ import annotations

import pytest

from quotegraph.ingest.pipeline import attributions

from quotegraph.ingest.components.quotes import find_quotes


def _atts(nlp, text):
    return attributions(nlp(text))


@pytest.mark.parametrize(
    "text, expected",
    [
        ('“We will win,” he said.', ["We will win"]),
        ('"We will win," he said.', ["We will win"]),
        ("“A is true,” he said, “and B is too.”", ["A is true", "and B is too."]),
        ("“First part.\n\n“Second part.”", ["First part.", "Second part."]),
        ("no quotes here", []),
        ("''A is true,'' he said, ''and B is too.''", ["A is true", "and B is too."]),
        ("the players' union", []),
        ("“unclosed quote\n\nnext paragraph", []),
        ("stray ” closing", []),
    ],
)
def test_find_quotes_fragments(text, expected):
    quotes = find_quotes(text)
    frags = [text[s:e] for q in quotes for s, e in q.fragments]
    assert frags == expected


@pytest.mark.parametrize(
    "text, quote, kind, n_spans",
    [
        # curly, cue after
        ("“We will not back down,” Peskov said.", "We will not back down", "direct", 1),
        # straight quotes, inverted cue
        ('"The talks are over," said Dmitry Peskov.', "The talks are over", "direct", 1),
        # participial cue before
        ("Peskov expressed his dismay, stating, “You should ask my colleagues.”", "You should ask my colleagues.", "direct", 1),
        # colon cue before
        ("The minister said: “Ukraine makes its own decisions.”", "Ukraine makes its own decisions.", "direct", 1),
        # split quote -> one attribution with two spans
        ("“The strike was a crime,” Peskov said, “and it will not go unanswered.”", None, "direct", 2),
        # mixed: reported speech holding a quoted fragment
        ("Biden said that the strike was “a grave mistake” by the Kremlin.", "that the strike was “a grave mistake” by the Kremlin", "mixed", 1),
        # indirect with a clausal complement
        ("The Russian government asserts that the US provided the missiles.", "that the US provided the missiles", "indirect", 1),
        # indirect, content before the cue
        ("The missiles came from the United States, the ministry said.", "The missiles came from the United States", "indirect", 1),
        # according to
        ("According to the Pentagon, the missile was intercepted over the sea.", "the missile was intercepted over the sea", "indirect", 1),
        # participial cue with a clause
        ("Joe Biden has assured that US troops will not be deployed, emphasizing that NATO is ready.", "that NATO is ready", "indirect", 1),
        # noun-phrase content
        ("President Vladimir Putin has highlighted the risk of a broader conflict.", "the risk of a broader conflict", "indirect", 1),
        ("The Kremlin accused the United States of complicity in the attack.", "the United States of complicity in the attack", "indirect", 1),
        ("The ministry denied targeting civilians.", "targeting civilians", "indirect", 1),
        # archive-style '' … '' quotation marks
        ("''We will win the state,'' the governor said.", "We will win the state", "direct", 1),
        # a second quoted sentence in the same paragraph joins the attribution
        ("“We will win,” she said. “The vote is next week.”", None, "direct", 2),
        # beliefs and intentions (cue lemmas learnt from PolNeAR train)
        ("The senator wants to raise the minimum wage.", "to raise the minimum wage", "indirect", 1),
        ("Jones hopes that the bill will pass.", "that the bill will pass", "indirect", 1),
        ("Smith believes the economy is improving.", "the economy is improving", "indirect", 1),
        ("Polls show the race is tightening.", "the race is tightening", "indirect", 1),
        # learnt prepositional contents
        ("The governor called for a ban on assault weapons.", "a ban on assault weapons", "indirect", 1),
        ("The senator talked about the border wall on Monday.", "the border wall", "indirect", 1),
        # a quoted fragment inside a noun-phrase content -> mixed, not direct
        ("Critics called the plan “a disaster for workers” on Monday.", "the plan “a disaster for workers", "mixed", 1),
        # passive cue with a 'by' source
        ("The tax plan was criticized by several economists.", "The tax plan", "indirect", 1),
        # a quotation continuing the reported clause belongs to its content
        ("Smith said he had received offers for the land, but “the offers were never serious.”",
         "he had received offers for the land, but “the offers were never serious.", "mixed", 1),
        # a parenthetical cue inside its content
        ("The economy, he said, will recover next year.", "The economy, he said, will recover next year", "indirect", 1),
        # a reporting verb conjoined to the content starts its own attribution
        ("Putin said that the economy would rebound and praised the central bank.", "that the economy would rebound", "indirect", 1),
        ("Putin said that the economy would rebound and praised the central bank.", "the central bank", "indirect", 1),
        # where and when it was said is not content
        ("The mayor criticized the budget in a statement on Monday.", "the budget", "indirect", 1),
        ("The governor endorsed Tim Smith, her former deputy, on Friday.", "Tim Smith, her former deputy", "indirect", 1),
        # learnt participial cue
        ("“The deal is done,” Jones said, citing a letter from the agency.", "a letter from the agency", "indirect", 1),
    ],
)
def test_attribution_content(nlp, text, quote, kind, n_spans):
    atts = _atts(nlp, text)
    if quote is None:
        got = [a for a in atts if len(a.spans) == n_spans]
        assert got, [(a.quote, a.spans) for a in atts]
        a = got[0]
        assert a.start == a.spans[0][0] and a.end == a.spans[-1][1]
    else:
        got = [a for a in atts if a.quote == quote]
        assert got, [(a.quote, a.kind) for a in atts]
        a = got[0]
        assert len(a.spans) == n_spans
    assert a.kind == kind
    for s, e in a.spans:
        assert 0 <= s < e <= len(text)


def test_multi_paragraph_quote_is_one_attribution(nlp):
    text = "“The first paragraph of the statement.\n\n“The second paragraph of it,” Peskov said."
    atts = _atts(nlp, text)
    assert len(atts) == 1
    a = atts[0]
    assert len(a.spans) == 2 and a.speaker.name == "Peskov"
    assert text[a.spans[0][0] : a.spans[0][1]] == "The first paragraph of the statement."


@pytest.mark.parametrize(
    "text",
    [
        "",
        "word",
        "   \n\n  ",
        "<html><body><div class='x'>\"</div>“”“</body></html>",
        "“" * 50 + "”" * 50,
        ": : : said said said",
        "He said.",
    ],
)
def test_robust_to_junk(nlp, text):
    doc = nlp(text)
    assert isinstance(attributions(doc), list)


def test_scare_quotes_are_not_attributions(nlp):
    # Single quotation marks are scare quotes: no quotation of its own (the verb may still report an accusation).
    atts = _atts(nlp, "PM calls out PTI for ‘orchestrating propaganda’ against armed forces.")
    assert not any(a.quote.strip("‘’") == "orchestrating propaganda" or a.kind != "indirect" for a in atts)


def test_no_cue_inside_quotation(nlp):
    atts = _atts(nlp, "“I think we will win the vote next week,” Smith said.")
    assert len(atts) == 1 and atts[0].speaker.name == "Smith"


def test_separate_cues_stay_separate(nlp):
    atts = _atts(nlp, "“We may win,” she said. “We may lose,” she said.")
    assert [a.quote for a in atts] == ["We may win", "We may lose"]


def test_next_paragraph_quote_with_own_cue_not_joined(nlp):
    text = "“We may win,” Smith said.\n\n“It is close,” Jones said."
    atts = _atts(nlp, text)
    assert [(a.quote, a.speaker.name) for a in atts] == [("We may win", "Smith"), ("It is close", "Jones")]


@pytest.mark.parametrize(
    "text, spans",
    [
        ("The senator seemed to lose interest in the bill.", ["senator", "to lose interest in the bill"]),
        ("The mayor appears confident about the vote.", ["mayor", "confident about the vote"]),
    ],
)
def test_impersonal_stance_has_no_source(nlp, text, spans):
    """'X seems to …', 'X appears …': subject and predicate are the content, the source is null ('X is expected to …'
    is an expectation, no statement: test_content_model.py)."""
    atts = [a for a in _atts(nlp, text) if len(a.spans) == 2]
    assert atts, [(a.quote, a.spans) for a in _atts(nlp, text)]
    a = atts[0]
    assert a.speaker.name is None and a.speaker.mention is None
    got = [text[s:e] for s, e in a.spans]
    assert got[0].endswith(spans[0]) and got[1] == spans[1]


@pytest.mark.parametrize(
    "text, first, second",
    [
        (
            "Lopez said that taxes would rise. “We have no choice in the matter now.”\n\n"
            "“It is a tough race,” said Maria Gomez, a retired teacher from the north side of the old town. "
            "“I think the voters want someone new this year.”",
            "It is a tough race",
            "I think the voters want someone new this year.",
        ),
    ],
)
def test_continuation_joins_nearest_attribution(nlp, text, first, second):
    """A quoted sentence after '“A,” said X, …' joins X's attribution even when an earlier one was just extended."""
    atts = _atts(nlp, text)
    a = [a for a in atts if text[a.spans[0][0] : a.spans[0][1]] == first]
    assert a, [(a.quote, a.spans) for a in atts]
    assert text[a[0].spans[-1][0] : a[0].spans[-1][1]] == second
    assert a[0].speaker.name == "Maria Gomez"


@pytest.mark.parametrize(
    "text, content",
    [
        ("The mayor said that the budget was balanced and that the city would hire more teachers.",
         "that the budget was balanced and that the city would hire more teachers"),
        ("The coach said the team was ready, and that the players would not give up.",
         "the team was ready, and that the players would not give up"),
    ],
)
def test_conjoined_that_clause_continues_content(nlp, text, content):
    """'said that A and that B': the second complement clause is part of the same content."""
    atts = _atts(nlp, text)
    assert [a.quote for a in atts] == [content], [a.quote for a in atts]


@pytest.mark.parametrize(
    "text, quote, speaker",
    [
        ("Trump praised the crowd, telling local reporters: “I love this state. The people here are great.”",
         "I love this state. The people here are great.", "Trump"),
        ("Later the senator told Jane Smith of the local paper, “We are going to win this county easily.”",
         "We are going to win this county easily.", None),
    ],
)
def test_quote_after_cue_with_object(nlp, text, quote, speaker):
    """'told X of Y, “…”', ', telling reporters: “…”': the quotation after the addressee is the cue's."""
    atts = _atts(nlp, text)
    got = [a for a in atts if a.quote == quote]
    assert got and got[0].kind == "direct", [(a.quote, a.kind) for a in atts]
    if speaker:
        assert got[0].speaker.name == speaker


@pytest.mark.parametrize(
    "text, quote, speaker",
    [
        ("The mayor spoke to reporters on Monday. Ana Ruiz said:\n\n“We will rebuild the bridge by spring. Nobody "
         "will be left behind.”\n\nThe council meets next week.",
         "We will rebuild the bridge by spring. Nobody will be left behind.", "Ana Ruiz"),
        ("The senator answered her critics. Jane Doe, the senator from Ohio, wrote:\n\n\"The bill is dead.\"\n\n"
         "Others disagreed.", "The bill is dead.", "Jane Doe"),
    ],
)
def test_block_quotation_after_colon(nlp, text, quote, speaker):
    """'X said:⏎⏎“…”': a quotation opening the paragraph after a colon is the cue's, across the paragraph break."""
    got = [a for a in _atts(nlp, text) if a.quote == quote]
    assert got and got[0].kind == "direct" and got[0].speaker.name == speaker, [(a.quote, a.kind) for a in _atts(nlp, text)]


@pytest.mark.parametrize(
    "text, quote, kind, speaker",
    [
        ("In a statement to the Observer, her senior policy adviser, John Smith, said: “The alliance matters. It "
         "always has.”", "The alliance matters. It always has.", "direct", "John Smith"),
        ("In a letter to the council on Friday, the treasurer, Maria Lopez, said that the budget would not balance.",
         "that the budget would not balance", "indirect", "Maria Lopez"),
    ],
)
def test_subject_after_fronted_phrase(nlp, text, quote, kind, speaker):
    """'In a statement to X, her adviser, Y, said …': the speaker is Y, however the parser hangs the subject."""
    got = [a for a in _atts(nlp, text) if a.quote == quote]
    assert got and got[0].kind == kind and got[0].speaker.name == speaker, [
        (a.quote, a.kind, a.speaker.name) for a in _atts(nlp, text)]


def test_colon_without_cue_links_no_block_quotation(nlp):
    """A colon closing a paragraph without a speech verb ('The agenda was short:') gives the quotation no speaker."""
    text = "The agenda was short:\n\n“Budget, roads and parks.”\n\nThe council meets next week."
    assert _atts(nlp, text) == []


@pytest.mark.parametrize(
    "text, content",
    [
        ("The mayor said that many voters believe the new tax will hurt small shops.",
         "that many voters believe the new tax will hurt small shops"),
        ("Officials told reporters the governor thinks the bridge should be closed.",
         "the governor thinks the bridge should be closed"),
    ],
)
def test_embedded_attribution_not_repeated(nlp, text, content):
    """'X said that Y believe Z': X's content holds Y's cue, so Y's attribution is not reported on its own."""
    atts = _atts(nlp, text)
    assert [a.quote for a in atts] == [content], [a.quote for a in atts]


@pytest.mark.parametrize(
    "text, content",
    [
        ("Asked whether he would back the bill, the senator said no.", "whether he would back the bill"),
        ("When asked about the delay, Smith blamed the old trains.", "about the delay"),
        ("The mayor was asked if taxes would rise.", "if taxes would rise"),
    ],
)
def test_asked_question_has_no_source(nlp, text, content):
    """'Asked whether …': the question is an attribution with a null source."""
    atts = [a for a in _atts(nlp, text) if a.quote == content]
    assert atts, [a.quote for a in _atts(nlp, text)]
    assert atts[0].speaker.name is None and atts[0].kind == "indirect"


@pytest.mark.parametrize(
    "text, content",
    [
        ("Most parents said they liked the new school hours, while some teachers said the buses ran late.",
         "they liked the new school hours"),
        ("The senator said she would meet the police chief, who took office in March.",
         "she would meet the police chief"),
        ("He said he started phoning neighbours about the flood.", "he started phoning neighbours about the flood"),
        ("The official said the agency had started warning residents in the valley.",
         "the agency had started warning residents in the valley"),
    ],
)
def test_clause_content_boundaries(nlp, text, content):
    """Clause contents stop before ', while …' and a trailing ', who/which …' aside; a participle inside them stays."""
    atts = _atts(nlp, text)
    assert atts and atts[0].quote == content, [a.quote for a in atts]


@pytest.mark.parametrize(
    "text, content",
    [
        ("Smith rejected the offer, calling it an insult to the workers.", "an insult to the workers"),
        ("The mayor called it a \"total disgrace\" for the city.", 'a "total disgrace" for the city'),
    ],
)
def test_called_it_predicate_is_content(nlp, text, content):
    """'called it X': X (the predicate) is the content."""
    atts = [a for a in _atts(nlp, text) if a.cue and a.cue.lower().startswith("call")]
    assert atts and atts[0].quote == content, [a.quote for a in _atts(nlp, text)]


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("In Denver, Mr. Lopez said, the new bridge is viewed as a waste by most drivers.", "In Denver", "by most drivers"),
    ],
)
def test_front_parenthetical_cue(nlp, text, start, end):
    """'In X, Y said, Z …': the cue interrupts its content near the front; the content is the whole clause."""
    atts = [a for a in _atts(nlp, text) if a.speaker.name == "Lopez"]
    assert atts, [a.quote for a in _atts(nlp, text)]
    assert atts[0].quote.startswith(start) and atts[0].quote.endswith(end)


@pytest.mark.parametrize(
    "text, content, speaker",
    [
        ("Garcia, meanwhile, who sits on no such boards, said that fact tells us a lot about the council.",
         "that fact tells us a lot about the council", "Garcia"),
        ("Garcia, meanwhile, who owns two small bakeries, said that rule hurts every shop on the street.",
         "that rule hurts every shop on the street", "Garcia"),
    ],
)
def test_subject_with_relative_clause_before_cue(nlp, text, content, speaker):
    """'X, meanwhile, who …, said that …': the clause after the verb is the content and X the source."""
    atts = _atts(nlp, text)
    assert [(a.quote, a.speaker.name) for a in atts] == [(content, speaker)]


def test_active_expect_is_an_ordinary_cue(nlp):
    text = "Many analysts expect that the bank will raise rates in June."
    atts = _atts(nlp, text)
    assert [(a.quote, a.speaker.name is not None) for a in atts] == [("that the bank will raise rates in June", True)]


def test_relative_expected_to_is_no_statement(nlp):
    """'…, who is widely expected to run …': an expectation, no statement (issue 13; it was an impersonal
    attribution before)."""
    text = "The senator, who is widely expected to run for governor, spoke on Monday."
    assert not [a for a in _atts(nlp, text) if "to run for governor" in a.quote]
