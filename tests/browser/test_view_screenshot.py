"""The HTML view in a real browser: headless Chromium opens the extracted seed graph offline and photographs it.

Writes docs/img/seed-graph.png (the picture in the docs). Needs Chromium
(Debian: ``apt-get install chromium``); Playwright for Python drives it when
installed, else the ``chromium --headless --screenshot`` command line does.
"""
from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest

from quotegraph.graph.view import render_html, view_graph
from tests.browser.offline import CHROMIUM, needs_chromium, offline_page, playwright_or_none
from tests.support import REPO

pytestmark = pytest.mark.browser

SCREENSHOT = REPO / "docs" / "img" / "seed-graph.png"
VIEWPORT = {"width": 1600, "height": 1000}


@pytest.fixture()
def seed_page(tmp_path) -> Path:
    """The seed as users get it: `quotegraph ingest seeds/` with the real pipeline, then `quotegraph view`."""
    from quotegraph.api import ingest
    from quotegraph.graph.store import load_graph

    store = tmp_path / "seed.lbug"
    ingest([REPO / "seeds"], store=store)
    drawn, title = view_graph(load_graph(store))
    return render_html(drawn, tmp_path / "seed-graph.html", title=title + " in the seed article")


@needs_chromium
def test_seed_graph_screenshot(seed_page):
    if playwright_or_none() is None:
        return _screenshot_with_the_command_line(seed_page)
    # The page must need nothing but itself: any request for something else fails the test.
    with offline_page(seed_page, VIEWPORT) as page:
        # The page marks itself once the physics has settled and been switched off.
        page.wait_for_selector("body[data-stabilized=true]", timeout=60_000)
        boxes = page.evaluate("""() => {
            const n = window.qgNetwork;
            return Object.fromEntries(n.body.nodeIndices.map(id => [id, n.getBoundingBox(id)]));
        }""")
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT))

        # No pile of nodes: no two nodes (shape and caption) overlap.
        ids = sorted(boxes)
        overlapping = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1:] if _overlap(boxes[a], boxes[b])]
        assert len(overlapping) <= 1, overlapping

        # Hovering a quote shows its full text, speaker and cue.
        quote = "Quote:crimea-atacms-retaliation:786-905"
        x, y = page.evaluate("""(id) => {
            const n = window.qgNetwork, p = n.canvasToDOM(n.getPositions([id])[id]);
            const r = document.getElementById('qg-graph').getBoundingClientRect();
            return [p.x + r.left, p.y + r.top];
        }""", quote)
        page.mouse.move(x - 40, y - 40)
        page.mouse.move(x, y, steps=5)
        tooltip = page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
        text = tooltip.inner_text()
        assert "why their governments are killing Russian children" in text
        assert "Dmitry Peskov" in text and "stating" in text and "crimea-atacms-retaliation" in text
        legend = page.inner_text("#qg-legend")
        assert all(label in legend for label in ("Person", "Organization", "Place", "Event", "Quote"))
        assert "All quotes" in page.inner_text("#qg-header")
    assert SCREENSHOT.stat().st_size > 20_000


def _overlap(a: dict, b: dict, margin: float = 2.0) -> bool:
    return (a["left"] + margin < b["right"] and b["left"] + margin < a["right"]
            and a["top"] + margin < b["bottom"] and b["top"] + margin < a["bottom"])


def _screenshot_with_the_command_line(page: Path) -> None:
    """Without Playwright: virtual time lets the layout settle before the DOM dump and the screenshot."""
    common = [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
              "--disable-background-networking", "--disable-component-update", "--disable-sync",
              f"--window-size={VIEWPORT['width']},{VIEWPORT['height']}", "--virtual-time-budget=15000"]
    with tempfile.TemporaryDirectory() as profile:
        dom = subprocess.run(common + [f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
                             capture_output=True, text=True, timeout=120)
    assert 'data-stabilized="true"' in dom.stdout, dom.stderr[-2000:]
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        shot = subprocess.run(common + [f"--user-data-dir={profile}", f"--screenshot={SCREENSHOT}", page.as_uri()],
                              capture_output=True, text=True, timeout=120)
    assert shot.returncode == 0 and SCREENSHOT.exists(), shot.stderr[-2000:]
