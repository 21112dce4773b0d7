"""Speech-act accuracy on a hand-labelled sample of PolNeAR dev attributions (prints the figure).

``act_sample_dev.jsonl`` (next to this file): 60 gold attributions of 12 dev articles drawn at random
(``random.Random(14)``: 12 articles, then up to 5 attributions with a cue each), labelled by hand with one act of
the closed list (docs/speech-acts.md) from the article read at run time. It holds article ids, character offsets
(content, its fragments, the cue) and the label only: no text of the copyrighted corpus.

Two figures: the act the rules give each gold attribution (gold content and cue, so the act rules alone are
measured), and the act of the extractor's own attribution where it finds the same content (Jaccard >= 0.5).
Run: ``python -m pytest -q -s tests/ingest/test_acts_dev_sample.py``.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from quotegraph.ingest import evaluation
from quotegraph.ingest.components.acts import speech_act
from quotegraph.ingest.pipeline import attributions
from quotegraph.ingest.records import Attribution, Speaker
from tests.support import POLNEAR_DEV

SAMPLE = Path(__file__).with_name("act_sample_dev.jsonl")
MIN_ACCURACY = 0.4  # a floor against regressions (26/60 on sm when written); the figure is printed


def _gold_attribution(text: str, row: dict) -> Attribution:
    s, e = row["quote_start"], row["quote_end"]
    kind = "direct" if text[s : s + 1] in "\"“'‘" else "indirect"
    return Attribution(article="", quote=text[s:e], start=s, end=e, kind=kind, cue=text[row["cue_start"]:row["cue_end"]],
                       cue_start=row["cue_start"], cue_end=row["cue_end"], speaker=Speaker(name=None, kind="unnamed"),
                       spans=[tuple(x) for x in row["quote_spans"]])


def _extracted_act(text: str, row: dict, atts: list[Attribution]):
    g = evaluation.characters(text, [tuple(x) for x in row["quote_spans"]])
    scored = [(evaluation.jaccard(g, evaluation.characters(text, a.spans or [(a.start, a.end)])), a) for a in atts]
    score, best = max(scored, key=lambda x: x[0], default=(0.0, None))
    return best.act if score >= 0.5 else None


@pytest.mark.skipif(not POLNEAR_DEV.exists(), reason="PolNeAR dev not available")
def test_act_accuracy_on_the_dev_sample(nlp, capsys):
    rows = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    wanted = {r["article"] for r in rows}
    texts = {}
    with POLNEAR_DEV.open(encoding="utf-8") as f:
        for line in f:
            art = json.loads(line)
            if art["id"] in wanted:
                texts[art["id"]] = art["text"]
    lexicon = nlp.get_pipe("quotegraph_acts").lexicon
    right, ext_right, ext_n, confusions = 0, 0, 0, Counter()
    for art_id, text in texts.items():
        doc = nlp(text)
        atts = attributions(doc)
        for row in (r for r in rows if r["article"] == art_id):
            act = speech_act(doc, _gold_attribution(text, row), lexicon)
            right += act == row["act"]
            if act != row["act"]:
                confusions[(row["act"], act)] += 1
            ext = _extracted_act(text, row, atts)
            if ext is not None:
                ext_n += 1
                ext_right += ext == row["act"]
    n = len(rows)
    with capsys.disabled():
        print(f"\ndev sample acts (gold attributions): {right}/{n} = {right / n:.1%}")
        print(f"dev sample acts (extracted, matched {ext_n}/{n}): {ext_right}/{max(ext_n, 1)} = "
              f"{ext_right / max(ext_n, 1):.1%}")
        print("confusions (gold -> predicted):", dict(confusions.most_common()))
    assert len(texts) == len(wanted) and n >= 50
    assert right / n >= MIN_ACCURACY
