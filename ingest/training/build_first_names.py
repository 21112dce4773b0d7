"""Build ``ingest/data/first_names.json``: first names whose bearers are overwhelmingly of one gender.

In: the name table of the ``nomquamgender`` package (MIT licence; Van Buskirk, Clauset & Larremore, "An
open-source cultural consensus approach to name-based gender classification", ICWSM 2023), installed with
``pip install nomquamgender``. Out: ``{"_doc": ..., "names": {"jane": "f", "olaf": "m", ...}}`` with the names
of at least ``--min-count`` bearers whose share of women is <= ``--max-share`` ("m") or >= 1 - that ("f").

Coreference uses it only to rule out an antecedent ("she" is not Donald Trump), never to pick one; names
that are not in the table, or are shared, decide nothing.

    python -m quotegraph.ingest.training.build_first_names
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import re
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "data" / "first_names.json"
_NAME = re.compile(r"[a-z][a-z'\-]{1,20}")


def name_table() -> dict:
    """nomquamgender's name -> [sources, count, p(gf), ...] table, read without importing the package (which
    pulls pandas)."""
    spec = importlib.util.find_spec("nomquamgender")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("build_first_names: pip install nomquamgender first")
    return json.loads((Path(spec.submodule_search_locations[0]) / "name_data.json").read_text(encoding="utf-8"))


def gendered_names(table: dict, min_count: int, max_share: float) -> dict[str, str]:
    """Latin-letter names with enough bearers and a clear majority: 'm' or 'f'."""
    out = {}
    for name, row in table.items():
        count, p_female = row[1], row[2]
        if count < min_count or not _NAME.fullmatch(name):
            continue
        if p_female <= max_share:
            out[name] = "m"
        elif p_female >= 1 - max_share:
            out[name] = "f"
    return dict(sorted(out.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-count", type=int, default=20)
    parser.add_argument("--max-share", type=float, default=0.2)
    args = parser.parse_args()
    names = gendered_names(name_table(), args.min_count, args.max_share)
    doc = ("First names -> 'm'/'f' where at least 80% of their bearers are of that gender, from nomquamgender "
           "(MIT licence, Van Buskirk, Clauset & Larremore 2023); built by ingest/training/build_first_names.py.")
    OUT.write_text(json.dumps({"_doc": doc, "names": names}, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(names)} names -> {OUT}")


if __name__ == "__main__":
    main()
