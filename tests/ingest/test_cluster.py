"""--scheduler: extraction on a real Dask LocalCluster gives exactly the records of one process, in order.

Two worker processes (one thread each) are started once for the module. Nothing is mocked: workers
load the real spaCy pipeline and read the files themselves, and the fault test kills a worker process.
"""
from __future__ import annotations

import json
import os
import signal
import time

import pytest

pytest.importorskip("distributed", reason="the cluster extra: pip install 'quotegraph[cluster]'")

from distributed import Client, LocalCluster  # noqa: E402

from quotegraph import api  # noqa: E402
from quotegraph.ingest.boilerplate import content_end  # noqa: E402
from quotegraph.ingest.cluster import (  # noqa: E402
    ClusterError, connect, extract_on_cluster, plan, read_partition)
from quotegraph.ingest.readers import InputError, read_articles  # noqa: E402
from tests.neo4j_server import free_port  # noqa: E402
from tests.support import POLNEAR_DEV, SEED_TEXT  # noqa: E402  (also sets the default pipeline)

SENTENCES = [
    '"We will not sign this deal," said Anna Berg, the foreign minister of Norland.',
    "Officials in Kyiv said the strike hit a power plant near the river.",
    '"Prices will rise next year," the central bank governor Paul Meyer told reporters on Tuesday.',
    "The weather was fine and the market stayed open until late in the evening.",
]


def synthetic_jsonl(path, count: int, sentences_per_article: int = 24):
    """``count`` articles of varied made-up news sentences, one JSON object per line."""
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(count):
            text = " ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(sentences_per_article))
            handle.write(json.dumps({"id": f"a{i:03d}", "text": text}) + "\n")
    return path


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as local:
        yield local


def on_cluster(paths, cluster, **kwargs):
    """Records and input errors of a cluster run (errors as their one-line messages)."""
    errors: list[str] = []
    records = list(extract_on_cluster(paths, cluster.scheduler_address, on_error=lambda e: errors.append(str(e)),
                                      analyse_end=content_end, **kwargs))
    return records, errors


def locally(paths):
    """Records and input errors of the single-process path (quotegraph.api.records)."""
    errors: list[str] = []
    return list(api.records(paths, on_error=lambda e: errors.append(str(e)))), errors


# ------------------------------------------------------------------------- planning (no cluster) --
def test_line_ranges_read_what_the_single_process_reader_reads(tmp_path):
    lines = ['{"id": "a", "text": "One."}', "", "{not json", '{"id": "b", "text": "Two."}', "[1, 2]",
             '{"text": ""}', '{"id": "c", "text": "Three."}', '{"id": "d", "text": "Four."}']
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")  # no newline after the last line
    expected: list = []
    for article in read_articles([path], on_error=expected.append):
        expected.append(article)
    assert sum(isinstance(item, InputError) for item in expected) == 3
    errors: list = []
    partitions = [p for p in plan([path], errors.append, per_partition=3)]
    assert not errors and len(partitions) == 3
    assert [p.pieces[0].first_line for p in partitions] == [1, 4, 7]
    assert [item for p in partitions for item in read_partition(p)] == expected


def test_small_files_are_grouped_and_path_errors_keep_their_place(tmp_path):
    for name in "abcde":
        (tmp_path / f"{name}.txt").write_text(f"Article {name}.", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    planned = list(plan([tmp_path, missing, tmp_path / "a.txt"], lambda e: None, per_partition=2))
    kinds = [type(p).__name__ for p in planned]
    assert kinds == ["Partition", "Partition", "Partition", "InputError", "Partition"]
    assert [len(p.pieces) for p in planned if hasattr(p, "pieces")] == [2, 2, 1, 1]
    assert str(planned[3]) == f"{missing}: no such file or directory"


# ---------------------------------------------------------------------------------- on the cluster --
@pytest.mark.slow
@pytest.mark.skipif(not POLNEAR_DEV.exists(), reason="PolNeAR dev set not available")
def test_two_workers_give_the_single_process_attributions_on_polnear_dev(cluster):
    reference, reference_errors = locally([POLNEAR_DEV])
    records, errors = on_cluster([POLNEAR_DEV], cluster)
    assert len(records) == 84 and errors == reference_errors == []
    assert [r.article.id for r in records] == [r.article.id for r in reference]
    assert records == reference
    assert sum(len(r.attributions) for r in records) > 1000


def test_bad_inputs_give_the_same_one_line_errors_and_the_rest_is_processed(cluster, tmp_path):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "good.txt").write_text(SEED_TEXT.read_text(encoding="utf-8"), encoding="utf-8")
    (inputs / "empty.txt").write_text("  \n", encoding="utf-8")
    (inputs / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    (inputs / "latin1.txt").write_bytes("caf\xe9 said the owner.".encode("latin-1"))
    feed = synthetic_jsonl(tmp_path / "feed.jsonl", 5, sentences_per_article=2)
    with open(feed, "a", encoding="utf-8") as handle:
        handle.write("{broken\n" + json.dumps({"id": "late", "text": SENTENCES[0]}) + "\n")
    paths = [inputs, feed, tmp_path / "nowhere"]
    reference, reference_errors = locally(paths)
    records, errors = on_cluster(paths, cluster, per_partition=2)
    assert errors == reference_errors and len(errors) == 5
    assert all("\n" not in e for e in errors)
    assert records == reference
    assert [r.article.id for r in records] == ["good", "a000", "a001", "a002", "a003", "a004", "late"]


def test_a_worker_killed_mid_run_still_gives_every_article_once(cluster, tmp_path):
    feed = synthetic_jsonl(tmp_path / "feed.jsonl", 60)
    reference, _ = locally([feed])
    with Client(cluster, set_as_default=False) as client:
        pids = client.run(os.getpid)
        stream = extract_on_cluster([feed], cluster.scheduler_address, analyse_end=content_end, per_partition=2)
        records = [next(stream)]
        victim = _busy_worker(client)
        os.kill(pids[victim], signal.SIGKILL)
        records.extend(stream)
        _wait_for_workers(client, 2)
        assert pids[victim] not in client.run(os.getpid).values()
    assert [r.article.id for r in records] == [f"a{i:03d}" for i in range(60)]
    assert records == reference


def _busy_worker(client) -> str:
    """The address of a worker that is running or holding a task right now."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        busy = [worker for worker, keys in client.processing().items() if keys]
        if busy:
            return busy[0]
        time.sleep(0.05)
    raise AssertionError("no worker had a task to kill it in")


def _wait_for_workers(client, count: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while len(client.scheduler_info(n_workers=-1)["workers"]) < count and time.monotonic() < deadline:
        time.sleep(0.2)


def test_out_writes_partitioned_jsonl_and_a_rerun_reuses_it(cluster, tmp_path):
    feed = synthetic_jsonl(tmp_path / "feed.jsonl", 9, sentences_per_article=3)
    out = tmp_path / "parts"
    reference, _ = locally([feed])
    first, _ = on_cluster([feed], cluster, out=out, per_partition=4)
    parts = sorted(out.glob("part-*.jsonl"))
    assert len(parts) == 3 and first == reference
    stamps = [p.stat().st_mtime_ns for p in parts]
    again, _ = on_cluster([feed], cluster, out=out, per_partition=4)
    assert again == reference and [p.stat().st_mtime_ns for p in parts] == stamps


def test_an_unreachable_scheduler_is_a_one_line_error():
    address = f"tcp://127.0.0.1:{free_port()}"
    with pytest.raises(ClusterError) as caught:
        connect(address, timeout=1)
    message = str(caught.value)
    assert address in message and "\n" not in message and "dask scheduler" in message


def test_api_ingest_on_the_cluster_builds_the_store_of_a_local_ingest(cluster, tmp_path):
    from quotegraph.graph.store import load_graph

    local = api.ingest([SEED_TEXT.parent], store=tmp_path / "local.graph.json")
    remote = api.ingest([SEED_TEXT.parent], store=tmp_path / "remote.graph.json",
                        scheduler=cluster.scheduler_address)
    assert (remote.articles, remote.attributions, remote.nodes) == (local.articles, local.attributions, local.nodes)
    a, b = load_graph(tmp_path / "local.graph.json"), load_graph(tmp_path / "remote.graph.json")
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert sorted(a.edges(keys=False)) == sorted(b.edges(keys=False))


# ----------------------------------------------------------------------------- the command line --
def test_cli_quotes_with_a_scheduler_prints_what_it_prints_locally(cluster):
    from click.testing import CliRunner

    from quotegraph.cli import main

    runner = CliRunner()
    local = runner.invoke(main, ["quotes", str(SEED_TEXT)])
    remote = runner.invoke(main, ["quotes", str(SEED_TEXT), "--scheduler", cluster.scheduler_address])
    assert local.exit_code == remote.exit_code == 0, remote.output
    assert remote.stdout == local.stdout and remote.stdout.count("\n") > 5


def test_cli_ingest_reads_the_scheduler_from_the_environment(cluster, tmp_path):
    from click.testing import CliRunner

    from quotegraph.cli import main

    runner = CliRunner()
    store, parts = tmp_path / "news.graph.json", tmp_path / "parts"
    result = runner.invoke(main, ["ingest", str(SEED_TEXT), "--store", str(store), "--out", str(parts)],
                           env={"QUOTEGRAPH_SCHEDULER": cluster.scheduler_address})
    assert result.exit_code == 0, result.output
    assert store.exists() and len(list(parts.glob("part-*.jsonl"))) == 1
    stats = runner.invoke(main, ["stats", "--store", str(store)])
    assert "(:Quote)" in stats.stdout


def test_cli_an_unreachable_scheduler_is_one_line_and_exit_2():
    from click.testing import CliRunner

    from quotegraph.cli import main

    address = f"tcp://127.0.0.1:{free_port()}"
    result = CliRunner().invoke(main, ["quotes", str(SEED_TEXT), "--scheduler", address])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: no Dask scheduler at {address}") and result.stderr.count("\n") == 1
