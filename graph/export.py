"""Export the graph for other tools: GraphML for Gephi and Cytoscape.

GraphML attributes must be scalars, so list properties (aliases) are joined
with "; " and missing values are left out rather than written as "None".
"""
from __future__ import annotations

from pathlib import Path

import networkx as nx


def _scalar(value):
    if isinstance(value, (list, tuple, set)):
        return "; ".join(str(v) for v in value)
    return value


def to_graphml(graph: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write ``graph`` as GraphML (labels as the ``label`` attribute, relationship types as ``type``)."""
    flat = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **{k: _scalar(v) for k, v in data.items() if v is not None})
    for u, v, k, data in graph.edges(keys=True, data=True):
        flat.add_edge(u, v, key=k, **{name: _scalar(x) for name, x in data.items() if x is not None})
    path = Path(path)
    nx.write_graphml(flat, path, named_key_ids=True)
    return path

