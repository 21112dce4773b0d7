"""Turn ingest records into the quotegraph property graph (a networkx MultiDiGraph).

In: :class:`~quotegraph.ingest.records.ArticleRecord` s. Out: nodes and edges
under :mod:`quotegraph.graph.schema`, merged by key, so adding the same record
twice changes nothing and "Putin" in one article meets "President Vladimir
Putin" in another.
"""
from __future__ import annotations

from typing import Iterable, Optional

import networkx as nx

from quotegraph.ingest.records import ArticleRecord, Attribution, Role

from . import schema as S
from .keys import entity_key, entity_name, normalise, quote_key, scoped_key

# Speaker kinds that name a type of person rather than one person: they stay
# inside their article ("an American official" here is not the one there).
_ARTICLE_SCOPED_KINDS = {"unnamed", "group"}


def new_graph() -> nx.MultiDiGraph:
    """An empty quotegraph graph."""
    return nx.MultiDiGraph(schema="quotegraph/1")


class GraphBuilder:
    """Merges records into a graph; keeps the surname index that links "Putin" to "Vladimir Putin"."""

    def __init__(self, graph: Optional[nx.MultiDiGraph] = None, people: Iterable[str] = ()):
        """``people``: keys of the persons already stored elsewhere (a database), for surname links."""
        self.graph = graph if graph is not None else new_graph()
        self._surnames: dict[str, set[str]] = {}
        for key in people:
            self._index_person(S.node_id(S.PERSON, key), key)
        for node, data in self.graph.nodes(data=True):
            if data.get("label") == S.PERSON and data.get("kind", "person") == "person":
                self._index_person(node, data["key"])

    def take(self) -> nx.MultiDiGraph:
        """The graph built so far, replaced by an empty one (the surname index stays): a batch to write."""
        graph, self.graph = self.graph, new_graph()
        return graph

    # -- people: one node per person across articles -----------------------------------
    def _index_person(self, node: str, key: str) -> None:
        words = key.split()
        if len(words) > 1:
            self._surnames.setdefault(words[-1], set()).add(node)

    def _person_node(self, name: str) -> str:
        """The node for a person, merging a bare surname with the one full name that ends in it."""
        key = entity_key(name, S.PERSON)
        node = S.node_id(S.PERSON, key)
        words = key.split()
        if len(words) == 1:
            full = self._surnames.get(words[0], set())
            if len(full) == 1:
                return next(iter(full))
            return node
        # A full name arrives: an earlier bare-surname node of the same person folds into it.
        bare = S.node_id(S.PERSON, words[-1])
        if bare in self.graph and not self._surnames.get(words[-1]):
            self._ensure_node(node, S.PERSON, key, name=entity_name(name, S.PERSON), kind="person")
            _fold_into(self.graph, bare, node)
        self._index_person(node, key)
        return node

    # -- generic node / edge helpers ------------------------------------------------------
    def _ensure_node(self, node: str, label: str, key: str, **props) -> str:
        data = self.graph.nodes.get(node)
        if data is None:
            self.graph.add_node(node, label=label, key=key, **{k: v for k, v in props.items() if v is not None})
            return node
        for name, value in props.items():
            if value is None:
                continue
            if name == "aliases":
                data["aliases"] = sorted(set(data.get("aliases", [])) | set(value))
            elif data.get(name) in (None, ""):
                data[name] = value
        return node

    def _edge(self, start: str, rel_type: str, end: str, **props) -> None:
        """Add ``(start)-[rel_type {props}]->(end)`` unless that very edge is there already."""
        S.check_relationship(rel_type, self.graph.nodes[start]["label"], self.graph.nodes[end]["label"])
        add_edge_once(self.graph, start, end, rel_type, **props)

    def entity(self, name: str, label: str, aliases: Iterable[str] = ()) -> str:
        """The node of a named entity (created if new), its aliases merged in."""
        if label == S.PERSON:
            node = self._person_node(name)
            display = entity_name(name, S.PERSON)
            key = node.split(":", 1)[1]  # a full name's key when "Putin" links to "Vladimir Putin"
            kind = "person"
        else:
            key, display, kind = entity_key(name, label), entity_name(name, label), None
            node = S.node_id(label, key)
        alias_set = {a for a in aliases if a and a != display}
        existing = self.graph.nodes.get(node)
        if existing is not None and existing.get("name") != display:
            alias_set.add(display)  # "Putin" arriving at the "Vladimir Putin" node
        return self._ensure_node(node, label, key, name=display, aliases=sorted(alias_set), kind=kind)

    # -- records ------------------------------------------------------------------------
    def add_record(self, record: ArticleRecord) -> None:
        """Merge one article's record into the graph (idempotent)."""
        article = record.article
        article_node = self._ensure_node(
            S.node_id(S.ARTICLE, article.id), S.ARTICLE, article.id, id=article.id,
            title=article.title, url=article.url, published=article.published, source=article.source,
        )
        by_name: dict[str, str] = {}
        for entity in record.entities:
            node = self.entity(entity.name, entity.label, entity.aliases)
            by_name[entity.name] = node
            self._edge(article_node, S.MENTIONS, node)
        for event in record.events:
            node = self._ensure_node(
                S.node_id(S.EVENT, normalise(event.name)), S.EVENT, normalise(event.name),
                name=event.name, aliases=sorted(set(event.aliases)), place=event.place, date=event.date)
            by_name[event.name] = node
            self._edge(article_node, S.MENTIONS, node)
            if event.place:
                place = by_name.get(event.place) or self.entity(event.place, S.PLACE)
                if self.graph.nodes[place]["label"] == S.PLACE:
                    self._edge(node, S.LOCATED_IN, place)
        for name, roles in record.roles.items():
            self._add_roles(self.entity(name, S.PERSON), roles, by_name)
        for attribution in record.attributions:
            self._add_attribution(attribution, article_node, article.published, by_name)
        for attribution in record.attributions:
            self._add_responses(attribution)

    def _speaker_node(self, attribution: Attribution, by_name: dict[str, str]) -> Optional[str]:
        speaker = attribution.speaker
        if not speaker.name:
            return None
        if speaker.kind in _ARTICLE_SCOPED_KINDS:
            key = scoped_key(attribution.article, speaker.name)
            return self._ensure_node(S.node_id(S.PERSON, key), S.PERSON, key, name=speaker.name, kind=speaker.kind)
        if speaker.kind == "organization":
            node = by_name.get(speaker.name)
            if node and self.graph.nodes[node]["label"] in S.SPEAKER_LABELS:
                return node
            return self.entity(speaker.name, S.ORGANIZATION)
        node = self.entity(speaker.name, S.PERSON)
        self._add_roles(node, speaker.roles, by_name)
        return node

    def _add_roles(self, person: str, roles: Iterable[Role], by_name: dict[str, str]) -> None:
        if self.graph.nodes[person].get("kind", "person") != "person":
            return
        for role in roles:
            if not role.organization:
                continue
            org = by_name.get(role.organization)
            if org is None or self.graph.nodes[org]["label"] not in (S.ORGANIZATION, S.PLACE):
                org = self._institution(role.organization)
            title = role.title or ""
            self._edge(person, S.AFFILIATED_WITH, org, role=title)

    def _institution(self, name: str) -> str:
        """An institution node: the Place if the name is a known place (a country), else an Organization."""
        place = S.node_id(S.PLACE, entity_key(name, S.PLACE))
        return place if place in self.graph else self.entity(name, S.ORGANIZATION)

    def _add_attribution(self, attribution: Attribution, article_node: str, published: Optional[str],
                         by_name: dict[str, str]) -> None:
        key = quote_key(attribution.article, attribution.start, attribution.end)
        speaker = self._speaker_node(attribution, by_name)
        quote = self._ensure_node(
            S.node_id(S.QUOTE, key), S.QUOTE, key, text=attribution.quote, kind=attribution.kind,
            cue=attribution.cue, act=attribution.act or "", start=attribution.start, end=attribution.end, article=attribution.article,
            # "" rather than null: the embedded engine cannot sort a column holding nulls
            published=published or "", speaker=self.graph.nodes[speaker]["name"] if speaker else None,
            speaker_mention=attribution.speaker.mention,
        )
        self._edge(quote, S.REPORTED_IN, article_node)
        if speaker:
            self._edge(speaker, S.SAID, quote)
        for name in attribution.about:
            target = by_name.get(name) or self._find_entity(name)
            if target and target != speaker:
                self._edge(quote, S.ABOUT, target)

    def _add_responses(self, attribution: Attribution) -> None:
        """``(this quote)-[:RESPONDS_TO {stance}]->(the quote it answers)``; an answered quote not in the record is skipped."""
        quote = S.node_id(S.QUOTE, quote_key(attribution.article, attribution.start, attribution.end))
        for response in attribution.responds_to:
            answered = S.node_id(S.QUOTE, response["id"])
            if answered in self.graph and answered != quote and response.get("stance") in S.STANCES:
                self._edge(quote, S.RESPONDS_TO, answered, stance=response["stance"])

    def _find_entity(self, name: str) -> Optional[str]:
        for label in (S.EVENT, S.PERSON, S.ORGANIZATION, S.PLACE):
            node = S.node_id(label, entity_key(name, label) if label != S.EVENT else normalise(name))
            if node in self.graph:
                return node
        return None


def add_edge_once(graph: nx.MultiDiGraph, start: str, end: str, type: str, **props) -> None:
    """Add an edge of relationship ``type`` unless one with the same properties joins the same nodes.

    Edges keep networkx's integer keys.
    """
    for data in (graph.get_edge_data(start, end) or {}).values():
        if data.get("type") == type and all(data.get(k) == v for k, v in props.items()):
            return
    graph.add_edge(start, end, type=type, **props)


def _fold_into(graph: nx.MultiDiGraph, old: str, new: str) -> None:
    """Move every edge of ``old`` onto ``new`` and drop ``old`` (its name becomes an alias)."""
    old_data = graph.nodes[old]
    for _, target, data in list(graph.out_edges(old, data=True)):
        add_edge_once(graph, new, target, **data)
    for source, _, data in list(graph.in_edges(old, data=True)):
        add_edge_once(graph, source, new, **data)
    aliases = set(graph.nodes[new].get("aliases", [])) | set(old_data.get("aliases", [])) | {old_data.get("name", "")}
    graph.nodes[new]["aliases"] = sorted(a for a in aliases if a and a != graph.nodes[new].get("name"))
    graph.remove_node(old)


def build_graph(records: Iterable[ArticleRecord], graph: Optional[nx.MultiDiGraph] = None) -> nx.MultiDiGraph:
    """Merge ``records`` into ``graph`` (a new one by default) and return it."""
    builder = GraphBuilder(graph)
    for record in records:
        builder.add_record(record)
    return builder.graph
