"""The embedded store's name index (graph/names.py ``index_words``, graph/store.py): what it files, that it
stays exact through writes and re-keying, that it finds what the scanning lookup finds, and old stores."""
from __future__ import annotations

import itertools

import pytest

from quotegraph.graph import schema as S
from quotegraph.graph.names import KINDS, NAME_WORD, NAMES, index_words, indexed_lookup, lookup_parameters, \
    lookup_statement
from quotegraph.graph.store import open_store, records_into, save_graph
from tests.graph.test_resolve import BARE, BILL, HILLARY, article


@pytest.mark.parametrize("label, key, words", [
    (S.PERSON, "vladimir putin", {"~putin", "^vladimir"}),
    (S.PERSON, "juan de la cruz", {"~de la cruz", "~la cruz", "~cruz", "^juan"}),
    (S.PERSON, "putin", set()),
    (S.PERSON, "clinton@a-bare", {"@clinton"}),
    (S.PERSON, "the campaign@nyt-1", {"@the campaign"}),  # a description kept in its article: no first name
    (S.PERSON, "twitter users@nyt-1", {"@twitter users"}),
    (S.ORGANIZATION, "the kremlin", set()),
    (S.ORGANIZATION, "state@nyt-1", {"@state"}),
    (S.PLACE, "united states", set()),
    (S.EVENT, "attack on crimea@nyt-1", set()),  # events keep their CONTAINS scan
    (S.QUOTE, "nyt-1:10-21", set()),
])
def test_index_words(label, key, words):
    assert index_words(label, key) == words


def filed(store) -> set[tuple[str, str, str]]:
    """(word, label, key) for every NAMES relationship in the store."""
    return {(word, label, key) for label in (S.PERSON, S.ORGANIZATION, S.PLACE)
            for word, key in store.query(f"MATCH (w:{NAME_WORD})-[:{NAMES}]->(n:{label}) RETURN w.word, n.key")[1]}


def expected(store) -> set[tuple[str, str, str]]:
    return {(word, label, key) for label in (S.PERSON, S.ORGANIZATION, S.PLACE)
            for key in store._column(f"MATCH (n:{label}) RETURN n.key") for word in index_words(label, key)}


def test_the_index_follows_every_node_through_re_keying(tmp_path):
    """A later article moves a bare name onto a full one and another moves it back: no stale or missing word."""
    path = tmp_path / "g.lbug"
    for record in (BARE, HILLARY, BILL, article("d-org", "State", kind="organization")):
        records_into(path, [record])
        with open_store(path) as store:
            assert filed(store) == expected(store)
    with open_store(path) as store:
        assert ("@clinton", S.PERSON, "clinton@a-bare") in filed(store)
        assert ("~clinton", S.PERSON, "hillary clinton") in filed(store)


NAMES_TO_TRY = ["Putin", "Vladimir Putin", "putin", "Dmitry", "Peskov", "Miller", "Kremlin", "the Kremlin", "US",
                "U.S.", "Ukraine", "Crimea", "strike", "NATO", "Clinton", "Hillary", "Bill Clinton", "State", "campaign",
                "the campaign", "Atlantis", "x", "@clinton", "clinton@a-bare"]


def test_the_indexed_lookup_finds_what_the_scanning_lookup_finds(gold_graph, tmp_path):
    path = tmp_path / "g.lbug"
    save_graph(gold_graph, path)
    records_into(path, [BARE, HILLARY, BILL, article("d-org", "State", kind="organization"),
                        article("e-campaign", "the campaign", kind="organization")])
    with open_store(path) as store:
        for kind, name in itertools.product(KINDS, NAMES_TO_TRY):
            scanned = set(store._column(lookup_statement(kind), lookup_parameters(name, kind)))
            assert set(store._column(*indexed_lookup(name, kind))) == scanned, (kind, name)
        assert set(store._column(*indexed_lookup("Clinton", "speaker"))) >= {"hillary clinton", "bill clinton"}


def test_a_store_without_the_index_gets_it_filled_when_opened(gold_graph, tmp_path, capfd):
    path = tmp_path / "g.lbug"
    save_graph(gold_graph, path)
    with open_store(path, write=True) as store:  # as a store written before the index existed
        want = filed(store)
        store.query(f"DROP TABLE {NAMES}")
        store.query(f"DROP TABLE {NAME_WORD}")
    with open_store(path) as store:  # a reader: upgraded once, with a message
        assert filed(store) == want and want
    assert "upgraded the store" in capfd.readouterr().err


def test_a_writer_marks_the_schema_it_made_current_and_a_reader_trusts_only_that_mark(gold_graph, tmp_path):
    from quotegraph.graph.store import missing_schema, schema_mark

    path = tmp_path / "g.lbug"
    save_graph(gold_graph, path)
    with open_store(path) as store:
        assert dict(store.query("CALL show_tables() RETURN name, comment")[1])[NAME_WORD] == schema_mark()
    with open_store(path, write=True) as store:  # a store from an older quotegraph: old mark, a column missing
        store.query(f"COMMENT ON TABLE {NAME_WORD} IS 'quotegraph schema old'")
        store.query("ALTER TABLE Quote DROP act")
        assert missing_schema(store) == ["ALTER TABLE Quote ADD `act` STRING"]
    with open_store(path) as store:  # upgraded on opening, marked again
        assert missing_schema(store) == []
        assert dict(store.query("CALL show_tables() RETURN name, comment")[1])[NAME_WORD] == schema_mark()
