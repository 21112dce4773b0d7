"""--workers N: spaCy's nlp.pipe(n_process=N) gives exactly the records of one process, in input order."""
from __future__ import annotations

import json
import subprocess
import sys

from quotegraph import api
from quotegraph.ingest.boilerplate import content_end
from quotegraph.ingest.pipeline import extract
from quotegraph.ingest.records import Article
from tests.support import REPO, SEED_TEXT

SYNTHETIC = [
    'The minister said the talks had failed. "We will not sign this deal," said Anna Berg, the foreign minister.',
    "Nothing was said here at all. The weather was fine.",
    '"Prices will rise next year," the central bank governor Paul Meyer told reporters on Tuesday.',
    "",
    'Officials in Kyiv said the strike hit a power plant. "It was deliberate," a spokesman for the army said.',
]


def _articles():
    seed = SEED_TEXT.read_text(encoding="utf-8")
    articles = [Article(id="seed", text=seed)]
    articles += [Article(id=f"synthetic-{i}", text=text) for i, text in enumerate(SYNTHETIC)]
    articles.append(Article(id="seed-again", text=seed))
    return articles


def test_two_processes_give_the_records_of_one_in_input_order(nlp):
    articles = _articles()
    one = list(extract(nlp, articles, analyse_end=content_end))
    # tiny batches, so order has to be kept across many batches sent to the two processes
    two = list(extract(nlp, articles, analyse_end=content_end, batch_size=2, n_process=2))
    assert [r.article.id for r in two] == [a.id for a in articles]
    assert two == one
    assert sum(len(r.attributions) for r in two) > 0


def test_api_records_with_two_workers(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps({"id": a.id, "text": a.text}) + "\n" for a in _articles() if a.text), encoding="utf-8")
    one = list(api.records([path]))
    two = list(api.records([path], workers=2))
    assert two == one


def test_cli_ingest_with_two_workers(tmp_path):
    store = tmp_path / "g.json"
    done = subprocess.run([sys.executable, "-m", "quotegraph.cli", "ingest", str(REPO / "seeds"), "--store", str(store),
                           "--workers", "2", "--no-progress"], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    counts = subprocess.run([sys.executable, "-m", "quotegraph.cli", "stats", "--store", str(store)], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert counts.returncode == 0 and "Quote" in counts.stdout, counts.stdout + counts.stderr
