"""The user's authority file (ingest/authority.py): its names and ids win, in the records and in the graph."""
from __future__ import annotations

import json

import pytest

from quotegraph.graph.build import build_graph
from quotegraph.ingest.authority import AuthorityFileError, read_authority
from quotegraph.ingest.records import Article, ArticleRecord, Attribution, Entity, Role, Speaker
from quotegraph.queries.embedded import run_embedded
from quotegraph.queries.library import get_query

HOSTILE = 'x" OR 1=1 OR x.name = "'
CSV = f'''id,name,type,aliases
Q7747,Vladimir Putin,Person,Putin|Vladimir Vladimirovich Putin
Q1,"{HOSTILE.replace('"', '""')}",ORG,Kremlin
Q2,Hillary Clinton,Person,Clinton
Q3,Bill Clinton,Person,Clinton
'''


def record() -> ArticleRecord:
    said = [Attribution("a", "no", 0, 2, "indirect", "said", None, None, Speaker("Mr. Putin", roles=[
                Role("spokesman", "the Kremlin")]), about=["Clinton"]),
            Attribution("a", "yes", 3, 6, "indirect", "said", None, None, Speaker("Kremlin", kind="organization")),
            Attribution("a", "maybe", 7, 12, "indirect", "said", None, None, Speaker("Clinton"))]
    return ArticleRecord(Article("a", "x" * 20), attributions=said,
                         entities=[Entity("Putin", "Person"), Entity("Kremlin", "Organization"),
                                   Entity("Clinton", "Person")])


@pytest.fixture()
def authority(tmp_path):
    path = tmp_path / "entities.csv"
    path.write_text(CSV, "utf-8")
    return read_authority(path)


def test_names_the_file_knows_become_its_entries_with_their_ids(authority):
    out = authority.apply(record())
    speakers = [(a.speaker.name, a.speaker.kind, a.speaker.id) for a in out.attributions]
    assert speakers == [("Vladimir Putin", "person", "Q7747"), (HOSTILE, "organization", "Q1"),
                        ("Clinton", "person", None)]  # "Clinton" is two entries' alias: neither
    assert out.attributions[0].to_json()["speaker_id"] == "Q7747"
    assert out.attributions[0].speaker.roles == [Role("spokesman", HOSTILE)]
    assert {e.name: e.id for e in out.entities} == {"Vladimir Putin": "Q7747", HOSTILE: "Q1", "Clinton": None}


def test_the_graph_carries_the_ids_and_hostile_names_verbatim(authority):
    graph = build_graph([authority.apply(record())])
    assert graph.nodes["Person:vladimir putin"]["id"] == "Q7747"
    org = next(d for _, d in graph.nodes(data=True) if d.get("id") == "Q1")
    assert org["name"] == HOSTILE and org["label"] == "Organization"
    result = run_embedded(graph, get_query("said-by").cypher, {"speaker": HOSTILE})
    assert [r["quote"] for r in result.records()] == ["yes"]


def test_jsonl_files_take_alias_lists(tmp_path):
    path = tmp_path / "entities.jsonl"
    path.write_text(json.dumps({"id": "Q7747", "name": "Vladimir Putin", "type": "PERSON", "aliases": ["Putin"]})
                    + "\n\n", "utf-8")
    assert read_authority(path).find("President Putin").id == "Q7747"


@pytest.mark.parametrize("name, text, message", [
    ("e.csv", "id,name\nQ1,Putin\n", r"e\.csv: line 1: the header lacks type"),
    ("e.csv", "id,name,type\nQ1,,Person\n", r"e\.csv: line 2: name missing or empty"),
    ("e.csv", "id,name,type\nQ1,Putin,Planet\n", r"e\.csv: line 2: type 'Planet' is not"),
    ("e.jsonl", '{"id": "Q1", "name": "Putin", "type": "Person"}\n{oops\n', r"e\.jsonl: line 2: not JSON"),
    ("e.jsonl", '["Q1"]\n', r"e\.jsonl: line 1: not a JSON object"),
    ("e.jsonl", '{"id": "Q1", "name": "P", "type": "Person", "aliases": [1]}\n', r"line 1: aliases must be"),
])
def test_a_bad_file_is_one_line_naming_the_file_and_line(tmp_path, name, text, message):
    path = tmp_path / name
    path.write_text(text, "utf-8")
    with pytest.raises(AuthorityFileError, match=message):
        read_authority(path)


def test_binary_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "e.csv"
    path.write_bytes(b"\xff\xfe\x00\x81")
    with pytest.raises(AuthorityFileError, match=r"e\.csv: cannot read"):
        read_authority(path)
