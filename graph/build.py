"""Turn ingest records into the quotegraph property graph (a networkx MultiDiGraph).

In: :class:`~quotegraph.ingest.records.ArticleRecord` s. Out: nodes and edges
under :mod:`quotegraph.graph.schema`, merged by key, so adding the same record
twice changes nothing and "Putin" in one article meets "President Vladimir
Putin" in another.
"""
from __future__ import annotations

from typing import Iterable, Optional

import networkx as nx

from quotegraph.ingest.aliases import is_known_place
from quotegraph.ingest.records import ArticleRecord, Attribution, Role

from . import schema as S
from .keys import clean_alias, first_name_of, entity_key, entity_name, event_key, is_happening, normalise, quote_key, scoped_key
from .resolve import NetworkxOps, resolve, scope_of, written_of

# Speaker kinds that name a type of person rather than one person: they stay
# inside their article ("an American official" here is not the one there).
_ARTICLE_SCOPED_KINDS = {"unnamed", "group"}


def new_graph() -> nx.MultiDiGraph:
    """An empty quotegraph graph."""
    return nx.MultiDiGraph(schema="quotegraph/1")


class GraphBuilder:
    """Merges records into a graph, one article at a time; :mod:`.resolve` then decides the bare names across articles.

    Each article's names go where they cannot be wrong: a full person name on
    its own key ("Donald J. Trump" and "Donald Trump" are ``donald trump``), a
    bare surname on a Person only this article's (``trump@<article>``), a
    group ("Republicans") or a common noun ("the campaign") on the article's
    own node. The article's ``MENTIONS`` edge to each Person and Organization
    says what the article wrote (``written``), which is all :func:`.resolve.resolve`
    needs to move it later.
    """

    def __init__(self, graph: Optional[nx.MultiDiGraph] = None):
        self.graph = graph if graph is not None else new_graph()
        self._full_names: dict[str, str] = {}

    def take(self) -> nx.MultiDiGraph:
        """The graph built so far, replaced by an empty one: a batch to write."""
        graph, self.graph = self.graph, new_graph()
        refresh_speakers(graph)
        return graph

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
            elif name == "name" and data.get("name") and value != data["name"]:
                data["name"], other = first_name_of(data["name"], value)
                data["aliases"] = sorted((set(data.get("aliases", [])) | {other}) - {data["name"]})
            elif data.get(name) in (None, ""):
                data[name] = value
        return node

    def _edge(self, start: str, rel_type: str, end: str, **props) -> None:
        """Add ``(start)-[rel_type {props}]->(end)`` unless that very edge is there already."""
        S.check_relationship(rel_type, self.graph.nodes[start]["label"], self.graph.nodes[end]["label"])
        add_edge_once(self.graph, start, end, rel_type, **props)

    def entity(self, name: str, label: str, aliases: Iterable[str] = (), article: str = "",
               id: Optional[str] = None) -> str:
        """The node of a named entity in ``article`` (created if new), its aliases merged in.

        ``id``: the entity is an entry of the user's authority file, shown under its name as written there.
        """
        display, key = (name if id else entity_name(name, label)), entity_key(name, label)
        kind = "person" if label == S.PERSON else None
        scope = None if id else scope_of(display, key, label)
        if scope and article:
            key, kind = scoped_key(article, display), (scope if label == S.PERSON else None)
            aliases = ()  # a node :mod:`.resolve` may create again shows the name alone
        alias_set = {clean_alias(a) for a in aliases if a} | {clean_alias(name)}
        alias_set.discard(display)
        return self._ensure_node(S.node_id(label, key), label, key, name=display, aliases=sorted(a for a in alias_set if a),
                                 kind=kind, id=id)

    def _mention(self, article_node: str, node: str, name: str) -> None:
        """``(article)-[:MENTIONS {written}]->(node)``; ``written`` says what the article wrote, for :mod:`.resolve`."""
        data = self.graph.nodes[node]
        written = ""
        if data["label"] in S.SPEAKER_LABELS and ("@" not in data[S.KEY] or data.get("kind") == "person"):
            written = written_of(data["label"], entity_key(name, data["label"]))
        self._edge(article_node, S.MENTIONS, node, written=written)

    # -- records ------------------------------------------------------------------------
    def add_record(self, record: ArticleRecord) -> None:
        """Merge one article's record into the graph (idempotent)."""
        article = record.article
        self._article = article.id
        self._article_node = self._ensure_node(
            S.node_id(S.ARTICLE, article.id), S.ARTICLE, article.id, id=article.id,
            title=article.title, url=article.url, published=article.published, source=article.source,
        )
        self._full_names = article_full_names(record)
        by_name: dict[str, str] = {}
        reported = {event.name for event in record.events}
        for entity in record.entities:
            if entity.label != S.EVENT:
                by_name[entity.name] = self._named(entity.name, entity.label, entity.aliases, id=entity.id)
            elif entity.name not in reported and is_happening(entity.name):
                key = normalise(entity.name)
                by_name[entity.name] = self._ensure_node(S.node_id(S.EVENT, key), S.EVENT, key, name=entity.name,
                                                         aliases=sorted(set(entity.aliases)))
                self._edge(self._article_node, S.MENTIONS, by_name[entity.name], written="")
        for event in record.events:
            by_name[event.name] = self._add_event(event, by_name)
        for name, roles in record.roles.items():
            person = by_name.get(name)
            if person is None or self.graph.nodes[person]["label"] != S.PERSON:
                person = self._named(name, S.PERSON)
            self._add_roles(person, roles, by_name)
        for attribution in record.attributions:
            self._add_attribution(attribution, self._article_node, article.published, by_name)
        for attribution in record.attributions:
            self._add_responses(attribution)

    def _named(self, name: str, label: str, aliases: Iterable[str] = (), id: Optional[str] = None,
               link: bool = True) -> str:
        """The node of a name the current article uses, with the article's ``MENTIONS`` edge to it.

        A bare word that is the surname (else the first name) of exactly one person the article names in
        full is that person ("Paul" beside "Paul Ryan", "Sanders" tagged ORG beside "Bernie Sanders"):
        decided by the article alone, so never undone by another.
        """
        key = entity_key(name, label)
        if link and not id and label in S.SPEAKER_LABELS and " " not in key and key in self._full_names:
            name, label = self._full_names[key], S.PERSON
        node = self.entity(name, label, aliases, article=self._article, id=id)
        self._mention(self._article_node, node, name)
        return node

    def _add_event(self, event, by_name: dict[str, str]) -> str:
        key = event_key(event.name, event.place, self._article)
        node = self._ensure_node(S.node_id(S.EVENT, key), S.EVENT, key, name=event.name,
                                 aliases=sorted(set(event.aliases)), place=event.place, date=event.date, id=event.id)
        self._edge(self._article_node, S.MENTIONS, node, written="")
        if event.place:
            place = by_name.get(event.place) or self._named(event.place, S.PLACE)
            if self.graph.nodes[place]["label"] == S.PLACE:
                self._edge(node, S.LOCATED_IN, place)
        return node

    def _speaker_node(self, attribution: Attribution, by_name: dict[str, str]) -> Optional[str]:
        speaker = attribution.speaker
        if not speaker.name:
            return None
        if speaker.kind in _ARTICLE_SCOPED_KINDS:
            key = scoped_key(attribution.article, speaker.name)
            return self._ensure_node(S.node_id(S.PERSON, key), S.PERSON, key, name=speaker.name, kind=speaker.kind)
        node = by_name.get(speaker.name)
        label = S.ORGANIZATION if speaker.kind == "organization" else S.PERSON
        if node is None or self.graph.nodes[node]["label"] not in S.SPEAKER_LABELS:
            node = self._named(speaker.name, label)
        if self.graph.nodes[node]["label"] == S.PERSON:
            self._add_roles(node, speaker.roles, by_name)
        return node

    def _add_roles(self, person: str, roles: Iterable[Role], by_name: dict[str, str]) -> None:
        data = self.graph.nodes[person]
        if data["label"] != S.PERSON or data.get("kind", "person") != "person":
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
        # an institution stays one: "a Trump spokesperson" works for the campaign, not for the man
        return self._named(name, S.PLACE if is_known_place(name) else S.ORGANIZATION, link=False)

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
            self._edge(speaker, S.SAID, quote, **S.quote_copies(S.SAID, self.graph.nodes[quote]))
        for name in attribution.about:
            target = by_name.get(name) or self._find_entity(name)
            if target and target != speaker:
                self._edge(quote, S.ABOUT, target, **S.quote_copies(S.ABOUT, self.graph.nodes[quote]))

    def _add_responses(self, attribution: Attribution) -> None:
        """``(this quote)-[:RESPONDS_TO {stance}]->(the quote it answers)``; an answered quote not in the record is skipped."""
        quote = S.node_id(S.QUOTE, quote_key(attribution.article, attribution.start, attribution.end))
        for response in attribution.responds_to:
            answered = S.node_id(S.QUOTE, response["id"])
            if answered in self.graph and answered != quote and response.get("stance") in S.STANCES:
                self._edge(quote, S.RESPONDS_TO, answered, stance=response["stance"])

    def _find_entity(self, name: str) -> Optional[str]:
        for label in (S.PERSON, S.ORGANIZATION, S.PLACE):
            key = entity_key(name, label)
            for node in (S.node_id(label, scoped_key(self._article, entity_name(name, label))), S.node_id(label, key)):
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


def article_full_names(record: ArticleRecord) -> dict[str, str]:
    """Bare word -> the full name it means in this article: the one person named in full with that surname,
    else with that first name."""
    full = {}
    for entity in record.entities:
        key = entity_key(entity.name, S.PERSON)
        if entity.label == S.PERSON and len(key.split()) >= 2 and not scope_of(entity_name(entity.name, S.PERSON),
                                                                              key, S.PERSON):
            full[key] = entity.name
    surnames: dict[str, set[str]] = {}
    firsts: dict[str, set[str]] = {}
    for key in full:
        surnames.setdefault(key.split()[-1], set()).add(key)
        firsts.setdefault(key.split()[0], set()).add(key)
    out = {w: full[next(iter(keys))] for w, keys in firsts.items() if len(keys) == 1 and w not in surnames}
    out.update({w: full[next(iter(keys))] for w, keys in surnames.items() if len(keys) == 1})
    return out


def refresh_speakers(graph: nx.MultiDiGraph) -> None:
    """Every quote's ``speaker`` property: the name its speaker's node shows now."""
    for speaker, quote, data in graph.edges(data=True):
        if data.get("type") == S.SAID:
            graph.nodes[quote]["speaker"] = graph.nodes[speaker].get("name")


def build_graph(records: Iterable[ArticleRecord], graph: Optional[nx.MultiDiGraph] = None) -> nx.MultiDiGraph:
    """Merge ``records`` into ``graph`` (a new one by default) and return it."""
    builder = GraphBuilder(graph)
    for record in records:
        builder.add_record(record)
    resolve(NetworkxOps(builder.graph))
    refresh_speakers(builder.graph)
    return builder.graph
