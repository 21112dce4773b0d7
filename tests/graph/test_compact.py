"""graph/compact.py: a store rewritten in one bulk load holds the same graph, name index and TALKS_ABOUT, takes new
writes as before, and is never half-swapped: a writer holding the store makes compaction fail, leaving it as it was."""
from __future__ import annotations

import pytest

from quotegraph.graph.compact import compact_store
from quotegraph.graph.names import NAME_WORD, NAMES
from quotegraph.graph.store import StoreBusy, StoreError, open_store, records_into
from tests.graph.test_quote_copies import MOVING, wrong_copies
from tests.graph.test_talks import assert_exact
from tests.queries.test_ranked import DATED, dated


def contents(path) -> tuple:
    """Everything a store holds, as comparable values: the graph, its name index and its kept pairs."""
    with open_store(path) as store:
        graph = store.to_networkx()
        nodes = sorted((n, sorted((k, repr(v)) for k, v in d.items())) for n, d in graph.nodes(data=True))
        edges = sorted((u, v, sorted(d.items())) for u, v, d in graph.edges(data=True))
        index = store.query(f"MATCH (w:{NAME_WORD})-[:{NAMES}]->(n) RETURN w.word, n.key ORDER BY w.word, n.key")[1]
        pairs = store.query("MATCH (s)-[t:TALKS_ABOUT]->(x) RETURN s.key, x.key, t.statements "
                            "ORDER BY s.key, x.key")[1]
        return nodes, edges, index, pairs


def test_compaction_keeps_everything_and_takes_writes_after(tmp_path):
    path = tmp_path / "g.lbug"
    records_into(path, DATED + MOVING, checkpoint_every=3)
    before = contents(path)
    done = compact_store(path)
    assert contents(path) == before and all(before) and done.after > 0 and done.seconds >= 0
    records_into(path, [dated(90, "2016-11-01", "Bill Clinton", ("Vladimir Putin", "Clinton"))])
    with open_store(path) as store:
        assert assert_exact(store)
        assert wrong_copies(store) == 0
    assert not list(tmp_path.glob("*.compacting*"))


def test_a_writer_holding_the_store_stops_compaction(tmp_path):
    path = tmp_path / "g.lbug"
    records_into(path, DATED)
    before = contents(path)
    with open_store(path, write=True):
        with pytest.raises(StoreBusy):
            compact_store(path)
    assert contents(path) == before


def test_no_store_no_compaction(tmp_path):
    with pytest.raises(StoreError, match="nothing to compact"):
        compact_store(tmp_path / "none.lbug")


def test_writers_wait_for_a_compaction_and_the_next_one_clears_what_a_dead_one_left(tmp_path):
    path = tmp_path / "g.lbug"
    records_into(path, DATED)
    before = contents(path)
    (tmp_path / "g.lbug.compacting").write_bytes(b"a compaction killed halfway")
    with pytest.raises(StoreBusy, match="being compacted"):
        records_into(path, MOVING)
    assert contents(path) == before  # readers still read
    compact_store(path)
    records_into(path, MOVING)
    assert not (tmp_path / "g.lbug.compacting").exists() and contents(path) != before
