"""Query-stage fixtures: the same session Neo4j server as tests/graph (tests/neo4j_server.py)."""
from tests.neo4j_server import neo4j_db, neo4j_server  # noqa: F401 - fixtures
