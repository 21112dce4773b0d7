"""Dropping a scraped page's leftovers at the end of a plain-text article."""
from __future__ import annotations

import pytest

from quotegraph.ingest.boilerplate import content_end

BODY = "Headline\n\n" + "The minister said the plan would work, and officials agreed with her. " * 6


@pytest.mark.parametrize("tail", [
    "\n\nPlease enter your comment!\nPlease enter your name here\n\nMust Read\n\nPM calls out PTI for ‘propaganda’",
    "\n\nRelated articles\nSome other story\n",
    "\n\nRead more: another story\n",
    "\n\nLeave a Reply\nYour email address will not be published.",
    "\n\nShare this:\nFacebook\nTwitter",
    "\n\n© 2024 Example News. All rights reserved.",
])
def test_trailing_leftovers_are_dropped(tail):
    text = BODY + tail
    assert content_end(text) == len(BODY.rstrip())


@pytest.mark.parametrize("text", [
    BODY,
    "Read more about the vote below, the senator said.\n" + BODY,  # a marker near the top is prose
    "",
])
def test_articles_without_leftovers_are_kept_whole(text):
    assert content_end(text) == len(text)


def test_seed_ends_before_the_comment_form(seed_text):
    end = content_end(seed_text)
    assert seed_text[:end].endswith("reflecting the Kremlin’s perception of escalating threats.")
    assert "Must Read" not in seed_text[:end]
