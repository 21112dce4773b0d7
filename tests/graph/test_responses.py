"""Speech acts on Quote nodes and (Quote)-[:RESPONDS_TO {stance}]->(Quote): builder, store (and its upgrade), Neo4j."""
from __future__ import annotations

import pytest

from quotegraph.graph import schema as S
from quotegraph.graph.build import build_graph
from quotegraph.graph.neo4j_load import counts, load_graph
from quotegraph.graph.store import load_graph as load_store, missing_schema, open_store, save_graph
from quotegraph.ingest.records import SPEECH_ACTS
from tests.graph.gold_acts import gold_record_with_acts

PESKOV = "Quote:crimea-atacms-retaliation:786-905"
RUSSIAN_GOVERNMENT = "Quote:crimea-atacms-retaliation:1266-1345"


@pytest.fixture()
def acts_graph(gold, seed_text):
    return build_graph([gold_record_with_acts(gold, seed_text)])


def _responses(graph) -> set:
    return {(u, v, d["stance"]) for u, v, d in graph.edges(data=True) if d["type"] == S.RESPONDS_TO}


def test_the_schema_acts_are_the_ingest_acts():
    assert S.ACTS == SPEECH_ACTS
    assert S.RELATIONSHIPS[S.RESPONDS_TO] == ((S.QUOTE,), (S.QUOTE,))


def test_quotes_carry_their_act_and_responses_become_edges(acts_graph, gold):
    acts = {d["act"] for _, d in acts_graph.nodes(data=True) if d["label"] == S.QUOTE}
    assert acts == {q["act"] for q in gold["quotes"]}
    responses = _responses(acts_graph)
    assert len(responses) == len(gold["responses"]) == 5
    assert ("Quote:crimea-atacms-retaliation:1208-1227", PESKOV, "disputes") in responses  # Kyiv denied
    assert ("Quote:crimea-atacms-retaliation:1432-1459", RUSSIAN_GOVERNMENT, "addresses") in responses  # regret


def test_responses_are_idempotent_and_unknown_targets_are_skipped(gold, seed_text):
    record = gold_record_with_acts(gold, seed_text)
    record.attributions[0].responds_to.append({"id": "elsewhere:1-2", "stance": "disputes"})
    graph = build_graph([record, record])
    assert len(_responses(graph)) == 5
    assert sum(d["type"] == S.RESPONDS_TO for _, _, d in graph.edges(data=True)) == 5


def test_a_record_without_acts_gives_an_empty_act(gold_graph):
    assert {d["act"] for _, d in gold_graph.nodes(data=True) if d["label"] == S.QUOTE} == {""}
    assert not _responses(gold_graph)


def test_store_round_trip_keeps_acts_and_stances(acts_graph, tmp_path):
    again = load_store(save_graph(acts_graph, tmp_path / "g.lbug"))
    assert _responses(again) == _responses(acts_graph)
    assert again.nodes[PESKOV]["act"] == "accuse"
    save_graph(acts_graph, tmp_path / "g.lbug")  # again: nothing doubled
    with open_store(tmp_path / "g.lbug") as store:
        assert store.counts()[1][S.RESPONDS_TO] == 5


def test_a_store_written_before_acts_is_upgraded_when_opened(gold_graph, acts_graph, tmp_path, monkeypatch, capfd):
    path = tmp_path / "old.lbug"
    with monkeypatch.context() as old:  # the schema before issue 14: no Quote.act, no RESPONDS_TO
        old.setitem(S.PROPERTIES, S.QUOTE, {k: v for k, v in S.PROPERTIES[S.QUOTE].items() if k != "act"})
        old.delitem(S.RELATIONSHIPS, S.RESPONDS_TO)
        old.delitem(S.RELATIONSHIP_PROPERTIES, S.RESPONDS_TO)
        save_graph(gold_graph, path)
    with open_store(path) as store:  # read-only open: upgraded once, with a message
        assert missing_schema(store) == []
        rows = store.query("MATCH (q:Quote) OPTIONAL MATCH (q)-[r:RESPONDS_TO]->() RETURN q.act, count(r)")[1]
        assert {tuple(r) for r in rows} == {(None, 0)}
    assert "upgraded the store" in capfd.readouterr().err
    save_graph(acts_graph, path)  # and new batches write acts and responses into it
    again = load_store(path)
    assert again.nodes[PESKOV]["act"] == "accuse" and _responses(again) == _responses(acts_graph)
    with open_store(path):
        assert "upgraded" not in capfd.readouterr().err


@pytest.mark.neo4j
def test_neo4j_load_merges_responses_once(neo4j_db, acts_graph):
    load_graph(acts_graph, neo4j_db)
    load_graph(acts_graph, neo4j_db, batch_size=3)
    assert counts(neo4j_db)[1][S.RESPONDS_TO] == 5
    records = neo4j_db.execute_query(
        "MATCH (a:Quote)-[r:RESPONDS_TO]->(q:Quote {key: $key}) RETURN a.act AS act, r.stance AS stance ORDER BY act",
        {"key": PESKOV.split(":", 1)[1]}, database_="neo4j").records
    assert [(r["act"], r["stance"]) for r in records] == [("clarify", "disputes"), ("deny", "disputes")]
