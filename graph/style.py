"""How each label looks, in every picture quotegraph makes.

The Neo4j Browser style (queries/browser/quotegraph.grass) and the HTML view
both take their colours and captions from here, so a Person is the same blue
everywhere.
"""
from __future__ import annotations

from . import schema as S
from .talks import TALKS_ABOUT

# label -> (fill colour, border colour, text colour, caption property)
LABEL_STYLE: dict[str, tuple[str, str, str, str]] = {
    S.PERSON: ("#4C8EDA", "#2870C2", "#FFFFFF", "name"),
    S.ORGANIZATION: ("#F79767", "#F36924", "#FFFFFF", "name"),
    S.PLACE: ("#57C7E3", "#23B3D7", "#2A2C34", "name"),
    S.EVENT: ("#F16667", "#EB2728", "#FFFFFF", "name"),
    S.QUOTE: ("#FFE081", "#9AA1AC", "#2A2C34", "text"),  # the Browser caption is a short text
    S.ARTICLE: ("#C990C0", "#B261A5", "#FFFFFF", "title"),
}

# relationship type -> colour
RELATIONSHIP_COLOUR: dict[str, str] = {
    S.SAID: "#2870C2",
    S.ABOUT: "#A5ABB6",
    S.AFFILIATED_WITH: "#F36924",
    S.REPORTED_IN: "#C990C0",
    S.LOCATED_IN: "#23B3D7",
    S.MENTIONS: "#D9DCE1",
    S.RESPONDS_TO: "#DA4C4C",
    TALKS_ABOUT: "#6F9BD1",  # derived (graph/talks.py): a lighter SAID
}

# act -> colour (the timeline view; one hue per family: blame and denial red/purple, judgement green/orange, ...)
ACT_COLOUR: dict[str, str] = {
    "state": "#A5ABB6", "claim": "#4C8EDA", "accuse": "#D62728", "deny": "#9467BD", "clarify": "#17BECF",
    "warn": "#FF7F0E", "promise": "#2CA02C", "regret": "#8C564B", "demand": "#E377C2", "praise": "#98DF8A",
    "criticize": "#FF9896", "question": "#BCBD22", "predict": "#1F77B4", "announce": "#F7B6D2", "agree": "#6B8E23",
}

