"""The committed Neo4j Browser files are what queries/browser.py generates from the one style."""
from __future__ import annotations

import re
import urllib.request

from quotegraph.graph import schema as S
from quotegraph.queries.browser import GRASS_FILE, GUIDE_FILE, grass, guide, make_server, style_command
from quotegraph.graph.style import LABEL_STYLE, RELATIONSHIP_COLOUR
from quotegraph.queries.library import list_queries


def test_committed_grass_is_the_generated_one():
    assert GRASS_FILE.read_text(encoding="utf-8") == grass(), \
        "queries/browser/quotegraph.grass is stale: python -m quotegraph.queries.browser write"


def test_committed_guide_is_the_generated_one():
    assert GUIDE_FILE.read_text(encoding="utf-8") == guide(), \
        "queries/browser/guide.html is stale: python -m quotegraph.queries.browser write"


def test_grass_has_each_label_in_its_style_colours_and_caption():
    text = grass()
    for label in S.NODE_LABELS:
        fill, border, colour, caption = LABEL_STYLE[label]
        rule = re.search(r"node\." + label + r" \{(.*?)\n\}", text, re.S).group(1)
        assert f"color: {fill};" in rule and f"border-color: {border};" in rule
        assert f"text-color-internal: {colour};" in rule and f'caption: "{{{caption}}}";' in rule
    for rel_type, colour in RELATIONSHIP_COLOUR.items():
        assert re.search(r"relationship\." + rel_type + r" \{\s*color: " + colour + ";", text)
    assert style_command().startswith(":style node {") and "\n" not in style_command()


def test_guide_has_a_slide_per_query_with_runnable_blocks_and_params():
    text = guide()
    assert text.count("<slide") == len(list_queries()) + 1
    for query in list_queries():
        assert f"<h3>{query.name}</h3>" in text
        names = {name.param: name for name in query.names}
        for param in query.params:
            target = names[param].target if param in names else param
            assert f":param {target} =&gt; " in text
    assert text.count('<pre class="code runnable">') >= 2 * len(list_queries())
    assert "<script" not in text


def test_guide_server_sends_cors_headers_for_the_browser():
    server = make_server(port=0)
    import threading
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/guide.html"
        request = urllib.request.Request(url, method="OPTIONS", headers={
            "Origin": "http://127.0.0.1:7474", "Access-Control-Request-Headers": "pragma,cache-control,sentry-trace"})
        with urllib.request.urlopen(request) as response:
            assert response.headers["Access-Control-Allow-Origin"] == "*"
            assert "sentry-trace" in response.headers["Access-Control-Allow-Headers"]
        with urllib.request.urlopen(url) as response:
            assert response.read().decode("utf-8") == GUIDE_FILE.read_text(encoding="utf-8")
    finally:
        server.shutdown()
        server.server_close()


def test_guide_blocks_come_from_the_query_files():
    """No copy of a query's MATCH lives in browser.py: the graph block is the file's MATCH and WHERE."""
    from quotegraph.queries.browser import graph_cypher

    for query in list_queries():
        lines = [line for line in query.cypher.splitlines() if line.startswith(("MATCH ", "WHERE "))]
        drawn = graph_cypher(query).splitlines()
        assert drawn[0] == "MATCH path = " + lines[0][len("MATCH "):]
        assert drawn[1:-1] == lines[1:] and drawn[-1].startswith("RETURN path")
