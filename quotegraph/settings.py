"""Settings from the environment, shared by the CLI and the Python API.

Neo4j: ``NEO4J_URI`` (bolt://127.0.0.1:7687), ``NEO4J_USERNAME`` (neo4j),
``NEO4J_PASSWORD`` (quotegraph-dev, the password of ``scripts/neo4j-local``
and docker-compose.yml), ``NEO4J_DATABASE`` (neo4j).
Embedded store: ``QUOTEGRAPH_STORE`` (./quotegraph.lbug).
spaCy pipeline: ``QUOTEGRAPH_SPACY_MODEL`` (en_core_web_sm).
Dask scheduler for extraction: ``QUOTEGRAPH_SCHEDULER`` (none: extract here).
"""
from __future__ import annotations

import os
from dataclasses import dataclass

SCHEDULER_ENV = "QUOTEGRAPH_SCHEDULER"
DEFAULT_BATCH_SIZE = 10000  # rows per Neo4j load transaction


@dataclass(frozen=True)
class Neo4jSettings:
    uri: str = "bolt://127.0.0.1:7687"
    username: str = "neo4j"
    password: str = "quotegraph-dev"
    database: str = "neo4j"

    @classmethod
    def from_env(cls, **overrides) -> "Neo4jSettings":
        """Settings from NEO4J_* variables; non-None keyword arguments (CLI flags) win."""
        env = {
            "uri": os.environ.get("NEO4J_URI"),
            "username": os.environ.get("NEO4J_USERNAME") or os.environ.get("NEO4J_USER"),
            "password": os.environ.get("NEO4J_PASSWORD"),
            "database": os.environ.get("NEO4J_DATABASE"),
        }
        values = {k: v for k, v in env.items() if v}
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)
