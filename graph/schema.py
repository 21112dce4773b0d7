"""The one schema of the quotegraph property graph: labels, relationship types, keys.

Every other module (builder, stores, Neo4j loader, Browser style, HTML view)
takes its labels and relationship types from here, never from text, so a
name in an article can never become a label or a relationship type.

Nodes (label: key property, other properties)::

    Article       key = article id; id, title, url, published, source
    Person        key = normalised canonical name; name, aliases, kind (person|unnamed|group)
    Organization  key = normalised canonical name; name, aliases
    Place         key = normalised canonical name; name, aliases
    Event         key = normalised name; name, aliases, place, date
    Quote         key = "<article id>:<start>-<end>"; text, kind, cue, act, start, end, article, published, speaker

Relationships::

    (Person|Organization)-[:SAID {published}]->(Quote)
    (Quote)-[:ABOUT {published}]->(Person|Organization|Place|Event)
    (Quote)-[:REPORTED_IN]->(Article)
    (Person)-[:AFFILIATED_WITH {role}]->(Organization|Place)   # a country is the institution of a President
    (Event)-[:LOCATED_IN]->(Place)
    (Article)-[:MENTIONS {written}]->(Person|Organization|Place|Event)  # written: "Person:trump", see graph/resolve.py
    (Quote)-[:RESPONDS_TO {stance}]->(Quote)                    # stance: disputes | supports | addresses

``SAID`` and ``ABOUT`` carry their quote's ``published`` (:data:`QUOTE_COPIES`): the
embedded store then finds the newest (or oldest) statements of a speaker or
about a subject from the relationships alone (queries/ranked.py). In Neo4j they
also carry their speaker's or subject's key (:data:`NAME_COPIES`) and SAID its
quote's act, indexed with the date (:data:`ORDERED_INDEXES`).

A Quote's ``act`` is one of :data:`ACTS` (docs/speech-acts.md), "" when the
extractor gave none; a store written before acts existed is upgraded when it
opens (:func:`quotegraph.graph.store.upgrade_schema`).

In networkx (a ``MultiDiGraph``) a node's id is ``"<Label>:<key>"`` with
attributes ``label`` and ``key``; an edge's attribute ``type`` is its
relationship type and its multigraph key makes re-adding it a no-op.
"""
from __future__ import annotations

ARTICLE, PERSON, ORGANIZATION, PLACE, EVENT, QUOTE = (
    "Article", "Person", "Organization", "Place", "Event", "Quote")

NODE_LABELS: tuple[str, ...] = (ARTICLE, PERSON, ORGANIZATION, PLACE, EVENT, QUOTE)
ENTITY_LABELS: tuple[str, ...] = (PERSON, ORGANIZATION, PLACE, EVENT)
SPEAKER_LABELS: tuple[str, ...] = (PERSON, ORGANIZATION)

# Every label is keyed by the property "key" (unique per label; a Neo4j constraint backs it).
KEY = "key"

SAID, ABOUT, REPORTED_IN, AFFILIATED_WITH, LOCATED_IN, MENTIONS, RESPONDS_TO = (
    "SAID", "ABOUT", "REPORTED_IN", "AFFILIATED_WITH", "LOCATED_IN", "MENTIONS", "RESPONDS_TO")

# What a statement does (a Quote's ``act``) and how a response relates to what it answers (``stance``).
ACTS: tuple[str, ...] = ("state", "claim", "accuse", "deny", "clarify", "warn", "promise", "regret", "demand",
                         "praise", "criticize", "question", "predict", "announce", "agree")
STANCES: tuple[str, ...] = ("disputes", "supports", "addresses")

# relationship type -> (allowed start labels, allowed end labels)
RELATIONSHIPS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    SAID: (SPEAKER_LABELS, (QUOTE,)),
    ABOUT: ((QUOTE,), ENTITY_LABELS),
    REPORTED_IN: ((QUOTE,), (ARTICLE,)),
    AFFILIATED_WITH: ((PERSON,), (ORGANIZATION, PLACE)),
    LOCATED_IN: ((EVENT,), (PLACE,)),
    MENTIONS: ((ARTICLE,), ENTITY_LABELS),
    RESPONDS_TO: ((QUOTE,), (QUOTE,)),
}


# The properties of each label and relationship type, with their types in the embedded database
# (LadybugDB: a table per label, typed columns). ``key`` is every node table's primary key.
# ``id``: the entity's id in a user's authority file (``--entities``), e.g. a Wikidata QID.
_NAMED = {"name": "STRING", "aliases": "STRING[]", "id": "STRING"}
PROPERTIES: dict[str, dict[str, str]] = {
    ARTICLE: {"id": "STRING", "title": "STRING", "url": "STRING", "published": "STRING", "source": "STRING"},
    PERSON: {**_NAMED, "kind": "STRING"},
    ORGANIZATION: dict(_NAMED),
    PLACE: dict(_NAMED),
    EVENT: {**_NAMED, "place": "STRING", "date": "STRING"},
    QUOTE: {"text": "STRING", "kind": "STRING", "cue": "STRING", "act": "STRING", "start": "INT64", "end": "INT64",
            "article": "STRING", "published": "STRING", "speaker": "STRING", "speaker_mention": "STRING"},
}
RELATIONSHIP_PROPERTIES: dict[str, dict[str, str]] = {AFFILIATED_WITH: {"role": "STRING"},
                                                      RESPONDS_TO: {"stance": "STRING"},
                                                      MENTIONS: {"written": "STRING"},
                                                      SAID: {"published": "STRING"},
                                                      ABOUT: {"published": "STRING"}}
# Relationship properties that are copies of their quote's: a page of statements in date order is then read from
# a speaker's or a subject's relationships, not from every quote of theirs (ms instead of 50 at 100,000 articles).
QUOTE_COPIES: dict[str, tuple[str, ...]] = {SAID: ("published",), ABOUT: ("published",)}


# Neo4j only: SAID and ABOUT also carry the key of their speaker / subject (the end that is not the quote), under a
# range index on (that key, published): a page of a busy name's statements in date order is then read in the index's
# order (queries/ranked.py ``indexed``), not sorted from all of them (ms instead of 30 at 100,000 articles). The
# embedded store keeps no such copy: LadybugDB has no relationship indexes.
NAME_COPIES: dict[str, str] = {SAID: "speaker_key", ABOUT: "subject_key"}
# Neo4j only, too: SAID carries its quote's act, so acts reads a speaker's statements in act order from an index.
NEO4J_QUOTE_COPIES: dict[str, tuple[str, ...]] = {SAID: ("act",)}
# Neo4j's range indexes that give one name's statements in order: index name -> (relationship type, properties).
ORDERED_INDEXES: dict[str, tuple[str, tuple[str, ...]]] = {
    "said_by_date": (SAID, (NAME_COPIES[SAID], "published")),
    "about_by_date": (ABOUT, (NAME_COPIES[ABOUT], "published")),
    "said_by_act": (SAID, (NAME_COPIES[SAID], "act")),
}


def quote_end(rel_type: str) -> str:
    """Which end of a :data:`QUOTE_COPIES` relationship is the quote: "start" (ABOUT) or "end" (SAID)."""
    return "start" if RELATIONSHIPS[rel_type][0] == (QUOTE,) else "end"


def quote_pattern(rel_type: str, named: str = "", quote: str = "q", rel: str = "r") -> str:
    """One SAID or ABOUT as a Cypher pattern, its named end (speaker or subject) and its quote given as the node
    texts: ``(n)-[r:SAID]->(q)``, ``(q)-[r:ABOUT]->(n)``."""
    start, end = (named, quote) if quote_end(rel_type) == "end" else (quote, named)
    return f"({start})-[{rel}:{rel_type}]->({end})"


def quote_copies(rel_type: str, quote: dict) -> dict:
    """The properties a ``rel_type`` relationship copies from its quote (its attributes ``quote``); {} for others."""
    return {prop: quote.get(prop) for prop in QUOTE_COPIES.get(rel_type, ())}


def neo4j_quote_copies(rel_type: str) -> tuple[str, ...]:
    """The properties a ``rel_type`` relationship copies from its quote in Neo4j (:data:`QUOTE_COPIES` and
    :data:`NEO4J_QUOTE_COPIES`)."""
    return QUOTE_COPIES.get(rel_type, ()) + NEO4J_QUOTE_COPIES.get(rel_type, ())


def neo4j_copy_values(rel_type: str, named: str = "n", quote: str = "q") -> dict[str, str]:
    """Each copy a ``rel_type`` relationship carries in Neo4j as a Cypher expression of its named end's variable and
    its quote's: ``{"speaker_key": "n.key", "published": "q.published", "act": "q.act"}`` for SAID."""
    return {NAME_COPIES[rel_type]: f"{named}.{KEY}", **{p: f"{quote}.{p}" for p in neo4j_quote_copies(rel_type)}}


def neo4j_copies(rel_type: str, start: dict, end: dict) -> dict:
    """The copies a ``rel_type`` relationship between nodes ``start`` and ``end`` (their attributes) carries in
    Neo4j: its speaker's or subject's key (:data:`NAME_COPIES`) and its quote's properties; {} for other types."""
    if rel_type not in NAME_COPIES:
        return {}
    named, quote = (start, end) if quote_end(rel_type) == "end" else (end, start)
    return {NAME_COPIES[rel_type]: named[KEY], **{p: quote.get(p) for p in neo4j_quote_copies(rel_type)}}


def node_id(label: str, key: str) -> str:
    """The networkx node id of the node with this label and key."""
    if label not in NODE_LABELS:
        raise ValueError(f"not a quotegraph label: {label!r}")
    return f"{label}:{key}"


def check_relationship(rel_type: str, start_label: str, end_label: str) -> None:
    """Raise ValueError unless the schema allows ``(start)-[rel_type]->(end)``."""
    try:
        starts, ends = RELATIONSHIPS[rel_type]
    except KeyError:
        raise ValueError(f"not a quotegraph relationship type: {rel_type!r}") from None
    if start_label not in starts or end_label not in ends:
        raise ValueError(f"schema has no ({start_label})-[:{rel_type}]->({end_label})")
