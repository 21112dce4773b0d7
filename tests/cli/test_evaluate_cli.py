"""`quotegraph evaluate` through click's CliRunner, on the real spaCy pipeline and real files.

The gold file is written here from synthetic sentences, in the PolNeAR format of ../shared/eval/README.md.
"""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from quotegraph.cli import main

ARTICLES = {
    "bridge": (
        "Mayor Ana Ruiz said on Monday that the bridge will reopen in June. "
        "“We have waited long enough for this,” Ruiz told reporters at city hall. "
        "The council's budget chief, Tom Lee, said the repairs had cost far more than planned. "
        "Residents have used a ferry since the storm.\n\n"
        # Page leftovers after the article: `quotes` trims them, so `evaluate` must too.
        "Please enter your comment!\n"
        "“This is the best bridge in the whole state,” said reader Sam Cole.\n"
    ),
    "school": (
        "The new school opens next week. Principal Maria Chen said the teachers were ready. "
        "“Every classroom has new books,” she said."
    ),
}
# (article, content, source as written, kind)
GOLD_QUOTES = [
    ("bridge", "the bridge will reopen in June", "Mayor Ana Ruiz", "indirect"),
    ("bridge", "We have waited long enough for this,", "Ruiz", "direct"),
    ("bridge", "the repairs had cost far more than planned", "The council's budget chief, Tom Lee", "indirect"),
    ("school", "the teachers were ready", "Principal Maria Chen", "indirect"),
    ("school", "Every classroom has new books,", "she", "direct"),
]


def gold_row(article: str) -> dict:
    """One gold JSONL line: the article and its quotes with offsets found in the text."""
    text = ARTICLES[article]
    quotes = []
    for aid, content, speaker, kind in GOLD_QUOTES:
        if aid != article:
            continue
        start = text.index(content)
        s_start = text.index(speaker)
        quotes.append({
            "quote": content, "quote_start": start, "quote_end": start + len(content),
            "quote_spans": [[start, start + len(content)]],
            "speaker": speaker, "speaker_start": s_start, "speaker_end": s_start + len(speaker),
            "speaker_spans": [[s_start, s_start + len(speaker)]],
            "cue": None, "cue_start": None, "cue_end": None, "cue_spans": [], "kind": kind,
        })
    return {"id": article, "text": text, "title": article.title(), "publisher": "Example Gazette",
            "publication_date": "2024-05-06", "quotes": quotes}


@pytest.fixture(scope="module")
def gold(tmp_path_factory):
    path = tmp_path_factory.mktemp("eval") / "gold.jsonl"
    path.write_text("".join(json.dumps(gold_row(a), ensure_ascii=False) + "\n" for a in ARTICLES), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def test_evaluate_scores_what_quotes_prints(runner, gold, tmp_path):
    quotes = runner.invoke(main, ["quotes", str(gold), "--format", "jsonl"])
    assert quotes.exit_code == 0, quotes.output
    pred = tmp_path / "pred.jsonl"
    pred.write_text(quotes.stdout, encoding="utf-8")
    rows = [json.loads(line) for line in quotes.stdout.splitlines()]
    tail = ARTICLES["bridge"].index("Please enter")
    assert rows and not any(r["article"] == "bridge" and r["end"] > tail for r in rows)

    saved = runner.invoke(main, ["evaluate", str(gold), "--pred", str(pred), "--json"])
    live = runner.invoke(main, ["evaluate", str(gold), "--json"])
    assert saved.exit_code == 0 and live.exit_code == 0, saved.output + live.output
    saved_report, live_report = json.loads(saved.stdout), json.loads(live.stdout)
    assert live_report == saved_report
    assert live_report["scores"]["0.5"]["pred"] == len(rows) and live_report["scores"]["0.5"]["matched"] > 0


def test_evaluate_prints_the_table_and_writes_errors(runner, gold, tmp_path):
    errors = tmp_path / "errors.md"
    result = runner.invoke(main, ["evaluate", str(gold), "--errors", str(errors), "--limit", "1"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("1 articles, 3 gold quotes")
    for row in (">= 0.5", ">= 0.9", "recall by kind", "recall by gold speaker", "errors:"):
        assert row in result.stdout
    assert errors.read_text(encoding="utf-8").startswith("# Evaluation errors (Jaccard >= 0.5)")


def test_a_malformed_gold_line_is_one_error_line(runner, gold, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(gold.read_text(encoding="utf-8") + "{broken\n", encoding="utf-8")
    result = runner.invoke(main, ["evaluate", str(bad)])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and "bad.jsonl:3:" in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_malformed_prediction_is_one_error_line(runner, gold, tmp_path):
    pred = tmp_path / "pred.jsonl"
    pred.write_text('{"article": "bridge", "quote": "x"}\n', encoding="utf-8")
    result = runner.invoke(main, ["evaluate", str(gold), "--pred", str(pred)])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "pred.jsonl:1: prediction needs 'spans'" in result.stderr
