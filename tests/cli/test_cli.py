"""The command line through click's CliRunner, on the real spaCy pipeline and real files."""
from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from quotegraph import api
from quotegraph.cli import main
from tests.support import REPO, SEED_TEXT


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory):
    """The seed ingested once into an embedded store, shared by the query tests."""
    store = tmp_path_factory.mktemp("store") / "seed.graph.json"
    result = CliRunner().invoke(main, ["ingest", str(SEED_TEXT.parent), "--store", str(store)])
    assert result.exit_code == 0, result.output
    return store


def test_every_command_has_help(runner):
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    commands = [line.split()[0] for line in result.output.split("Commands:")[1].strip().splitlines()]
    for command in commands:
        sub = runner.invoke(main, [command, "--help"])
        assert sub.exit_code == 0 and len(sub.output.splitlines()) > 3, command


def test_every_command_is_in_the_readme_command_table():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("## What you can ask", 1)[1].split("\n\n", 2)[1]
    listed = {line.split("`quotegraph ", 1)[1].split()[0].rstrip("`") for line in table.splitlines()
              if line.startswith("| `quotegraph ")}
    assert set(main.commands) <= listed, sorted(set(main.commands) - listed)


def test_quotes_jsonl_follows_the_output_contract(runner):
    result = runner.invoke(main, ["quotes", str(SEED_TEXT), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows
    keys = {"article", "quote", "start", "end", "spans", "kind", "cue", "cue_start", "cue_end", "speaker",
            "speaker_kind", "speaker_mention", "speaker_start", "speaker_end", "speaker_roles", "about"}
    text = SEED_TEXT.read_text(encoding="utf-8")
    for row in rows:
        assert keys <= set(row)
        assert row["article"] == "crimea-atacms-retaliation"
        assert row["kind"] in {"direct", "indirect", "mixed"}
        assert text[row["start"]:row["end"]] == row["quote"]
        assert row["spans"] and all(row["start"] <= s < e <= row["end"] for s, e in row["spans"])
        assert (min(s for s, _ in row["spans"]), max(e for _, e in row["spans"])) == (row["start"], row["end"])
        if row["speaker_start"] is not None:
            assert text[row["speaker_start"]:row["speaker_end"]] == row["speaker_mention"]
    assert "Joe Biden" in {r["speaker"] for r in rows}


def test_quotes_table_is_for_people(runner):
    result = runner.invoke(main, ["quotes", str(SEED_TEXT), "--format", "table"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].split() == ["article", "speaker", "kind", "cue", "quote"]


def test_quotes_from_stdin(runner):
    result = runner.invoke(main, ["quotes", "-"], input="“We will win,” the mayor said on Monday.\n")
    assert result.exit_code == 0, result.output
    [row] = [json.loads(line) for line in result.stdout.splitlines()]
    assert row["quote"].startswith("We will win") and row["article"].startswith("text-")


def test_ingest_twice_changes_nothing(runner, tmp_path):
    store = tmp_path / "g.lbug"
    first = runner.invoke(main, ["ingest", str(SEED_TEXT), "--store", str(store)])
    assert first.exit_code == 0, first.output
    once = runner.invoke(main, ["stats", "--store", str(store)]).output
    again = runner.invoke(main, ["ingest", str(SEED_TEXT), "--store", str(store)])
    assert again.exit_code == 0
    stats = runner.invoke(main, ["stats", "--store", str(store)])
    assert stats.output == once
    assert "(:Quote)" in stats.output


def test_directory_with_bad_files_reports_each_and_keeps_the_good(runner, tmp_path):
    shutil.copy(SEED_TEXT, tmp_path / "seed.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\x03PK\x03\x04")
    (tmp_path / "latin1.txt").write_bytes("«Oui», a dit le maire, café.".encode("latin-1"))
    (tmp_path / "feed.jsonl").write_text('{"id": "j1", "text": "“Fine,” she said."}\n{broken\n', encoding="utf-8")
    store = tmp_path / "g.json"
    result = runner.invoke(main, ["ingest", str(tmp_path), "--store", str(store)])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 4
    for name in ("empty.txt", "binary.txt", "latin1.txt", "feed.jsonl:2"):
        assert sum(name in line for line in errors) == 1, name
    from quotegraph.graph.store import load_graph

    articles = {n for n, d in load_graph(store).nodes(data=True) if d["label"] == "Article"}
    assert articles == {"Article:seed", "Article:j1"}


def test_missing_model_is_a_one_line_error(runner, monkeypatch):
    monkeypatch.setenv("QUOTEGRAPH_SPACY_MODEL", "en_core_web_nonexistent")
    result = runner.invoke(main, ["quotes", str(SEED_TEXT)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "python -m spacy download" in result.stderr


@pytest.mark.parametrize("args, expected", [
    (["query", "said-about", "-p", "name=Ukraine"], "Joe Biden"),
    (["query", "said-by", "-p", "speaker=Putin"], "Vladimir Putin"),
    (["query", "speaks-for", "-p", "organization=Kremlin"], "Dmitry Peskov"),
    (["query", "talks-about"], "Joe Biden"),
    (["query", "timeline", "-p", "speaker=Biden", "--format", "json"], '"speaker": "Joe Biden"'),
    (["query", "--list"], "said-about"),
    (["cypher", "MATCH (p:Person)-[:SAID]->(q:Quote) RETURN p.name AS name, COUNT(q) AS n ORDER BY n DESC",
      "--format", "csv"], "name,n"),
])
def test_queries_on_the_seed(runner, seed_store, args, expected):
    result = runner.invoke(main, args + (["--store", str(seed_store)] if args[1] != "--list" else []))
    assert result.exit_code == 0, result.output
    assert expected in result.stdout


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_query_pages(runner, seed_store):
    """--limit / --offset page through the rows; a full page says how to get the next one."""
    whole = runner.invoke(main, ["query", "said-about", "-p", "name=Ukraine", "--limit", "0", "--format", "json",
                                 "--store", str(seed_store)])
    rows = json_lines(whole.stdout)
    assert whole.exit_code == 0 and len(rows) >= 3 and "full page" not in whole.stderr
    pages = []
    for offset in range(0, len(rows), 2):
        page = runner.invoke(main, ["query", "said-about", "-p", "name=Ukraine", "--limit", "2", "--offset", str(offset),
                                    "--format", "json", "--store", str(seed_store)])
        assert page.exit_code == 0, page.output
        pages += json_lines(page.stdout)
        assert ("--offset " + str(offset + 2)) in page.stderr or len(json_lines(page.stdout)) < 2
    assert pages == rows
    negative = runner.invoke(main, ["query", "said-about", "-p", "name=Ukraine", "--limit", "-1", "--store", str(seed_store)])
    assert negative.exit_code == 2 and "--limit" in negative.stderr


def test_view_timeline_writes_a_self_contained_page(runner, seed_store, tmp_path):
    out = tmp_path / "putin.html"
    result = runner.invoke(main, ["view", "--timeline", "--speaker", "Putin", "--out", str(out), "--store", str(seed_store)])
    assert result.exit_code == 0, result.output
    assert "Vladimir Putin over time" in result.stderr and out.exists()
    page = out.read_text(encoding="utf-8")
    assert "<script src" not in page and "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    nobody = runner.invoke(main, ["view", "--timeline", "--speaker", "Nobody", "--out", str(out), "--store", str(seed_store)])
    assert nobody.exit_code == 1 and nobody.stderr.count("\n") == 1 and "no statements by 'Nobody'" in nobody.stderr
    unnamed = runner.invoke(main, ["view", "--timeline", "--out", str(out), "--store", str(seed_store)])
    assert unnamed.exit_code == 2 and "--speaker" in unnamed.stderr


def test_query_errors_are_one_line(runner, seed_store):
    unknown = runner.invoke(main, ["query", "nope", "--store", str(seed_store)])
    assert unknown.exit_code == 2 and "known:" in unknown.stderr
    missing = runner.invoke(main, ["query", "said-about", "--store", str(seed_store)])
    assert missing.exit_code == 2 and "missing parameter $name" in missing.stderr
    write = runner.invoke(main, ["cypher", "MATCH (n) DETACH DELETE n", "--store", str(seed_store)])
    assert write.exit_code == 2 and "read-only" in write.stderr
    nothing = runner.invoke(main, ["query", "talks-about", "--store", str(seed_store.parent / "none.json")])
    assert nothing.exit_code == 2 and "run `quotegraph ingest" in nothing.stderr


def test_export_graphml(runner, seed_store, tmp_path):
    out = tmp_path / "seed.graphml"
    result = runner.invoke(main, ["export", str(out), "--store", str(seed_store)])
    assert result.exit_code == 0 and out.read_text(encoding="utf-8").startswith("<?xml")


def test_compact_keeps_the_graph_and_the_answers(runner, seed_store, tmp_path):
    store = tmp_path / "seed.lbug"
    shutil.copy(seed_store, store)
    before = [runner.invoke(main, args + ["--store", str(store)]).stdout
              for args in (["stats"], ["query", "said-by", "-p", "speaker=Putin"], ["query", "talks-about"])]
    result = runner.invoke(main, ["compact", "--store", str(store)])
    assert result.exit_code == 0 and "compacted:" in result.stderr
    assert [runner.invoke(main, args + ["--store", str(store)]).stdout
            for args in (["stats"], ["query", "said-by", "-p", "speaker=Putin"], ["query", "talks-about"])] == before
    assert runner.invoke(main, ["compact", "--store", str(tmp_path / "none.lbug")]).exit_code != 0


def test_ingest_compact_gives_the_same_graph(runner, tmp_path):
    """--compact rewrites the store after the run (by default only a large run does: api.compaction_due)."""
    plain, compacted = tmp_path / "plain.lbug", tmp_path / "compacted.lbug"
    assert "compacted" not in runner.invoke(main, ["ingest", str(SEED_TEXT), "--store", str(plain)]).stderr
    result = runner.invoke(main, ["ingest", str(SEED_TEXT), "--store", str(compacted), "--compact"])
    assert result.exit_code == 0 and "; compacted " in result.stderr
    stats = [runner.invoke(main, ["stats", "--store", str(path)]).stdout for path in (plain, compacted)]
    assert stats[0] == stats[1] and "(:Quote)" in stats[0]


@pytest.mark.parametrize("written, stored, due", [
    (2_000, 2_000, True),  # a first ingest of an archive
    (2_000, 4_000, True),  # one that doubled the store
    (2_000, 4_001, False),  # a smaller share: few pieces added
    (1_999, 1_999, False),  # a small store plans fast in any pieces
    (0, 0, False),
])
def test_compaction_is_due_after_a_large_share_of_the_store(written, stored, due):
    assert api.compaction_due(written, stored) is due


def test_ingest_stream_gives_the_same_graph_in_flat_memory(runner, tmp_path):
    """--stream is kept for compatibility: every ingest writes batch by batch into the database."""
    normal, streamed = tmp_path / "normal.lbug", tmp_path / "streamed.lbug"
    assert runner.invoke(main, ["ingest", str(SEED_TEXT), "--store", str(normal)]).exit_code == 0
    for _ in range(2):  # twice: a rerun adds nothing
        result = runner.invoke(main, ["ingest", str(SEED_TEXT), "--store", str(streamed), "--stream"])
        assert result.exit_code == 0 and "nodes" in result.stderr
    stats = [runner.invoke(main, ["stats", "--store", str(path)]).stdout for path in (normal, streamed)]
    assert stats[0] == stats[1] and "(:Quote)" in stats[0]


def test_entities_file_gives_speaker_ids_in_quotes_and_ids_in_the_graph(runner, tmp_path):
    entities = tmp_path / "entities.jsonl"
    entities.write_text(json.dumps({"id": "Q7747", "name": "Vladimir Putin", "type": "Person",
                                    "aliases": ["Putin"]}) + "\n", "utf-8")
    result = runner.invoke(main, ["quotes", str(SEED_TEXT), "--entities", str(entities)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["speaker_id"] for r in rows if r["speaker"] == "Vladimir Putin"} == {"Q7747"}
    assert {r["speaker_id"] for r in rows if r["speaker"] != "Vladimir Putin"} == {None}
    store = tmp_path / "g.lbug"
    assert runner.invoke(main, ["ingest", str(SEED_TEXT), "--store", str(store), "--entities", str(entities)]).exit_code == 0
    found = runner.invoke(main, ["cypher", "MATCH (p:Person {key: $k}) RETURN p.id AS id", "--store", str(store),
                                 "-p", "k=vladimir putin"])
    assert "Q7747" in found.output, found.output


def test_a_bad_entities_file_is_a_one_line_error_naming_it(runner, tmp_path):
    entities = tmp_path / "entities.csv"
    entities.write_text("id,name\nQ1,Putin\n", "utf-8")
    result = runner.invoke(main, ["quotes", str(SEED_TEXT), "--entities", str(entities)])
    assert result.exit_code == 2
    assert result.output.strip() == f"error: {entities}: line 1: the header lacks type (id,name,type,aliases)"


def test_resolve_redoes_every_name(runner, seed_store):
    result = runner.invoke(main, ["resolve", "--store", str(seed_store)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "0 mentions re-keyed"  # ingest already resolved them
