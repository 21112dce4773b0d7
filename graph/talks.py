"""Who talks about whom, kept: ``(speaker)-[:TALKS_ABOUT {statements}]->(subject)`` in both engines.

In: a Cypher runner inside a write transaction (the embedded store's or a Neo4j transaction's) and what a
change touched. Out: TALKS_ABOUT relationships equal to what the graph counts, one per speaker node and
subject node that at least one statement joins::

    MATCH (s)-[:SAID]->(q:Quote)-[:ABOUT]->(x) RETURN s, x, count(q) AS statements

Why: ``talks-about`` is that aggregate over every statement, 3.4 s at 100,000 articles on either engine.
Kept as relationships it is a read of one relationship type (on Neo4j in index order of ``statements``), and
Neo4j Browser draws it. Like the name index it is derived, outside :mod:`.schema`: exports, GraphML and the
networkx graph leave it out; ``quotegraph load`` builds it in Neo4j (or the neo4j-admin import carries it).

How it stays exact, in the same transaction as the change:

* a batch written into the store adds its new quotes' pairs, counted in the batch graph
  (:func:`new_quote_pairs`: a new quote's SAID and ABOUT are all in its batch);
* a speaker whose statements may have changed otherwise (an article written again, a name the resolver
  moved, a speaker an old node became) is counted again from the graph (:func:`refresh`);
* a node the resolver deletes takes its TALKS_ABOUT with it (``DETACH DELETE``).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable

from . import schema as S

if TYPE_CHECKING:
    import networkx as nx

TALKS_ABOUT = "TALKS_ABOUT"
SPEAKERS: tuple[str, ...] = S.RELATIONSHIPS[S.SAID][0]
SUBJECTS: tuple[str, ...] = S.RELATIONSHIPS[S.ABOUT][1]

Node = tuple[str, str]  # (label, key)
Pairs = Counter  # (speaker label, speaker key, subject label, subject key) -> statements
Runner = Callable[[str, dict], list]  # one statement with parameters, inside a transaction; its rows as lists


@dataclass(frozen=True)
class Dialect:
    """What differs between the engines here: how a node's label is read, and whether ``UNWIND $keys`` before
    an expanding MATCH is cheap (Neo4j: a seek per row) or not (LadybugDB joins whole tables: a run per key)."""

    label: str  # a node's label as an expression of the variable, e.g. "label({})"
    one_key_at_a_time: bool


EMBEDDED = Dialect(label="label({})", one_key_at_a_time=True)
NEO4J = Dialect(label="head(labels({}))", one_key_at_a_time=False)


def schema() -> list[str]:
    """The embedded store's DDL: one relationship table from each speaker label to each subject label."""
    pairs = ", ".join(f"FROM {a} TO {b}" for a in SPEAKERS for b in SUBJECTS)
    return [f"CREATE REL TABLE IF NOT EXISTS {TALKS_ABOUT}({pairs}, statements INT64)"]


def build_statements(in_transactions: bool = False) -> list[str]:
    """Count every pair anew (an empty store or database, or one written before TALKS_ABOUT existed): one
    statement per (speaker label, subject label). ``in_transactions``: Neo4j commits every 10,000 rows."""
    out = []
    for a in SPEAKERS:
        for b in SUBJECTS:
            create = f"CREATE (s)-[:{TALKS_ABOUT} {{statements: n}}]->(x)"
            if in_transactions:
                create = f"CALL (s, x, n) {{ {create} }} IN TRANSACTIONS OF 10000 ROWS"
            out.append(f"MATCH (s:{a})-[:{S.SAID}]->(q:{S.QUOTE})-[:{S.ABOUT}]->(x:{b}) "
                       f"WITH s, x, count(q) AS n {create}")
    return out


def new_quote_pairs(graph: "nx.MultiDiGraph", quotes: Iterable[str]) -> Pairs:
    """The pairs the quotes (node ids of ``graph``) add: each speaker with each subject, once per quote."""
    pairs: Pairs = Counter()
    for q in quotes:
        speakers = {_node(graph, u) for u, _, d in graph.in_edges(q, data=True) if d["type"] == S.SAID}
        subjects = {_node(graph, v) for _, v, d in graph.out_edges(q, data=True) if d["type"] == S.ABOUT}
        for s in speakers:
            for x in subjects:
                pairs[(*s, *x)] += 1
    return pairs


def _node(graph: "nx.MultiDiGraph", node_id: str) -> Node:
    return graph.nodes[node_id]["label"], graph.nodes[node_id][S.KEY]


def speakers_of_articles(run: Runner, articles: Iterable[str], dialect: Dialect) -> set[Node]:
    """The stored speakers of the articles' quotes."""
    found: set[Node] = set()
    for label in SPEAKERS:
        match = (f"MATCH (:{S.ARTICLE} {{{S.KEY}: $k}})<-[:{S.REPORTED_IN}]-(:{S.QUOTE})<-[:{S.SAID}]-(s:{label}) "
                 f"RETURN DISTINCT s.{S.KEY}")
        found |= {(label, row[0]) for row in _per_keys(run, match, sorted(set(articles)), dialect)}
    return found


def refresh(run: Runner, speakers: Iterable[Node], dialect: Dialect) -> None:
    """Count the speakers' pairs again from their statements and write what differs from the kept ones."""
    wanted: dict[str, list[str]] = {}
    for label, key in sorted(set(speakers)):
        if label in SPEAKERS:
            wanted.setdefault(label, []).append(key)
    change: Pairs = Counter()
    for label, keys in wanted.items():
        counted = (f"MATCH (s:{label} {{{S.KEY}: $k}})-[:{S.SAID}]->(q:{S.QUOTE})-[:{S.ABOUT}]->(x) "
                   f"RETURN s.{S.KEY}, {dialect.label.format('x')}, x.{S.KEY}, count(q)")
        kept = (f"MATCH (s:{label} {{{S.KEY}: $k}})-[t:{TALKS_ABOUT}]->(x) "
                f"RETURN s.{S.KEY}, {dialect.label.format('x')}, x.{S.KEY}, t.statements")
        for key, xl, xk, n in _per_keys(run, counted, keys, dialect):
            change[(label, key, xl, xk)] += n
        for key, xl, xk, n in _per_keys(run, kept, keys, dialect):
            change[(label, key, xl, xk)] -= n
    apply(run, change)


def apply(run: Runner, change: Pairs) -> None:
    """Add ``change`` to the kept counts: a pair created at its first statement, deleted at its last."""
    groups: dict[tuple[str, str, bool], list[dict]] = {}
    for (sl, sk, xl, xk), n in sorted(change.items()):
        if n:
            groups.setdefault((sl, xl, n > 0), []).append({"s": sk, "x": xk, "n": n})
    for (sl, xl, more), rows in groups.items():
        if sl not in SPEAKERS or xl not in SUBJECTS:  # labels come from the graph: only the schema's go in text
            raise ValueError(f"not a speaker and a subject: {sl!r}, {xl!r}")
        if more:
            run(f"UNWIND $rows AS row MATCH (s:{sl} {{{S.KEY}: row.s}}) MATCH (x:{xl} {{{S.KEY}: row.x}}) "
                f"MERGE (s)-[t:{TALKS_ABOUT}]->(x) ON CREATE SET t.statements = row.n "
                f"ON MATCH SET t.statements = t.statements + row.n", {"rows": rows})
        else:
            run(f"UNWIND $rows AS row MATCH (s:{sl} {{{S.KEY}: row.s}})-[t:{TALKS_ABOUT}]->(x:{xl} {{{S.KEY}: row.x}}) "
                f"SET t.statements = t.statements + row.n WITH t WHERE t.statements <= 0 DELETE t", {"rows": rows})


def _per_keys(run: Runner, match: str, keys: list[str], dialect: Dialect) -> list[list]:
    """Rows of ``match`` (a key lookup of ``$k``) for each key: a run per key, or UNWIND in chunks."""
    if dialect.one_key_at_a_time:  # a primary-key lookup needs the parameter itself in the pattern
        return [row for key in keys for row in run(match, {"k": key})]
    unwound = f"UNWIND $keys AS k {match.replace('$k', 'k')}"
    return [row for start in range(0, len(keys), 1000) for row in run(unwound, {"keys": keys[start:start + 1000]})]


def counted_everywhere(run: Runner, dialect: Dialect) -> Pairs:
    """Every pair as the graph counts it now (for checks: it must equal :func:`kept_everywhere`)."""
    rows = run(f"MATCH (s)-[:{S.SAID}]->(q:{S.QUOTE})-[:{S.ABOUT}]->(x) RETURN {dialect.label.format('s')}, "
               f"s.{S.KEY}, {dialect.label.format('x')}, x.{S.KEY}, count(q)", {})
    return Counter({tuple(row[:4]): row[4] for row in rows})


def kept_everywhere(run: Runner, dialect: Dialect) -> Pairs:
    """Every kept TALKS_ABOUT pair with its count."""
    rows = run(f"MATCH (s)-[t:{TALKS_ABOUT}]->(x) RETURN {dialect.label.format('s')}, s.{S.KEY}, "
               f"{dialect.label.format('x')}, x.{S.KEY}, t.statements", {})
    return Counter({tuple(row[:4]): row[4] for row in rows})
