"""The gold record with the gold's speech acts and responses (``act``, ``responds_to``), for graph and query tests."""
from __future__ import annotations

from quotegraph.ingest.records import ArticleRecord
from tests.support import gold_to_record


def gold_record_with_acts(gold: dict, text: str, **kwargs) -> ArticleRecord:
    """:func:`tests.support.gold_to_record` plus each gold quote's ``act`` and the gold ``responses``."""
    record = gold_to_record(gold, text, **kwargs)
    for attribution, quote in zip(record.attributions, gold["quotes"]):
        attribution.act = quote["act"]
    for response in gold["responses"]:
        answered = record.attributions[response["to"]]
        record.attributions[response["from"]].responds_to.append({"id": answered.id, "stance": response["stance"]})
    return record
