"""PolNeAR-style evaluation: characters, overlap, greedy matching, speakers, report, errors, I/O.

All articles here are synthetic. The PolNeAR check reads the corpus from ../shared/eval (or
$QUOTEGRAPH_SHARED_DIR/eval, see tests/support.py) at run time only: its texts are copyrighted and must
never be copied into the repository.
"""
import json
from pathlib import Path

import pytest

from quotegraph import api
from quotegraph.ingest import evaluation as ev
from quotegraph.ingest.records import Attribution, Speaker
from tests.support import POLNEAR_DEV


# --------------------------------------------------------------------------- helpers


def span(text: str, fragment: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the nth occurrence of ``fragment`` in ``text``."""
    i = -1
    for _ in range(nth + 1):
        i = text.index(fragment, i + 1)
    return i, i + len(fragment)


def gold_quote(text, spans, speaker=None, speaker_span=None, kind="indirect") -> ev.GoldQuote:
    return ev.GoldQuote(
        quote=text[spans[0][0]:spans[-1][1]],
        spans=list(spans),
        speaker=speaker,
        speaker_spans=[speaker_span] if speaker_span else [],
        kind=kind,
    )


def pred(article, spans, speaker=None, mention=None, mention_span=None) -> Attribution:
    """A predicted attribution as extraction gives it (only the fields scoring reads matter)."""
    return Attribution(
        article=article, quote="", start=min(s for s, _ in spans), end=max(e for _, e in spans), kind="indirect",
        cue=None, cue_start=None, cue_end=None, spans=list(spans),
        speaker=Speaker(speaker, mention=mention, start=mention_span[0] if mention_span else None,
                        end=mention_span[1] if mention_span else None),
    )


def gold_row(aid, text, quotes) -> dict:
    """A gold JSONL row from [(quote_spans, speaker, speaker_span, kind)]."""
    rows = []
    for spans, speaker, sspan, kind in quotes:
        start, end = spans[0][0], spans[-1][1]
        rows.append({
            "quote": text[start:end], "quote_start": start, "quote_end": end, "quote_spans": [list(s) for s in spans],
            "speaker": speaker,
            "speaker_start": sspan[0] if sspan else None, "speaker_end": sspan[1] if sspan else None,
            "speaker_spans": [list(sspan)] if sspan else [],
            "cue": None, "cue_start": None, "cue_end": None, "cue_spans": [], "kind": kind,
        })
    return {"id": aid, "text": text, "title": "t", "publisher": "p", "publication_date": "2024-01-01", "quotes": rows}


def write_jsonl(path: Path, rows) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- characters and overlap


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ab cd", "abcd"),
        ('"We will win," he said.', "Wewillwinhesaid"),
        ("“Curly” and ‘single’ quotes", "Curlyandsinglequotes"),
        ("don't and Putin’s stay", "don'tandPutin’sstay"),
        ("'quoted' word", "quotedword"),
        ("3.5, 7", "357"),
    ],
)
def test_characters_drop_spaces_quotes_periods_commas(text, expected):
    chars = ev.characters(text, [(0, len(text))])
    assert "".join(text[i] for i in sorted(chars)) == expected


def test_characters_union_of_spans():
    text = "abc def ghi"
    assert ev.characters(text, [(0, 3), (8, 11)]) == ev.characters(text, [(8, 11), (0, 3), (1, 2)])
    assert len(ev.characters(text, [(0, 3), (8, 11)])) == 6


# 20 scored letters of gold content; the prediction covers a prefix of n letters -> Jaccard n / 20.
GOLD20 = "abcdefghijklmnopqrst"


@pytest.mark.parametrize(
    "pred_letters, match_05, match_09",
    [
        (20, 1, 1),  # exact
        (19, 1, 1),  # 0.95
        (18, 1, 1),  # 0.90: at the threshold counts
        (17, 1, 0),  # 0.85: just below 0.9
        (11, 1, 0),  # 0.55: just above 0.5
        (10, 1, 0),  # 0.50: at the threshold counts
        (9, 0, 0),  # 0.45: just below 0.5
        (0, 0, 0),  # empty prediction
    ],
)
def test_overlap_thresholds(pred_letters, match_05, match_09):
    text = f'Intro. She said "{GOLD20}." Then more.'
    g0, g1 = span(text, f'"{GOLD20}."')  # gold includes quotation marks and the period: they do not count
    gold = [ev.GoldArticle("a", text, [gold_quote(text, [(g0, g1)])])]
    p0 = g0 + 1
    report = ev.score(gold, [pred("a", [(p0, p0 + pred_letters)])])
    assert report.scores[0.5].matched == match_05
    assert report.scores[0.9].matched == match_09
    s = report.scores[0.5]
    assert (s.precision, s.recall, s.f1) == ((1.0, 1.0, 1.0) if match_05 else (0.0, 0.0, 0.0))


def test_overlap_extends_beyond_gold():
    text = "aaaaaaaaaa bbbbbbbbbb cc"
    gold = [ev.GoldArticle("a", text, [gold_quote(text, [span(text, "aaaaaaaaaa")])])]
    # prediction = 10 gold letters + 10 others -> 10 / 20 = 0.5 ; + 12 others -> 10 / 22 < 0.5
    assert ev.score(gold, [pred("a", [(0, 21)])]).primary.matched == 1
    assert ev.score(gold, [pred("a", [(0, 24)])]).primary.matched == 0


# --------------------------------------------------------------------------- split quotes


SPLIT = '"We will fight for every vote," the senator said, "in every single state."'


@pytest.mark.parametrize(
    "pred_fragments, matched",
    [
        (["We will fight for every vote", "in every single state"], 1),  # both fragments
        (["in every single state", "We will fight for every vote"], 1),  # order does not matter
        (["We will fight for every vote"], 1),  # 23 of 41 letters -> 0.56
        (["in every single state"], 0),  # 18 of 41 letters -> 0.44
        (['We will fight for every vote," the senator said, "in every single state'], 1),  # one covering span
    ],
)
def test_split_quotes_use_union_of_spans(pred_fragments, matched):
    gold_spans = [span(SPLIT, "We will fight for every vote"), span(SPLIT, "in every single state")]
    senator = span(SPLIT, "the senator")
    gold = [ev.GoldArticle("s", SPLIT, [gold_quote(SPLIT, gold_spans, "the senator", senator, "direct")])]
    p = pred("s", [span(SPLIT, f) for f in pred_fragments], "Senator Smith", "the senator", senator)
    report = ev.score(gold, [p])
    assert report.primary.matched == matched
    assert report.primary.speaker_right == matched


def test_covering_span_of_split_quote_overlap():
    # covering span adds "the senator said" (14 letters) to 41 gold letters -> 41 / 55 = 0.75
    gold_spans = [span(SPLIT, "We will fight for every vote"), span(SPLIT, "in every single state")]
    g = ev.characters(SPLIT, gold_spans)
    p = ev.characters(SPLIT, [(gold_spans[0][0], gold_spans[1][1])])
    assert ev.jaccard(g, p) == pytest.approx(41 / 55)


# --------------------------------------------------------------------------- one-to-one greedy matching


def S(*ranges):
    return frozenset(i for a, b in ranges for i in range(a, b))


@pytest.mark.parametrize(
    "gold, preds, threshold, expected",
    [
        # exact pairs, any order
        ([S((0, 10)), S((20, 30))], [S((20, 30)), S((0, 10))], 0.5, [(0, 1, 1.0), (1, 0, 1.0)]),
        # two predictions of one gold quote: the better one matches, the other is a false alarm
        ([S((0, 10))], [S((0, 8)), S((0, 10))], 0.5, [(0, 1, 1.0)]),
        # one prediction cannot match two gold quotes
        ([S((0, 10)), S((0, 9))], [S((0, 10))], 0.5, [(0, 0, 1.0)]),
        # greedy, not maximum matching: p0 takes g1 (1.0), g0 is left for nobody although p0~g0 = 0.8
        ([S((0, 8)), S((0, 10))], [S((0, 10)), S((30, 40))], 0.5, [(1, 0, 1.0)]),
        # greedy from the best overlap down: p0~g1 12/13 first, then p1~g0 0.6 (p0~g0 9/13 is not used)
        ([S((0, 10)), S((0, 13))], [S((1, 13)), S((0, 6))], 0.5, [(0, 1, 0.6), (1, 0, 12 / 13)]),
        # nothing at or above the threshold
        ([S((0, 10))], [S((0, 8))], 0.9, []),
    ],
)
def test_match_one_to_one_greedy(gold, preds, threshold, expected):
    got = ev.match(gold, preds, threshold)
    assert [(g, p) for g, p, _ in got] == [(g, p) for g, p, _ in expected]
    assert [j for _, _, j in got] == pytest.approx([j for _, _, j in expected])


def test_duplicate_prediction_is_false_alarm():
    text = "He said the plan would work. Nothing else."
    q = span(text, "the plan would work")
    gold = [ev.GoldArticle("d", text, [gold_quote(text, [q], "He", span(text, "He"))])]
    report = ev.score(gold, [pred("d", [q], "John Smith", "He", span(text, "He"))] * 2)
    s = report.primary
    assert (s.gold, s.pred, s.matched, s.speaker_right) == (1, 2, 1, 1)
    assert s.precision == 0.5 and s.recall == 1.0 and s.f1 == pytest.approx(2 / 3)
    assert report.error_counts() == {"miss": 0, "false_alarm": 1, "wrong_speaker": 0}


# --------------------------------------------------------------------------- speakers


SPK = ("Vladimir Putin arrived. The Kremlin spokesman said talks would go on. "
       "He said the west was to blame. Putin's aide said nothing. Reporters said it rained.")


@pytest.mark.parametrize(
    "gold_speaker, pred_name, mention, right",
    [
        # the predicted mention overlaps the gold source span: right whatever the name
        ("The Kremlin spokesman", "Dmitry Peskov", "The Kremlin spokesman", True),
        ("The Kremlin spokesman", "Dmitry Peskov", "spokesman", True),  # partial overlap
        # no overlap: the last word of the gold source is a word of the predicted name (any case)
        ("Vladimir Putin", "Putin", "Putin's", True),
        ("Vladimir Putin", "VLADIMIR PUTIN", None, True),
        ("The Kremlin spokesman", "Dmitry Peskov", "Reporters", False),
        ("The Kremlin spokesman", "Kremlin", None, False),  # the last word is "spokesman"
        ("Putin's aide", "aide", None, True),
        ("Vladimir Putin", "Putinism Institute", None, False),  # whole words only
        # a pronoun source is right only by overlap
        ("He", "Vladimir Putin", "He", True),
        ("He", "He", "Reporters", False),
        ("He", "Vladimir Putin", "Vladimir Putin", False),
        # nulls
        (None, None, None, True),
        (None, "Vladimir Putin", "Vladimir Putin", False),
        ("Reporters", None, None, False),
    ],
)
def test_speaker_right(gold_speaker, pred_name, mention, right):
    content = [span(SPK, "talks would go on")]
    q = gold_quote(SPK, content, gold_speaker, span(SPK, gold_speaker) if gold_speaker else None)
    p = pred("k", content, pred_name, mention, span(SPK, mention) if mention else None)
    assert ev.speaker_right(q, p) is right


def test_blank_predicted_speaker_is_null():
    p = ev.attribution_from_json({"article": "a", "start": 0, "end": 3, "speaker": " ", "speaker_mention": ""})
    assert (p.speaker.name, p.speaker.mention) == (None, None)
    assert ev.speaker_right(gold_quote("abc", [(0, 3)]), p)


def test_attribution_f1_and_speaker_accuracy():
    text = "Smith said taxes rise. Jones said rates fall. Lee said jobs grow."
    golds = [gold_quote(text, [span(text, f)], s, span(text, s)) for f, s in
             [("taxes rise", "Smith"), ("rates fall", "Jones"), ("jobs grow", "Lee")]]
    preds = [
        pred("x", [span(text, "taxes rise")], "Anna Smith", "Smith", span(text, "Smith")),  # right
        pred("x", [span(text, "rates fall")], "Anna Smith", "Smith", span(text, "Smith")),  # wrong speaker
        pred("x", [span(text, "Lee said")], "Lee", "Lee", span(text, "Lee")),  # no match
    ]
    report = ev.score([ev.GoldArticle("x", text, golds)], preds)
    s = report.primary
    assert (s.matched, s.speaker_right) == (2, 1)
    assert s.f1 == pytest.approx(2 / 3) and s.attribution_f1 == pytest.approx(1 / 3)
    assert s.speaker_accuracy == 0.5
    assert report.error_counts() == {"miss": 1, "false_alarm": 1, "wrong_speaker": 1}


@pytest.mark.parametrize(
    "speaker, text, form",
    [
        (None, "", "none"),
        ("he", "Then he said no.", "pronoun"),
        ("They", "They said no.", "pronoun"),
        ("who", "the man who said no", "pronoun"),
        ("the newspaper", "Yet the newspaper said no.", "nominal"),
        ("several environmental groups", "But several environmental groups said no.", "nominal"),
        ("Officials", "Officials said no.", "nominal"),  # sentence-initial capital only
        ("Trump", "Trump said no. Then Trump left.", "name"),  # sentence-initial, but a name elsewhere
        ("Mr. Lee", "Mr. Lee said no.", "name"),
        ("The New York Post", "The New York Post said no.", "name"),
        ("the Supreme Court", "Yet the Supreme Court said no.", "name"),
        ("FBI", "FBI said no.", "name"),  # all capitals
    ],
)
def test_speaker_form(speaker, text, form):
    start = text.index(speaker) if speaker else None
    assert ev.speaker_form(speaker, text, start) == form


@pytest.mark.parametrize("word, pronoun", [("he", True), ("She", True), ("whose", True), ("its", True),
                                           ("he\xa0", True), ("she’s", True), ("his campaign", False),
                                           ("Trump", False), ("", False), (None, False)])
def test_is_pronoun(word, pronoun):
    assert ev.is_pronoun(word) is pronoun


def test_recall_by_kind_and_speaker_form():
    # "Smith" opens a sentence but is written capitalised mid-sentence too: a name; "Officials" is not
    text = ('Enter Anna Smith. Smith said "taxes rise." He said rates fall. '
            'Officials said "jobs," but "slowly." None said so.')
    golds = [
        gold_quote(text, [span(text, '"taxes rise."')], "Smith", span(text, "Smith"), "direct"),
        gold_quote(text, [span(text, "rates fall")], "He", span(text, "He"), "indirect"),
        gold_quote(text, [span(text, '"jobs," but "slowly."')], "Officials", span(text, "Officials"), "mixed"),
        gold_quote(text, [span(text, "so")], None, None, "indirect"),
    ]
    preds = [pred("r", [span(text, "taxes rise")], "Smith", "Smith", span(text, "Smith")),
             pred("r", [span(text, "rates fall")], "Smith", "Smith", span(text, "Smith"))]
    report = ev.score([ev.GoldArticle("r", text, golds)], preds)
    kinds = {k: (g.gold, g.matched, g.speaker_right) for k, g in report.by_kind.items()}
    forms = {k: (g.gold, g.matched, g.speaker_right) for k, g in report.by_speaker_form.items()}
    assert kinds == {"direct": (1, 1, 1), "mixed": (1, 0, 0), "indirect": (2, 1, 0)}
    assert forms == {"name": (1, 1, 1), "pronoun": (1, 1, 0), "nominal": (1, 0, 0), "none": (1, 0, 0)}
    assert report.by_kind["indirect"].recall == 0.5


# --------------------------------------------------------------------------- reading files, errors, report


@pytest.mark.parametrize(
    "line, message",
    [
        ("{not json", "not valid JSON"),
        ('["a list"]', "not a JSON object"),
        ('{"text": "x", "quotes": []}', "'id'"),
        ('{"id": "a", "quotes": []}', "'text'"),
        ('{"id": "a", "text": "abc"}', "'quotes'"),
        ('{"id": "a", "text": "abc", "quotes": [{"speaker": null}]}', "quote 0"),
        ('{"id": "a", "text": "abc", "quotes": [{"quote_spans": [[0, 9]]}]}', "invalid span [0, 9]"),
        ('{"id": "a", "text": "abc", "quotes": [{"quote_spans": [[0, "2"]]}]}', "integer pairs"),
        ('{"id": "a", "text": "abc", "quotes": [{"quote_start": 0, "quote_end": 2, "kind": "quoted"}]}', "'kind'"),
    ],
)
def test_malformed_gold_line(tmp_path, line, message):
    good = json.dumps(gold_row("ok", "Fine text.", []))
    path = write_jsonl(tmp_path / "gold.jsonl", [good, "", line])
    with pytest.raises(ValueError) as err:
        ev.read_gold(path)
    assert str(err.value).startswith(f"{path}:3: ")
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_duplicate_gold_id(tmp_path):
    row = json.dumps(gold_row("same", "Fine text.", []))
    with pytest.raises(ValueError, match=r"gold.jsonl:2: duplicate article id 'same'"):
        ev.read_gold(write_jsonl(tmp_path / "gold.jsonl", [row, row]))


@pytest.mark.parametrize(
    "line, message",
    [
        ("nope", "not valid JSON"),
        ('{"quote": "x", "start": 0, "end": 1}', "'article'"),
        ('{"article": "a", "quote": "x"}', "'spans' or integer 'start' and 'end'"),
        ('{"article": "a", "spans": [[0]]}', "integer pairs"),
        ('{"article": "a", "start": 0, "end": 1, "speaker_start": 3}', "speaker_start"),
        ('{"article": "a", "start": 0, "end": 1, "speaker": 7}', "'speaker'"),
    ],
)
def test_malformed_prediction_line(tmp_path, line, message):
    path = write_jsonl(tmp_path / "pred.jsonl", [line])
    with pytest.raises(ValueError) as err:
        ev.read_predictions(path)
    assert str(err.value).startswith(f"{path}:1: ") and message in str(err.value)


def _files(tmp_path):
    text = "Intro line here. Smith said taxes will rise next year. Jones said rates fall. Lee waved."
    gold = write_jsonl(tmp_path / "gold.jsonl", [
        gold_row("g1", text, [
            ([span(text, "taxes will rise next year")], "Smith", span(text, "Smith"), "indirect"),
            ([span(text, "rates fall")], "Jones", span(text, "Jones"), "indirect"),
        ]),
        gold_row("g2", "Nothing here.", []),
    ])
    attrs = [
        Attribution("g1", "taxes will rise next year", *span(text, "taxes will rise next year"), "indirect",
                    "said", None, None, Speaker("Ann Smith", mention="Smith", start=span(text, "Smith")[0],
                                                end=span(text, "Smith")[1])),
        Attribution("g1", "Lee waved", *span(text, "Lee waved"), "indirect", None, None, None,
                    Speaker("Lee", mention="Lee", start=span(text, "Lee")[0], end=span(text, "Lee")[1])),
        Attribution("elsewhere", "x", 0, 1, "direct", None, None, None, Speaker(None)),
    ]
    return text, gold, attrs


def test_evaluate_with_prediction_file_and_jsonl_errors(tmp_path):
    text, gold, attrs = _files(tmp_path)
    pred_path = write_jsonl(tmp_path / "pred.jsonl", [a.to_json() for a in attrs])
    report = api.evaluate(gold, pred_path, errors=tmp_path / "errors.jsonl")
    s = report.primary
    assert (report.articles, s.gold, s.pred, s.matched, s.speaker_right) == (2, 2, 2, 1, 1)
    assert report.ignored_predictions == 1
    errors = [json.loads(line) for line in (tmp_path / "errors.jsonl").read_text().splitlines()]
    assert [(e["type"], e["article"], e["text"]) for e in errors] == [
        ("miss", "g1", "rates fall"), ("false_alarm", "g1", "Lee waved")]
    assert errors[0]["sentence"] == "Jones said rates fall."
    assert errors[0]["gold_speaker"] == "Jones"
    # JSON report and table
    d = report.to_dict()
    json.dumps(d)
    assert d["scores"]["0.5"]["f1"] == 0.5 and d["error_counts"]["miss"] == 1
    table = ev.format_report(report)
    assert ">= 0.5" in table and ">= 0.9" in table and "indirect" in table and "pronoun" in table
    assert "ignored 1 predictions" in table
    # limit: only the first gold article
    assert api.evaluate(gold, pred_path, limit=1).articles == 1


def test_markdown_errors_with_wrong_speaker(tmp_path):
    text = "It was late. Smith said taxes will rise. More later."
    g = ev.GoldArticle("m", text, [gold_quote(text, [span(text, "taxes will rise")], "Smith", span(text, "Smith"))])
    report = ev.score([g], [pred("m", [span(text, "taxes will rise")], "Jones", "Jones", None)])
    ev.write_errors(report, tmp_path / "errors.md")
    md = (tmp_path / "errors.md").read_text()
    assert "## m" in md and "**wrong speaker**" in md and "'Jones'" in md
    assert "sentence: Smith said taxes will rise." in md


@pytest.mark.parametrize(
    "start_frag, end_frag, expected",
    [
        ("taxes", "rise", "Smith said taxes will rise."),
        ("Smith", "rise", "Smith said taxes will rise."),
        ("rise", "More", "Smith said taxes will rise. More later."),
        ("It", "late", "It was late."),
    ],
)
def test_sentence_window(start_frag, end_frag, expected):
    text = "It was late. Smith said taxes will rise. More later."
    s, e = text.index(start_frag), text.index(end_frag) + len(end_frag)
    assert ev.sentence_window(text, s, e) == expected


def test_evaluate_runs_the_real_pipeline_on_the_gold_texts(tmp_path):
    _, gold, _ = _files(tmp_path)
    seen = []
    report = api.evaluate(gold, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 2), (2, 2)]
    s = report.primary
    assert (report.articles, s.gold) == (2, 2)
    assert s.matched == 2 and s.speaker_right == 2  # "Smith said taxes will rise", "Jones said rates fall"


# --------------------------------------------------------------------------- PolNeAR, read at run time only


@pytest.mark.slow
@pytest.mark.skipif(not POLNEAR_DEV.exists(), reason="PolNeAR dev set not available")
def test_polnear_gold_against_itself():
    gold = ev.read_gold(POLNEAR_DEV, limit=3)
    assert len(gold) == 3 and sum(len(a.quotes) for a in gold) > 0
    preds = []
    for a in gold:
        for q in a.quotes:
            mention = (q.speaker_spans[0][0], q.speaker_spans[-1][1]) if q.speaker_spans else (None, None)
            attribution = Attribution(
                article=a.id, quote=q.quote, start=q.start, end=q.end, kind=q.kind or "indirect",
                cue=q.cue, cue_start=None, cue_end=None,
                speaker=Speaker(q.speaker, mention=q.speaker, start=mention[0], end=mention[1]),
                spans=list(q.spans),
            )
            preds.append(attribution.to_json())
    report = ev.score(gold, preds)
    for s in report.scores.values():
        assert s.f1 == 1.0 and s.attribution_f1 == 1.0 and s.speaker_accuracy == 1.0
    assert not report.errors
