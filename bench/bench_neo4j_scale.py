"""Benchmark: first load of a larger graph into Neo4j, batched ``quotegraph load`` against neo4j-admin.

    python bench/bench_neo4j_scale.py --store polnear.graph.json [--copies 1 10]

For each size, the store's graph is repeated ``copies`` times with every key made
distinct (no node shared between copies: the worst case for a growing archive,
whose people and places would in fact merge), then loaded into a new, private
Neo4j 5.26 (``scripts/neo4j-local`` in a temporary directory, on free ports; it
is stopped and removed at the end) two ways, end to end:

1. ``load_graph`` (what ``quotegraph load`` runs) into the empty database;
2. ``export_neo4j_admin`` + ``neo4j-admin database import full`` into the stopped
   server, then the restart and the constraints.

Prints items (nodes + relationships) per second for each. No times are asserted.
"""
from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import REPO, Timer, load, machine  # noqa: E402

SCRIPT = REPO / "scripts" / "neo4j-local"
PASSWORD = "quotegraph-bench"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def repeated(graph, copies: int):
    """``graph`` ``copies`` times over, every node key (and node id) suffixed with its copy number."""
    import networkx as nx

    from quotegraph.graph import schema as S

    if copies == 1:
        return graph
    out = nx.MultiDiGraph()
    for i in range(copies):
        mapping = {node: f"{node}#{i}" for node in graph.nodes}
        for node, attrs in graph.nodes(data=True):
            out.add_node(mapping[node], **{**attrs, S.KEY: f"{attrs[S.KEY]}#{i}"})
        for u, v, attrs in graph.edges(data=True):
            out.add_edge(mapping[u], mapping[v], **attrs)
    return out


class Server:
    """A private scripts/neo4j-local instance in ``base``."""

    def __init__(self, base: Path):
        self.base, self.bolt, self.http = base, free_port(), free_port()

    def env(self) -> dict:
        return {**os.environ, "NEO4J_DATA_DIR": str(self.base), "NEO4J_PORT": str(self.bolt),
                "NEO4J_HTTP_PORT": str(self.http), "NEO4J_PASSWORD": PASSWORD,
                "NEO4J_HEAP": os.environ.get("NEO4J_HEAP", "1g"),
                "NEO4J_PAGECACHE": os.environ.get("NEO4J_PAGECACHE", "512m")}

    def run(self, command: str) -> None:
        subprocess.run([str(SCRIPT), command], env=self.env(), check=True, capture_output=True, timeout=600)

    def settings(self):
        from quotegraph.settings import Neo4jSettings

        return Neo4jSettings(uri=f"bolt://127.0.0.1:{self.bolt}", password=PASSWORD)


def transactional(graph, server: Server) -> float:
    """Seconds for load_graph of ``graph`` into the server's empty database."""
    from quotegraph.graph import neo4j_load as L

    driver = L.connect(server.settings())
    try:
        L.clear(driver)
        with Timer() as timer:
            L.load_graph(graph, driver, "neo4j")
    finally:
        driver.close()
    return timer.seconds


def bulk(graph, server: Server) -> tuple[float, float, float, float]:
    """(export, import, restart, constraints) seconds for neo4j-admin into the stopped server."""
    from quotegraph.graph import neo4j_load as L
    from quotegraph.graph.neo4j_admin import export_neo4j_admin, run_import

    with tempfile.TemporaryDirectory(prefix="qg-admin-") as tmp:
        with Timer() as t_export:
            export_neo4j_admin(graph, tmp)
        server.run("stop")
        with Timer() as t_import:
            run_import(tmp, server.base / "conf")
        with Timer() as t_start:
            server.run("start")
    driver = L.connect(server.settings())
    try:
        with Timer() as t_constraints:
            L.ensure_constraints(driver)
        nodes = sum(L.counts(driver)[0].values())
        assert nodes == graph.number_of_nodes(), (nodes, graph.number_of_nodes())
    finally:
        driver.close()
    return t_export.seconds, t_import.seconds, t_start.seconds, t_constraints.seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True)
    parser.add_argument("--copies", type=int, nargs="*", default=[1, 10])
    args = parser.parse_args()
    from quotegraph.graph.store import load_graph

    base_graph = load_graph(args.store, must_exist=True)
    print(f"machine: {machine()}\nstart: {load()}", flush=True)
    server = Server(Path(tempfile.mkdtemp(prefix="qg-neo4j-scale-")))
    try:
        server.run("start")
        for copies in args.copies:
            graph = repeated(base_graph, copies)
            items = graph.number_of_nodes() + graph.number_of_edges()
            print(f"x{copies}: {graph.number_of_nodes():,} nodes + {graph.number_of_edges():,} relationships", flush=True)
            seconds = transactional(graph, server)
            print(f"  quotegraph load, empty database   {items / seconds:9,.0f} /s  ({seconds:.1f} s)", flush=True)
            export, imported, start, constraints = bulk(graph, server)
            total = export + imported + start + constraints
            print(f"  neo4j-admin end to end            {items / total:9,.0f} /s  ({total:.1f} s: export {export:.1f}"
                  f" + import {imported:.1f} + restart {start:.1f} + constraints {constraints:.1f})", flush=True)
    finally:
        server.run("stop")
        shutil.rmtree(server.base, ignore_errors=True)
    print(f"end: {load()}")


if __name__ == "__main__":
    main()
