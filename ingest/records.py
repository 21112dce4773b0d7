"""Typed records that flow out of the ingest stage.

Everything later stages (graph, queries) know about an article comes through
these small dataclasses: an :class:`Article` (the text as read, plus metadata)
and the :class:`ArticleRecord` extracted from it, which holds the
:class:`Attribution` s with their :class:`Speaker`, the named :class:`Entity` s
and the :class:`Event` s the article reports.

Offsets are Python ``str`` indices into ``Article.text`` *as read* (before any
boilerplate trimming: trimming only shortens what is analysed).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal, Optional

AttributionKind = Literal["direct", "indirect", "mixed"]
SpeakerKind = Literal["person", "organization", "group", "unnamed"]
EntityLabel = Literal["Person", "Organization", "Place", "Event"]
# What a speaker does with a statement (docs/speech-acts.md); how one statement answers another.
SpeechAct = Literal["state", "claim", "accuse", "deny", "clarify", "warn", "promise", "regret", "demand", "praise",
                    "criticize", "question", "predict", "announce", "agree"]
SPEECH_ACTS: tuple[str, ...] = SpeechAct.__args__
Stance = Literal["disputes", "supports", "addresses"]


def quote_key(article_id: str, start: int, end: int) -> str:
    """The id of a quote: where its content stands in its article (the same string as the graph's Quote key)."""
    return f"{article_id}:{start}-{end}"


def parse_quote_key(key: str) -> tuple[str, int, int]:
    """(article id, start, end) of a :func:`quote_key` (article ids may hold ':')."""
    article, _, span = key.rpartition(":")
    start, _, end = span.partition("-")
    return article, int(start), int(end)


@dataclass
class Article:
    """One news article as read from a file, a JSONL row or stdin."""

    id: str
    text: str
    title: Optional[str] = None
    url: Optional[str] = None
    published: Optional[str] = None  # ISO date or datetime string, as given
    source: Optional[str] = None  # publisher / outlet
    path: Optional[str] = None  # where it was read from ("-" for stdin)


@dataclass
class Role:
    """A title held at an organization: ("spokesperson", "Kremlin")."""

    title: Optional[str]
    organization: Optional[str]


@dataclass
class Speaker:
    """Who an attribution is attributed to.

    ``name`` is the canonical name within the article ("Vladimir Putin" for a
    mention "he"), ``None`` when the article gives no source. ``mention`` and
    its offsets are the words of *this* attribution ("he", "Putin").
    """

    name: Optional[str]
    kind: SpeakerKind = "person"
    mention: Optional[str] = None
    start: Optional[int] = None
    end: Optional[int] = None
    roles: list[Role] = field(default_factory=list)
    id: Optional[str] = None  # the speaker's id in the user's authority file (--entities)


@dataclass
class Attribution:
    """One attributed statement: content, cue, speaker and what it is about."""

    article: str
    quote: str
    start: int
    end: int
    kind: AttributionKind
    cue: Optional[str]
    cue_start: Optional[int]
    cue_end: Optional[int]
    speaker: Speaker
    spans: list[tuple[int, int]] = field(default_factory=list)
    about: list[str] = field(default_factory=list)  # canonical entity / event names
    act: Optional[SpeechAct] = None  # what the speaker does with it (acts.py); None before quotegraph_acts
    # the statements this one answers: [{"id": quote_key of the other attribution, "stance": Stance}]
    responds_to: list[dict] = field(default_factory=list)

    @property
    def id(self) -> str:
        """The quote's id (the graph's Quote key): article id and content offsets."""
        return quote_key(self.article, self.start, self.end)

    def rebase(self, article_id: str, offset: int) -> None:
        """Re-key ``responds_to`` for this article and a chunk starting at ``offset`` (ids are made in a Doc,
        where the article id is "" and offsets are the chunk's)."""
        moved = []
        for r in self.responds_to:
            _, s, e = parse_quote_key(r["id"])
            moved.append({**r, "id": quote_key(article_id, s + offset, e + offset)})
        self.responds_to = moved

    def to_dict(self) -> dict:
        """All fields as plain data (the ``doc._.qg_attributions`` layer)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "Attribution":
        """The Attribution that :meth:`to_dict` gave (lists back to tuples, nested records rebuilt); records
        written before acts and responses existed read with ``act`` None and no ``responds_to``."""
        sp = d["speaker"]
        speaker = Speaker(**{**sp, "roles": [Role(**r) for r in sp.get("roles", [])]})
        d = {k: v for k, v in d.items() if k != "id"}
        return cls(**{**d, "speaker": speaker, "spans": [tuple(s) for s in d.get("spans", [])],
                      "about": list(d.get("about", [])),
                      "responds_to": [dict(r) for r in d.get("responds_to", None) or []]})

    def to_json(self) -> dict:
        """The output contract of ``quotegraph quotes --format jsonl`` (flat keys)."""
        return {
            "article": self.article,
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
            "spans": [list(s) for s in (self.spans or [(self.start, self.end)])],
            "kind": self.kind,
            "cue": self.cue,
            "cue_start": self.cue_start,
            "cue_end": self.cue_end,
            "speaker": self.speaker.name,
            "speaker_kind": self.speaker.kind,
            "speaker_id": self.speaker.id,
            "speaker_mention": self.speaker.mention,
            "speaker_start": self.speaker.start,
            "speaker_end": self.speaker.end,
            "speaker_roles": [asdict(r) for r in self.speaker.roles],
            "about": list(self.about),
            "id": self.id,
            "act": self.act,
            "responds_to": [{"id": r["id"], "stance": r["stance"]} for r in self.responds_to],
        }


@dataclass
class Entity:
    """A named thing an article mentions, under its canonical name.

    ``label`` is the graph label it becomes; ``aliases`` the other surface
    forms seen ("Putin", "President Vladimir Putin").
    """

    name: str
    label: EntityLabel
    aliases: list[str] = field(default_factory=list)
    id: Optional[str] = None  # its id in the user's authority file (--entities)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "Entity":
        return cls(**{**d, "aliases": list(d.get("aliases", []))})


@dataclass
class Event:
    """Something the article reports happening (a strike, a vote), with place and date where given."""

    name: str
    place: Optional[str] = None
    date: Optional[str] = None
    aliases: list[str] = field(default_factory=list)  # "the incident", "the attack"
    start: Optional[int] = None
    end: Optional[int] = None
    id: Optional[str] = None  # its id in the user's authority file (--entities)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "Event":
        return cls(**{**d, "aliases": list(d.get("aliases", []))})


@dataclass
class ArticleRecord:
    """All that ingest extracts from one article."""

    article: Article
    attributions: list[Attribution] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    # canonical person/org name -> roles found anywhere in the article
    roles: dict[str, list[Role]] = field(default_factory=dict)


def record_to_json(record: ArticleRecord) -> dict:
    """A record as plain JSON data (for the record log of ``quotegraph ingest --stream``)."""
    return asdict(record)


def record_from_json(data: dict) -> ArticleRecord:
    """The record that :func:`record_to_json` wrote."""
    return ArticleRecord(
        article=Article(**data["article"]),
        attributions=[Attribution.from_dict(a) for a in data.get("attributions", [])],
        entities=[Entity(**e) for e in data.get("entities", [])],
        events=[Event(**e) for e in data.get("events", [])],
        roles={name: [Role(**r) for r in roles] for name, roles in data.get("roles", {}).items()},
    )
