"""Speech acts and responses on the seed article against its gold (tests/golden/crimea-atacms-retaliation.json).

Gold: ``quotes[i].act`` / ``acts_ok`` and ``responses`` (``from`` answers ``to`` with a ``stance`` in
``stances_ok``), see ../shared/gold/README.md. Done when at least 80% of the gold attributions the extractor finds
get an act in their ``acts_ok``, and every required response is found with an accepted stance. Runs the user's
path (boilerplate trimming, ``extract``) on whichever pipeline ``QUOTEGRAPH_SPACY_MODEL`` names (CI: sm and md).
"""
from __future__ import annotations

import json

import pytest

from quotegraph.ingest import evaluation
from quotegraph.ingest.boilerplate import content_end
from quotegraph.ingest.pipeline import extract
from quotegraph.ingest.records import SPEECH_ACTS, Article
from tests.support import GOLD, SEED_TEXT

ARTICLE = "crimea-atacms-retaliation"
MIN_ACT_SHARE = 0.8


@pytest.fixture(scope="module")
def seed(nlp):
    text = SEED_TEXT.read_text(encoding="utf-8")
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    rec = next(extract(nlp, [Article(id=ARTICLE, text=text, path=str(SEED_TEXT))], analyse_end=content_end))
    return text, gold, rec


def matched(text, gold, rec) -> dict:
    """Gold quote index -> the extracted attribution over it (content Jaccard >= 0.5, the best one)."""
    out = {}
    for i, gq in enumerate(gold["quotes"]):
        g = evaluation.characters(text, [tuple(gq["span"])])
        scored = [(evaluation.jaccard(g, evaluation.characters(text, a.spans or [(a.start, a.end)])), a)
                  for a in rec.attributions]
        score, best = max(scored, key=lambda x: x[0], default=(0.0, None))
        if score >= 0.5:
            out[i] = best
    return out


def test_every_attribution_has_an_act_from_the_closed_list(seed):
    _, _, rec = seed
    assert rec.attributions
    assert all(a.act in SPEECH_ACTS for a in rec.attributions), [(a.quote, a.act) for a in rec.attributions]


def test_acts_of_found_gold_attributions(seed, capsys):
    text, gold, rec = seed
    found = matched(text, gold, rec)
    right = {i for i, a in found.items() if a.act in gold["quotes"][i]["acts_ok"]}
    wrong = [(gold["quotes"][i]["quote"][:50], found[i].act, gold["quotes"][i]["acts_ok"])
             for i in found if i not in right]
    with capsys.disabled():
        print(f"\nseed acts: {len(right)}/{len(found)} found gold attributions right ({len(gold['quotes'])} in gold)")
    assert len(found) >= 10
    assert len(right) >= MIN_ACT_SHARE * len(found), wrong


def test_required_responses_found_with_an_accepted_stance(seed, capsys):
    text, gold, rec = seed
    found = matched(text, gold, rec)
    got = {(a.id, r["id"]): r["stance"] for a in rec.attributions for r in a.responds_to}
    hits = 0
    for resp in gold["responses"]:
        src, dst = found.get(resp["from"]), found.get(resp["to"])
        stance = got.get((src.id, dst.id)) if src is not None and dst is not None else None
        hits += stance in resp["stances_ok"]
        if resp["required"]:
            assert stance in resp["stances_ok"], (resp, stance)
    with capsys.disabled():
        print(f"seed responses: {hits}/{len(gold['responses'])} gold responses found, {len(got)} edges in all")


def test_response_ids_name_attributions_of_the_article(seed):
    _, _, rec = seed
    ids = {a.id for a in rec.attributions}
    assert all(a.id == f"{ARTICLE}:{a.start}-{a.end}" for a in rec.attributions)
    for a in rec.attributions:
        for r in a.responds_to:
            assert r["id"] in ids and r["id"] != a.id
            assert r["stance"] in {"disputes", "supports", "addresses"}


def test_contract_keys(seed):
    _, _, rec = seed
    row = rec.attributions[0].to_json()
    assert {"id", "act", "responds_to"} <= set(row)
    assert json.loads(json.dumps(row)) == row
