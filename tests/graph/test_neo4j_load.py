"""The Neo4j loader against a real server: constraints, idempotent reloads, incremental loads,
hostile names as plain data, and one-line errors when the server is down or refuses us."""
from __future__ import annotations

from collections import Counter

import pytest

from quotegraph.graph import schema as S
from quotegraph.graph.build import build_graph
from quotegraph.graph.neo4j_load import (
    Neo4jAuthError, Neo4jUnavailable, connect, constraint_statements, counts, load_graph, load_records,
    node_statement, relationship_id_statement)
from quotegraph.ingest.records import Article, ArticleRecord, Attribution, Entity, Role, Speaker
from tests.neo4j_server import free_port
from tests.support import gold_to_record

pytestmark = pytest.mark.neo4j


def graph_counts(graph):
    labels = Counter(d["label"] for _, d in graph.nodes(data=True))
    types = Counter(d["type"] for _, _, d in graph.edges(data=True))
    return ({label: labels.get(label, 0) for label in S.NODE_LABELS},
            {t: types.get(t, 0) for t in S.RELATIONSHIPS})


def wrong_neo4j_copies(driver) -> int:
    """The SAID and ABOUT whose Neo4j copies (schema.neo4j_copies: their speaker's or subject's key, their quote's
    properties) are missing or not their ends' values."""
    wrong = 0
    for rel_type, copy in S.NAME_COPIES.items():
        pattern = S.quote_pattern(rel_type, named="n")
        differs = [f"r.{copy} IS NULL OR r.{copy} <> n.key"] + [
            f"r.{p} <> q.{p} OR (r.{p} IS NULL) <> (q.{p} IS NULL)" for p in S.neo4j_quote_copies(rel_type)]
        wrong += driver.execute_query(f"MATCH {pattern} WHERE {' OR '.join(differs)} RETURN count(*) AS n",
                                      database_="neo4j").records[0]["n"]
    return wrong


def test_constraints_exist_one_per_label(neo4j_db, gold_graph):
    load_graph(gold_graph, neo4j_db)
    rows = neo4j_db.execute_query(
        "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties RETURN name, type, labelsOrTypes, properties",
        database_="neo4j").records
    found = {r["labelsOrTypes"][0]: (r["type"], r["properties"], r["name"]) for r in rows}
    for label in S.NODE_LABELS:
        assert found[label] == ("UNIQUENESS", [S.KEY], f"{label.lower()}_key")


def test_statements_take_names_only_from_the_schema():
    assert len(constraint_statements()) == len(S.NODE_LABELS)
    with pytest.raises(ValueError):
        node_statement("Person {key: 1}) DETACH DELETE n //")
    with pytest.raises(ValueError):
        relationship_id_statement("SAID]->() DELETE r //")


def test_gold_graph_loads_with_the_same_counts_twice(neo4j_db, gold_graph):
    expected = graph_counts(gold_graph)
    first = load_graph(gold_graph, neo4j_db)
    assert (first.nodes, first.relationships) == (gold_graph.number_of_nodes(), gold_graph.number_of_edges())
    assert counts(neo4j_db) == expected
    load_graph(gold_graph, neo4j_db, batch_size=7)  # small batches, same result
    assert counts(neo4j_db) == expected
    assert wrong_neo4j_copies(neo4j_db) == 0
    # and the properties came through: lists stay lists, roles on AFFILIATED_WITH
    record = neo4j_db.execute_query(
        "MATCH (p:Person {name: 'Vladimir Putin'})-[r:AFFILIATED_WITH]->(o) RETURN p.aliases AS aliases, r.role AS role, o.name AS org",
        database_="neo4j").records[0]
    assert isinstance(record["aliases"], list) and "Putin" in record["aliases"]
    assert (record["role"], record["org"]) == ("President", "Russia")


def test_settings_or_driver_both_work_and_progress_is_reported(neo4j_server, neo4j_db, gold_graph):
    seen = []
    summary = load_graph(gold_graph, neo4j_server.settings(), progress=lambda done, total: seen.append((done, total)))
    total = gold_graph.number_of_nodes() + gold_graph.number_of_edges()
    assert summary.nodes + summary.relationships == total
    assert seen[0] == (0, total) and seen[-1] == (total, total)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_a_second_article_adds_to_the_graph(neo4j_db, gold, seed_text):
    first = gold_to_record(gold, seed_text)
    second = gold_to_record(gold, seed_text, article_id="crimea-atacms-follow-up", published="2024-06-25")
    load_records([first], neo4j_db)
    labels_one, types_one = counts(neo4j_db)
    load_records([second], neo4j_db)
    labels_two, types_two = counts(neo4j_db)
    both = graph_counts(build_graph([first, second]))
    assert (labels_two, types_two) == both
    assert labels_two[S.ARTICLE] == 2 and labels_two[S.QUOTE] == 2 * labels_one[S.QUOTE]
    assert labels_two[S.PERSON] < 2 * labels_one[S.PERSON]  # the same people, merged by key
    said = neo4j_db.execute_query(
        "MATCH (:Person {name: 'Vladimir Putin'})-[:SAID]->(q) RETURN count(q) AS n", database_="neo4j").records[0]["n"]
    assert said == 2 * sum(1 for q in gold["quotes"] if q["speaker"] == "Vladimir Putin")
    load_records([first, second], neo4j_db, records_per_batch=1)  # again, in batches of one: nothing new
    assert counts(neo4j_db) == both


HOSTILE = [
    "O'Brien \"the `Boss`\" {key: 1}",
    "'; MATCH (n) DETACH DELETE n //",
    "Robert`); DROP CONSTRAINT person_key; //",
    "${name} $rows {{props}} \\\" \\'",
]


def hostile_record() -> ArticleRecord:
    text = "x" * 400
    article = Article(id="hostile-'`{}-article", text=text, title="'; MATCH (n) DETACH DELETE n //",
                      published="2024-01-01", path="hostile.txt")
    attributions = [
        Attribution(article=article.id, quote=f"I am {name}", start=10 * i, end=10 * i + 9, kind="direct",
                    cue="said'`}", cue_start=None, cue_end=None,
                    speaker=Speaker(name, "person", roles=[Role("boss'`}", "Org`} DETACH DELETE n //")]),
                    spans=[(10 * i, 10 * i + 9)], about=[HOSTILE[(i + 1) % len(HOSTILE)]])
        for i, name in enumerate(HOSTILE)]
    entities = [Entity(name, "Person", aliases=[name + "'"]) for name in HOSTILE]
    entities.append(Entity("Org`} DETACH DELETE n //", "Organization"))
    return ArticleRecord(article=article, attributions=attributions, entities=entities, events=[],
                         roles={HOSTILE[0]: [Role("boss'`}", "Org`} DETACH DELETE n //")]})


def test_hostile_names_load_as_plain_data(neo4j_db, gold_graph):
    load_graph(gold_graph, neo4j_db)
    graph = build_graph([hostile_record()])
    load_graph(graph, neo4j_db)
    load_graph(graph, neo4j_db)
    names = {r["name"] for r in neo4j_db.execute_query("MATCH (p:Person) RETURN p.name AS name", database_="neo4j").records}
    expected = {d["name"] for _, d in graph.nodes(data=True) if d["label"] == S.PERSON}
    assert expected <= names
    assert {name for name in expected if "DETACH DELETE" in name or "`" in name or "{" in name}
    texts = {r["t"] for r in neo4j_db.execute_query("MATCH (q:Quote) RETURN q.text AS t", database_="neo4j").records}
    assert {f"I am {name}" for name in HOSTILE} <= texts  # quote texts stay exactly as written
    title = neo4j_db.execute_query("MATCH (a:Article {key: $k}) RETURN a.title AS t", {"k": "hostile-'`{}-article"},
                                   database_="neo4j").records[0]["t"]
    assert title == "'; MATCH (n) DETACH DELETE n //"
    # nothing was deleted or dropped, nothing extra was created
    merged = graph_counts(build_graph([hostile_record()], graph=gold_graph.copy()))
    assert counts(neo4j_db) == merged
    assert len(neo4j_db.execute_query("SHOW CONSTRAINTS", database_="neo4j").records) == len(S.NODE_LABELS)
    db_labels = {r["label"] for r in neo4j_db.execute_query("CALL db.labels() YIELD label RETURN label", database_="neo4j").records}
    assert db_labels <= set(S.NODE_LABELS)


def test_server_down_is_a_one_line_error(neo4j_server):
    uri = f"bolt://127.0.0.1:{free_port()}"
    with pytest.raises(Neo4jUnavailable) as info:
        connect(neo4j_server.settings(uri=uri))
    message = str(info.value)
    assert "\n" not in message and uri in message and "no Neo4j server" in message


def test_wrong_password_is_a_clear_error(neo4j_server):
    with pytest.raises(Neo4jAuthError) as info:
        connect(neo4j_server.settings(password="not-the-password"))
    message = str(info.value)
    assert "\n" not in message and neo4j_server.uri in message and "password" in message
    with pytest.raises(Neo4jAuthError):
        load_graph(build_graph([]), neo4j_server.settings(password="not-the-password"))
