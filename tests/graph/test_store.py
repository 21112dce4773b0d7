"""The embedded store (a LadybugDB database file): round trip, merging, writers, crashes, the 0.1 JSON store, GraphML."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import networkx as nx
import pytest

from quotegraph.graph import talks
from quotegraph.graph.build import build_graph
from quotegraph.graph.export import to_graphml
from quotegraph.graph.store import StoreBusy, StoreError, load_graph, open_store, records_into, save_graph
from tests.support import REPO, gold_to_record


def _edges(graph):
    return sorted((u, v, tuple(sorted(d.items()))) for u, v, d in graph.edges(data=True))


def test_round_trip_keeps_every_node_edge_and_property(gold_graph, tmp_path):
    path = save_graph(gold_graph, tmp_path / "g.lbug")
    again = load_graph(path)
    assert dict(again.nodes(data=True)) == dict(gold_graph.nodes(data=True))
    assert _edges(again) == _edges(gold_graph)


def test_writing_the_same_graph_twice_changes_nothing(gold_graph, tmp_path):
    path = save_graph(gold_graph, tmp_path / "g.lbug")
    with open_store(path) as store:
        once = store.counts()
    save_graph(gold_graph, path)
    with open_store(path) as store:
        assert store.counts() == once
    assert sum(once[0].values()) == gold_graph.number_of_nodes()
    assert sum(once[1].values()) == gold_graph.number_of_edges()


def test_a_surname_in_a_later_batch_joins_the_stored_full_name(gold, seed_text, tmp_path):
    from quotegraph.ingest.records import Article, ArticleRecord, Attribution, Speaker

    path = tmp_path / "g.lbug"
    records_into(path, [gold_to_record(gold, seed_text)])
    later = ArticleRecord(article=Article("later", "x"), attributions=[
        Attribution("later", "q", 0, 1, "direct", "said", None, None, Speaker("Putin"), about=[])])
    records_into(path, [later])
    graph = load_graph(path)
    assert "Person:putin" not in graph
    assert graph.has_edge("Person:vladimir putin", "Quote:later:0-1")


def test_missing_store_reads_as_empty_and_a_query_says_what_to_do(tmp_path):
    assert load_graph(tmp_path / "none.lbug").number_of_nodes() == 0
    with pytest.raises(StoreError, match="no graph here yet"):
        open_store(tmp_path / "none.lbug", must_exist=True)


@pytest.mark.parametrize("content", [b"{not json", b'{"format": "other"}', b"\xff\xfe garbage"])
def test_unreadable_store_is_a_clear_error(tmp_path, content):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(StoreError, match="bad.json") as info:
        load_graph(path)
    assert "\n" not in str(info.value)


def test_a_second_writer_fails_at_once_with_one_line(gold_graph, tmp_path):
    path = save_graph(gold_graph, tmp_path / "g.lbug")
    with open_store(path, write=True):
        code = f"from quotegraph.graph.store import open_store\nopen_store({str(path)!r}, write=True)"
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60)
        assert done.returncode != 0 and "StoreBusy" in done.stderr and "another quotegraph process" in done.stderr
        with pytest.raises(StoreBusy):  # in the same process too
            open_store(path, write=True)
        with open_store(path) as reader:  # a reader is let in, and sees the committed graph
            assert sum(reader.counts()[0].values()) == gold_graph.number_of_nodes()


def test_second_ingest_into_a_busy_store_exits_non_zero_with_one_line(gold_graph, tmp_path):
    path = save_graph(gold_graph, tmp_path / "g.lbug")
    with open_store(path, write=True):
        done = subprocess.run([sys.executable, "-m", "quotegraph.cli", "ingest", str(REPO / "seeds"),
                               "--store", str(path)], capture_output=True, text=True, cwd=REPO, timeout=300)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"error: {path} is being written by another quotegraph process; run again when it has finished"]


WRITER = textwrap.dedent("""
    import json, sys
    from quotegraph.graph.store import StoreWriter
    from tests.support import GOLD, SEED_TEXT, gold_to_record
    gold, text = json.loads(GOLD.read_text(encoding="utf-8")), SEED_TEXT.read_text(encoding="utf-8")
    with StoreWriter(sys.argv[1]) as writer:
        for i in range(int(sys.argv[2])):
            writer.add_record(gold_to_record(gold, text, article_id=f"copy-{i}", published=f"2024-07-{i % 28 + 1:02d}"))
            writer.checkpoint()
            print(i, flush=True)
""")


def write(path, articles: int) -> None:
    """:data:`WRITER` run to the end: ``articles`` seed copies into ``path``, a batch each."""
    subprocess.run([sys.executable, "-c", WRITER, str(path), str(articles)], check=True, cwd=REPO,
                   capture_output=True, timeout=300)


def kill_writer(path, articles: int, after: str, wait: float = 0.0) -> None:
    """:data:`WRITER` killed with SIGKILL ``wait`` seconds after it reported batch ``after`` committed."""
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(articles)], cwd=REPO,
                            stdout=subprocess.PIPE, text=True)
    for line in proc.stdout:
        if line.strip() == after:
            time.sleep(wait)
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL


def test_kill_9_mid_ingest_then_rerun_gives_the_counts_of_a_clean_run(tmp_path):
    clean, killed = tmp_path / "clean.lbug", tmp_path / "killed.lbug"
    write(clean, 12)
    kill_writer(killed, 12, after="4", wait=0.05)  # some batches committed, the next one on its way
    with open_store(killed) as store:
        partial = store.counts()
    write(killed, 12)
    with open_store(clean) as a, open_store(killed) as b:
        assert a.counts() == b.counts()
        assert a.counts() != partial
        kept = [talks.kept_everywhere(lambda c, p, s=s: s.query(c, p)[1], talks.EMBEDDED) for s in (a, b)]
        assert kept[0] == kept[1] and kept[0]  # who talks about whom too: nothing counted twice or lost


def test_a_write_ahead_log_torn_by_a_kill_opens_and_a_rerun_completes(tmp_path):
    """kill -9 inside a commit can leave the log's last record half written: the store opens with what was
    committed before it (LadybugDB would refuse the whole store by default), and a rerun finishes the job."""
    clean, killed = tmp_path / "clean.lbug", tmp_path / "killed.lbug"
    write(clean, 6)
    kill_writer(killed, 6, after="2")  # three batches committed, their log not yet folded into the store
    wal = tmp_path / "killed.lbug.wal"
    if not wal.exists() or wal.stat().st_size < 64:
        pytest.skip("the killed writer left no log to tear")
    with wal.open("r+b") as log:  # the last record torn, as a kill in the middle of writing it leaves it
        log.truncate(wal.stat().st_size - 7)
    with open_store(killed) as store:
        assert sum(store.counts()[0].values()) >= 0
    write(killed, 6)
    with open_store(clean) as a, open_store(killed) as b:
        assert a.counts() == b.counts()


def test_an_old_json_store_is_converted_once_with_a_message(gold, seed_text, tmp_path, capfd):
    graph = build_graph([gold_to_record(gold, seed_text)])
    path = tmp_path / "news.graph.json"
    path.write_text(json.dumps({"format": "quotegraph/1",
                                "nodes": [{"id": n, "data": d} for n, d in graph.nodes(data=True)],
                                "edges": [{"source": u, "target": v, "key": k, "data": d}
                                          for u, v, k, d in graph.edges(keys=True, data=True)]}), encoding="utf-8")
    later = gold_to_record(gold, seed_text, article_id="logged", published="2024-07-01")
    from quotegraph.ingest.records import record_to_json
    (tmp_path / "news.graph.json.pending.jsonl").write_text(json.dumps(record_to_json(later)) + "\n", encoding="utf-8")
    converted = load_graph(path)
    message = capfd.readouterr().err
    assert "converted the JSON store" in message and "news.graph.json.v1.json" in message
    assert (tmp_path / "news.graph.json.v1.json").exists()
    expected = build_graph([gold_to_record(gold, seed_text), later])
    assert converted.number_of_nodes() == expected.number_of_nodes()
    assert converted.number_of_edges() == expected.number_of_edges()
    load_graph(path)
    assert capfd.readouterr().err == ""  # once


def test_graphml_export_reads_back_in_networkx(gold_graph, tmp_path):
    path = to_graphml(gold_graph, tmp_path / "g.graphml")
    back = nx.read_graphml(path)
    assert back.number_of_nodes() == gold_graph.number_of_nodes()
    assert back.number_of_edges() == gold_graph.number_of_edges()
    putin = back.nodes["Person:vladimir putin"]
    assert putin["label"] == "Person" and "Putin" in putin["aliases"]


@pytest.mark.parametrize("about, speaker", [("Ukraine", None), (None, "Putin"), ("NATO", "Putin"), ("US", None),
                                            ("Nobody", None)])
def test_a_view_reads_only_its_slice_and_draws_what_the_whole_graph_draws(gold_graph, tmp_path, about, speaker):
    from quotegraph.graph.timeline import timeline_points
    from quotegraph.graph.view import view_graph

    path = save_graph(gold_graph, tmp_path / "g.lbug")
    with open_store(path) as store:
        part = store.quote_slice(about=about, speaker=speaker)
    assert part.number_of_nodes() <= gold_graph.number_of_nodes()
    whole_view, part_view = (view_graph(g, about=about, speaker=speaker)[0] for g in (gold_graph, part))
    assert set(part_view.nodes) == set(whole_view.nodes)
    assert sorted((u, v, d.get("type")) for u, v, d in part_view.edges(data=True)) == \
        sorted((u, v, d.get("type")) for u, v, d in whole_view.edges(data=True))
    if speaker:
        assert timeline_points(part, speaker, about=about) == timeline_points(gold_graph, speaker, about=about)
