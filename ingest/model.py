"""Find and load the spaCy pipeline that extraction runs on.

In: a package name ("en_core_web_sm") or a path to a pipeline directory, or
nothing (then ``$QUOTEGRAPH_SPACY_MODEL``, then ``en_core_web_sm``).
Out: a loaded ``spacy.Language``, or :class:`ModelNotFound` with a one-line
message that says how to install one.
"""
from __future__ import annotations

import os
from pathlib import Path

DEFAULT_MODEL = "en_core_web_sm"
MODEL_ENV = "QUOTEGRAPH_SPACY_MODEL"


class ModelNotFound(RuntimeError):
    """The spaCy pipeline named by the user cannot be loaded."""


def resolve_model_name(model: str | None = None) -> str:
    """The pipeline to use: the argument, else ``$QUOTEGRAPH_SPACY_MODEL``, else ``en_core_web_sm``."""
    return model or os.environ.get(MODEL_ENV) or DEFAULT_MODEL


def load_spacy(model: str | None = None):
    """Load the spaCy pipeline by package name or path (see module docstring)."""
    import spacy

    name = resolve_model_name(model)
    path = Path(name).expanduser()
    looks_like_path = os.sep in name or name.startswith(".") or path.exists()
    try:
        return spacy.load(path if looks_like_path else name)
    except OSError as exc:
        if looks_like_path:
            raise ModelNotFound(
                f"spaCy pipeline not found at {name!r}: give --model or ${MODEL_ENV} "
                "a pipeline directory, or install one with: python -m spacy download en_core_web_sm"
            ) from exc
        raise ModelNotFound(
            f"spaCy model {name!r} is not installed: run `python -m spacy download {name}`, "
            f"or point --model / ${MODEL_ENV} at a pipeline directory"
        ) from exc
