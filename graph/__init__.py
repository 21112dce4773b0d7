"""Graph stage: records -> networkx property graph, the embedded store, GraphML and Neo4j."""
