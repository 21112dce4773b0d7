"""The timeline view in a real browser: headless Chromium opens a speaker's timeline offline and photographs it.

Writes docs/img/timeline.png (the picture in the README): Matthew Miller's statements in the seed article's
gold record (with its acts and responses), published as four articles on four dates.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from quotegraph.graph.build import build_graph
from quotegraph.graph.timeline import render_timeline, timeline_points
from tests.browser.offline import needs_chromium, offline_page, playwright_or_none
from tests.graph.gold_acts import gold_record_with_acts
from tests.support import REPO

pytestmark = pytest.mark.browser

SCREENSHOT = REPO / "docs" / "img" / "timeline.png"
VIEWPORT = {"width": 1200, "height": 330}
DATES = ("2024-06-24", "2024-06-30", "2024-07-15", "2024-09-02")
REGRET = "Quote:crimea-atacms-retaliation:1432-1459"


@pytest.fixture()
def timeline_page(gold, seed_text, tmp_path) -> Path:
    ids = ["crimea-atacms-retaliation"] + [f"crimea-follow-up-{n}" for n in range(1, len(DATES))]
    graph = build_graph([gold_record_with_acts(gold, seed_text, article_id=i, published=d) for i, d in zip(ids, DATES)])
    points = timeline_points(graph, "Miller")
    assert [p["date"] for p in points] == [d for d in DATES for _ in range(2)]
    return render_timeline(points, tmp_path / "timeline.html", title="Matthew Miller over time")


def test_timeline_points_filter_by_subject_and_keep_acts(gold, seed_text):
    graph = build_graph([gold_record_with_acts(gold, seed_text)])
    assert [(p["act"], p["about"]) for p in timeline_points(graph, "Putin", about="NATO")] == [("claim", ["NATO", "Russia"])]
    regret = next(p for p in timeline_points(graph, "Matthew Miller") if p["id"] == REGRET)
    assert regret["act"] == "regret" and regret["answers"][0].startswith("addresses Russian government:")
    assert timeline_points(graph, "Putin", about="Crimea") == []


@needs_chromium
def test_timeline_screenshot(timeline_page):
    if playwright_or_none() is None:
        pytest.skip("the timeline test needs Playwright for Python")
    with offline_page(timeline_page, VIEWPORT) as page:
        page.wait_for_selector("body[data-ready=true]", timeout=30_000)
        assert page.locator("circle.point").count() == 8
        assert page.inner_text("#qg-legend").split()[:3] == ["speech", "act", "state"]
        page.hover(f'circle[data-id="{REGRET}"]')
        tip = page.wait_for_selector("#qg-tip", state="visible", timeout=5_000).inner_text()
        assert "regret over civilian losses" in tip and "regret" in tip and "2024-06-24" in tip
        assert "addresses Russian government" in tip
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 10_000
