"""Find where a scraped plain-text article ends and the page's leftovers begin.

Pages saved as text often end with a comment form ("Please enter your
comment!"), link lists ("Must Read", "Related", "Read more") and share prompts.
Those lines name people and carry quotation marks, so extraction must not see
them. :func:`content_end` returns the length of the prefix worth analysing;
offsets into the text as read stay valid because only the tail is dropped.
"""
from __future__ import annotations

import re

# Lines that open a run of page furniture: everything from the first such line on is dropped.
_TAIL_MARKERS = re.compile(
    r"""^\s*(
        please\s+enter\s+your\s+(comment|name|email)
      | leave\s+a\s+(reply|comment)
      | (post\s+a\s+)?comments?\s*(\(\d+\))?\s*:?$
      | (must|also)\s+read
      | read\s+(more|next|also)\b
      | related(\s+(articles?|stories|posts|news|coverage))?\s*:?$
      | (more|latest|trending|top)\s+(stories|news|from\b.*)\s*:?$
      | (you\s+may|you\s+might)\s+also\s+like
      | recommended(\s+for\s+you)?\s*:?$
      | share\s+(this|on)\b
      | (follow\s+us|subscribe)\b.*$
      | sign\s+up\s+for\s+(our\s+)?newsletter
      | advertisement\s*$
      | copyright\s+©?
      | ©\s*\d{4}
    )""",
    re.IGNORECASE | re.VERBOSE,
)

# Only look for furniture in the last part of the text: a marker near the top
# ("Read more about the vote below") is more likely prose than page chrome.
_TAIL_FRACTION = 0.5


def content_end(text: str) -> int:
    """Length of the article proper: the offset where trailing page leftovers begin.

    In: the article text as read. Out: an index ``n`` such that ``text[:n]`` is
    the part to analyse (``len(text)`` when nothing looks like leftovers).
    """
    if not text:
        return 0
    floor = int(len(text) * (1 - _TAIL_FRACTION))
    offset = 0
    for line in text.splitlines(keepends=True):
        if offset >= floor and _TAIL_MARKERS.match(line.strip()):
            return len(text[:offset].rstrip())
        offset += len(line)
    return len(text)
