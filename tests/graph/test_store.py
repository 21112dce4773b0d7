"""The embedded store file and GraphML export."""
from __future__ import annotations

import os

import networkx as nx
import pytest

from quotegraph.graph.export import to_graphml
from quotegraph.graph.store import StoreError, load_graph, save_graph


def test_round_trip_keeps_every_node_edge_and_property(gold_graph, tmp_path):
    path = save_graph(gold_graph, tmp_path / "g.json")
    again = load_graph(path)
    assert dict(again.nodes(data=True)) == dict(gold_graph.nodes(data=True))
    assert sorted(again.edges(keys=True, data=True), key=str) == sorted(gold_graph.edges(keys=True, data=True), key=str)


def test_missing_store_is_an_empty_graph(tmp_path):
    assert load_graph(tmp_path / "none.json").number_of_nodes() == 0


@pytest.mark.parametrize("content", [b"", b"{not json", b'{"format": "other"}', b"\xff\xfe"])
def test_unreadable_store_is_a_clear_error(tmp_path, content):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(StoreError, match="bad.json"):
        load_graph(path)


def test_failed_write_leaves_the_old_file_and_no_temp(gold_graph, tmp_path):
    path = save_graph(gold_graph, tmp_path / "g.json")
    before = path.read_bytes()
    broken = gold_graph.copy()
    broken.add_node("Person:x", label="Person", key="x", name=object())  # not JSON-serialisable
    with pytest.raises(TypeError):
        save_graph(broken, path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["g.json"]


def test_query_engine_bookkeeping_is_not_stored(gold_graph, tmp_path):
    from quotegraph.queries.embedded import prepare
    prepare(gold_graph)
    path = save_graph(gold_graph, tmp_path / "g.json")
    assert "__labels__" not in path.read_text(encoding="utf-8")


def test_graphml_export_reads_back_in_networkx(gold_graph, tmp_path):
    path = to_graphml(gold_graph, tmp_path / "g.graphml")
    back = nx.read_graphml(path)
    assert back.number_of_nodes() == gold_graph.number_of_nodes()
    assert back.number_of_edges() == gold_graph.number_of_edges()
    putin = back.nodes["Person:vladimir putin"]
    assert putin["label"] == "Person" and "Putin" in putin["aliases"]


# -- the record log of `ingest --stream` ---------------------------------------------------------
def test_logged_records_become_the_same_graph_and_the_log_is_folded_in(gold_record, gold_graph, tmp_path):
    from quotegraph.graph.store import RecordLog, pending_path

    store = tmp_path / "g.json"
    with RecordLog(store) as log:
        log.append(gold_record)
        log.append(gold_record)  # logged twice (a rerun): merged by key, counted once
    graph = load_graph(store)
    assert sorted(graph.nodes(data=True), key=str) == sorted(gold_graph.nodes(data=True), key=str)
    assert graph.number_of_edges() == gold_graph.number_of_edges()
    assert store.exists() and not pending_path(store).exists()
    assert load_graph(store).number_of_edges() == gold_graph.number_of_edges()


def test_a_line_cut_short_by_a_crash_is_skipped_other_damage_is_an_error(gold_record, tmp_path):
    from quotegraph.graph.store import RecordLog, pending_path

    store = tmp_path / "g.json"
    with RecordLog(store) as log:
        log.append(gold_record)
    log_path = pending_path(store)
    whole = log_path.read_text(encoding="utf-8")
    log_path.write_text(whole + whole[: len(whole) // 2], encoding="utf-8")  # the crash cut the second write
    assert load_graph(store).number_of_nodes() > 0
    with RecordLog(store) as log:
        log.append(gold_record)
    log_path.write_text("{damaged\n" + whole, encoding="utf-8")
    with pytest.raises(StoreError, match=r"pending.jsonl:1: damaged record log"):
        load_graph(store)


def test_a_read_during_an_ingest_does_not_fold_the_log_away(gold_record, tmp_path):
    from quotegraph.graph.store import RecordLog, pending_path

    store = tmp_path / "g.json"
    with RecordLog(store) as log:
        log.append(gold_record)
        log.flush()
        assert load_graph(store).number_of_nodes() > 0  # the reader sees what is logged so far...
        assert pending_path(store).exists() and not store.exists()  # ...and leaves the log to its writer
