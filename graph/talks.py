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

* a quote is in one article, so the pairs are the sum of the articles' pairs, and a change to some
  articles changes the counts by their pairs after it less their pairs before it (:func:`around_change`);
* a batch written into the store adds its new articles' pairs, counted in the batch graph
  (:func:`batch_quotes`: a new article's quotes are all in its batch), and reads the pairs of the articles
  it writes again before and after; the name resolver reads the pairs of the articles whose names it
  moves before and after the moves, except for the batch just written: those it counts, its moves
  applied (:func:`pairs_of`);
* a Neo4j load, whose batches commit one by one, counts its speakers again whole (:func:`refresh`);
* a node the resolver deletes takes its TALKS_ABOUT with it (``DETACH DELETE``).

The embedded store also keeps the heaviest pairs as rows of their own (:data:`TOP`, :func:`keep_top`): the
first pages of talks-about are read from them (queries/top.py) instead of from all 442,000 pairs, which
LadybugDB can only scan (40 ms at 100,000 articles, twice a page).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable, Mapping, Optional, Sequence

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
    keeps_top: bool = False  # the heaviest pairs kept as rows too (:data:`TOP`; Neo4j reads an index instead)


EMBEDDED = Dialect(label="label({})", one_key_at_a_time=True, keeps_top=True)
NEO4J = Dialect(label="head(labels({}))", one_key_at_a_time=False)

# The embedded store's heaviest pairs, a row each (key: speaker label, key, subject label, key, tab-separated):
# every pair with at least as many statements as the least of them (so the rows rank exactly as their pairs do),
# at least TOP_PAIRS of them when the graph has that many, trimmed back to TOP_PAIRS when they pass TOP_MOST.
TOP = "TalkTop"
TOP_COLUMNS: tuple[str, ...] = ("speaker_label", "speaker", "subject_label", "subject", "statements")
TOP_PAIRS = 1_000  # ten pages of a hundred; a page further on is read from TALKS_ABOUT itself
TOP_MOST = 4 * TOP_PAIRS


def schema() -> list[str]:
    """The embedded store's DDL: one relationship table from each speaker label to each subject label, and the
    table of the heaviest pairs."""
    pairs = ", ".join(f"FROM {a} TO {b}" for a in SPEAKERS for b in SUBJECTS)
    return [f"CREATE REL TABLE IF NOT EXISTS {TALKS_ABOUT}({pairs}, statements INT64)",
            f"CREATE NODE TABLE IF NOT EXISTS {TOP}(key STRING PRIMARY KEY, speaker_label STRING, speaker STRING, "
            f"subject_label STRING, subject STRING, statements INT64)"]


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


QuoteEnds = tuple[frozenset, frozenset]  # one quote's speakers and subjects, each a set of (label, key)


def batch_quotes(graph: "nx.MultiDiGraph", articles: Iterable[str]) -> dict[str, list[QuoteEnds]]:
    """The ends of each of the articles' quotes in a batch graph (a new article's quotes are all in its batch,
    with every SAID and ABOUT): article key -> one (speakers, subjects) per quote."""
    out: dict[str, list[QuoteEnds]] = {article: [] for article in articles}
    for quote, label in graph.nodes(data="label"):
        if label != S.QUOTE:
            continue
        ends = {S.SAID: set(), S.ABOUT: set(), S.REPORTED_IN: set()}
        for neighbours in (graph.pred[quote], graph.succ[quote]):
            for node, edges in neighbours.items():
                for data in edges.values():
                    ends.get(data["type"], set()).add(_node(graph, node))
        for _, article in ends[S.REPORTED_IN]:  # by REPORTED_IN, as article_pairs reads the store
            if article in out:
                out[article].append((frozenset(ends[S.SAID]), frozenset(ends[S.ABOUT])))
    return out


def pairs_of(quotes: Iterable[QuoteEnds], moved: Optional[Mapping[Node, Node]] = None) -> Pairs:
    """The pairs quotes make, each end first moved as ``moved`` says (the resolver's moves in their article:
    a quote keeps one SAID and one ABOUT per node, as its MERGE does)."""
    moved = moved or {}
    pairs: Pairs = Counter()
    for speakers, subjects in quotes:
        for s in {moved.get(node, node) for node in speakers}:
            for x in {moved.get(node, node) for node in subjects}:
                pairs[(*s, *x)] += 1
    return pairs


def _node(graph: "nx.MultiDiGraph", node_id: str) -> Node:
    return graph.nodes[node_id]["label"], graph.nodes[node_id][S.KEY]


def article_pairs(run: Runner, articles: Iterable[str], dialect: Dialect) -> Pairs:
    """The pairs the stored articles' quotes make (a quote is in one article, so the graph's pairs are the sum
    of its articles')."""
    match = (f"MATCH (:{S.ARTICLE} {{{S.KEY}: $k}})<-[:{S.REPORTED_IN}]-(q:{S.QUOTE})<-[:{S.SAID}]-(s) "
             f"MATCH (q)-[:{S.ABOUT}]->(x) RETURN {dialect.label.format('s')}, s.{S.KEY}, "
             f"{dialect.label.format('x')}, x.{S.KEY}, count(q)")
    return _summed(_per_keys(run, match, sorted(set(articles)), dialect))


def _summed(rows: Iterable[Sequence]) -> Pairs:
    """Rows of (speaker label, speaker key, subject label, subject key, count) as pairs, counts summed."""
    pairs: Pairs = Counter()
    for *pair, n in rows:
        pairs[tuple(pair)] += n
    return pairs


Step = Callable[[Runner], None]


def around_change(articles: Iterable[str], dialect: Dialect, known: Optional[Mapping[str, list[QuoteEnds]]] = None,
                  moved: Optional[Mapping[str, Mapping[Node, Node]]] = None) -> tuple[Step, Callable[..., None]]:
    """Two steps of one transaction around a change to the articles' quotes (a batch written again, the name
    resolver's moves): ``before`` reads their pairs, ``after`` reads them again and writes the difference,
    plus ``added`` (pairs of quotes it does not read). ``known``: the quotes of articles the caller has just
    written (its batch), and ``moved``: article -> old node -> new node, the moves the change makes in them;
    their pairs before and after are counted here instead of read."""
    articles, known, moved = sorted(set(articles)), known or {}, moved or {}
    unknown = [a for a in articles if a not in known]
    counted = [a for a in articles if a in known]
    read: Pairs = Counter()  # the pairs before the change, filled by ``before``

    def before(run: Runner) -> None:
        read.update(article_pairs(run, unknown, dialect))
        for article in counted:
            read.update(pairs_of(known[article]))

    def after(run: Runner, added: Optional[Pairs] = None) -> None:
        change = article_pairs(run, unknown, dialect)
        for article in counted:
            change.update(pairs_of(known[article], moved.get(article)))
        change.update(added or Counter())
        change.subtract(read)
        apply(run, change, top=dialect.keeps_top)

    return before, after


def refresh(run: Runner, speakers: Iterable[Node], dialect: Dialect) -> None:
    """Count the speakers' pairs again from their statements and write what differs from the kept ones (a Neo4j
    load: its batches commit one by one, so the rerun of a load that died counts its speakers whole)."""
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


def apply(run: Runner, change: Pairs, top: bool = False) -> None:
    """Add ``change`` to the kept counts: a pair created at its first statement, deleted at its last; with
    ``top``, the heaviest pairs' rows follow (:func:`keep_top`)."""
    floor = top_floor(run) if top else None
    grown = _apply_counts(run, change, floor)
    if top:
        keep_top(run, change, grown, floor)


def _apply_counts(run: Runner, change: Pairs, floor: Optional[int] = None) -> Pairs:
    """Add ``change`` to TALKS_ABOUT; the grown pairs that count ``floor`` or more now, with their counts."""
    grown: Pairs = Counter()
    groups: dict[tuple[str, str, bool], list[dict]] = {}
    for (sl, sk, xl, xk), n in sorted(change.items()):
        if n:
            groups.setdefault((sl, xl, n > 0), []).append({"s": sk, "x": xk, "n": n})
    for (sl, xl, more), rows in groups.items():
        if sl not in SPEAKERS or xl not in SUBJECTS:  # labels come from the graph: only the schema's go in text
            raise ValueError(f"not a speaker and a subject: {sl!r}, {xl!r}")
        if more:
            merge = (f"UNWIND $rows AS row MATCH (s:{sl} {{{S.KEY}: row.s}}) MATCH (x:{xl} {{{S.KEY}: row.x}}) "
                     f"MERGE (s)-[t:{TALKS_ABOUT}]->(x) ON CREATE SET t.statements = row.n "
                     f"ON MATCH SET t.statements = t.statements + row.n")
            if floor is None:
                run(merge, {"rows": rows})
                continue
            counted = run(merge + " WITH row, t WHERE t.statements >= $floor RETURN row.s, row.x, t.statements",
                          {"rows": rows, "floor": floor})
            grown.update({(sl, sk, xl, xk): n for sk, xk, n in counted})
        else:
            run(f"UNWIND $rows AS row MATCH (s:{sl} {{{S.KEY}: row.s}})-[t:{TALKS_ABOUT}]->(x:{xl} {{{S.KEY}: row.x}}) "
                f"SET t.statements = t.statements + row.n WITH t WHERE t.statements <= 0 DELETE t", {"rows": rows})
    return grown


def top_key(pair: Sequence[str]) -> str:
    """The :data:`TOP` row key of a (speaker label, speaker key, subject label, subject key) pair."""
    return "\t".join(pair)


def top_floor(run: Runner) -> Optional[int]:
    """The least count from which :data:`TOP` holds every pair (read before a change), or None when it holds too
    few of them (a store that shrank, or one written before it existed): then it is built again after the change."""
    rows, least = run(f"MATCH (k:{TOP}) RETURN count(k), min(k.statements)", {})[0]
    if rows >= TOP_PAIRS // 2:
        return least
    pairs = run(f"MATCH ()-[t:{TALKS_ABOUT}]->() RETURN count(t)", {})[0][0]  # a small graph: a small scan
    return 1 if pairs == rows else None


def keep_top(run: Runner, change: Pairs, grown: Pairs, floor: Optional[int]) -> None:
    """Bring the :data:`TOP` rows up to date after ``change`` (``grown``: the grown pairs at ``floor`` or above,
    with what they count now; ``floor``: :func:`top_floor` before the change). A grown pair below the floor was
    below it before too, so it has no row; a shrunk pair's row, if it has one, counted it exactly."""
    if floor is None:
        build_top(run)
        return
    shrunk = {top_key(pair): pair for pair, n in change.items() if n < 0}
    # UNWIND into a primary-key lookup is one index probe per key (unlike UNWIND into an expanding MATCH)
    stored = run(f"UNWIND $keys AS key MATCH (k:{TOP} {{key: key}}) RETURN k.key, k.statements",
                 {"keys": sorted(shrunk)}) if shrunk else []
    now = {**grown, **{shrunk[key]: n + change[shrunk[key]] for key, n in stored}}
    _put_top(run, {pair: n for pair, n in now.items() if n >= max(floor, 1)})
    dropped = [top_key(pair) for pair, n in sorted(now.items()) if n < max(floor, 1)]
    if dropped:
        run(f"UNWIND $keys AS key MATCH (k:{TOP} {{key: key}}) DELETE k", {"keys": dropped})
    _trim_top(run)


def _put_top(run: Runner, pairs: Pairs) -> None:
    """Write these pairs' :data:`TOP` rows with their counts (new rows, or counts changed)."""
    rows = [dict(zip(("key", *TOP_COLUMNS), (top_key(pair), *pair, n))) for pair, n in sorted(pairs.items())]
    if rows:
        run(f"UNWIND $rows AS row MERGE (k:{TOP} {{key: row.key}}) SET "
            + ", ".join(f"k.{c} = row.{c}" for c in TOP_COLUMNS), {"rows": rows})


def _trim_top(run: Runner) -> None:
    """Back to the TOP_PAIRS heaviest pairs (and every tie of the last) once the rows pass TOP_MOST."""
    if run(f"MATCH (k:{TOP}) RETURN count(k)", {})[0][0] > TOP_MOST:
        least = run(f"MATCH (k:{TOP}) RETURN k.statements ORDER BY k.statements DESC SKIP {TOP_PAIRS - 1} LIMIT 1",
                    {})[0][0]
        run(f"MATCH (k:{TOP}) WHERE k.statements < $least DELETE k", {"least": least})


def build_top(run: Runner) -> None:
    """Fill :data:`TOP` anew from TALKS_ABOUT: the TOP_PAIRS heaviest pairs and every tie of the last."""
    run(f"MATCH (k:{TOP}) DELETE k", {})
    least = run(f"MATCH ()-[t:{TALKS_ABOUT}]->() RETURN t.statements ORDER BY t.statements DESC "
                f"SKIP {TOP_PAIRS - 1} LIMIT 1", {})
    heaviest = [[a, s, b, x, n] for a in SPEAKERS for b in SUBJECTS
                for s, x, n in run(f"MATCH (s:{a})-[t:{TALKS_ABOUT}]->(x:{b}) WHERE t.statements >= $least "
                                   f"RETURN s.{S.KEY}, x.{S.KEY}, t.statements", {"least": least[0][0] if least else 1})]
    _put_top(run, _summed(heaviest))


def kept_top(run: Runner) -> Pairs:
    """Every :data:`TOP` row as a pair with its count (for checks: the heaviest of :func:`kept_everywhere`)."""
    return _summed(run(f"MATCH (k:{TOP}) RETURN " + ", ".join(f"k.{c}" for c in TOP_COLUMNS), {}))


def _per_keys(run: Runner, match: str, keys: list[str], dialect: Dialect) -> list[list]:
    """Rows of ``match`` (a key lookup of ``$k``) for each key: a run per key, or UNWIND in chunks."""
    if dialect.one_key_at_a_time:  # a primary-key lookup needs the parameter itself in the pattern
        return [row for key in keys for row in run(match, {"k": key})]
    unwound = f"UNWIND $keys AS k {match.replace('$k', 'k')}"
    return [row for start in range(0, len(keys), 1000) for row in run(unwound, {"keys": keys[start:start + 1000]})]


def counted_everywhere(run: Runner, dialect: Dialect) -> Pairs:
    """Every pair as the graph counts it now (for checks: it must equal :func:`kept_everywhere`)."""
    return _summed(run(f"MATCH (s)-[:{S.SAID}]->(q:{S.QUOTE})-[:{S.ABOUT}]->(x) RETURN {dialect.label.format('s')}, "
                       f"s.{S.KEY}, {dialect.label.format('x')}, x.{S.KEY}, count(q)", {}))


def kept_everywhere(run: Runner, dialect: Dialect) -> Pairs:
    """Every kept TALKS_ABOUT pair with its count."""
    return _summed(run(f"MATCH (s)-[t:{TALKS_ABOUT}]->(x) RETURN {dialect.label.format('s')}, s.{S.KEY}, "
                       f"{dialect.label.format('x')}, x.{S.KEY}, t.statements", {}))
