"""Neo4j Browser, for real: headless Chromium drives the Browser served by the test server.

It connects over Bolt, opens the quotegraph guide with ``:play`` (served with
CORS from queries/browser, host ``localhost`` as the server's remote-content
whitelist allows), applies the quotegraph style by clicking the guide's
``:style`` block, asks "who said what about Ukraine" as paths, waits for the
graph to be drawn in the quotegraph colours and saves a screenshot to
docs/img/neo4j-browser-said-about-ukraine.png.

Needs /usr/bin/chromium (apt-get install chromium) and Playwright for Python
(pip install playwright; no ``playwright install``: the Debian Chromium is used).
"""
from __future__ import annotations

import os
import shutil
import threading

import pytest

from quotegraph.graph import schema as S
from quotegraph.queries.browser import GUIDE_PARAMETERS, graph_cypher, make_server, param_lines
from quotegraph.graph.neo4j_load import load_graph
from quotegraph.graph.style import LABEL_STYLE
from quotegraph.queries.embedded import run_embedded
from quotegraph.queries.library import bind_names, get_query, list_queries
from tests.neo4j_server import ensure_running, neo4j_server  # noqa: F401 - fixture
from tests.support import REPO

pytestmark = [pytest.mark.browser, pytest.mark.neo4j]

CHROMIUM = os.environ.get("QUOTEGRAPH_CHROMIUM", "/usr/bin/chromium")
SCREENSHOT = REPO / "docs" / "img" / "neo4j-browser-said-about-ukraine.png"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SAID_ABOUT = get_query("said-about")
SAID_ABOUT_PATHS = graph_cypher(SAID_ABOUT)  # the guide's "as a graph" block


@pytest.fixture(scope="module")
def chromium():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.fail(f"{CHROMIUM} not found: apt-get install -y chromium (or set QUOTEGRAPH_CHROMIUM)", pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright for Python is missing: pip install playwright (no 'playwright install' needed)",
                    pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture()
def guide_url():
    server = make_server(port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{server.server_address[1]}/guide.html"
    server.shutdown()
    server.server_close()


@pytest.fixture()
def gold_in_neo4j(neo4j_server, gold_graph):
    ensure_running(neo4j_server)
    neo4j_server.clear()
    with neo4j_server.driver() as driver:
        load_graph(gold_graph, driver)
    return gold_graph


def run(page, command: str) -> None:
    """Type a command into Browser's main editor and run it."""
    page.locator('[data-testid="activeEditor"] textarea').first.click()
    page.keyboard.insert_text(command)
    page.click('[data-testid="editor-Run"]')


def test_who_said_what_about_ukraine_is_drawn(chromium, neo4j_server, gold_in_neo4j, guide_url):
    assert GUIDE_PARAMETERS["said-about"] == {"name": "Ukraine"}
    keys = bind_names(SAID_ABOUT.cypher, {"name": "Ukraine"}, lambda lookup, values: [
        row[0] for row in run_embedded(gold_in_neo4j, lookup, values).rows])
    expected = run_embedded(gold_in_neo4j, SAID_ABOUT_PATHS.rsplit("RETURN", 1)[0] + "RETURN s.name AS s, q.key AS q",
                            keys)
    expected_nodes = len({r[0] for r in expected.rows}) + len({r[1] for r in expected.rows}) + 1
    assert expected.rows

    page = chromium.new_page(viewport={"width": 1400, "height": 900})
    try:
        page.goto(f"{neo4j_server.http_url}/browser/", wait_until="networkidle", timeout=60_000)
        page.select_option('[data-testid="bolt-scheme-select"]', "bolt://")
        page.fill('[data-testid="boltaddress"]', f"127.0.0.1:{neo4j_server.bolt_port}")
        page.fill('[data-testid="username"]', "neo4j")
        page.fill('[data-testid="password"]', neo4j_server.password)
        page.click('[data-testid="connect"]')
        page.wait_for_selector("text=You are connected as user", timeout=30_000)

        # the guide: one slide per named query plus the intro; its :style block applies the colours
        run(page, f":play {guide_url}")
        page.wait_for_selector("text=quotegraph: who said what about whom", timeout=30_000)
        assert f"1 / {len(list_queries()) + 1}" in page.inner_text("body")
        page.locator("pre.runnable", has_text=":style node").first.click()
        page.click('[data-testid="editor-Run"]')
        page.wait_for_selector('[data-testid="styleResetButton"]', timeout=30_000)

        for line in param_lines(SAID_ABOUT):  # the guide's :param block: the keys "Ukraine" names
            run(page, line)  # evaluated on the server: wait until Browser has the value
            page.wait_for_selector("text=Successfully set your parameters", timeout=30_000)
            page.wait_for_timeout(500)
        run(page, SAID_ABOUT_PATHS)
        frame = page.locator('[data-testid="frame"]', has_text="RETURN path").first
        nodes = frame.locator("svg g.node")
        nodes.first.wait_for(timeout=30_000)
        page.wait_for_timeout(3000)  # let the force layout settle before the picture
        assert nodes.count() == expected_nodes
        fills = {f.upper() for f in frame.locator("svg g.node circle").evaluate_all(
            "cs => cs.map(c => c.getAttribute('fill')).filter(Boolean)")}
        for label in (S.PERSON, S.QUOTE, S.PLACE):
            assert LABEL_STYLE[label][0].upper() in fills, (label, fills)
        captions = " ".join(frame.locator("svg g.node text").all_text_contents())
        assert "Ukraine" in captions
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        frame.screenshot(path=str(SCREENSHOT))
    except Exception:
        page.screenshot(path=str(SCREENSHOT.with_name("failed-" + SCREENSHOT.name)))  # to see what went wrong
        raise
    finally:
        page.close()
    assert SCREENSHOT.stat().st_size > 10_000
