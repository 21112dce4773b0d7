"""Records -> graph: schema, stable keys, idempotent merges, people across articles."""
from __future__ import annotations

import copy

import pytest

from quotegraph.graph import schema as S
from quotegraph.graph.build import GraphBuilder, build_graph
from quotegraph.graph.keys import entity_key, normalise
from quotegraph.ingest.records import Article, ArticleRecord, Attribution, Role, Speaker


def counts(graph):
    from collections import Counter
    return (Counter(d["label"] for _, d in graph.nodes(data=True)),
            Counter(d["type"] for _, _, d in graph.edges(data=True)))


def test_every_edge_follows_the_schema(gold, seed_text):
    from tests.graph.gold_acts import gold_record_with_acts

    gold_graph = build_graph([gold_record_with_acts(gold, seed_text)])  # with responses: every type
    for u, v, data in gold_graph.edges(data=True):
        S.check_relationship(data["type"], gold_graph.nodes[u]["label"], gold_graph.nodes[v]["label"])
    labels, types = counts(gold_graph)
    assert set(labels) == set(S.NODE_LABELS)
    assert set(types) == set(S.RELATIONSHIPS)


def test_seed_speakers_quotes_roles(gold_graph):
    said = {(gold_graph.nodes[u]["name"], gold_graph.nodes[v]["text"][:20])
            for u, v, d in gold_graph.edges(data=True) if d["type"] == S.SAID}
    assert ("Vladimir Putin", "Russia seeks to avoi") in said
    assert ("Kremlin", "the United States of") in said
    roles = {(gold_graph.nodes[u]["name"], d["role"], gold_graph.nodes[v]["name"], gold_graph.nodes[v]["label"])
             for u, v, d in gold_graph.edges(data=True) if d["type"] == S.AFFILIATED_WITH}
    assert ("Dmitry Peskov", "spokesperson", "Kremlin", "Organization") in roles
    assert ("Joe Biden", "President", "United States", "Place") in roles  # a country is a President's institution


def test_adding_the_same_record_twice_changes_nothing(gold_record):
    builder = GraphBuilder()
    builder.add_record(gold_record)
    before = (counts(builder.graph), builder.graph.number_of_nodes(), builder.graph.number_of_edges())
    builder.add_record(copy.deepcopy(gold_record))
    assert (counts(builder.graph), builder.graph.number_of_nodes(), builder.graph.number_of_edges()) == before


@pytest.mark.parametrize("a, b", [("US", "United States"), ("U.S.", "United States"), ("the United States", "USA")])
def test_country_aliases_share_a_key(a, b):
    assert entity_key(a, S.PLACE) == entity_key(b, S.PLACE)


def test_normalise_folds_case_space_and_punctuation():
    assert normalise("  Vladimir   PUTIN. ") == normalise("vladimir putin") == "vladimir putin"


def _article(article_id, speaker, text="He said it would rain.", entities=(), kind="person", roles=()):
    attribution = Attribution(article=article_id, quote="it would rain", start=8, end=21, kind="indirect",
                              cue="said", cue_start=3, cue_end=7, speaker=Speaker(speaker, kind, roles=list(roles)),
                              about=[e.name for e in entities])
    return ArticleRecord(article=Article(article_id, text), attributions=[attribution], entities=list(entities))


def test_surname_in_one_article_meets_full_name_in_another_either_order():
    for order in ([("a1", "Putin"), ("a2", "President Vladimir Putin")],
                  [("a2", "Vladimir Putin"), ("a1", "Putin")]):
        graph = build_graph(_article(i, name) for i, name in order)
        people = [d for _, d in graph.nodes(data=True) if d["label"] == S.PERSON]
        assert [p["name"] for p in people] == ["Vladimir Putin"], order
        said = [v for u, v, d in graph.edges(data=True) if d["type"] == S.SAID]
        assert len(said) == 2


def test_unnamed_sources_never_merge_with_people_or_across_articles():
    graph = build_graph([_article("a1", "American official", kind="unnamed"),
                         _article("a2", "American official", kind="unnamed"),
                         _article("a3", "Official", kind="person")])
    people = sorted((d["name"], d.get("kind")) for _, d in graph.nodes(data=True) if d["label"] == S.PERSON)
    assert people == [("American official", "unnamed"), ("American official", "unnamed"), ("Official", "person")]


def test_about_links_to_entities_and_mentions(gold_graph):
    about = {(gold_graph.nodes[u]["start"], gold_graph.nodes[v]["name"])
             for u, v, d in gold_graph.edges(data=True) if d["type"] == S.ABOUT}
    assert (2182, "United States") in about and (2182, "Ukraine") in about
    event = next(n for n, d in gold_graph.nodes(data=True) if d["label"] == S.EVENT)
    assert any(d["type"] == S.LOCATED_IN for _, _, d in gold_graph.out_edges(event, data=True))


def test_roles_without_organization_add_no_edge():
    record = _article("a1", "Jane Roe", roles=[Role("senator", None)])
    graph = build_graph([record])
    assert not [d for _, _, d in graph.edges(data=True) if d["type"] == S.AFFILIATED_WITH]
