"""queries/ranked.py: a page bounded by its least value (a count, a date) gives the rows of the whole query."""
from __future__ import annotations

import random

import pytest

from quotegraph.graph.store import open_store, records_into
from quotegraph.ingest.records import Article, ArticleRecord, Attribution, Entity, Speaker
from quotegraph.queries import ranked
from quotegraph.queries.embedded import run_embedded
from quotegraph.queries.library import get_query, inline_parts, paged
from tests.graph.test_talks import RECORDS, talking

TALKS = get_query("talks-about").cypher
DESCENDING = ranked.Ranking("t", "statements", "statements", descending=True, nulls_last=False)
NEWEST = ranked.Ranking("a", "published", "published", descending=True, nulls_last=True)
OLDEST = ranked.Ranking("r", "published", "published", descending=False, nulls_last=False)


def page_of(ranking: ranked.Ranking, wanted: int) -> ranked.RankedPage:
    return ranked.RankedPage(histogram="", cypher="", wanted=wanted, full=wanted, ranking=ranking)


@pytest.mark.parametrize("histogram, ranking, wanted, least", [
    ([(5, 1), (3, 2), (1, 10)], DESCENDING, 1, 5),
    ([(5, 1), (3, 2), (1, 10)], DESCENDING, 2, 3),  # the second row is a 3: both 3s are kept (ties), the query orders them
    ([(1, 10), (5, 1), (3, 2)], DESCENDING, 4, 1),  # in any order
    ([(5, 1), (3, 2)], DESCENDING, 4, None),  # fewer rows than the page: no bound
    ([(None, 3), (2, 1)], DESCENDING, 1, None),  # a null comes first descending: no bound
    ([(None, 3), (2, 1)], NEWEST, 1, 2),  # ... unless the query puts nulls last
    ([("2016-10-05", 2), ("", 5), ("2016-09-01", 3)], NEWEST, 4, "2016-09-01"),
    ([("2016-10-05", 2), ("", 5), ("2016-09-01", 3)], OLDEST, 6, "2016-09-01"),  # ascending: "" (no date) first
    ([("2016-10-05", 2), ("2016-09-01", 3)], OLDEST, 3, "2016-09-01"),
])
def test_least_value(histogram, ranking, wanted, least):
    assert ranked.least_value(histogram, page_of(ranking, wanted)) == least


def test_least_value_for_more_rows_than_the_page():
    """A bound that kept less than a page (statements without a speaker have no row) is lowered for more rows."""
    page = page_of(DESCENDING, 1)
    assert [ranked.least_value([(5, 1), (3, 2), (1, 10)], page, wanted) for wanted in (1, 4, 16)] == [5, 1, None]


@pytest.mark.parametrize("cypher, limit, offset, bounded", [
    (TALKS, 5, 10, True),
    (TALKS, None, 0, False),  # no page: the whole query
    (TALKS, None, 100, False),  # an offset alone reads to the end
    (TALKS.replace("// ranked: t.statements\n", ""), 5, 0, False),
    (TALKS.replace("ORDER BY statements DESC", "ORDER BY speaker, statements DESC"), 5, 0, False),
])
def test_plan(cypher, limit, offset, bounded):
    page = ranked.plan(*paged(cypher, {}, limit, offset))
    assert (page is not None) == bounded
    if page:
        assert page.wanted == 15 and page.full == 5
        assert "t.statements >= $ranked_least AND (t.statements > 0)" in page.cypher
        assert page.histogram == ("MATCH ()-[t:TALKS_ABOUT]->() WHERE t.statements > 0 "
                                  "RETURN t.statements AS value, count(*) AS rows")


# A keyed run (queries/keyed.py) of said-about: the hop from the subject is counted, the path gets its join order.
SAID_ABOUT_RUN = ("MATCH (s)-[r:SAID]->(q:Quote)-[a:ABOUT]->(x:Place)\nWHERE x.key = $keys\n"
                  "RETURN s.name AS speaker, q.published AS published\nORDER BY published IS NULL, published DESC, speaker\n"
                  "LIMIT 30")


@pytest.mark.parametrize("run, histogram, bound, hint", [
    (SAID_ABOUT_RUN, "MATCH (:Quote)-[a:ABOUT]->(x:Place) WHERE x.key = $keys RETURN a.published AS value, count(*) AS rows",
     "WHERE a.published >= $ranked_least AND (x.key = $keys)", "HINT (((x JOIN a) JOIN q) JOIN r) JOIN s"),
    # the path read from its other end
    (SAID_ABOUT_RUN.replace("x.key = $keys", "s.key = $keys").replace("(s)", "(s:Person)"),
     "MATCH (:Quote)-[a:ABOUT]->(:Place) RETURN a.published AS value, count(*) AS rows",
     "WHERE a.published >= $ranked_least AND (s.key = $keys)", "HINT (((s JOIN r) JOIN q) JOIN a) JOIN x"),
    # no end fixed by a key: a filtered path without its join order gives wrong rows on LadybugDB 0.22
    (SAID_ABOUT_RUN.replace("x.key = $keys", "x.key IN $keys"), None, None, None),
    (SAID_ABOUT_RUN.replace("[r:SAID]", "[:SAID]"), None, None, None),  # an anonymous relationship cannot be hinted
    (SAID_ABOUT_RUN.replace("LIMIT 30", ""), None, None, None),  # no page
])
def test_plan_of_a_path(run, histogram, bound, hint):
    page = ranked.plan(run, {"keys": "china"}, NEWEST)
    assert (page is None) == (histogram is None)
    if page:
        assert (page.histogram, page.wanted, page.full) == (histogram, 30, 30)
        assert bound in page.cypher and hint in page.cypher


def test_declared():
    assert ranked.declared(get_query("said-about").cypher) == NEWEST
    assert ranked.declared(get_query("timeline").cypher) == OLDEST
    assert ranked.declared(get_query("talks-about").cypher) == DESCENDING
    assert ranked.declared(get_query("acts").cypher) == ranked.Ranking("r", "act", "act", False, False)
    assert ranked.declared(get_query("disputes").cypher) is None


def test_every_page_is_the_whole_querys_slice(tmp_path):
    path = tmp_path / "g.lbug"
    more = [talking(f"e-{i}", "Hillary Clinton", "Donald Trump", *(["Bill Clinton"] * (i % 2))) for i in range(4)]
    records_into(path, RECORDS + more)
    with open_store(path) as store:
        whole = run_embedded(store, TALKS).rows
        assert len({row[2] for row in whole}) > 2 and len(whole) > 4  # several counts, and ties among them
        for limit in (1, 2, 3, 5):
            for offset in range(0, len(whole) + 2):
                assert run_embedded(store, *paged(TALKS, {}, limit, offset)).rows == whole[offset:offset + limit]


def dated(number: int, published: str, speaker: str | None, subjects: tuple[str, ...]) -> ArticleRecord:
    """An article of ``published`` with one statement by ``speaker`` (None: no source) about ``subjects``."""
    article_id = f"n-{number:04d}"
    quote = Attribution(article_id, "we will win", 10, 21, "indirect", "said", 30, 34, Speaker(speaker),
                        about=list(subjects))
    entities = [Entity(name, "Person") for name in (speaker, *subjects) if name]
    return ArticleRecord(article=Article(article_id, "x" * 60, published=published), attributions=[quote],
                         entities=entities)


# Dates with ties, an undated article, and the newest statements about Putin without a source: the histogram counts
# them, the page has no row for them, and the bounded run falls back to the whole query.
DATED = [dated(n, published, speaker, subjects) for n, (published, speaker, subjects) in enumerate([
    ("2016-10-05", None, ("Vladimir Putin",)), ("2016-10-05", None, ("Vladimir Putin",)),
    ("2016-10-04", "Hillary Clinton", ("Vladimir Putin", "Donald Trump")), ("2016-10-04", "Donald Trump", ("Vladimir Putin",)),
    ("2016-10-01", "Hillary Clinton", ("Donald Trump",)), ("2016-09-30", "Donald Trump", ("Hillary Clinton",)),
    (None, "Hillary Clinton", ("Vladimir Putin",)), ("2016-09-30", "Hillary Clinton", ("Vladimir Putin",)),
    ("2016-09-12", "Donald Trump", ("Vladimir Putin", "Hillary Clinton")), ("2016-10-05", "Hillary Clinton", ("Donald Trump",)),
])]


@pytest.mark.parametrize("name, params", [
    ("said-about", {"name": "Putin"}), ("said-about", {"name": "Donald Trump"}), ("said-about", {"name": "Clinton"}),
    ("said-by", {"speaker": "Hillary Clinton"}), ("said-by", {"speaker": "Trump"}),
    ("timeline", {"speaker": "Hillary Clinton"}), ("timeline", {"speaker": "Donald Trump"}),
])
def test_every_dated_page_is_the_whole_querys_slice(tmp_path, name, params):
    path = tmp_path / "g.lbug"
    records_into(path, DATED)
    cypher = get_query(name).cypher
    with open_store(path) as store:
        whole = run_embedded(store, cypher, params).rows
        assert len(whole) >= 2 and len(set(whole)) == len(whole)
        for limit in (1, 2, 3):
            for offset in range(0, len(whole) + 1):
                assert run_embedded(store, *paged(cypher, params, limit, offset)).rows == whole[offset:offset + limit]


def test_every_page_of_a_busy_subject_is_the_whole_querys_slice(tmp_path):
    records = [dated(n, f"2016-{1 + n % 12:02d}-{1 + n * 7 % 28:02d}", ("Hillary Clinton", "Donald Trump")[n % 2],
                     ("Vladimir Putin",)) for n in range(4_000)]
    path = tmp_path / "g.lbug"
    records_into(path, records, checkpoint_every=500)
    cypher = get_query("said-about").cypher
    with open_store(path) as store:
        whole = run_embedded(store, cypher, {"name": "Putin"}).rows
        assert len(whole) == 4_000
        for limit, offset in ((100, 0), (300, 150), (10, 3_000)):
            assert run_embedded(store, *paged(cypher, {"name": "Putin"}, limit, offset)).rows == \
                whole[offset:offset + limit]


def test_the_join_order_keeps_every_row_of_a_bounded_path(tmp_path):
    """LadybugDB 0.22 loses rows of a path filtered on its first relationship when the start node has more than
    2,048 of them written over several transactions (here 24 of 73 for one subject); the join order hint
    :func:`ranked.plan` adds builds that hop apart and gives every row the same filter on the quote gives."""
    import ladybug

    rng = random.Random(1)
    db = ladybug.Database(str(tmp_path / "raw.lbug"))
    conn = ladybug.Connection(db)
    for statement in ("CREATE NODE TABLE Person(key STRING PRIMARY KEY)",
                      "CREATE NODE TABLE Quote(key STRING PRIMARY KEY, published STRING)",
                      "CREATE NODE TABLE Place(key STRING PRIMARY KEY)",
                      "CREATE REL TABLE SAID(FROM Person TO Quote, published STRING)",
                      "CREATE REL TABLE ABOUT(FROM Quote TO Place, published STRING)",
                      "UNWIND range(0, 20) AS i CREATE (:Place {key: 'x' + string(i)})",
                      "UNWIND range(0, 200) AS i CREATE (:Person {key: 'p' + string(i)})"):
        conn.execute(statement)
    for start in range(0, 20_000, 500):
        rows = [{"k": f"q{i}", "d": f"2016-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "p": f"p{rng.randint(0, 200)}",
                 "x": f"x{rng.randint(0, 3) if rng.random() < 0.5 else rng.randint(0, 20)}"} for i in range(start, start + 500)]
        conn.execute("UNWIND $rows AS row MATCH (x:Place {key: row.x}) MATCH (p:Person {key: row.p}) "
                     "CREATE (p)-[:SAID {published: row.d}]->(q:Quote {key: row.k, published: row.d})"
                     "-[:ABOUT {published: row.d}]->(x)", {"rows": rows})
    run = ("MATCH (s)-[r:SAID]->(q:Quote)-[a:ABOUT]->(x:Place)\nWHERE x.key = $keys\nRETURN q.key AS quote, "
           "q.published AS published\nORDER BY published IS NULL, published DESC, quote\nLIMIT 100000")
    page = ranked.plan(run, {"keys": "x0"}, NEWEST)
    assert "HINT" in page.cypher
    for subject, least in (("x0", "2016-12-20"), ("x1", "2016-11-01"), ("x5", "2016-06-01")):
        reference = conn.execute(run.replace("WHERE ", "WHERE q.published >= $ranked_least AND "),
                                 {"keys": subject, ranked.LEAST: least}).get_all()
        assert conn.execute(page.cypher, {"keys": subject, ranked.LEAST: least}).get_all() == reference
        assert reference


def inlined(name: str, params: dict, limit=100, offset=0) -> tuple[str, dict]:
    """The query `quotegraph query --neo4j` sends after its name lookups (queries/library.py inline_parts)."""
    return inline_parts(*paged(get_query(name).cypher, params, limit, offset))[1:]


@pytest.mark.parametrize("name, params, where, order", [
    ("said-about", {"name": "Putin"}, "WHERE a.subject_key = keys_key AND a.published IS NOT NULL",
     "ORDER BY a.subject_key DESC, a.published DESC, article, start, speaker"),
    ("said-by", {"speaker": "Putin"}, "WHERE r.speaker_key = keys_key AND r.published IS NOT NULL",
     "ORDER BY r.speaker_key DESC, r.published DESC, article, start, speaker"),
    ("timeline", {"speaker": "Putin"}, "WHERE r.speaker_key = keys_key AND r.published IS NOT NULL",
     "ORDER BY r.speaker_key ASC, r.published ASC, article, start, speaker"),
    ("said-about-event", {"event": "strike"}, "WHERE a.subject_key = keys_key AND a.published IS NOT NULL",
     "ORDER BY a.subject_key DESC, a.published DESC, article, start, event, speaker"),
    ("acts", {"speaker": "Putin"}, "WHERE r.speaker_key = keys_key AND r.act IS NOT NULL",
     "ORDER BY r.speaker_key ASC, r.act ASC, published, article, start, speaker"),
])
def test_indexed_reads_each_keys_ranked_page_from_the_index(name, params, where, order):
    page = ranked.indexed(*inlined(name, params, 10, 5), ranked.declared(get_query(name).cypher))
    assert page.full == 10
    assert page.cypher.startswith("CALL (keys_key) {\nMATCH ") and f"\n{where}\n" in page.cypher
    assert f"\n{order}\nLIMIT $page_offset + $page_limit\n}}\nRETURN " in page.cypher
    assert page.cypher.endswith("SKIP $page_offset LIMIT $page_limit")


@pytest.mark.parametrize("cypher, params", [
    ("MATCH (s)-[r:SAID]->(q:Quote) WHERE s.key IN $keys RETURN q.published AS published, q.start AS start "
     "ORDER BY published IS NULL, published DESC, start LIMIT 5", {"keys": ["putin"]}),
    ("MATCH (s)-[r:SAID]->(q:Quote) WHERE s.key = $key RETURN q.published AS published "
     "ORDER BY published IS NULL, published DESC LIMIT 5", {"key": "putin"}),
])
def test_indexed_takes_keys_as_a_list_or_one_parameter(cypher, params):
    page = ranked.indexed(cypher, params, ranked.Ranking("r", "published", "published", True, True))
    if "keys" in params:
        assert page.cypher.startswith("UNWIND $keys AS ranked_key\nCALL (ranked_key) {")
        assert "r.speaker_key = ranked_key" in page.cypher
    else:
        assert page.cypher.startswith("CALL () {") and "r.speaker_key = $key" in page.cypher


@pytest.mark.parametrize("name, params, limit, ranking", [
    ("said-about", {"name": "Putin"}, None, None),  # no page: the whole query
    ("disputes", {"name": "Putin"}, 10, None),  # not ranked
    ("talks-about", {}, 10, DESCENDING),  # ranked by a count, which no index holds per name
    ("said-about", {"name": "Putin"}, 10, ranked.Ranking("a", "published", "published", True, False)),  # nulls first
    ("said-about", {"name": "Putin"}, 10, ranked.Ranking("r", "published", "published", True, True)),  # SAID's end is
])  # the speaker, and the query fixes the subject
def test_indexed_leaves_other_queries_as_they_are(name, params, limit, ranking):
    query = get_query(name).cypher
    assert ranked.indexed(*inlined(name, params, limit), ranking or ranked.declared(query)) is None


def test_plan_leaves_a_ranking_the_store_does_not_keep():
    """acts is ranked by SAID's copy of the quote's act, which only Neo4j keeps: embedded, it runs as it is."""
    cypher, params = paged(get_query("acts").cypher, {"keys": ["putin"]}, 10)
    assert ranked.plan(cypher, params) is None
