"""Named queries and ad-hoc Cypher on the embedded graph database; values as native parameters."""
from __future__ import annotations

import pytest

from quotegraph.graph.build import build_graph
from quotegraph.ingest.records import Article, ArticleRecord, Attribution, Entity, Speaker
from quotegraph.queries.embedded import QueryError, run_embedded
from quotegraph.queries.library import get_query, list_queries, parse_query

NAMED = {q.name for q in list_queries()}


def test_library_has_the_users_questions():
    assert {"said-about", "said-by", "speaks-for", "talks-about", "said-about-event", "timeline"} <= NAMED
    for query in list_queries():
        assert query.description and query.cypher.startswith("//")


def test_query_file_without_header_is_rejected():
    with pytest.raises(ValueError, match="starts with"):
        parse_query("x", "MATCH (n) RETURN n")


@pytest.mark.parametrize("name, params, expected", [
    ("said-about", {"name": "Ukraine"}, {"Matthew Miller", "Charlie Dietz", "Joe Biden"}),
    ("said-about", {"name": "ukraine"}, {"Matthew Miller", "Charlie Dietz", "Joe Biden"}),
    ("said-by", {"speaker": "Putin"}, {"Vladimir Putin"}),
    ("timeline", {"speaker": "Biden"}, {"Joe Biden"}),
    ("speaks-for", {"organization": "Kremlin"}, {"Dmitry Peskov"}),
    ("speaks-for", {"organization": "Pentagon"}, {"Charlie Dietz"}),
])
def test_named_queries_answer_from_the_seed(gold_graph, name, params, expected):
    result = run_embedded(gold_graph, get_query(name).cypher, params)
    first = result.columns[0] if result.columns[0] in ("speaker", "person") else "speaker"
    assert {r[first] for r in result.records()} == expected


def test_who_talks_about_whom_counts(gold_graph):
    result = run_embedded(gold_graph, get_query("talks-about").cypher, {})
    rows = {(r["speaker"], r["subject"]): r["statements"] for r in result.records()}
    assert rows[("Joe Biden", "Ukraine")] == 1
    assert rows[("Matthew Miller", "ATACMS missile strike on Crimea")] == 2
    assert result.rows == sorted(result.rows, key=lambda r: -r[2]) or True
    assert [r[2] for r in result.rows] == sorted((r[2] for r in result.rows), reverse=True)


def test_event_query_finds_who_discussed_the_strike(gold_graph, gold):
    result = run_embedded(gold_graph, get_query("said-about-event").cypher, {"event": "strike"})
    assert {r["speaker"] for r in result.records()} == set(gold["events"][0]["discussed_by"])


def test_cypher_as_typed_for_neo4j_runs_embedded(gold_graph):
    """Lower-case count(), single-quoted strings and labels() work as they do on Neo4j."""
    result = run_embedded(gold_graph, "MATCH (p:Person)-[:SAID]->(q) WHERE p.name = 'Vladimir Putin' "
                                      "RETURN labels(p) AS label, count(q) AS n")
    assert result.records() == [{"label": "Person", "n": 2}]
    counted = run_embedded(gold_graph, 'MATCH (n:Quote) RETURN COUNT(n) AS n')
    assert counted.rows[0][0] == gold_graph.number_of_nodes() - sum(
        1 for _, d in gold_graph.nodes(data=True) if d["label"] != "Quote")


def test_values_are_parameters_and_nodes_come_back_as_property_dicts(gold_graph):
    result = run_embedded(gold_graph, "MATCH (p:Person) WHERE p.name = $name RETURN p", {"name": "Joe Biden"})
    assert result.rows[0][0]["label"] == "Person" and result.rows[0][0]["key"] == "joe biden"
    assert run_embedded(gold_graph, "MATCH (p:Person) WHERE p.name = $name RETURN p",
                        {"name": "x' OR 1=1 //"}).rows == []


HOSTILE = [
    'O"Brien',
    'x" OR 1=1 OR x.name = "',
    '"}) MATCH (n) DETACH DELETE n //',
    "back\\\\slash\\",
    "`backtick` ${name} $name",
    "new\nline\ttab",
    "Ünïcödé ’curly’ “quotes”",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_match_exactly_themselves(name):
    record = ArticleRecord(
        article=Article("a1", "x"),
        attributions=[Attribution("a1", "q", 0, 1, "indirect", "said", None, None, Speaker("Jane Roe"), about=[name]),
                      Attribution("a1", "r", 2, 3, "indirect", "said", None, None, Speaker("John Doe"), about=["Other"])],
        entities=[Entity(name, "Organization"), Entity("Other", "Organization")])
    graph = build_graph([record])
    size = (graph.number_of_nodes(), graph.number_of_edges())
    stored = next(d["name"] for _, d in graph.nodes(data=True) if d["label"] == "Organization" and d["name"] != "Other")
    result = run_embedded(graph, get_query("said-about").cypher, {"name": stored})
    assert [r["speaker"] for r in result.records()] == ["Jane Roe"]
    # The raw value (names are tidied on the way in) finds at most that row, never another.
    raw = run_embedded(graph, get_query("said-about").cypher, {"name": name})
    assert [r["speaker"] for r in raw.records()] in ([], ["Jane Roe"])
    assert (graph.number_of_nodes(), graph.number_of_edges()) == size


def test_adhoc_cypher_is_read_only(gold_graph):
    with pytest.raises(QueryError, match="read-only"):
        run_embedded(gold_graph, 'MATCH (n) DETACH DELETE n')
    with pytest.raises(QueryError, match="read-only"):
        run_embedded(gold_graph, 'CREATE (n:Person {name: "x"})')
    ok = run_embedded(gold_graph, 'MATCH (p:Person) WHERE p.name = "set theory" RETURN p.name')
    assert ok.rows == []
    with pytest.raises(QueryError, match="read-only"):
        run_embedded(gold_graph, "MATCH (n) SET n.name = 'x'")


def test_bad_cypher_is_one_line_error(gold_graph):
    with pytest.raises(QueryError) as info:
        run_embedded(gold_graph, "MATCH (n RETURN n")
    assert "\n" not in str(info.value)


def test_no_match_still_returns_the_columns(gold_graph):
    result = run_embedded(gold_graph, get_query("said-about").cypher, {"name": "Atlantis"})
    assert result.columns[:2] == ["speaker", "quote"] and result.rows == []


# -- one name resolver for every command (graph/names.py) ------------------------------------
@pytest.mark.parametrize("name", ["US", "U.S.", "United States", "united states"])
def test_said_about_resolves_a_place_by_any_of_its_names(gold_graph, name):
    result = run_embedded(gold_graph, get_query("said-about").cypher, {"name": name})
    assert result.rows
    assert result.rows == run_embedded(gold_graph, get_query("said-about").cypher, {"name": "United States"}).rows


def test_query_and_view_find_the_same_nodes_for_a_name(gold_graph):
    """Every lookup the queries run (Cypher on the engine) and the view's (in Python) agree, node for node."""
    from quotegraph.graph.names import KINDS, lookup_cypher, lookup_parameters, lookup_statement
    from quotegraph.graph.view import matching_nodes

    names = ["US", "Putin", "putin", "Kremlin", "the Kremlin", "strike", "Miller", "Ukraine", "NATO", "Atlantis", "x"]
    for kind, rule in KINDS.items():
        for name in names:
            params = lookup_parameters(name, kind)
            by_cypher = {row[0] for label in rule.labels
                         for row in run_embedded(gold_graph, lookup_cypher(kind, label), params).rows}
            by_view = {gold_graph.nodes[n]["key"] for n in matching_nodes(gold_graph, name, kind)}
            assert by_cypher == by_view, (kind, name)
            assert {row[0] for row in run_embedded(gold_graph, lookup_statement(kind), params).rows} == by_cypher


def test_a_surname_finds_the_person_and_a_missing_name_finds_nothing(gold_graph):
    by = run_embedded(gold_graph, get_query("said-by").cypher, {"speaker": "Peskov"})
    assert {r["speaker"] for r in by.records()} == {"Dmitry Peskov"}
    first = run_embedded(gold_graph, get_query("said-by").cypher, {"speaker": "Dmitry"})  # a first name alone
    assert {r["speaker"] for r in first.records()} == {"Dmitry Peskov"}
    assert run_embedded(gold_graph, get_query("said-by").cypher, {"speaker": "Nobody"}).rows == []
    with pytest.raises(QueryError, match=r"missing parameter \$speaker"):
        run_embedded(gold_graph, get_query("said-by").cypher, {})


def test_a_query_file_can_take_keys_directly(gold_graph):
    """As cypher-shell and Browser run the files: ``$keys`` given, no name to resolve."""
    result = run_embedded(gold_graph, get_query("said-about").cypher, {"keys": ["united states"]})
    assert result.rows == run_embedded(gold_graph, get_query("said-about").cypher, {"name": "US"}).rows


# -- one statement for a server (queries/library.py inline_names) ---------------------------------
@pytest.mark.parametrize("query, inlined", [
    ("said-by", "WHERE s.key = keys_key"),
    ("positions", "WHERE s.key = keys_key AND y.key = about_keys_key"),
])
def test_inline_names_puts_the_lookups_ahead_and_one_key_on_each_row(query, inlined):
    from quotegraph.queries.library import inline_names

    named = get_query(query)
    cypher, params = inline_names(named.cypher, {p: "Putin" for p in named.params})
    assert inlined in cypher and cypher.startswith("CALL () {")
    assert "$keys" not in cypher.split("MATCH (s")[-1] and "collect(" not in cypher  # no key list on any row
    assert params["keys_suffix"] == " putin" and "speaker" not in params


def test_inline_names_leaves_a_query_that_uses_its_keys_otherwise_to_two_round_trips():
    from quotegraph.queries.library import inline_names

    cypher = ("// n\n// params: speaker\n// names: speaker as speaker -> $keys\n"
              "MATCH (s:Person) WHERE s.key IN $keys RETURN size($keys) AS n")
    assert inline_names(cypher, {"speaker": "Putin"}) is None
