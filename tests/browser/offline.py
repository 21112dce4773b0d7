"""Opening a page of ours in headless Chromium with nothing but itself: shared by the screenshot tests.

:func:`offline_page` yields a Playwright page on a local HTML file; any request for something other than a
``file:`` URL is refused and recorded, and so are page errors and console errors; leaving the block asserts
there were none.
"""
from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest


def _chromium() -> str | None:
    for candidate in (os.environ.get("QUOTEGRAPH_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    return None


CHROMIUM = _chromium()
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium (apt-get install chromium)")


def playwright_or_none():
    """Playwright's ``sync_playwright``, or None when Playwright for Python is not installed."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    return sync_playwright


@contextmanager
def offline_page(path: Path, viewport: dict) -> Iterator:
    """A page showing ``path`` (loaded, not yet settled); network requests and errors fail the test on exit."""
    requests, errors = [], []
    with playwright_or_none()() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport=viewport)
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
            page.route("**/*", lambda route: (requests.append(route.request.url), route.abort())
                       if not route.request.url.startswith("file:") else route.continue_())
            page.goto(path.as_uri())
            yield page
        finally:
            browser.close()
    assert not requests, f"the page asked the network for {requests}"
    assert not errors, errors
