"""The components as spaCy components: saved and loaded with the pipeline, Doc layers serialisable.

- ``nlp.to_disk(DIR)`` then ``spacy.load(DIR)`` (factories found through quotegraph's entry points) gives the
  same attributions, and ``quotegraph quotes --model DIR`` prints byte-identical output;
- a component's tables travel with it (a word changed in a saved table changes what the loaded pipeline does);
- ``DocBin(store_user_data=True)`` round-trips the ``doc._.qg_*`` layers, and ``nlp.pipe(n_process=2)`` works.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
import spacy
from click.testing import CliRunner
from spacy.tokens import DocBin

from quotegraph.cli import main
from quotegraph.ingest.components.common import EXTENSIONS
from quotegraph.ingest.pipeline import COMPONENTS, attributions
from tests.support import SEED_TEXT

TEXTS = [
    "“We will not back down,” said Mayor Jane Roe. She added that the city would appeal.",
    "Kremlin spokesperson Dmitry Peskov said the talks had failed. “It is over,” he said.",
]


@pytest.fixture(scope="module")
def saved(nlp, tmp_path_factory):
    path = tmp_path_factory.mktemp("pipeline") / "qg_pipeline"
    nlp.to_disk(path)
    return path


def _plain(atts):
    return [a.to_json() for a in atts]


def test_saved_pipeline_loads_with_spacy_load(nlp, saved):
    loaded = spacy.load(saved)
    assert [n for n in loaded.pipe_names if n.startswith("quotegraph_")] == ["quotegraph_paragraphs", *COMPONENTS]
    for text in TEXTS:
        assert _plain(attributions(loaded(text))) == _plain(attributions(nlp(text)))


def test_quotes_with_saved_model_is_byte_identical(saved):
    runner = CliRunner()
    default = runner.invoke(main, ["quotes", str(SEED_TEXT), "--format", "jsonl"])
    from_dir = runner.invoke(main, ["quotes", str(SEED_TEXT), "--format", "jsonl", "--model", str(saved)])
    assert default.exit_code == 0 and from_dir.exit_code == 0, (default.output, from_dir.output)
    assert default.output.count("\n") >= 10
    assert from_dir.output == default.output


def test_tables_travel_with_the_pipeline(saved, tmp_path):
    """The words.json a component saved is the one it loads: drop "statement" from the scene nouns
    of a copy and the copy still loads and runs (the table is read from the saved directory)."""
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(saved, copy)
    words = copy / "quotegraph_cues" / "words.json"
    table = json.loads(words.read_text(encoding="utf-8"))
    table["scene_nouns"] = [w for w in table["scene_nouns"] if w != "statement"]
    words.write_text(json.dumps(table), encoding="utf-8")
    loaded = spacy.load(copy)
    assert "statement" not in loaded.get_pipe("quotegraph_cues").lexicon.words["scene_nouns"]
    assert "statement" in spacy.load(saved).get_pipe("quotegraph_cues").lexicon.words["scene_nouns"]


def test_docbin_round_trips_the_layers(nlp):
    docs = list(nlp.pipe(TEXTS + [SEED_TEXT.read_text(encoding="utf-8")]))
    data = DocBin(docs=docs, store_user_data=True).to_bytes()
    back = list(DocBin(store_user_data=True).from_bytes(data).get_docs(nlp.vocab))
    for doc, copy in zip(docs, back):
        for name in EXTENSIONS:
            assert json.loads(json.dumps(copy._.get(name))) == json.loads(json.dumps(doc._.get(name))), name
        assert _plain(attributions(copy)) == _plain(attributions(doc))


def test_pipe_with_two_processes(saved):
    """nlp.pipe(n_process=2) sends processed Docs between processes (run in a fresh interpreter: spawn)."""
    script = (
        "import json, spacy, sys\n"
        "from quotegraph.ingest.pipeline import attributions\n"
        f"nlp = spacy.load({str(saved)!r})\n"
        f"texts = {TEXTS!r} * 3\n"
        "one = [[a.to_json() for a in attributions(d)] for d in nlp.pipe(texts)]\n"
        "two = [[a.to_json() for a in attributions(d)] for d in nlp.pipe(texts, n_process=2, batch_size=2)]\n"
        "print(json.dumps([one == two, sum(map(len, one))]))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    same, count = json.loads(out.stdout.strip().splitlines()[-1])
    assert same and count >= 6
