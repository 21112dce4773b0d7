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
