"""One node per real-world entity across articles (graph/resolve.py), in every engine and every order.

Records are written by hand here (the graph stage's input), so each case says
exactly what the articles named; the whole-corpus check is bench/entity_report.py.
"""
from __future__ import annotations

import itertools

import pytest

from quotegraph.graph import schema as S
from quotegraph.graph.build import build_graph
from quotegraph.graph.keys import entity_key, entity_name
from quotegraph.graph.neo4j_load import load_graph as load_into_neo4j
from quotegraph.graph.neo4j_load import load_records
from quotegraph.graph.resolve import Directory, NetworkxOps, mentions_to_decide, choose_person
from quotegraph.graph.store import open_store, records_into
from quotegraph.ingest.records import Article, ArticleRecord, Attribution, Entity, Event, Speaker


def article(article_id: str, speaker: str, kind: str = "person", names=(), events=(), about=()) -> ArticleRecord:
    """An article with one quote by ``speaker`` and the person/organization ``names`` it mentions."""
    quote = Attribution(article_id, "we will win", 10, 21, "indirect", "said", 30, 34, Speaker(speaker, kind=kind),
                        about=list(about))
    label = "Organization" if kind == "organization" else "Person"
    entities = [Entity(speaker, label)] + [Entity(name, lab) for name, lab in names]
    return ArticleRecord(article=Article(article_id, "x" * 60), attributions=[quote], entities=entities,
                         events=list(events))


BARE = article("a-bare", "Clinton")
HILLARY = article("b-hillary", "Hillary Clinton")
BILL = article("c-bill", "Bill Clinton")


def speaker_of(graph, article_id: str) -> str:
    quote = S.node_id(S.QUOTE, f"{article_id}:10-21")
    return next(u for u, _, d in graph.in_edges(quote, data=True) if d["type"] == S.SAID)


def store_graph(tmp_path, records, name: str = "g.lbug", every: int = 1):
    path = tmp_path / name
    records_into(path, records, checkpoint_every=every)
    with open_store(path) as store:
        return store.to_networkx()


def signature(graph) -> tuple[set, set]:
    nodes = {(n, d.get("name"), tuple(sorted(d.get("aliases") or [])), d.get("kind"), d.get("speaker"))
             for n, d in graph.nodes(data=True)}
    edges = {(u, v, tuple(sorted(d.items()))) for u, v, d in graph.edges(data=True)}
    return nodes, edges


@pytest.mark.parametrize("name, display, key", [
    ("Donald J. Trump", "Donald Trump", "donald trump"),
    ("N.C.—Donald Trump", "Donald Trump", "donald trump"),
    ("’s Donald Trump", "Donald Trump", "donald trump"),
    ("-Donald Trump", "Donald Trump", "donald trump"),
    ("Sen. Elizabeth Warren", "Elizabeth Warren", "elizabeth warren"),
    ('Bernard "Bernie" Sanders', "Bernie Sanders", "bernie sanders"),
    ("George H.W. Bush", "George H.W. Bush", "george hw bush"),  # two initials tell two presidents apart
    ("Donald Trump Jr.", "Donald Trump Jr.", "donald trump jr"),
])
def test_canonical_person_names(name, display, key):
    assert (entity_name(name, "Person"), entity_key(name, "Person")) == (display, key)


@pytest.mark.parametrize("word, people, context, expected", [
    ("putin", {"vladimir putin": 3}, (), "vladimir putin"),  # the one person of that surname
    ("clinton", {"hillary clinton": 5, "bill clinton": 4}, (), None),  # ambiguous: kept apart
    ("clinton", {"hillary clinton": 5, "bill clinton": 4}, ("Person:hillary",), "hillary clinton"),  # first name used
    ("clinton", {"hillary clinton": 5, "bill clinton": 4}, ("Person:bill clinton",), "bill clinton"),  # named in full
    ("trump", {"donald trump": 95, "ivanka trump": 5}, (), "donald trump"),  # 95% of the articles
    ("trump", {"donald trump": 8, "ivanka trump": 2}, (), None),  # 80%: not enough
    ("bob", {"vladimir putin": 3}, (), None),  # a first name alone joins no one
])
def test_choose_person(word, people, context, expected):
    directory = Directory()
    for key, count in people.items():
        directory.add_person(key, count)
    assert choose_person(word, directory, context) == expected


def test_a_bare_surname_joins_the_one_person_of_that_name_in_every_order(tmp_path):
    putin = article("a-putin", "Putin")
    vladimir = article("b-vladimir", "President Vladimir Putin")
    graphs = [store_graph(tmp_path, order, f"{i}.lbug") for i, order in enumerate(([putin, vladimir], [vladimir, putin]))]
    assert signature(graphs[0]) == signature(graphs[1])
    assert speaker_of(graphs[0], "a-putin") == "Person:vladimir putin"
    assert not [n for n in graphs[0] if n.startswith("Person:putin")]


def test_a_later_article_re_keys_an_earlier_bare_name_and_another_undoes_it(tmp_path):
    path = tmp_path / "g.lbug"
    records_into(path, [BARE])
    with open_store(path) as store:
        assert speaker_of(store.to_networkx(), "a-bare") == "Person:clinton@a-bare"
    records_into(path, [HILLARY])  # now "Clinton" can only be Hillary Clinton
    with open_store(path) as store:
        graph = store.to_networkx()
    assert speaker_of(graph, "a-bare") == "Person:hillary clinton"
    assert "Person:clinton@a-bare" not in graph
    assert graph.nodes[S.node_id(S.QUOTE, "a-bare:10-21")]["speaker"] == "Hillary Clinton"
    records_into(path, [BILL])  # two Clintons: the bare one is kept apart again
    with open_store(path) as store:
        assert speaker_of(store.to_networkx(), "a-bare") == "Person:clinton@a-bare"


def test_every_order_of_three_articles_gives_one_graph(tmp_path):
    first = None
    for i, order in enumerate(itertools.permutations([BARE, HILLARY, BILL])):
        graph = store_graph(tmp_path, order, f"{i}.lbug")
        first = first or signature(graph)
        assert signature(graph) == first, [r.article.id for r in order]
    assert signature(build_graph([BILL, BARE, HILLARY])) == first  # networkx, in memory, agrees


def test_a_batch_decides_its_own_mentions_and_earlier_ones_only_when_their_name_changes():
    graph = build_graph([BARE, HILLARY])
    ops = NetworkxOps(graph)
    now = ops.directory().fold_middle_names()
    # "clinton" means what it meant before the batch: only the new article's mentions are decided
    assert {m.article for m in mentions_to_decide(ops, now, {"clinton"}, {"b-hillary"}, now)} == {"b-hillary"}
    # before the batch there was no Hillary Clinton: every Clinton mention is decided again
    before = NetworkxOps(build_graph([BARE])).directory().fold_middle_names()
    assert {m.article for m in mentions_to_decide(ops, now, {"clinton"}, {"b-hillary"}, before)} == {"a-bare", "b-hillary"}


HILLARY_RODHAM = article("d-rodham", "Hillary Rodham Clinton")


def test_batch_by_batch_is_what_deciding_everything_again_gives_in_every_order(tmp_path):
    """Each batch decides only what it can change; a full `quotegraph resolve` afterwards moves nothing."""
    first = None
    for i, order in enumerate(itertools.permutations([BARE, HILLARY, HILLARY_RODHAM, BILL])):
        path = tmp_path / f"{i}.lbug"
        records_into(path, order, checkpoint_every=1)
        with open_store(path, write=True) as store:
            assert store.resolve() == 0, [r.article.id for r in order]
            graph = store.to_networkx()
        first = first or signature(graph)
        assert signature(graph) == first, [r.article.id for r in order]
    assert speaker_of(graph, "d-rodham") == "Person:hillary clinton"


def test_one_label_per_entity_groups_and_common_nouns_stay_in_their_article():
    records = [article("a", "Sanders", kind="organization"), article("b", "Bernie Sanders"),
               article("c", "Hill Democrats"), article("d", "Hill Democrats"),
               article("e", "campaign", kind="organization"), article("f", "campaign", kind="organization")]
    graph = build_graph(records)
    assert speaker_of(graph, "a") == "Person:bernie sanders"
    assert "Organization:sanders" not in graph
    assert speaker_of(graph, "c") != speaker_of(graph, "d")
    assert graph.nodes[speaker_of(graph, "c")]["kind"] == "group"
    assert speaker_of(graph, "e") == "Organization:campaign@e"


def test_the_same_event_in_two_articles_is_one_node_but_not_one_in_a_whole_country():
    orlando = [Event("shooting on Orlando", place="Orlando"), Event("attack on Orlando", place="Orlando")]
    country = [Event("attack on United States", place="United States")]
    graph = build_graph([article("a", "Jane Roe", events=orlando + country),
                         article("b", "John Doe", events=[Event("attack on Orlando", place="Orlando")] + country)])
    events = sorted(n for n, d in graph.nodes(data=True) if d["label"] == S.EVENT)
    assert events == ["Event:attack on orlando", "Event:attack on united states@a", "Event:attack on united states@b"]
    assert graph.nodes["Event:attack on orlando"]["name"] == "attack on Orlando"
    assert "shooting on Orlando" in graph.nodes["Event:attack on orlando"]["aliases"]


def test_neo4j_re_keys_as_the_embedded_store_does_in_either_order(neo4j_server, neo4j_db, tmp_path):
    expected = signature(store_graph(tmp_path, [BARE, HILLARY], "e.lbug"))
    for order in ([BARE, HILLARY], [HILLARY, BARE]):
        neo4j_server.clear()
        for record in order:  # one record per load: the second re-keys what the first wrote
            load_records([record], neo4j_db, "neo4j")
        assert neo4j_signature(neo4j_db) == {(n, name) for n, name, *_ in expected[0]}
    assert neo4j_speaker(neo4j_db, "a-bare") == "hillary clinton"
    load_records([BILL], neo4j_db, "neo4j")
    assert neo4j_speaker(neo4j_db, "a-bare") == "clinton@a-bare"


def test_loading_a_re_keyed_store_into_neo4j_leaves_no_stale_node(neo4j_server, neo4j_db, tmp_path):
    path = tmp_path / "g.lbug"
    records_into(path, [BARE])
    with open_store(path) as store:
        load_into_neo4j(store.to_networkx(), neo4j_db, "neo4j")
    assert neo4j_speaker(neo4j_db, "a-bare") == "clinton@a-bare"
    records_into(path, [HILLARY])
    with open_store(path) as store:
        load_into_neo4j(store.to_networkx(), neo4j_db, "neo4j")
    assert neo4j_speaker(neo4j_db, "a-bare") == "hillary clinton"
    assert neo4j_db.execute_query("MATCH (p:Person) WHERE p.key STARTS WITH 'clinton@' RETURN count(p) AS n",
                                  database_="neo4j").records[0]["n"] == 0


def neo4j_signature(driver) -> set:
    rows = driver.execute_query("MATCH (n) RETURN labels(n)[0] AS label, n.key AS key, n.name AS name",
                                database_="neo4j").records
    return {(f"{r['label']}:{r['key']}", r["name"]) for r in rows}


def neo4j_speaker(driver, article_id: str) -> str:
    rows = driver.execute_query("MATCH (s)-[:SAID]->(q:Quote {key: $key}) RETURN s.key AS key",
                                {"key": f"{article_id}:10-21"}, database_="neo4j").records
    assert len(rows) == 1, rows
    return rows[0]["key"]


ALIAS_RECORDS = [article("t1", "Donald J. Trump", about=["U.S."], names=[("U.S.", "Place")]),
                 article("t2", "Mr. Trump", about=["United States"], names=[("United States", "Place")]),
                 article("t3", "Hillary Clinton", about=["US"], names=[("US", "Place")])]


@pytest.mark.parametrize("query, params, expected", [
    ("said-by", {"speaker": "Mr. Trump"}, {("Donald Trump", "t1"), ("Donald Trump", "t2")}),
    ("said-by", {"speaker": "Donald J. Trump"}, {("Donald Trump", "t1"), ("Donald Trump", "t2")}),
    ("said-by", {"speaker": "trump"}, {("Donald Trump", "t1"), ("Donald Trump", "t2")}),
    ("said-by", {"speaker": "Hillary"}, {("Hillary Clinton", "t3")}),
    ("said-about", {"name": "US"}, {("Donald Trump", "t1"), ("Donald Trump", "t2"), ("Hillary Clinton", "t3")}),
    ("said-about", {"name": "U.S."}, {("Donald Trump", "t1"), ("Donald Trump", "t2"), ("Hillary Clinton", "t3")}),
])
def test_names_resolve_through_aliases_on_both_engines(neo4j_server, neo4j_db, query, params, expected):
    from quotegraph.queries.embedded import run_embedded
    from quotegraph.queries.library import get_query
    from quotegraph.queries.neo4j import run_neo4j

    graph = build_graph(ALIAS_RECORDS)
    load_into_neo4j(graph, neo4j_db, "neo4j")
    cypher = get_query(query).cypher
    for result in (run_embedded(graph, cypher, params), run_neo4j(neo4j_db, cypher, params)):
        assert {(r["speaker"], r["article"]) for r in result.records()} == expected


def test_a_first_name_alone_is_the_one_person_of_that_first_name_its_article_names():
    bob = article("a", "Bob", names=[("Bob Corker", "Person")])
    elsewhere = article("b", "Bob")
    graph = build_graph([bob, elsewhere])
    assert speaker_of(graph, "a") == "Person:bob corker"
    assert speaker_of(graph, "b") == "Person:bob@b"  # a first name joins no one across articles
