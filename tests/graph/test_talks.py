"""TALKS_ABOUT (graph/talks.py) stays what the graph counts, on both engines: through new articles, articles
written again, names the resolver moves and moves back, older stores, fresh and incremental Neo4j loads."""
from __future__ import annotations

import itertools

import pytest

from quotegraph.graph import schema as S
from quotegraph.graph import talks
from quotegraph.graph.names import NAME_WORD
from quotegraph.graph.neo4j_load import load_graph as load_into_neo4j
from quotegraph.graph.neo4j_load import load_records, resolve_database
from quotegraph.graph.store import open_store, records_into, save_graph
from tests.graph.test_resolve import article


def talking(article_id: str, speaker: str, *subjects: str):
    """An article in which ``speaker`` says something about each of ``subjects`` (people it names)."""
    return article(article_id, speaker, names=[(name, "Person") for name in subjects], about=subjects)


# Who talks about whom changes as names move: "Clinton" is Hillary's, then nobody's once Bill is named.
BARE = talking("a-bare", "Clinton", "Donald Trump")
HILLARY = talking("b-hillary", "Hillary Clinton", "Donald Trump", "Clinton")
BILL = talking("c-bill", "Bill Clinton", "Hillary Clinton")
TRUMP = talking("d-trump", "Trump", "Clinton", "Donald Trump")
RECORDS = [BARE, HILLARY, BILL, TRUMP]


P, O = S.PERSON, S.ORGANIZATION
TRUMP_HERE, DONALD, HILLARY_NODE, NATO = (P, "trump@a"), (P, "donald trump"), (P, "hillary clinton"), (O, "nato")


@pytest.mark.parametrize("quotes, moved, pairs", [
    ([({TRUMP_HERE}, {HILLARY_NODE, NATO})], {}, {(P, "trump@a", P, "hillary clinton"): 1, (P, "trump@a", O, "nato"): 1}),
    ([({TRUMP_HERE}, {NATO}), ({TRUMP_HERE}, {NATO})], {TRUMP_HERE: DONALD}, {(P, "donald trump", O, "nato"): 2}),
    # the bare name and the full one said the same quote: one SAID once moved (the resolver MERGEs it)
    ([({TRUMP_HERE, DONALD}, {NATO})], {TRUMP_HERE: DONALD}, {(P, "donald trump", O, "nato"): 1}),
    ([({HILLARY_NODE}, {TRUMP_HERE})], {TRUMP_HERE: DONALD}, {(P, "hillary clinton", P, "donald trump"): 1}),
    ([({HILLARY_NODE}, set())], {}, {}),  # a quote about nothing talks about no one
])
def test_pairs_of_quotes_with_their_moves(quotes, moved, pairs):
    assert talks.pairs_of([(frozenset(s), frozenset(x)) for s, x in quotes], moved) == pairs


def embedded_run(store):
    return lambda cypher, params: store.query(cypher, params)[1]


def assert_exact(store) -> talks.Pairs:
    run = embedded_run(store)
    kept = talks.kept_everywhere(run, talks.EMBEDDED)
    assert kept == talks.counted_everywhere(run, talks.EMBEDDED)
    return kept


def test_the_counts_follow_every_batch_and_every_move(tmp_path):
    path = tmp_path / "g.lbug"
    for record in RECORDS:
        records_into(path, [record])
        with open_store(path) as store:
            kept = assert_exact(store)
    assert kept[(S.PERSON, "hillary clinton", S.PERSON, "donald trump")] == 1  # b-hillary; a-bare is apart again
    assert kept[(S.PERSON, "clinton@a-bare", S.PERSON, "donald trump")] == 1
    assert kept[(S.PERSON, "donald trump", S.PERSON, "clinton@d-trump")] == 1


def test_every_order_and_batching_gives_the_same_counts(tmp_path):
    first = None
    for i, order in enumerate(itertools.permutations(RECORDS)):
        path = tmp_path / f"{i}.lbug"
        records_into(path, order, checkpoint_every=1 + i % 3)
        with open_store(path) as store:
            kept = assert_exact(store)
        first = first or kept
        assert kept == first, [r.article.id for r in order]


def test_writing_the_same_articles_again_counts_nothing_twice(tmp_path):
    path = tmp_path / "g.lbug"
    records_into(path, RECORDS)
    records_into(path, RECORDS[1:], checkpoint_every=2)  # a rerun after a crash writes what was there again
    with open_store(path, write=True) as store:
        once = assert_exact(store)
        store.resolve()  # deciding every name again moves nothing and counts nothing again
        assert assert_exact(store) == once


def test_talks_about_reads_the_kept_counts(gold_graph):
    from quotegraph.queries.embedded import run_embedded
    from quotegraph.queries.library import get_query

    rows = run_embedded(gold_graph, get_query("talks-about").cypher, {}).records()
    store_pairs = sum(1 for _ in rows)
    said_about = sum(1 for u, v, d in gold_graph.edges(data=True) if d["type"] == S.ABOUT)
    assert 0 < store_pairs <= said_about


def test_an_older_store_gets_its_counts_when_opened(gold_graph, tmp_path, capfd):
    path = tmp_path / "g.lbug"
    save_graph(gold_graph, path)
    with open_store(path, write=True) as store:
        want = assert_exact(store)
        store.query(f"DROP TABLE {talks.TALKS_ABOUT}")
        store.query(f"COMMENT ON TABLE {NAME_WORD} IS 'quotegraph schema of an earlier version'")
    with open_store(path) as store:  # a reader: upgraded once
        assert assert_exact(store) == want and want
    assert "upgraded the store" in capfd.readouterr().err


def neo4j_run(driver):
    return lambda cypher, params: [list(r.values()) for r in driver.execute_query(cypher, params, database_="neo4j").records]


def neo4j_kept(driver) -> talks.Pairs:
    run = neo4j_run(driver)
    kept = talks.kept_everywhere(run, talks.NEO4J)
    assert kept == talks.counted_everywhere(run, talks.NEO4J)
    return kept


@pytest.mark.neo4j
def test_neo4j_keeps_the_counts_through_incremental_loads_and_moves(neo4j_server, neo4j_db, tmp_path):
    path = tmp_path / "g.lbug"
    records_into(path, RECORDS)
    with open_store(path) as store:
        expected = assert_exact(store)
    neo4j_server.clear()
    for record in RECORDS:  # one record per load: later ones re-key what earlier ones wrote
        load_records([record], neo4j_db, "neo4j")
        neo4j_kept(neo4j_db)
    assert neo4j_kept(neo4j_db) == expected
    load_records(RECORDS, neo4j_db, "neo4j")  # a reload counts nothing twice
    resolve_database(neo4j_db, "neo4j")
    assert neo4j_kept(neo4j_db) == expected


@pytest.mark.neo4j
def test_a_database_loaded_before_talks_about_existed_is_counted_whole(neo4j_server, neo4j_db, tmp_path):
    path = tmp_path / "g.lbug"
    records_into(path, RECORDS)
    with open_store(path) as store:
        graph, expected = store.to_networkx(), assert_exact(store)
    neo4j_server.clear()
    load_into_neo4j(graph, neo4j_db, "neo4j")
    neo4j_db.execute_query(f"MATCH ()-[t:{talks.TALKS_ABOUT}]->() DELETE t", database_="neo4j")
    load_into_neo4j(graph, neo4j_db, "neo4j")
    assert neo4j_kept(neo4j_db) == expected
