"""Who a bare name is, across articles: one node per person, whatever order the articles came in.

Within an article the ingest stage already links "Putin" to "President Vladimir
Putin". What is left is the article that never gives the full name: a bare
"Trump", an "Obama", a "Sanders" that NER typed as an organization. The graph
builder writes such a name where it cannot be wrong (a Person only this
article's, ``trump@<article>``, or the Organization NER said), and marks the
article's ``MENTIONS`` edge with what the article wrote: ``written =
"Person:trump"`` (the ``written`` property). This module then decides, from the whole graph, which node
each marked mention belongs on, and moves the article's edges there (its
``MENTIONS``, the ``SAID`` of its quotes, their ``ABOUT``):

* a bare word joins the one named person with that surname
  (:func:`choose_person`), or, when several share it, the one whose first
  name the article also uses ("Hillary"), or the one the corpus names in at
  least 90% of the articles that name any of them (Donald Trump among the
  Trumps); otherwise it stays the article's own ("a wrong merge is worse than
  a split");
* an Organization whose name is a named person's ("Bernie Sanders" typed ORG)
  or a surname that joins one becomes that Person: one label per entity;
* a bare Person word that names no person but an Organization in the graph
  ("Politifact") becomes that Organization.

The decision depends only on the set of articles in the graph, never on their
order, and every mention is decided again when the names it depends on
change: so ingesting A then B gives the graph B then A gives, and a later
article that makes an earlier bare name clear re-keys it (automatically, at
the end of each ``ingest`` batch and ``load``; ``quotegraph resolve`` redoes
the whole graph). A merge that a later article makes doubtful is undone the
same way. A role stated only beside a bare name (``AFFILIATED_WITH`` of the
article's own node) does not move: a merge that a later article undid could
not take it back, and the graph would then depend on the order.

The moves run through :class:`Ops`: :class:`NetworkxOps` for graphs in memory,
:class:`CypherOps` for the embedded database and Neo4j (the same Cypher).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterable, Optional

from quotegraph.ingest.aliases import load_data

from . import schema as S
from . import talks as talks_module
from .keys import normalise, scoped_key

# A dominant name needs this share of the articles that name any person with the surname, and this many.
DOMINANT_SHARE = 0.9
DOMINANT_ARTICLES = 3


def written_of(label: str, key: str) -> str:
    """The ``MENTIONS.written`` value of a name an article wrote: "Person:trump"."""
    return f"{label}:{key}"


def split_written(written: str) -> tuple[str, str]:
    """A ``MENTIONS.written`` value, "<Label>:<key as written>", as (label, key)."""
    label, _, key = written.partition(":")
    return label, key


def person_keys(context: Iterable[str]) -> set[str]:
    """The keys an article's ``written`` values give to people."""
    return {key for label, key in map(split_written, context) if label == S.PERSON}


@dataclass(frozen=True)
class Mention:
    """One article's use of a name that may belong on another node: ``local`` is "<Label>:<key as written>"."""

    article: str
    local: str
    label: str  # the label of the node it sits on now
    key: str  # the key of the node it sits on now

    @property
    def local_label(self) -> str:
        return split_written(self.local)[0]

    @property
    def local_key(self) -> str:
        return split_written(self.local)[1]


@dataclass
class Directory:
    """The named people (first and last name) and the organizations of the graph, with how many articles name them."""

    people: dict[str, int] = field(default_factory=dict)  # full person key -> articles naming them in full
    organizations: set[str] = field(default_factory=set)  # keys some article wrote as an Organization
    by_surname: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    longer: dict[str, str] = field(default_factory=dict)  # "hillary rodham clinton" -> "hillary clinton"

    def add_person(self, key: str, articles: int) -> None:
        if "@" in key or len(key.split()) < 2:
            return
        self.people[key] = self.people.get(key, 0) + articles
        if key not in self.by_surname[key.split()[-1]]:
            self.by_surname[key.split()[-1]].append(key)

    def fold_middle_names(self) -> "Directory":
        """A name with a middle name is the two-word name it shares first and last name with, when that is the only one.

        "Hillary Rodham Clinton" joins "Hillary Clinton"; "John Paul Smith" and
        "John Henry Smith" both stay themselves: something says otherwise.
        """
        short_of: dict[str, list[str]] = defaultdict(list)
        for key in self.people:
            words = key.split()
            if len(words) >= 3 and all(len(w) > 2 for w in words[1:-1]):  # "hw" in "george hw bush" was initials
                short_of[f"{words[0]} {words[-1]}"].append(key)
        for short, longs in short_of.items():
            if short in self.people and len(longs) == 1:
                self.longer[longs[0]] = short
                self.people[short] += self.people.pop(longs[0])
                self.by_surname[short.split()[-1]].remove(longs[0])
        return self


def scope_of(display: str, key: str, label: str) -> Optional[str]:
    """Why a name stays inside its article ("person" for a bare name, "group", "common") or None: it is shared.

    A Person of one word is a bare surname or first name ("Trump", "Bob") until
    :func:`resolve` finds who it is; a name ending in a group word is a group
    ("Hill Democrats"); an Organization written in lower case is a common noun
    ("the campaign", "police") that means another one in every article.
    """
    words = key.split()
    if not words:
        return None
    if label == S.PERSON and words[-1] in group_heads():
        return "group"
    if label == S.PERSON and len(words) == 1:
        return "person"
    if label == S.ORGANIZATION and display == display.lower():
        return "common"
    return None


@lru_cache(maxsize=1)
def group_heads() -> frozenset:
    """The words that end a name of a group of people (``ingest/data/entity_kinds.json``)."""
    return frozenset(load_data("entity_kinds.json")["group_heads"])


def is_bare(key: str) -> bool:
    """A name of one word: a surname or a first name alone."""
    return bool(key) and " " not in key.split("@", 1)[0]


def home_of(local: str, article: str) -> tuple[str, str]:
    """Where a mention sits when nothing resolves it: a bare Person is the article's own; others keep their key."""
    label, key = split_written(local)
    if label == S.PERSON and is_bare(key):
        return S.PERSON, scoped_key(article, key)
    return label, key


def choose_person(word: str, directory: Directory, context: Iterable[str] = ()) -> Optional[str]:
    """The full person key a bare ``word`` means in an article whose other mentions are ``context``, or None."""
    candidates = sorted(directory.by_surname.get(word, ()))
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    said = person_keys(context)
    for evidence in ([c for c in candidates if c in said],  # the article names one of them in full
                     [c for c in candidates if c.split()[0] in said]):  # or uses one's first name ("Hillary")
        if len(evidence) == 1:
            return evidence[0]
    counts = sorted(((directory.people[c], c) for c in candidates), reverse=True)
    total = sum(n for n, _ in counts)
    top, key = counts[0]
    if top >= DOMINANT_ARTICLES and top >= DOMINANT_SHARE * total:
        return key
    return None


def first_named(word: str, context: Iterable[str]) -> Optional[str]:
    """The one person the article names in full whose first name is ``word`` ("Bob" and "Bob Corker"), or None."""
    found = [key for key in person_keys(context) if " " in key and key.split()[0] == word]
    return found[0] if len(found) == 1 else None


def target_of(mention: Mention, directory: Directory, context: Iterable[str] = ()) -> tuple[str, str]:
    """(label, key) of the node a mention belongs on."""
    label, key = mention.local_label, directory.longer.get(mention.local_key, mention.local_key)
    if key in directory.people:
        return S.PERSON, key
    if is_bare(key):
        person = choose_person(key, directory, context) or first_named(key, context)
        if person:
            return S.PERSON, person
        if label == S.PERSON and key in directory.organizations:
            return S.ORGANIZATION, key
    return home_of(mention.local, mention.article)


def words_of(locals_: Iterable[str]) -> set[str]:
    """The surnames a set of mentions may depend on ("Person:donald trump" -> "trump")."""
    return {key.split()[-1] for _, key in map(split_written, locals_) if key}


def directory_of(ops: "Ops") -> Directory:
    """The directory every decision reads: the engine's people and organizations, middle names folded."""
    return ops.directory().fold_middle_names()


def decision(word: str, directory: Directory) -> tuple:
    """All a directory says that a mention of ``word`` is decided by: the people of that surname and the one
    that dominates them (if any), whether an article wrote it as an organization, the middle names folded."""
    return (tuple(sorted(directory.by_surname.get(word, ()))), choose_person(word, directory),
            word in directory.organizations,
            tuple(sorted((long, short) for long, short in directory.longer.items() if short.split()[-1] == word)))


def resolve(ops: "Ops", words: Optional[Iterable[str]] = None, articles: Optional[Iterable[str]] = None,
            before: Optional[Directory] = None) -> int:
    """Put every marked mention whose surname is in ``words`` (all when None) on its node; the moves made.

    ``articles`` and ``before``: the articles just written and the directory from before they were (it
    depends only on what articles wrote, so it is what every earlier mention was decided by). Then only
    their mentions are decided, plus the earlier mentions of the words whose :func:`decision` they
    changed; the others would come out as they are, and a batch costs its own size, not the graph's.
    """
    directory = directory_of(ops)
    wanted = None if words is None else set(words)
    mentions = mentions_to_decide(ops, directory, wanted, articles, before)
    # an article's other names decide between people who share a surname, and whose first name a bare word is
    contexts = ops.contexts({m.article for m in mentions
                             if len(directory.by_surname.get(m.local_key, ())) != 1 and is_bare(m.local_key)})
    moved = 0
    for mention in sorted(mentions, key=lambda m: (m.article, m.local)):
        target = target_of(mention, directory, contexts.get(mention.article, ()))
        if target != (mention.label, mention.key):
            ops.move(mention, *target)
            moved += 1
    ops.flush()
    return moved


def mentions_to_decide(ops: "Ops", directory: Directory, wanted: Optional[set[str]],
                       articles: Optional[Iterable[str]], before: Optional[Directory]) -> list[Mention]:
    """The mentions :func:`resolve` decides again (each once)."""
    if wanted is None or articles is None or before is None:
        return [m for m in ops.mentions(wanted, directory) if wanted is None or m.local_key.split()[-1] in wanted]
    changed = {w for w in wanted if decision(w, before) != decision(w, directory)}
    found = {m for m in ops.article_mentions(set(articles)) if m.local_key.split()[-1] in wanted}
    if changed:
        found |= {m for m in ops.mentions(changed, directory) if m.local_key.split()[-1] in changed}
    return list(found)


class Ops:  # pragma: no cover - an interface
    """What :func:`resolve` needs from a graph engine."""

    def directory(self) -> Directory:
        raise NotImplementedError

    def mentions(self, words: Optional[set[str]], directory: Optional[Directory] = None) -> list[Mention]:
        raise NotImplementedError

    def article_mentions(self, articles: set[str]) -> list[Mention]:
        """The marked mentions of these articles."""
        return [m for m in self.mentions(None) if m.article in articles]

    def contexts(self, articles: set[str]) -> dict[str, set[str]]:
        raise NotImplementedError

    def move(self, mention: Mention, label: str, key: str) -> None:
        raise NotImplementedError

    def flush(self) -> None:
        """Carry out the moves asked for so far (engines that batch them)."""


def _home_name(local: str, old_name: str, old_aliases: Iterable[str]) -> str:
    """The name a mention's node shows when it moves to a new node: what the article wrote, as written."""
    key = split_written(local)[1]
    for name in [old_name, *old_aliases]:
        if name and normalise(name) == key:
            return name
    return key.title()


class NetworkxOps(Ops):
    """:class:`Ops` on a quotegraph networkx graph (``graph.build``)."""

    def __init__(self, graph):
        self.graph = graph

    def _marked(self):
        for a, n, data in self.graph.edges(data=True):
            if data.get("type") == S.MENTIONS and data.get("written"):
                yield a, n, data["written"]

    def directory(self) -> Directory:
        directory = Directory()
        for _, node, written in self._marked():
            label, key = split_written(written)
            if self.graph.nodes[node]["label"] == S.PERSON and label == S.PERSON:
                directory.add_person(key, 1)
        directory.organizations = {key for label, key in (split_written(w) for _, _, w in self._marked())
                                   if label == S.ORGANIZATION}
        return directory

    def mentions(self, words: Optional[set[str]], directory: Optional[Directory] = None) -> list[Mention]:
        return [Mention(self.graph.nodes[a]["key"], written, self.graph.nodes[n]["label"], self.graph.nodes[n]["key"])
                for a, n, written in self._marked()]

    def contexts(self, articles: set[str]) -> dict[str, set[str]]:
        out: dict[str, set[str]] = defaultdict(set)
        for a, _, written in self._marked():
            if self.graph.nodes[a]["key"] in articles:
                out[self.graph.nodes[a]["key"]].add(written)
        return out

    def move(self, mention: Mention, label: str, key: str) -> None:
        graph = self.graph
        old, new = S.node_id(mention.label, mention.key), S.node_id(label, key)
        article = S.node_id(S.ARTICLE, mention.article)
        if new not in graph:
            name = _home_name(mention.local, graph.nodes[old].get("name", ""), graph.nodes[old].get("aliases", []))
            graph.add_node(new, label=label, key=key, name=name, aliases=[],
                           **({"kind": "person"} if label == S.PERSON else {}))
        for edge in self._article_edges(old, article, mention):
            if edge[3]["type"] == S.AFFILIATED_WITH:
                continue
            self._move_edge(edge, old, new)
        keeping = (S.MENTIONS,) if is_settled(mention, label, key) else _KEEPING
        if not any(d.get("type") in keeping for _, _, d in graph.in_edges(old, data=True)):
            graph.remove_node(old)

    def _article_edges(self, old: str, article: str, mention: Mention) -> list:
        """The edges of ``old`` that this mention brought: all of them when ``old`` is the article's own node."""
        graph, own = self.graph, "@" in mention.key
        edges = []
        for u, v, k, d in list(graph.in_edges(old, keys=True, data=True)) + list(graph.out_edges(old, keys=True, data=True)):
            other = v if u == old else u
            if own or (d["type"] == S.MENTIONS and other == article and d.get("written") == mention.local) or (
                    d["type"] in (S.SAID, S.ABOUT) and graph.nodes[other].get("article") == mention.article):
                edges.append((u, v, k, d))
        return edges

    def _move_edge(self, edge, old: str, new: str) -> None:
        from .build import add_edge_once

        graph = self.graph
        u, v, k, data = edge
        graph.remove_edge(u, v, key=k)
        u, v = (new if u == old else u), (new if v == old else v)
        try:
            S.check_relationship(data["type"], graph.nodes[u]["label"], graph.nodes[v]["label"])
        except ValueError:
            return  # (x)-[:AFFILIATED_WITH]->(an organization that turned out to be a person): no such edge
        add_edge_once(graph, u, v, **data)
        if data["type"] == S.SAID:
            graph.nodes[v]["speaker"] = graph.nodes[new].get("name")


# A node that is the end of one of these stays when its mentions move: an institution someone works for
# stays one even when its name turns out to be a person's ("Trump" in "a Trump spokesperson"), unless
# :func:`is_settled`.
_KEEPING = (S.MENTIONS, S.AFFILIATED_WITH)


def is_settled(mention: Mention, label: str, key: str) -> bool:
    """An organization named as a named person is ("Barack Obama" tagged ORG) is that person in every order:
    the node goes once no article mentions it, roles pointing at it with it (one label per entity)."""
    return mention.label != label and mention.local_key == key

# Runs one Cypher statement with parameters; the rows as lists.
CypherRunner = Callable[[str, dict], list]


def run_step(run: CypherRunner, step) -> None:
    """One step of a transaction: a (statement, parameters) pair, or a callable that runs its own with ``run``
    (it reads what the steps before it wrote)."""
    if callable(step):
        step(run)
    else:
        run(*step)


class CypherOps(Ops):
    """:class:`Ops` as Cypher, for the embedded database and Neo4j alike: every statement starts from a key.

    ``run`` runs one statement and returns its rows; ``run_all`` runs a list of steps in one
    transaction (the statements of one flush, each a (statement, parameters) pair or a callable,
    :func:`run_step`).
    """

    def __init__(self, run: CypherRunner, run_all: Optional[Callable[[list], None]] = None,
                 on_create: Callable[[set[tuple[str, str]]], list] = lambda new: [],
                 talks: Optional["talks_module.Dialect"] = None, known_quotes: Optional[dict] = None,
                 name_copies: bool = False):
        self.run = run
        self.run_all = run_all or (lambda steps: [run_step(run, step) for step in steps])
        self.on_create = on_create  # the statements that go with creating these (label, key) nodes (a name index)
        # the engine keeps TALKS_ABOUT (graph/talks.py): the moved articles' pairs are read before and after the
        # moves; known_quotes: article -> its quotes' ends, for the articles the caller has just written
        self.talks, self.known_quotes = talks, known_quotes or {}
        self.name_copies = name_copies  # the engine keeps SAID's and ABOUT's name copies (Neo4j: schema.NAME_COPIES)
        self.pending: list[tuple[Mention, str, str]] = []

    def directory(self) -> Directory:
        directory = Directory()
        # by what the articles wrote, not where a mention sits now: a move (a middle name folded) changes nothing
        rows = self.run(f"MATCH (:{S.ARTICLE})-[m:{S.MENTIONS}]->(:{S.PERSON}) WHERE m.written STARTS WITH "
                        f"'{S.PERSON}:' RETURN m.written, count(*)", {})
        for written, count in rows:
            directory.add_person(split_written(written)[1], count)
        for label in S.SPEAKER_LABELS:  # what articles wrote as organizations, wherever it sits now
            rows = self.run(f"MATCH (:{S.ARTICLE})-[m:{S.MENTIONS}]->(:{label}) "
                            f"WHERE m.written STARTS WITH '{S.ORGANIZATION}:' RETURN DISTINCT m.written", {})
            directory.organizations |= {split_written(w)[1] for (w,) in rows}
        return directory

    def mentions(self, words: Optional[set[str]], directory: Optional[Directory] = None) -> list[Mention]:
        if words is None:
            where, params = "m.written <> ''", {}
        else:
            full = [k for w in words for k in (directory.by_surname.get(w, ()) if directory else ())]
            full += [long for long, short in (directory.longer.items() if directory else ()) if short.split()[-1] in words]
            locals_ = [written_of(label, k) for k in [*words, *full] for label in S.SPEAKER_LABELS]
            where, params = "m.written IN $locals", {"locals": sorted(locals_)}
        out = []
        for label in S.SPEAKER_LABELS:
            rows = self.run(f"MATCH (a:{S.ARTICLE})-[m:{S.MENTIONS}]->(n:{label}) WHERE {where} "
                            f"RETURN a.{S.KEY}, m.written, n.{S.KEY}", params)
            out += [Mention(a, written, label, n) for a, written, n in rows]
        return out

    def article_mentions(self, articles: set[str]) -> list[Mention]:
        out = []
        for label in S.SPEAKER_LABELS:
            rows = self.run(f"UNWIND $articles AS k MATCH (a:{S.ARTICLE} {{{S.KEY}: k}})-[m:{S.MENTIONS}]->(n:{label}) "
                            f"WHERE m.written <> '' RETURN a.{S.KEY}, m.written, n.{S.KEY}", {"articles": sorted(articles)})
            out += [Mention(a, written, label, n) for a, written, n in rows]
        return out

    def contexts(self, articles: set[str]) -> dict[str, set[str]]:
        out: dict[str, set[str]] = defaultdict(set)
        rows = self.run(f"UNWIND $articles AS k MATCH (a:{S.ARTICLE} {{{S.KEY}: k}})-[m:{S.MENTIONS}]->() "
                        f"WHERE m.written <> '' RETURN a.{S.KEY}, m.written", {"articles": sorted(articles)})
        for article, written in rows:
            out[article].add(written)
        return out

    def move(self, mention: Mention, label: str, key: str) -> None:
        """Ask for the article's edges to move from its node to the target (:meth:`flush` carries it out)."""
        self.pending.append((mention, label, key))

    def flush(self) -> None:
        """All pending moves as a few UNWIND statements, in one transaction: targets, quotes, mentions, orphans."""
        pending, self.pending = self.pending, []
        if not pending:
            return
        names, new = self._target_names(pending)
        groups: dict[tuple, list[dict]] = defaultdict(list)
        for mention, label, key in pending:
            shape = (mention.label, label, "@" in mention.key, is_settled(mention, label, key))
            groups[shape].append({"old": mention.key, "new": key, "article": mention.article,
                                  "written": mention.local, "name": names[(label, key)]})
        moves, orphans = [], []
        for (ol, nl, own, settled), rows in sorted(groups.items()):
            where = "" if own else " WHERE q.article = row.article"
            moves += [(c, {"rows": rows})
                      for c in _quote_moves(ol, nl, where, self.name_copies) + _mention_move(ol, nl)]
            orphans.append((_orphan_drop(ol, settled), {"rows": rows}))
        # nodes go last: a node one move leaves may be where another goes
        before, after = self._counted_around(pending)
        self.run_all(before + _creations(new, names) + self.on_create(new) + moves + orphans + after)

    def _counted_around(self, pending: list) -> tuple[list, list]:
        """The steps before and after the moves that keep TALKS_ABOUT (none when the engine keeps none)."""
        if self.talks is None:
            return [], []
        moved: dict[str, dict] = defaultdict(dict)
        for mention, label, key in pending:
            moved[mention.article].setdefault((mention.label, mention.key), set()).add((label, key))
        # an article whose node would go two ways, or on to where another goes, is read rather than counted (the
        # moves run one after the other)
        known = {a: q for a, q in self.known_quotes.items() if _one_way(moved.get(a, {}))}
        steps = talks_module.around_change(set(moved), self.talks, known, {
            a: {old: next(iter(targets)) for old, targets in olds.items()} for a, olds in moved.items()})
        return [steps[0]], [steps[1]]

    def _target_names(self, pending: list) -> tuple[dict[tuple[str, str], str], set[tuple[str, str]]]:
        """(label, key) -> the name each target shows: its own if it exists, else the one the article wrote;
        and the targets that do not exist yet."""
        names: dict[tuple[str, str], str] = {}
        wanted: dict[str, set[str]] = defaultdict(set)
        for mention, label, key in pending:
            wanted[label].add(key)
            wanted[mention.label].add(mention.key)
        stored = {(label, k): (name, aliases or []) for label, keys in wanted.items() for k, name, aliases in self.run(
            f"UNWIND $keys AS k MATCH (n:{label} {{{S.KEY}: k}}) RETURN n.{S.KEY}, n.name, n.aliases",
            {"keys": sorted(keys)})}
        for mention, label, key in pending:
            if (label, key) in stored:
                names[(label, key)] = stored[(label, key)][0]
            else:
                old_name, old_aliases = stored.get((mention.label, mention.key), ("", []))
                names.setdefault((label, key), _home_name(mention.local, old_name, old_aliases))
        return names, {target for target in names if target not in stored}


def _one_way(moves: dict[tuple[str, str], set[tuple[str, str]]]) -> bool:
    """Each old node of an article's moves goes to one target, and no target is moved on."""
    if any(len(targets) != 1 for targets in moves.values()):
        return False
    return not any(target in moves for targets in moves.values() for target in targets)


def _creations(new: set[tuple[str, str]], names: dict) -> list:
    """The statements that create the targets that do not exist yet, under their names."""
    rows: dict[str, list[dict]] = defaultdict(list)
    for label, key in sorted(new):
        rows[label].append({"key": key, "name": names[(label, key)]})
    return [(f"UNWIND $rows AS row CREATE (:{label} {{{S.KEY}: row.key, name: row.name, aliases: []"
             f"{', kind: $kind' if label == S.PERSON else ''}}})", {"rows": group, "kind": "person"})
            for label, group in sorted(rows.items())]


def _quote_moves(ol: str, nl: str, where: str, name_copies: bool = False) -> list[str]:
    """Move the SAID and ABOUT of the article's quotes (all of them: ``where`` is "" for the article's own node)."""
    said = (f"UNWIND $rows AS row MATCH (o:{ol} {{{S.KEY}: row.old}})-[r:{S.SAID}]->(q:{S.QUOTE}){where} "
            f"WITH row, q, r DELETE r WITH row, q MATCH (n:{nl} {{{S.KEY}: row.new}}) MERGE (n)-[m:{S.SAID}]->(q) "
            f"SET q.speaker = row.name, {_copied('m', S.SAID, name_copies)}")
    about = (f"UNWIND $rows AS row MATCH (q:{S.QUOTE})-[r:{S.ABOUT}]->(o:{ol} {{{S.KEY}: row.old}}){where} "
             f"WITH row, q, r DELETE r WITH row, q MATCH (n:{nl} {{{S.KEY}: row.new}}) MERGE (q)-[m:{S.ABOUT}]->(n) "
             f"SET {_copied('m', S.ABOUT, name_copies)}")
    return [said, about]


def _copied(rel: str, rel_type: str, name_copies: bool = False) -> str:
    """The SET items that give a moved SAID or ABOUT (``rel``, its new end ``n``) its quote's copies
    (:data:`~.schema.QUOTE_COPIES`) and, with ``name_copies`` (Neo4j), its new end's key and Neo4j's own quote
    copies (:data:`~.schema.NAME_COPIES`, :data:`~.schema.NEO4J_QUOTE_COPIES`)."""
    copies = S.neo4j_copy_values(rel_type) if name_copies else {p: f"q.{p}" for p in S.QUOTE_COPIES[rel_type]}
    return ", ".join(f"{rel}.{p} = {value}" for p, value in copies.items())


def _orphan_drop(ol: str, settled: bool) -> str:
    """Drop each old node no article mentions any more (nor, unless ``settled``, names as someone's institution)."""
    keep = "" if settled else f"AND NOT EXISTS {{ MATCH (:{S.PERSON})-[:{S.AFFILIATED_WITH}]->(o) }} "
    return (f"UNWIND $rows AS row WITH DISTINCT row.old AS old MATCH (o:{ol} {{{S.KEY}: old}}) "
            f"WHERE NOT EXISTS {{ MATCH (:{S.ARTICLE})-[:{S.MENTIONS}]->(o) }} {keep}DETACH DELETE o")


def _mention_move(ol: str, nl: str) -> list[str]:
    """Move the MENTIONS edge."""
    return [f"UNWIND $rows AS row MATCH (a:{S.ARTICLE} {{{S.KEY}: row.article}})-[m:{S.MENTIONS}]->"
            f"(:{ol} {{{S.KEY}: row.old}}) WHERE m.written = row.written DELETE m",
            f"UNWIND $rows AS row MATCH (a:{S.ARTICLE} {{{S.KEY}: row.article}}) MATCH (n:{nl} {{{S.KEY}: row.new}}) "
            f"MERGE (a)-[:{S.MENTIONS} {{written: row.written}}]->(n)"]


def article_keys(graph) -> set[str]:
    """The keys of a batch graph's articles."""
    return {d["key"] for _, d in graph.nodes(data=True) if d.get("label") == S.ARTICLE}


def touched_words(graph) -> set[str]:
    """The surnames a batch graph's mentions may change the resolution of."""
    return words_of(d["written"] for _, _, d in graph.edges(data=True) if d.get("written"))
