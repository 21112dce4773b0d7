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
    """The kept counts are what the graph counts, and the kept heaviest pairs are exactly those from their least."""
    run = embedded_run(store)
    kept = talks.kept_everywhere(run, talks.EMBEDDED)
    assert kept == talks.counted_everywhere(run, talks.EMBEDDED)
    top = talks.kept_top(run)
    least = min(top.values(), default=1)
    assert top == {pair: n for pair, n in kept.items() if n >= least}
    assert len(top) >= min(len(kept), talks.TOP_PAIRS // 2)
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


# Donald Trump talks about Hillary Clinton 4 times, Joe Biden 3, Bernie Sanders 2, Nancy Pelosi once; the bare
# "Trump" of d-trump and "Clinton" of a-bare move as names are learnt (RECORDS), so the heaviest pairs change.
HEAVY = [talking(f"h-{i}", "Donald Trump", *subjects) for i, subjects in enumerate([
    ("Hillary Clinton", "Joe Biden"), ("Hillary Clinton", "Joe Biden", "Bernie Sanders"), ("Hillary Clinton",),
    ("Joe Biden", "Bernie Sanders", "Nancy Pelosi"), ("Hillary Clinton",)])]


@pytest.fixture
def small_top(monkeypatch):
    """Keep the two heaviest pairs (and their ties), trimmed past three: every path of keep_top is taken."""
    monkeypatch.setattr(talks, "TOP_PAIRS", 2)
    monkeypatch.setattr(talks, "TOP_MOST", 3)


def test_the_heaviest_pairs_follow_every_batching_rewrite_and_move(tmp_path, small_top):
    records = HEAVY + RECORDS
    for i, order in enumerate([records, records[::-1], records[3:] + records[:3]]):
        path = tmp_path / f"{i}.lbug"
        for start in range(0, len(order), 1 + i):
            records_into(path, order[start:start + 1 + i])
            with open_store(path) as store:
                assert_exact(store)
        records_into(path, order[:4])  # written again
        with open_store(path, write=True) as store:
            kept = assert_exact(store)
            store.resolve()
            assert assert_exact(store) == kept
            top = talks.kept_top(embedded_run(store))
        assert top[(P, "donald trump", P, "hillary clinton")] == 4 and len(top) <= talks.TOP_MOST


def test_a_store_whose_heaviest_pairs_shrank_builds_them_again(tmp_path, small_top):
    path = tmp_path / "g.lbug"
    records_into(path, HEAVY)
    with open_store(path, write=True) as store:
        store.query(f"MATCH (k:{talks.TOP}) DELETE k")  # as a write that died between its table and its rows left it
    records_into(path, RECORDS[:1])
    with open_store(path) as store:
        assert len(talks.kept_top(embedded_run(store))) >= 2 and assert_exact(store)


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
