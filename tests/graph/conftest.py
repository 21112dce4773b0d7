"""Graph-stage fixtures: the session's real Neo4j server (see tests/neo4j_server.py)."""
from tests.neo4j_server import neo4j_db, neo4j_server  # noqa: F401 - fixtures
