"""SAID and ABOUT carry their quote's ``published`` (graph/schema.py QUOTE_COPIES), exactly, in every store: as
written, after the name resolver moves them, and in a store written before the copies existed (filled once)."""
from __future__ import annotations

import itertools

import pytest

from quotegraph.graph import schema as S
from quotegraph.graph.names import NAME_WORD
from quotegraph.graph.store import open_store, records_into
from quotegraph.queries.embedded import run_embedded
from quotegraph.queries.library import get_query, paged
from tests.queries.test_ranked import DATED, dated

# "Clinton" is Hillary's until Bill is named; "Trump" is Donald's: the resolver moves SAID and ABOUT between nodes.
MOVING = [dated(0, "2016-01-01", "Clinton", ("Donald Trump",)),
          dated(1, "2016-02-01", "Hillary Clinton", ("Donald Trump", "Clinton")),
          dated(2, "2016-03-01", "Bill Clinton", ("Hillary Clinton",)),
          dated(3, None, "Trump", ("Clinton", "Donald Trump"))]


def wrong_copies(store) -> int:
    """The SAID and ABOUT whose ``published`` is not their quote's (nulls compared as values)."""
    wrong = 0
    for pattern in (f"()-[r:{S.SAID}]->(q:{S.QUOTE})", f"(q:{S.QUOTE})-[r:{S.ABOUT}]->()"):
        wrong += store.query(f"MATCH {pattern} WHERE coalesce(r.published, '<null>') <> coalesce(q.published, '<null>') "
                             f"RETURN count(*)")[1][0][0]
    return wrong


def relationships(store) -> int:
    return sum(store.query(f"MATCH ()-[r:{t}]->() RETURN count(r)")[1][0][0] for t in (S.SAID, S.ABOUT))


@pytest.mark.parametrize("order", list(itertools.permutations(range(4)))[::5])
def test_copies_stay_exact_through_moves(tmp_path, order):
    path = tmp_path / "g.lbug"
    records_into(path, [MOVING[i] for i in order], checkpoint_every=1)
    with open_store(path) as store:
        assert relationships(store) >= 6 and wrong_copies(store) == 0


def test_an_older_store_gets_its_copies_when_opened(tmp_path, capfd):
    path = tmp_path / "g.lbug"
    records_into(path, DATED + MOVING)
    with open_store(path, write=True) as store:
        for rel_type in (S.SAID, S.ABOUT):
            store.query(f"ALTER TABLE {rel_type} DROP published")
        store.query(f"COMMENT ON TABLE {NAME_WORD} IS 'quotegraph schema of an earlier version'")
    with open_store(path) as store:  # a reader: upgraded once, the copies filled in the same transaction
        assert relationships(store) >= 20 and wrong_copies(store) == 0
        cypher = get_query("said-about").cypher
        whole = run_embedded(store, cypher, {"name": "Putin"}).rows
        assert run_embedded(store, *paged(cypher, {"name": "Putin"}, 2, 1)).rows == whole[1:3]
    assert "copying each statement's date" in capfd.readouterr().err


def test_an_article_written_again_with_another_date_keeps_its_quotes_dates(tmp_path):
    """A stored quote keeps its date; a SAID or ABOUT the second writing adds copies the stored quote's."""
    path = tmp_path / "g.lbug"
    records_into(path, [dated(0, "2016-01-01", "Clinton", ("Donald Trump",))])
    records_into(path, [dated(0, "2016-05-05", "Hillary Clinton", ("Donald Trump", "Vladimir Putin"))])
    with open_store(path) as store:
        assert relationships(store) >= 3 and wrong_copies(store) == 0
