"""One name resolver for every command: a name as a user types it -> the keys of the nodes it means.

Named queries (``queries/*.cypher``), ``quotegraph view --about/--speaker`` and
the Neo4j Browser guide all find nodes the same way: the name is folded to
candidate keys as the graph builder folds names (:func:`candidate_keys`: as
typed, and each label's canonical name, so "US", "U.S." and "United States"
meet), then one lookup per label finds the keys that are in the graph:

* every kind matches a key exactly, and the nodes kept inside their
  articles under that name ("the campaign" finds ``campaign@<article>`` in
  each article, "Bob" every article's Bob): the key starts with the folded
  name and "@";
* people also match by surname ("Putin" or "Mr. Putin" finds ``vladimir
  putin``): the key ends with a space and the folded canonical name; and a
  first name alone finds everyone of that first name ("Hillary"): the key
  starts with it and a space, and is no description kept inside an article
  ("Twitter users@<article>" is nobody's first name "Twitter");
* a full name matches as the graph keys it: titles off, single middle
  initials off ("Donald J. Trump" is ``donald trump``), so do "US", "U.S." and
  "United States" through the gazetteer;
* events match by part of their key or of their name ("strike" finds the
  missile strike, whose key is ``attack on sevastopol``).

The lookup is Cypher (:func:`lookup_cypher`), run by whichever engine holds the
graph, on the ``key`` property alone, which the stores index. The queries then
match ``x.key IN $keys``.

Neo4j serves the STARTS WITH / ENDS WITH / CONTAINS of the lookup from text
indexes. The embedded database has only its primary-key index, so it files
each node under the whole values those conditions test (:func:`index_words`:
"~putin" for ``vladimir putin``, "@campaign" for ``campaign@<article>``) in a
table of its own, and :func:`indexed_lookup_statement` finds them by key:
the same keys as :func:`lookup_statement`, without reading every node.

When aliases get keys of their own (an ``alias_keys`` property or alias
nodes), they join the lookup here and nowhere else.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Mapping

from . import schema as S
from .keys import entity_name, normalise

_IN_ARTICLE = "@"  # a key kept inside its article: "<folded name>@<article id>" (graph/keys.py scoped_key)


@dataclass(frozen=True)
class NameKind:
    """What a name may mean: nodes of these labels; people by surname too; events by part of the name."""

    labels: tuple[str, ...]
    surname: bool = False
    contains: bool = False


KINDS: dict[str, NameKind] = {
    "entity": NameKind(S.ENTITY_LABELS, surname=True),
    "speaker": NameKind(S.SPEAKER_LABELS, surname=True),
    "organization": NameKind((S.ORGANIZATION, S.PLACE)),
    "event": NameKind((S.EVENT,), contains=True),
}

# Run a lookup statement with its parameters; the ``key`` column of each row.
Runner = Callable[[str, Mapping[str, object]], Iterable[str]]


def kind_of(kind: str) -> NameKind:
    """The :class:`NameKind` called ``kind`` (ValueError naming the known ones)."""
    try:
        return KINDS[kind]
    except KeyError:
        raise ValueError(f"no name kind {kind!r}; known: {', '.join(KINDS)}") from None


def candidate_keys(text: str, labels: Iterable[str] = S.ENTITY_LABELS) -> list[str]:
    """The keys a name may have: as typed, and as each label's canonical name ("US" -> "united states")."""
    keys = {normalise(text)} | {normalise(entity_name(text, label)) for label in labels}
    return sorted(k for k in keys if k)


def lookup_parameters(text: str, kind: str) -> dict:
    """The parameters of :func:`lookup_cypher` for ``text``: ``keys``, ``scoped``, ``suffix``, ``prefix``, ``part``, ``raw``."""
    folded = normalise(text)
    person = normalise(entity_name(text, S.PERSON))
    one_word = person and " " not in person
    return {"keys": candidate_keys(text, kind_of(kind).labels),
            "scoped": folded + "@" if folded else "\0",
            "suffix": " " + person if person else "\0",
            "prefix": person + " " if one_word else "\0",
            "part": folded or "\0", "raw": text.strip() or "\0"}


def _conditions(kind: NameKind, label: str) -> list[str]:
    conditions = ["n.key IN $keys", "n.key STARTS WITH $scoped"]
    if kind.surname and label == S.PERSON:
        conditions += ["n.key ENDS WITH $suffix", f"(n.key STARTS WITH $prefix AND NOT n.key CONTAINS '{_IN_ARTICLE}')"]
    if kind.contains or label == S.EVENT:  # an event is found by part of its name whatever the question
        conditions += ["n.key CONTAINS $part", "n.name CONTAINS $raw"]
    return conditions


def lookup_cypher(kind: str, label: str) -> str:
    """The lookup of the ``label`` nodes a name of ``kind`` means; returns a ``key`` column."""
    rule = kind_of(kind)
    if label not in rule.labels:
        raise ValueError(f"a {kind} name is never a {label}")
    return f"MATCH (n:{label}) WHERE {' OR '.join(_conditions(rule, label))} RETURN n.key AS key"


def lookup_statement(kind: str) -> str:
    """Every label's lookup for a name of ``kind`` as one statement (UNION: one round trip to a server)."""
    return "\nUNION\n".join(lookup_cypher(kind, label) for label in kind_of(kind).labels)


def key_matches(label: str, key: str, params: Mapping[str, object], kind: str, name: str = "") -> bool:
    """:func:`lookup_cypher`'s condition for one node in Python (for graphs held in memory)."""
    rule = kind_of(kind)
    if label not in rule.labels:
        return False
    if key in params["keys"] or key.startswith(str(params["scoped"])):
        return True
    if rule.surname and label == S.PERSON and (key.endswith(str(params["suffix"])) or
                                               key.startswith(str(params["prefix"])) and _IN_ARTICLE not in key):
        return True
    return (rule.contains or label == S.EVENT) and (str(params["part"]) in key or str(params["raw"]) in (name or ""))


# The embedded store's name index: (:NameWord {word})-[:NAMES]->(node), one word per value a lookup tests.
NAME_WORD, NAMES = "NameWord", "NAMES"
INDEXED_LABELS: tuple[str, ...] = (S.PERSON, S.ORGANIZATION, S.PLACE)  # events keep their CONTAINS scan
_SCOPED, _SURNAME, _FIRST = "@", "~", "^"


def index_words(label: str, key: str) -> set[str]:
    """The words the name index files a node under: exactly what :func:`lookup_cypher` tests, as whole values.

    ``key STARTS WITH $scoped`` ("campaign@") holds when the key's part before one of its "@" is the folded
    name: "@campaign". For people, ``ENDS WITH $suffix`` (" putin") when a part after a space is the name:
    "~putin" (not for keys kept inside an article: no folded name has an "@", see :func:`indexed_lookup`);
    ``STARTS WITH $prefix`` ("hillary ") when the part before the first space is the one-word name: "^hillary".
    """
    if label not in INDEXED_LABELS:
        return set()
    words = {_SCOPED + key[:at] for at, char in enumerate(key) if char == "@"}
    if label == S.PERSON and " " in key and _IN_ARTICLE not in key:  # a name, not a description kept in an article
        words.add(_FIRST + key.split(" ", 1)[0])
        words |= {_SURNAME + key[space + 1:] for space, char in enumerate(key) if char == " "}
    return words


# The index words a lookup tests, each its own parameter: a primary-key lookup takes one value (a list of them,
# UNWIND, makes the database join the whole relationship table: 300 ms at 100,000 articles against 0.1 ms).
_WORD_PARAMETERS = {_SCOPED: "scoped_word", _SURNAME: "surname_word", _FIRST: "first_word"}


def _indexed_cypher(kind: str, label: str) -> str:
    if label not in INDEXED_LABELS:
        return lookup_cypher(kind, label).replace(" AS key", " AS key, label(n) AS label")
    found = f"RETURN n.{S.KEY} AS key, label(n) AS label"
    slots = [_SCOPED] + ([_SURNAME, _FIRST] if kind_of(kind).surname and label == S.PERSON else [])
    # a store indexed before descriptions kept in an article lost their first word still files them under it
    unfiled = {_FIRST: f"WHERE NOT n.{S.KEY} CONTAINS '{_IN_ARTICLE}' "}
    return "\nUNION\n".join([f"UNWIND $keys AS k MATCH (n:{label} {{{S.KEY}: k}}) {found}"] + [
        f"MATCH (:{NAME_WORD} {{word: ${_WORD_PARAMETERS[slot]}}})-[:{NAMES}]->(n:{label}) {unfiled.get(slot, '')}{found}"
        for slot in slots])


def indexed_lookup_statement(kind: str) -> str:
    """:func:`lookup_statement` through the name index (embedded store): columns ``key`` and ``label``."""
    return "\nUNION\n".join(_indexed_cypher(kind, label) for label in kind_of(kind).labels)


def indexed_lookup_parameters(text: str, kind: str) -> dict:
    """:func:`lookup_parameters` plus the index words of its ``scoped``, ``suffix`` and ``prefix`` ("" for none)."""
    params = lookup_parameters(text, kind)
    words = {_SCOPED: _SCOPED + str(params["scoped"])[:-1], _SURNAME: _SURNAME + str(params["suffix"])[1:],
             _FIRST: _FIRST + str(params["prefix"])[:-1]}
    return {**params, **{_WORD_PARAMETERS[slot]: word if len(word) > 1 and "\0" not in word else ""
                         for slot, word in words.items()}}


def indexed_lookup(text: str, kind: str) -> tuple[str, dict]:
    """The statement and parameters that find ``text``'s keys on a store with the name index; a name with an
    "@" (never folded from a name, so never filed) falls back to :func:`lookup_statement`."""
    if "@" in text:
        return lookup_statement(kind), lookup_parameters(text, kind)
    return indexed_lookup_statement(kind), indexed_lookup_parameters(text, kind)


def resolve(text: str, kind: str, run: Runner, indexed: bool = False) -> list[str]:
    """The keys in the graph that ``text`` names, as one sorted list (``run`` executes each lookup).

    ``indexed``: the graph is an embedded store with the name index (:func:`indexed_lookup`).
    """
    statement, params = (indexed_lookup(text, kind) if indexed
                         else (lookup_statement(kind), lookup_parameters(text, kind)))
    return sorted(set(run(statement, params)))
