"""The HTML view: slices and summaries of the seed's gold graph, and the self-contained page."""
from __future__ import annotations

import json
import re

import networkx as nx
import pytest
from click.testing import CliRunner

from quotegraph.cli import main
from quotegraph.graph import schema as S
from quotegraph.graph.store import save_graph
from quotegraph.graph.style import LABEL_STYLE
from quotegraph.graph.view import caption, render_html, slice_graph, summary_graph, view_graph


def names(graph, label):
    return {d["name"] for _, d in graph.nodes(data=True) if d["label"] == label}


def quotes(graph):
    return {d["text"] for _, d in graph.nodes(data=True) if d["label"] == S.QUOTE}


def embedded_data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="qg-data">(.*?)</script>', page, re.S)
    return json.loads(match.group(1))


def test_whole_graph_keeps_quotes_speakers_subjects_and_roles_only(gold_graph):
    part = slice_graph(gold_graph)
    assert len(quotes(part)) == 13
    assert {d["label"] for _, d in part.nodes(data=True)} == {S.PERSON, S.ORGANIZATION, S.PLACE, S.EVENT, S.QUOTE}
    assert {d["type"] for _, _, d in part.edges(data=True)} == {S.SAID, S.ABOUT, S.AFFILIATED_WITH}
    # places only mentioned (not talked about, no one's institution) are not drawn
    assert not names(part, S.PLACE) & {"Moscow", "Sevastopol"}
    assert all(part.degree(n) for n in part)
    # the slice is a copy: attributes kept, the store's graph untouched
    node = "Person:vladimir putin"
    assert part.nodes[node] == gold_graph.nodes[node] and part is not gold_graph


def test_slice_about_a_place(gold_graph):
    part = slice_graph(gold_graph, about="ukraine")
    assert quotes(part) == {
        "Ukraine makes its own targeting decisions.",
        "the weaponry supplied to Ukraine was meant to defend its sovereignty, including over Crimea",
        "US troops will not be deployed to Ukraine",
    }
    assert names(part, S.PERSON) == {"Charlie Dietz", "Matthew Miller", "Joe Biden"}
    # each speaker comes with the role that explains them
    roles = {(part.nodes[u]["name"], d["role"], part.nodes[v]["name"])
             for u, v, d in part.edges(data=True) if d["type"] == S.AFFILIATED_WITH}
    assert ("Charlie Dietz", "spokesperson", "Pentagon") in roles
    assert ("Joe Biden", "President", "United States") in roles
    assert slice_graph(gold_graph, about="UKRAINE").nodes == part.nodes


def test_slice_by_speaker_surname(gold_graph):
    part = slice_graph(gold_graph, speaker="Putin")
    assert names(part, S.PERSON) == {"Vladimir Putin"}
    assert quotes(part) == {"the risk of a broader conflict involving nuclear powers",
                            "Russia seeks to avoid direct confrontation with NATO"}
    assert slice_graph(gold_graph, speaker="vladimir putin").nodes == part.nodes
    # an organization speaks too
    assert len(quotes(slice_graph(gold_graph, speaker="kremlin"))) == 1


def test_slice_by_speaker_and_subject(gold_graph):
    part = slice_graph(gold_graph, speaker="Biden", about="NATO")
    assert quotes(part) == {"any direct conflict between NATO and Russia could escalate to World War Three"}


def test_slice_finds_canonical_names_and_nothing_for_strangers(gold_graph):
    # "US" is the United States (the ingest stage's canonical names), not a surname match on "US State Department"
    us = slice_graph(gold_graph, about="US")
    assert "United States" in names(us, S.PLACE)
    assert len(quotes(us)) == 3
    empty = slice_graph(gold_graph, about="Atlantis")
    assert empty.number_of_nodes() == 0 and empty.number_of_edges() == 0
    assert slice_graph(gold_graph, speaker="Ukraine").number_of_nodes() == 0  # a place never speaks


def test_summary_counts_quotes_per_speaker_and_subject(gold_graph):
    summary = summary_graph(gold_graph)
    assert isinstance(summary, nx.DiGraph) and not summary.is_multigraph()
    assert S.QUOTE not in {d["label"] for _, d in summary.nodes(data=True)}
    edge = summary.edges["Person:matthew miller", "Event:attack on sevastopol"]
    assert edge["count"] == 2 and len(edge["quotes"]) == 2
    assert summary.edges["Person:joe biden", "Place:russia"]["count"] == 1
    assert summary.nodes["Person:joe biden"]["said"] == 2
    assert summary.nodes["Place:ukraine"]["about"] == 3
    # every (speaker, subject) pair of every quote, counted once per quote
    expected = sum(
        sum(1 for _, _, d in gold_graph.in_edges(q, data=True) if d["type"] == S.SAID)
        * sum(1 for _, _, d in gold_graph.out_edges(q, data=True) if d["type"] == S.ABOUT)
        for q, d in gold_graph.nodes(data=True) if d["label"] == S.QUOTE)
    assert sum(d["count"] for _, _, d in summary.edges(data=True)) == expected
    top = summary_graph(gold_graph, max_edges=1)
    assert list(top.edges) == [("Person:matthew miller", "Event:attack on sevastopol")]
    assert top.graph["pairs"] == summary.number_of_edges()


def test_view_graph_switches_to_the_summary_above_the_threshold(gold_graph):
    drawn, title = view_graph(gold_graph, speaker="putin")
    assert title == "Quotes by Vladimir Putin" and drawn.is_multigraph()
    drawn, title = view_graph(gold_graph, max_nodes=10)
    assert not drawn.is_multigraph() and "who talks about whom" in title
    assert "more than 10" in drawn.graph["note"]
    drawn, _ = view_graph(gold_graph, summary=True)
    assert drawn.graph["kind"] == "summary" and "more than" not in drawn.graph["note"]


def test_caption():
    assert caption("Ukraine makes its own targeting decisions.") == "Ukraine makes its own targeting decisions."
    assert caption("one two three four five six seven") == "one two three four five six…"
    assert caption("that US troops will not be deployed to Ukraine") == "US troops will not be deployed…"


def test_render_html_is_self_contained_and_carries_the_hover_text(gold_graph, tmp_path):
    out = render_html(slice_graph(gold_graph), tmp_path / "sub" / "graph.html", title="All quotes")
    page = out.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]*\ssrc=", page)
    assert not re.search(r"<link[^>]*href=[\"']?https?:", page)
    assert not re.search(r"@import|url\([\"']?https?:", page)
    assert "vis.Network" in page and "<h1>" in page
    for label in S.ENTITY_LABELS:
        assert LABEL_STYLE[label][0] in page  # the legend and the nodes use the Browser colours
    data = embedded_data(page)
    quote = next(n for n in data["nodes"] if n["id"] == "Quote:crimea-atacms-retaliation:786-905")
    assert quote["label"] == "You should ask my colleagues in…"
    assert quote["tip"]["text"].startswith("You should ask my colleagues in Europe")
    assert dict(quote["tip"]["rows"]) == {"speaker": "Dmitry Peskov", "cue": "stating", "kind": "direct",
                                          "article": "crimea-atacms-retaliation", "published": "2024-06-24"}
    person = next(n for n in data["nodes"] if n["id"] == "Person:vladimir putin")
    assert person["color"]["background"] == LABEL_STYLE[S.PERSON][0]
    assert {e.get("label") for e in data["edges"]} >= {"President", "spokesperson"}


def test_render_html_keeps_hostile_text_inside_the_data(gold_graph, tmp_path):
    graph = slice_graph(gold_graph, speaker="Putin")
    node = next(n for n, d in graph.nodes(data=True) if d["label"] == S.QUOTE)
    graph.nodes[node]["text"] = 'he said </script><script>alert("x")</script> & <b>'
    page = render_html(graph, tmp_path / "g.html", title="<i>title</i>").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "</script><script>alert" not in page
    assert "<i>title</i>" not in page and "&lt;i&gt;title&lt;/i&gt;" in page
    texts = {n["tip"].get("text") for n in embedded_data(page)["nodes"] if "tip" in n}
    assert 'he said </script><script>alert("x")</script> & <b>' in texts


def test_summary_page_draws_counts_as_widths(gold_graph, tmp_path):
    page = render_html(summary_graph(gold_graph), tmp_path / "s.html").read_text(encoding="utf-8")
    data = embedded_data(page)
    assert data["summary"] is True
    widths = {e["label"] if "label" in e else "1": e["width"] for e in data["edges"]}
    assert widths["2"] > widths["1"]


@pytest.fixture()
def gold_store(gold_graph, tmp_path):
    return save_graph(gold_graph, tmp_path / "gold.graph.json")


def test_cli_view_writes_one_self_contained_file(gold_store, tmp_path):
    out = tmp_path / "ukraine.html"
    result = CliRunner().invoke(main, ["view", "--about", "Ukraine", "--out", str(out), "--store", str(gold_store)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]*\ssrc=[\"']?https?:", page)
    assert not re.search(r"<script[^>]*\ssrc=", page)  # nothing to fetch at all, not even beside the file
    assert "Quotes about Ukraine" in page
    assert len([n for n in embedded_data(page)["nodes"] if n["group"] == S.QUOTE]) == 3

    summary = tmp_path / "summary.html"
    result = CliRunner().invoke(main, ["view", "--summary", "--out", str(summary), "--store", str(gold_store)])
    assert result.exit_code == 0, result.output
    assert embedded_data(summary.read_text(encoding="utf-8"))["summary"] is True


def test_cli_view_fails_on_an_empty_slice_or_store(gold_store, tmp_path):
    result = CliRunner().invoke(main, ["view", "--speaker", "Nobody", "--out", str(tmp_path / "x.html"),
                                       "--store", str(gold_store)])
    assert result.exit_code == 1 and "no quotes by 'Nobody'" in result.output
    assert not (tmp_path / "x.html").exists()
    result = CliRunner().invoke(main, ["view", "--out", str(tmp_path / "y.html"),
                                       "--store", str(tmp_path / "missing.json")])
    assert result.exit_code == 1 and "no quotes yet" in result.output


def _crowded_graph(speakers: int = 60, subjects: int = 60):
    """Speaker i says i+1 things, each about subjects 0..i%subjects: many speakers, many subjects."""
    from quotegraph.graph.build import build_graph
    from quotegraph.ingest.records import Article, ArticleRecord, Attribution, Entity, Speaker

    atts, ents = [], [Entity(f"Subject {j}", "Organization") for j in range(subjects)]
    for i in range(speakers):
        ents.append(Entity(f"Speaker {i}", "Person"))
        for k in range(i % 7 + 1):
            start = 1000 * i + 10 * k
            atts.append(Attribution(article="crowd", quote=f"statement {i}-{k}", start=start, end=start + 5,
                                    kind="indirect", cue="said", cue_start=None, cue_end=None,
                                    speaker=Speaker(f"Speaker {i}"), about=[f"Subject {(i + k) % subjects}"]))
    return build_graph([ArticleRecord(Article(id="crowd", text="x" * 100_000), atts, ents)])


def test_large_graph_summary_is_top_speakers_by_top_subjects():
    drawn, title = view_graph(_crowded_graph())
    people = [d for _, d in drawn.nodes(data=True) if d["label"] == S.PERSON]
    assert drawn.graph["kind"] == "summary" and title.endswith("who talks about whom")
    assert 0 < len(people) <= 20 and drawn.number_of_nodes() <= 40
    most_quoted = max(people, key=lambda d: d["said"])["said"]
    assert most_quoted == 7  # the speakers with the most statements are the ones kept
    assert "20 most quoted of 60 speakers" in drawn.graph["note"]


def test_answers_between_drawn_statements_are_drawn(tmp_path):
    """The seed as extracted: the State Department's answers to the Russian government are RESPONDS_TO edges
    in the drawing, labelled with their stance."""
    from quotegraph.graph.build import build_graph
    from quotegraph.ingest.boilerplate import content_end
    from quotegraph.ingest.pipeline import extract, load_pipeline
    from quotegraph.ingest.records import Article
    from tests.support import SEED_TEXT

    text = SEED_TEXT.read_text(encoding="utf-8")
    record = next(extract(load_pipeline(), [Article(id="seed", text=text)], analyse_end=content_end))
    drawn, _ = view_graph(build_graph([record]))
    answers = [d for _, _, d in drawn.edges(data=True) if d.get("type") == S.RESPONDS_TO]
    assert answers and all(d.get("stance") for d in answers)
    page = render_html(drawn, tmp_path / "seed.html").read_text(encoding="utf-8")
    assert S.RESPONDS_TO in page
