"""A newsroom's own list of entities (``--entities FILE``): its ids and names win over what extraction guessed.

In: a CSV (header ``id,name,type,aliases``; aliases separated by ``|``) or a
JSONL file (one object per line, ``aliases`` a list or a ``|``-separated
string). ``type`` is a graph label (Person, Organization, Place, Event) or a
spaCy one (PERSON, ORG, GPE …). Out: an :class:`Authority` that rewrites each
:class:`~quotegraph.ingest.records.ArticleRecord`: an entity, speaker, role
organization, subject or event whose name (or one of whose surface forms)
folds to an entry's name or alias becomes that entry, under its name and type,
carrying its ``id`` (a Wikidata QID, a CMS id …) into the output contract
(``speaker_id``) and the graph (``id`` on the node).

Names fold as the graph folds them (case, punctuation, titles, single middle
initials: "Mr. Trump" meets an alias "Trump"); an alias two entries share
matches neither. Values load verbatim: a hostile name is only ever a value.
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Optional

from .aliases import graph_label
from .folding import entity_key
from .records import ArticleRecord, Attribution, Entity, Event, Role

REQUIRED = ("id", "name", "type")


@dataclass(frozen=True)
class AuthorityEntry:
    """One entity of the authority file."""

    id: str
    name: str
    label: str  # graph label
    aliases: tuple[str, ...] = ()


class AuthorityFileError(ValueError):
    """The authority file cannot be read: names the file and the line."""


@dataclass
class Authority:
    """The entries of an authority file, found by any of their folded names."""

    entries: list[AuthorityEntry] = field(default_factory=list)
    _by_key: dict[str, Optional[AuthorityEntry]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for entry in self.entries:
            for name in {entry.name, *entry.aliases}:
                for label in {entry.label, "Person", "Organization", "Place"}:
                    key = entity_key(name, label)  # the graph's own folding, so both sides meet
                    if key:
                        known = self._by_key.get(key, entry)
                        self._by_key[key] = entry if known == entry else None  # shared by two: matches neither

    def find(self, *names: Optional[str], label: str = "Person") -> Optional[AuthorityEntry]:
        """The entry one of ``names`` (tried in order) means, or None."""
        for name in names:
            if name:
                entry = self._by_key.get(entity_key(name, label))
                if entry is not None:
                    return entry
        return None

    def apply(self, record: ArticleRecord) -> ArticleRecord:
        """``record`` with every name the authority knows replaced by its entry (name, type, id)."""
        renamed: dict[str, AuthorityEntry] = {}
        entities = [self._entity(e, renamed) for e in record.entities]
        events = [self._event(ev, renamed) for ev in record.events]
        roles = {self._name(name, renamed): [self._role(r, renamed) for r in rs] for name, rs in record.roles.items()}
        attributions = [self._attribution(a, renamed) for a in record.attributions]
        return replace(record, entities=entities, events=events, roles=roles, attributions=attributions)

    def _entity(self, entity: Entity, renamed: dict) -> Entity:
        entry = self.find(entity.name, *entity.aliases, label=entity.label)
        if entry is None:
            return entity
        renamed[entity.name] = entry
        aliases = sorted({entity.name, *entity.aliases, *entry.aliases} - {entry.name})
        return Entity(entry.name, entry.label, aliases, id=entry.id)

    def _event(self, event: Event, renamed: dict) -> Event:
        entry = renamed.get(event.name) or self.find(event.name, label="Event")
        if entry is None or entry.label != "Event":
            return event
        return replace(event, name=entry.name, id=entry.id)

    def _name(self, name: str, renamed: dict) -> str:
        entry = renamed.get(name)
        return entry.name if entry else name

    def _role(self, role: Role, renamed: dict) -> Role:
        entry = renamed.get(role.organization or "") or self.find(role.organization, label="Organization")
        return replace(role, organization=entry.name) if entry else role

    def _attribution(self, attribution: Attribution, renamed: dict) -> Attribution:
        speaker = attribution.speaker
        label = "Organization" if speaker.kind == "organization" else "Person"
        entry = renamed.get(speaker.name or "") or (self.find(speaker.name, label=label)
                                                     if speaker.kind in ("person", "organization") else None)
        if entry is not None:
            kind = "organization" if entry.label in ("Organization", "Place") else "person"
            speaker = replace(speaker, name=entry.name, kind=kind, id=entry.id,
                              roles=[self._role(r, renamed) for r in speaker.roles])
        about = [self._name(name, renamed) for name in attribution.about]
        return replace(attribution, speaker=speaker, about=about)


def read_authority(path: str | Path) -> Authority:
    """The :class:`Authority` in ``path`` (.csv, else JSONL); AuthorityFileError naming the file and line."""
    path = Path(path)
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AuthorityFileError(f"{path}: cannot read the entities file ({exc.__class__.__name__}: {exc})") from None
    rows = _csv_rows(path, text) if path.suffix.lower() == ".csv" else _jsonl_rows(path, text)
    return Authority([_entry(path, line, row) for line, row in rows])


def _csv_rows(path: Path, text: str) -> Iterable[tuple[int, dict]]:
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise AuthorityFileError(f"{path}: line 1: the header lacks {', '.join(missing)} (id,name,type,aliases)")
    return [(number, row) for number, row in enumerate(reader, start=2)]


def _jsonl_rows(path: Path, text: str) -> Iterable[tuple[int, dict]]:
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise AuthorityFileError(f"{path}: line {number}: not JSON ({exc.msg})") from None
        if not isinstance(row, dict):
            raise AuthorityFileError(f"{path}: line {number}: not a JSON object")
        rows.append((number, row))
    return rows


def _entry(path: Path, line: int, row: dict) -> AuthorityEntry:
    values = {k: row.get(k) for k in REQUIRED}
    empty = [k for k, v in values.items() if not isinstance(v, str) or not v.strip()]
    if empty:
        raise AuthorityFileError(f"{path}: line {line}: {', '.join(empty)} missing or empty")
    label = graph_label(values["type"].strip()) or graph_label(values["type"].strip().upper())
    if label is None:
        raise AuthorityFileError(f"{path}: line {line}: type {values['type']!r} is not Person, Organization, "
                                 f"Place or Event")
    aliases = row.get("aliases") or []
    if isinstance(aliases, str):
        aliases = [a for a in aliases.split("|")]
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise AuthorityFileError(f"{path}: line {line}: aliases must be a list of strings or a |-separated string")
    return AuthorityEntry(values["id"].strip(), values["name"], label, tuple(a for a in aliases if a.strip()))
