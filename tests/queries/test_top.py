"""queries/top.py: a talks-about page read from the store's heaviest pairs is the whole query's slice."""
from __future__ import annotations

import pytest

from quotegraph.graph import talks
from quotegraph.graph.store import open_store, records_into
from quotegraph.queries import ranked, top
from quotegraph.queries.embedded import run_embedded
from quotegraph.queries.library import paged
from tests.graph.test_talks import HEAVY, RECORDS, small_top  # noqa: F401 (a fixture)
from tests.queries.test_ranked import TALKS

PAGE = "\nSKIP $page_offset LIMIT $page_limit"
PAGE_PARAMS = {"page_offset": 0, "page_limit": 10}


@pytest.mark.parametrize("cypher, speakers, subjects", [
    (TALKS + PAGE, talks.SPEAKERS, talks.SUBJECTS),
    ("MATCH (s:Organization)-[t:TALKS_ABOUT]->(x:Person|Place) RETURN s.name AS s, x.name AS x, t.statements AS n "
     "ORDER BY n DESC, s, x" + PAGE, ("Organization",), ("Person", "Place")),
    ("MATCH (s)-[t:TALKS_ABOUT]->(x) WHERE s.name <> 'Donald Trump' RETURN s.name AS s, t.statements AS n "
     "ORDER BY n DESC, s" + PAGE, talks.SPEAKERS, talks.SUBJECTS),
])
def test_plan_of_a_talks_about_page(cypher, speakers, subjects):
    page = top.plan(cypher, PAGE_PARAMS, ranked.declared("// ranked: t.statements\n" + cypher))
    assert (page.speakers, page.subjects, page.wanted, page.full) == (speakers, subjects, 10, 10)


@pytest.mark.parametrize("cypher", [
    "MATCH (s)-[t:TALKS_ABOUT]->(x) RETURN s.name AS s, t AS rel, t.statements AS n ORDER BY n DESC",  # t itself
    "MATCH (s)<-[t:TALKS_ABOUT]-(x) RETURN s.name AS s, t.statements AS n ORDER BY n DESC",  # the other way round
    "MATCH (s)-[t:TALKS_ABOUT]->(x) RETURN s.name AS s, t.statements AS n ORDER BY n",  # ascending: the lightest
    "MATCH (s)-[t:TALKS_ABOUT]->(x)-[:SAID]->(q) RETURN s.name AS s, t.statements AS n ORDER BY n DESC",
    "MATCH (s)-[t:TALKS_ABOUT]->(x) WITH s, t RETURN s.name AS s, t.statements AS n ORDER BY n DESC",
])
def test_plan_leaves_other_queries(cypher):
    assert top.plan(cypher + PAGE, PAGE_PARAMS, ranked.declared("// ranked: t.statements\n" + cypher)) is None


@pytest.mark.parametrize("query", [
    TALKS,
    "// ranked: t.statements\nMATCH (s)-[t:TALKS_ABOUT]->(x:Person) WHERE x.name <> 'Hillary Clinton' "
    "RETURN s.name AS speaker, x.name AS subject, t.statements AS n ORDER BY n DESC, speaker, subject",
])
def test_every_page_is_the_whole_querys_slice_with_few_pairs_kept(tmp_path, small_top, query):
    """Two pairs kept (and their ties): the first pages come from them, the later ones from TALKS_ABOUT."""
    path = tmp_path / "g.lbug"
    records_into(path, HEAVY + RECORDS)
    with open_store(path) as store:
        whole = run_embedded(store, query).rows
        assert len({row[2] for row in whole}) > 2 and len(whole) > 4
        for limit in (1, 2, 3, 5):
            for offset in range(0, len(whole) + 2):
                assert run_embedded(store, *paged(query, {}, limit, offset)).rows == whole[offset:offset + limit]


def test_the_first_page_is_read_from_the_kept_rows(tmp_path):
    path = tmp_path / "g.lbug"
    records_into(path, HEAVY)
    with open_store(path, write=True) as store:
        first = run_embedded(store, *paged(TALKS, {}, 1)).rows
        assert first == [("Donald Trump", "Hillary Clinton", 4)]
        # a kept row says more than its pair (no writer does this: it shows which rows the page was read from)
        store.query(f"MATCH (k:{talks.TOP}) WHERE k.subject = 'joe biden' SET k.statements = 9")
        assert run_embedded(store, *paged(TALKS, {}, 1)).rows == [("Donald Trump", "Joe Biden", 9)]
