"""quotegraph: an attributed-quote knowledge graph for news.

The stages live in subpackages, in the order data flows through them:
``quotegraph.ingest`` (text -> records), ``quotegraph.graph`` (records ->
networkx graph, stores, Neo4j) and ``quotegraph.queries`` (named Cypher).
"""

__version__ = "0.1.0"
