"""Find and load the spaCy pipeline that extraction runs on.

In: a package name ("en_core_web_sm") or a path to a pipeline directory, or
nothing (then ``$QUOTEGRAPH_SPACY_MODEL``, then ``en_core_web_sm``).
Out: a loaded ``spacy.Language``, or :class:`ModelNotFound` with a one-line
message that says how to install one.
"""
from __future__ import annotations

import os
from typing import Optional
from pathlib import Path

DEFAULT_MODEL = "en_core_web_sm"
MODEL_ENV = "QUOTEGRAPH_SPACY_MODEL"


class ModelNotFound(RuntimeError):
    """The spaCy pipeline named by the user cannot be loaded."""


def resolve_model_name(model: str | None = None) -> str:
    """The pipeline to use: the argument, else ``$QUOTEGRAPH_SPACY_MODEL``, else ``en_core_web_sm``."""
    return model or os.environ.get(MODEL_ENV) or DEFAULT_MODEL


def _is_path(name: str) -> bool:
    return os.sep in name or name.startswith(".") or Path(name).expanduser().exists()


def _not_found(name: str) -> ModelNotFound:
    if _is_path(name):
        return ModelNotFound(
            f"spaCy pipeline not found at {name!r}: give --model or ${MODEL_ENV} "
            "a pipeline directory, or install one with: python -m spacy download en_core_web_sm")
    return ModelNotFound(
        f"spaCy model {name!r} is not installed: run `python -m spacy download {name}`, "
        f"or point --model / ${MODEL_ENV} at a pipeline directory")


def load_spacy(model: str | None = None):
    """Load the spaCy pipeline by package name or path (see module docstring)."""
    import spacy

    name = resolve_model_name(model)
    try:
        return spacy.load(Path(name).expanduser() if _is_path(name) else name)
    except OSError as exc:
        raise _not_found(name) from exc


def model_of(nlp) -> Optional[str]:
    """The path a loaded pipeline came from, so other processes can load the same one (None if unknown)."""
    path = getattr(nlp, "path", None)
    return str(path) if path else None
