"""A real Neo4j server for the tests: ``scripts/neo4j-local`` in a temporary instance dir.

One server per test session (a process-wide singleton, so the graph, query,
CLI and Browser tests share it), on its own ports (17687 / 17474 unless
taken, then free ones) and its own data dir, so it never touches a
developer's server. It is stopped and its dir removed at exit.

Nothing is mocked: tests talk Bolt to the JVM that the script started.
When Java (or, on a cold jar cache, Maven) is missing the tests FAIL with a
message saying what to install; they never skip silently. Set
``QUOTEGRAPH_SKIP_NEO4J=1`` to skip them on purpose (refused when ``CI`` is set).

Import the fixtures into a conftest or test module::

    from tests.neo4j_server import neo4j_server, neo4j_db  # noqa: F401
"""
from __future__ import annotations

import atexit
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pytest

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "scripts" / "neo4j-local"
PASSWORD = "quotegraph-test"
DEFAULT_BOLT, DEFAULT_HTTP = 17687, 17474
CACHE = Path(os.environ.get("QUOTEGRAPH_NEO4J_HOME") or Path.home() / ".cache" / "quotegraph" / "neo4j")


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def free_port() -> int:
    """A port with nothing listening on 127.0.0.1 (for "server down" tests too)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _ports() -> tuple[int, int]:
    bolt = int(os.environ.get("QUOTEGRAPH_TEST_NEO4J_PORT", DEFAULT_BOLT))
    http = int(os.environ.get("QUOTEGRAPH_TEST_NEO4J_HTTP_PORT", DEFAULT_HTTP))
    if not (_port_free(bolt) and _port_free(http)):
        bolt, http = free_port(), free_port()
    return bolt, http


def missing_prerequisites() -> Optional[str]:
    """Why a server cannot be started here, or None."""
    if not SCRIPT.exists():
        return f"{SCRIPT} is missing"
    java_home = os.environ.get("JAVA_HOME")
    if not ((java_home and Path(java_home, "bin", "java").exists()) or shutil.which("java")):
        return "java not found: the Neo4j tests need Java 17 or 21 (apt-get install openjdk-17-jre-headless)"
    if not (CACHE / "lib" / ".complete").exists() and not shutil.which("mvn"):
        return (f"the Neo4j jars are not cached in {CACHE}/lib and mvn is not installed to fetch them "
                "(apt-get install maven, or run scripts/neo4j-local fetch once)")
    return None


@dataclass
class Neo4jTestServer:
    """A throwaway Neo4j started by scripts/neo4j-local."""

    base: Path
    bolt_port: int
    http_port: int
    password: str = PASSWORD

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def pid_file(self) -> Path:
        return self.base / "run" / "neo4j-local.pid"

    def env(self) -> dict:
        return {**os.environ, "NEO4J_DATA_DIR": str(self.base), "NEO4J_PORT": str(self.bolt_port),
                "NEO4J_HTTP_PORT": str(self.http_port), "NEO4J_PASSWORD": self.password,
                "NEO4J_HEAP": os.environ.get("QUOTEGRAPH_TEST_NEO4J_HEAP", "768m"),
                "NEO4J_PAGECACHE": os.environ.get("QUOTEGRAPH_TEST_NEO4J_PAGECACHE", "256m")}

    def settings(self, **overrides):
        from quotegraph.settings import Neo4jSettings

        values = {"uri": self.uri, "username": "neo4j", "password": self.password, "database": "neo4j"}
        return Neo4jSettings(**{**values, **overrides})

    def cli_args(self) -> list[str]:
        return ["--uri", self.uri, "--username", "neo4j", "--password", self.password, "--database", "neo4j"]

    def _script(self, command: str, timeout: float = 240) -> subprocess.CompletedProcess:
        return subprocess.run([str(SCRIPT), command], env=self.env(), capture_output=True, text=True,
                              timeout=timeout)

    def start(self) -> None:
        done = self._script("start")
        if done.returncode != 0:
            raise RuntimeError(f"scripts/neo4j-local start failed (exit {done.returncode}):\n{done.stderr[-3000:]}")

    def stop(self) -> None:
        self._script("stop", timeout=120)

    def pid(self) -> int:
        return int(self.pid_file.read_text().strip())

    def kill(self) -> int:
        """``kill -9`` the server JVM (PID from the script's PID file); returns the PID."""
        pid = self.pid()
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            try:  # reap it if we happen to be its parent (we are not: the script setsid's it)
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass
            time.sleep(0.1)
        return pid

    def driver(self):
        from quotegraph.graph.neo4j_load import connect

        return connect(self.settings())

    def clear(self) -> None:
        with self.driver() as driver:
            while driver.execute_query("MATCH (n) WITH n LIMIT 20000 DETACH DELETE n RETURN count(*) AS n",
                                       database_="neo4j").records[0]["n"]:
                pass


_SERVER: Optional[Neo4jTestServer] = None
_FAILURE: Optional[str] = None


def shared_server() -> Neo4jTestServer:
    """The session's server, started on first use (pytest.fail with the reason when it cannot be)."""
    global _SERVER, _FAILURE
    if os.environ.get("QUOTEGRAPH_SKIP_NEO4J") and not os.environ.get("CI"):
        pytest.skip("QUOTEGRAPH_SKIP_NEO4J is set")
    if _FAILURE:
        pytest.fail(_FAILURE, pytrace=False)
    if _SERVER is None:
        reason = missing_prerequisites()
        if reason:
            _FAILURE = f"cannot start the test Neo4j server: {reason}"
            pytest.fail(_FAILURE, pytrace=False)
        bolt, http = _ports()
        base = Path(tempfile.mkdtemp(prefix="quotegraph-neo4j-test-"))
        server = Neo4jTestServer(base=base, bolt_port=bolt, http_port=http)
        try:
            server.start()
        except Exception as exc:  # noqa: BLE001 - reported as the test failure
            shutil.rmtree(base, ignore_errors=True)
            _FAILURE = f"cannot start the test Neo4j server: {exc}"
            pytest.fail(_FAILURE, pytrace=False)
        atexit.register(_shutdown, server)
        _SERVER = server
    return _SERVER


def _shutdown(server: Neo4jTestServer) -> None:
    try:
        server.stop()
    finally:
        shutil.rmtree(server.base, ignore_errors=True)


def ensure_running(server: Neo4jTestServer) -> None:
    """Start the server again if a test killed it."""
    try:
        with server.driver():
            return
    except Exception:  # noqa: BLE001
        server.start()


@pytest.fixture(scope="session")
def neo4j_server() -> Neo4jTestServer:
    """The real Neo4j server of this test session."""
    return shared_server()


@pytest.fixture()
def neo4j_db(neo4j_server):
    """A driver on an empty database (everything deleted before the test)."""
    ensure_running(neo4j_server)
    neo4j_server.clear()
    driver = neo4j_server.driver()
    yield driver
    driver.close()
