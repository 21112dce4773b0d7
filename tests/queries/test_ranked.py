"""queries/ranked.py: a page of talks-about bounded by its least count gives the rows of the whole query."""
from __future__ import annotations

import pytest

from quotegraph.graph.store import open_store, records_into
from quotegraph.queries import ranked
from quotegraph.queries.embedded import run_embedded
from quotegraph.queries.library import get_query, paged
from tests.graph.test_talks import RECORDS, talking

TALKS = get_query("talks-about").cypher


@pytest.mark.parametrize("histogram, wanted, least", [
    ([(5, 1), (3, 2), (1, 10)], 1, 5),
    ([(5, 1), (3, 2), (1, 10)], 2, 3),  # the second row is a 3: both 3s are kept (ties), the query orders them
    ([(1, 10), (5, 1), (3, 2)], 4, 1),  # in any order
    ([(5, 1), (3, 2)], 4, None),  # fewer rows than the page: no bound
    ([(None, 3), (2, 1)], 1, 2),
])
def test_least_value(histogram, wanted, least):
    assert ranked.least_value(histogram, wanted) == least


@pytest.mark.parametrize("cypher, params, bounded", [
    (TALKS, {"page_offset": 10, "page_limit": 5}, True),
    (TALKS, {}, False),  # no page: the whole query
    (TALKS, {"page_offset": 100}, False),  # an offset alone reads to the end
    (TALKS.replace("// ranked: t.statements\n", ""), {"page_offset": 0, "page_limit": 5}, False),
    (TALKS.replace("statements DESC", "statements ASC"), {"page_offset": 0, "page_limit": 5}, False),
    (TALKS.replace("WHERE t.statements > 0", ""), {"page_offset": 0, "page_limit": 5}, False),
])
def test_plan(cypher, params, bounded):
    page = ranked.plan(cypher, params)
    assert (page is not None) == bounded
    if page:
        assert page.wanted == 15 and "t.statements >= $ranked_least AND (t.statements > 0)" in page.cypher
        assert page.histogram.startswith("MATCH ()-[t:TALKS_ABOUT]->()")


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
