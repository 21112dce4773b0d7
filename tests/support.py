"""Paths and the gold record shared by tests (import as ``tests.support``)."""
from __future__ import annotations

import os
from pathlib import Path

from quotegraph.ingest.records import Article, ArticleRecord, Attribution, Entity, Event, Role, Speaker

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SEED_TEXT = SEEDS / "crimea-atacms-retaliation.txt"
GOLD = REPO / "tests" / "golden" / "crimea-atacms-retaliation.json"
SHARED = Path(os.environ.get("QUOTEGRAPH_SHARED_DIR", REPO.parent / "shared"))
SHARED_MODEL = SHARED / "models" / "en_core_web_sm-3.8.0"
POLNEAR_DEV = SHARED / "eval" / "polnear_dev.jsonl"

# Tests run on the shared pipeline unless the caller chose another.
if "QUOTEGRAPH_SPACY_MODEL" not in os.environ and SHARED_MODEL.exists():
    os.environ["QUOTEGRAPH_SPACY_MODEL"] = str(SHARED_MODEL)

_KIND = {"unnamed person": "unnamed"}


def gold_to_record(gold: dict, text: str, article_id: str = "crimea-atacms-retaliation",
                   published: str | None = "2024-06-24") -> ArticleRecord:
    """The gold graph as the record the extractor should produce."""
    roles = {p["name"]: [Role(r["title"], r["organization"]) for r in p["roles"]] for p in gold["people"]}
    entities = [Entity(p["name"], "Person", [m for m in p["mentions"] if m != "he"]) for p in gold["people"]]
    entities += [Entity(name, "Organization") for name in gold["organizations"]]
    entities += [Entity(name, "Place") for name in gold["places"]]
    events = [Event(e["name"], place=e.get("place"), aliases=["the attack", "the incident"]) for e in gold["events"]]
    discussed = {name for e in gold["events"] for name in e["discussed_by"]}
    attributions = []
    for q in gold["quotes"]:
        about = list(q["about"]) + ([gold["events"][0]["name"]] if q["speaker"] in discussed else [])
        attributions.append(Attribution(
            article=article_id, quote=q["quote"], start=q["span"][0], end=q["span"][1], kind=q["kind"],
            cue=q["cue"], cue_start=None, cue_end=None,
            speaker=Speaker(q["speaker"], _KIND.get(q["speaker_kind"], q["speaker_kind"]), roles=roles.get(q["speaker"], [])),
            spans=[tuple(q["span"])], about=about))
    article = Article(id=article_id, text=text, title=gold["title"], published=published, path=str(SEED_TEXT))
    return ArticleRecord(article=article, attributions=attributions, entities=entities, events=events, roles=roles)


def covering(atts, text: str, words: str) -> list:
    """The attributions whose content covers ``words`` (their first occurrence in ``text``)."""
    start = text.index(words)
    return [a for a in atts if a.start <= start and a.end >= start + len(words)]
