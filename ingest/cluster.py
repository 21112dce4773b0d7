"""Extraction on a Dask distributed cluster: ``quotegraph quotes|ingest PATH... --scheduler ADDRESS``.

In: the paths the user gives (as :func:`~quotegraph.ingest.readers.read_articles`
takes them) and the address of a running Dask scheduler. Out: the same stream of
:class:`~quotegraph.ingest.records.ArticleRecord` s, in the same order, and the
same :class:`~quotegraph.ingest.readers.InputError` s, as the single-process path.

- The client plans **partitions** without reading articles: whole files
  (``.txt``, ``.html``, small ``.jsonl``) grouped a few to a task, and large
  ``.jsonl`` files cut into **line ranges** (a byte offset and a line count
  found by one scan for newlines, so error messages keep their true line
  numbers). Workers read their own partitions: the paths must be visible to
  every worker (a shared file system); stdin is read by the client and shipped.
- Each worker process loads the spaCy pipeline once (:func:`pipeline_plugin`
  preloads it when the worker starts; a per-process cache serves the tasks) and
  runs the unchanged single-process :func:`~quotegraph.ingest.pipeline.extract`.
- Records come back **in input order** with bounded work in flight; a worker
  that dies mid-task has its task rerun elsewhere by the scheduler and each
  partition's result is taken exactly once, so every article comes out once.
- With ``out`` each partition is written by its worker to ``OUT/part-*.jsonl``
  (records and input errors, written atomically) and read back by the client; a
  part already there for the same inputs is reused, so a rerun resumes.
- The scheduler unreachable, or ``dask[distributed]`` missing, is a
  :class:`ClusterError` with a one-line message.
"""
from __future__ import annotations

import hashlib
import json
import os
import threading
from concurrent.futures import CancelledError
from collections import deque
from dataclasses import asdict, dataclass, field
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Union

from . import readers
from .model import resolve_model_name
from .records import Article, ArticleRecord, record_from_json, record_to_json
from quotegraph.settings import SCHEDULER_ENV

ARTICLES_PER_PARTITION = 16
CONNECT_TIMEOUT = 10  # seconds to wait for the scheduler before giving up

Item = Union[ArticleRecord, readers.InputError]


class ClusterError(RuntimeError):
    """The cluster cannot be used; the message is one line and says what to do."""


class ClusterStopped(ClusterError):
    """The cluster failed part way (workers kept dying, the scheduler went away): run it again."""


@dataclass(frozen=True)
class Piece:
    """Part of one input file: the whole file (``lines`` None) or ``lines`` JSONL lines from ``offset``.

    ``display`` is the path as the user wrote it (for messages and ``Article.path``);
    ``location`` the absolute path a worker opens.
    """

    display: str
    location: str
    offset: int = 0
    first_line: int = 1
    lines: Optional[int] = None


@dataclass
class Partition:
    """One task: pieces of files, or articles the client read itself (stdin)."""

    index: int
    pieces: list[Piece] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)

    def digest(self) -> str:
        """A name for this partition's inputs as they are now (paths, ranges, sizes, times, texts)."""
        h = hashlib.sha256()
        for piece in self.pieces:
            stat = os.stat(piece.location)
            h.update(json.dumps([asdict(piece), stat.st_size, stat.st_mtime_ns]).encode())
        for article in self.articles:
            h.update(json.dumps(asdict(article), sort_keys=True).encode())
        return h.hexdigest()[:16]


def scheduler_address(address: Optional[str] = None) -> Optional[str]:
    """The scheduler to use: the argument, else ``$QUOTEGRAPH_SCHEDULER``, else None (run locally)."""
    return address or os.environ.get(SCHEDULER_ENV) or None


# ------------------------------------------------------------------------ planning --
def input_files(path: str, report: Callable[[readers.InputError], None]) -> list[Path]:
    """The files ``read_articles`` would read for one user path, in its order, reporting what it reports."""
    root = Path(path)
    if root.is_dir():
        files = sorted(p for p in root.rglob("*")
                       if p.is_file() and p.suffix.lower() in readers.KNOWN_SUFFIXES
                       and not any(part.startswith(".") for part in p.relative_to(root).parts))
        if not files:
            report(readers.InputError(str(root), "directory holds no .txt, .html or .jsonl files"))
        return files
    if root.exists():
        return [root]
    report(readers.InputError(str(root), "no such file or directory"))
    return []


def jsonl_pieces(path: Path, lines_per_piece: int, block: int = 1 << 20) -> list[Piece]:
    """Cut a JSONL file into pieces of ``lines_per_piece`` lines by one scan for newlines.

    A file with no text, or no more lines than one piece, stays one whole-file piece
    (the reader then says "empty file" exactly as locally).
    """
    display, location = str(path), str(path.resolve())
    starts, has_text, offset, count = [0], False, 0, 0
    with open(location, "rb") as handle:
        while chunk := handle.read(block):
            has_text = has_text or bool(chunk.strip())
            pos = chunk.find(b"\n")
            while pos != -1:
                count += 1
                if count % lines_per_piece == 0:
                    starts.append(offset + pos + 1)
                pos = chunk.find(b"\n", pos + 1)
            offset += len(chunk)
    if not has_text or len(starts) == 1 or (len(starts) == 2 and starts[1] >= offset):
        return [Piece(display, location)]
    return [Piece(display, location, start, 1 + i * lines_per_piece, lines_per_piece)
            for i, start in enumerate(starts) if start < offset]


def plan(paths: Iterable[str | Path], report: Callable[[readers.InputError], None],
         per_partition: int = ARTICLES_PER_PARTITION) -> Iterator[Union[Partition, readers.InputError]]:
    """Partitions of about ``per_partition`` articles, in input order, with the path errors in their places."""
    index, group, weight = 0, [], 0
    for path in paths:
        if str(path) == "-":
            for chunk in _chunks(readers.read_articles(["-"], on_error=report), per_partition):
                yield Partition(index, articles=chunk)
                index += 1
            continue
        errors: list[readers.InputError] = []
        for file in input_files(str(path), errors.append):
            is_jsonl = file.suffix.lower() in readers.JSONL_SUFFIXES
            for piece in (jsonl_pieces(file, per_partition) if is_jsonl else
                          [Piece(str(file), str(file.resolve()))]):
                group.append(piece)
                weight += piece.lines or 1
                if weight >= per_partition:
                    yield Partition(index, pieces=group)
                    index, group, weight = index + 1, [], 0
        if errors and group:  # an error comes after the articles before it
            yield Partition(index, pieces=group)
            index, group, weight = index + 1, [], 0
        yield from errors
    if group:
        yield Partition(index, pieces=group)


def _raise(error: readers.InputError) -> None:
    """The reader's default for a bad input when no handler is given."""
    raise readers.InputErrorException(str(error))


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


# ------------------------------------------------------------------- on a worker --
def _relabel(source: str, location: str, display: str, line_shift: int) -> str:
    """``location[:n]`` as the single-process reader writes it: ``display[:n + line_shift]``."""
    if source == location:
        return display
    line = source[len(location) + 1:]
    return f"{display}:{int(line) + line_shift}"


def read_piece(piece: Piece, report: Callable[[readers.InputError], None]) -> Iterator[Article]:
    """The articles of one piece, with the paths and line numbers the single-process reader gives."""
    shift = piece.first_line - 1

    def relabelled(error: readers.InputError) -> None:
        if piece.lines is not None and error.source == piece.location:
            return  # "empty file" for a blank range: the file as a whole has text
        report(readers.InputError(_relabel(error.source, piece.location, piece.display, shift), error.message))

    articles = (readers.read_file(Path(piece.location), relabelled) if piece.lines is None
                else _jsonl_range(piece, relabelled))
    for article in articles:
        if article.path is not None:
            article.path = _relabel(article.path, piece.location, piece.display, shift)
        yield article


def _jsonl_range(piece: Piece, report: Callable[[readers.InputError], None]) -> Iterator[Article]:
    """The articles of ``piece.lines`` JSONL lines from ``piece.offset`` (line numbers count from the range)."""
    try:
        handle = open(piece.location, "rb")
    except OSError as exc:
        report(readers.InputError(f"{piece.location}:1", f"cannot read: {exc.strerror or exc}"))
        return
    with handle:
        handle.seek(piece.offset)
        # the reader's own JSONL row rules and messages (readers has no public name for them yet)
        yield from readers.read_jsonl_lines(islice(handle, piece.lines), piece.location, report,
                                             readers.MAX_ARTICLE_CHARS)


def read_partition(partition: Partition) -> list[Union[Article, readers.InputError]]:
    """Articles and input errors of a partition, in the order the single-process reader meets them."""
    items: list[Union[Article, readers.InputError]] = list(partition.articles)
    for piece in partition.pieces:
        for article in read_piece(piece, items.append):  # errors are appended as the reader meets them
            items.append(article)
    return items


_PIPELINES: dict = {}  # model -> the pipeline this worker process loaded
_LOCK = threading.Lock()  # one extraction at a time per process: a spaCy pipeline is not thread-safe


def worker_pipeline(model: str):
    """This process's pipeline for ``model``, loaded on first use (single-threaded numpy/BLAS)."""
    with _LOCK:
        if model not in _PIPELINES:
            for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
                os.environ.setdefault(var, "1")
            from .pipeline import load_pipeline

            _PIPELINES[model] = load_pipeline(model)
        return _PIPELINES[model]


def extract_partition(partition: Partition, model: str, analyse_end=None) -> list[Item]:
    """Run on a worker: the partition's records and input errors, in input order."""
    from .pipeline import extract

    items = read_partition(partition)
    articles = [item for item in items if isinstance(item, Article)]
    nlp = worker_pipeline(model)
    with _LOCK:
        records = iter(list(extract(nlp, articles, analyse_end=analyse_end)))
    return [next(records) if isinstance(item, Article) else item for item in items]


def part_path(out: str | Path, partition: Partition) -> Path:
    """Where ``partition`` goes under ``out``: its index and a digest of its inputs."""
    return Path(out) / f"part-{partition.index:06d}-{partition.digest()}.jsonl"


def write_partition(partition: Partition, model: str, analyse_end, out: str) -> str:
    """Run on a worker: extract ``partition`` into its part file (written atomically); returns the path."""
    path = part_path(out, partition)
    items = extract_partition(partition, model, analyse_end)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        for item in items:
            row = ({"error": asdict(item)} if isinstance(item, readers.InputError)
                   else {"record": record_to_json(item)})
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    return str(path)


def read_part(path: str | Path) -> Iterator[Item]:
    """The records and input errors a part file holds, in order."""
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            yield (readers.InputError(**row["error"]) if "error" in row else record_from_json(row["record"]))


def pipeline_plugin(model: str):
    """A Dask worker plugin that loads the pipeline when a worker starts (also one restarted after a crash).

    Built here, not at import, so that importing this module (the CLI does) does not import Dask.
    """
    from distributed import WorkerPlugin

    class PipelinePlugin(WorkerPlugin):
        name = "quotegraph-pipeline-" + hashlib.sha256(model.encode()).hexdigest()[:12]

        async def setup(self, worker) -> None:
            import asyncio

            # off the worker's event loop, so heartbeats go on while the model loads
            await asyncio.get_running_loop().run_in_executor(None, worker_pipeline, model)

    return PipelinePlugin()


# -------------------------------------------------------------------- the client --
def connect(address: str, timeout: float = CONNECT_TIMEOUT):
    """A ``distributed.Client`` on the scheduler at ``address`` (ClusterError in one line if none answers)."""
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError("--scheduler needs Dask: pip install 'quotegraph[cluster]'") from None
    try:
        return Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        message = " ".join(str(exc).split()) or type(exc).__name__
        raise ClusterError(f"no Dask scheduler at {address} ({message}); start one with `dask scheduler` "
                           f"and `dask worker ADDRESS`, or fix --scheduler / ${SCHEDULER_ENV}") from None


def extract_on_cluster(paths: Iterable[str | Path], scheduler: str, model: Optional[str] = None,
                       on_error: Optional[Callable[[readers.InputError], None]] = None,
                       analyse_end: Optional[Callable[[str], int]] = None, out: Optional[str | Path] = None,
                       per_partition: int = ARTICLES_PER_PARTITION, inflight_per_worker: int = 2,
                       timeout: float = CONNECT_TIMEOUT) -> Iterator[ArticleRecord]:
    """Stream one ArticleRecord per article under ``paths``, in input order, extracted on the cluster.

    ``on_error`` gets each unreadable input (default: raise, as ``read_articles``);
    ``out`` a directory every worker can write (see module docstring). At most
    ``inflight_per_worker`` partitions per worker are submitted ahead.
    """
    report = on_error or _raise
    model = resolve_model_name(model)
    client = connect(scheduler, timeout)
    try:
        client.register_plugin(pipeline_plugin(model))
        if out is not None:
            Path(out).mkdir(parents=True, exist_ok=True)
        limit = max(1, len(client.scheduler_info(n_workers=-1)["workers"])) * inflight_per_worker
        submit = _submitter(client, model, analyse_end, out)
        for item in _in_order(plan(paths, report, per_partition), submit, limit):
            if isinstance(item, readers.InputError):
                report(item)
            else:
                yield item
    finally:
        client.close()


def _submitter(client, model: str, analyse_end, out):
    """A function that starts one partition on the cluster and returns what gives its items."""
    def submit(partition: Partition):
        key = f"quotegraph-extract-{partition.index}-{partition.digest()}"
        if out is None:
            return client.submit(extract_partition, partition, model, analyse_end, key=key,
                                 priority=-partition.index)
        existing = part_path(out, partition)
        if existing.exists():  # done by an earlier run on the same inputs
            return str(existing)
        return client.submit(write_partition, partition, model, analyse_end, str(out), key=key,
                             priority=-partition.index)
    return submit


def _in_order(planned: Iterable, submit: Callable, limit: int) -> Iterator[Item]:
    """Items of every planned partition (and planned errors) in plan order, ``limit`` partitions ahead."""
    pending: deque = deque()
    planned = iter(planned)
    running = 0

    def fill() -> None:
        nonlocal running
        while running < limit:
            entry = next(planned, None)
            if entry is None:
                return
            is_partition = isinstance(entry, Partition)
            pending.append(submit(entry) if is_partition else entry)
            running += is_partition

    fill()
    while pending:
        entry = pending.popleft()
        if isinstance(entry, readers.InputError):
            yield entry
            continue
        running -= 1
        result = entry if isinstance(entry, str) else _result(entry)
        fill()  # keep the workers busy while the caller takes these
        yield from (read_part(result) if isinstance(result, str) else result)


def _result(future):
    """A task's result; a task that failed re-raises its own error (e.g. ModelNotFound)."""
    from distributed import KilledWorker

    try:
        return future.result()
    except KilledWorker as exc:
        raise ClusterStopped(f"Dask gave up on {future.key}: workers died running it ({exc}); "
                           "check the workers' memory and logs, then run again") from None
    except CancelledError:
        raise ClusterStopped(f"Dask cancelled {future.key}: the scheduler went away or restarted; "
                           "run again") from None
    finally:
        future.release()
