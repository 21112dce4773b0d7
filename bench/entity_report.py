"""How clean are a graph's entities? Nodes per person for the most quoted people, junk speakers, top speakers.

    python bench/entity_report.py STORE.lbug [--top 20] [--people 40]

Prints, for the embedded store at STORE:

* the ``--top`` most quoted speakers (statements, label, name);
* for each of the ``--people`` most quoted named persons (a first name and a
  surname), how many speaker nodes stand for them: Person or Organization
  nodes shared across articles whose key ends with the surname and is either
  the bare surname or starts with the same first name ("trump",
  "donald j trump", "Organization:trump" all count for Donald Trump), and the
  share of their statements on the main node;
* junk speakers: shared Person/Organization speakers whose name is no name
  (punctuation or a dash glued on, a lower-case common noun, a headline in
  title case, a person name of more than four words, one key under two labels).

The measure is the project's own (issue 12): it needs no annotation, so it runs
on any store; the rules are coarse on purpose and the lists are printed so a
reader can check them.
"""
from __future__ import annotations

import argparse
import collections
import re

from quotegraph.graph import schema as S
from quotegraph.graph.store import open_store

_PARTICLES = {"de", "da", "van", "von", "der", "bin", "al", "la", "le", "del", "di", "du", "ibn", "jr", "sr"}
_NAME_CHARS = re.compile(r"^[^\W\d_][\w.'’\- ]*[\w.]$")


def speaker_counts(graph) -> collections.Counter:
    """Statements per shared speaker node (article-scoped speakers left out)."""
    counts = collections.Counter()
    for u, _, data in graph.edges(data=True):
        if data.get("type") == S.SAID and "@" not in graph.nodes[u]["key"]:
            counts[u] += 1
    return counts


def junk_reason(graph, node: str) -> str:
    """Why a speaker node's name is junk ("" when it looks like a name)."""
    data = graph.nodes[node]
    name, label = data.get("name") or "", data["label"]
    words = name.split()
    if not _NAME_CHARS.match(name):
        return "punctuation"
    if name == name.lower():
        return "common noun"
    other = S.ORGANIZATION if label == S.PERSON else S.PERSON
    if S.node_id(other, data["key"]) in graph:
        return "two labels"
    if label == S.PERSON and len(words) > 4:
        return "too long"
    if label == S.PERSON and any(w.islower() and w not in _PARTICLES for w in words):
        return "lower-case word"
    return ""


def nodes_for(graph, person_key: str, speakers: collections.Counter) -> list[str]:
    """The shared speaker nodes that may stand for the person keyed ``person_key``."""
    first, last = person_key.split()[0], person_key.split()[-1]
    found = []
    for node in speakers:
        words = graph.nodes[node]["key"].split()
        if words and words[-1] == last and (len(words) == 1 or words[0] == first):
            found.append(node)
    return found


def report(graph, top: int, people: int) -> None:
    speakers = speaker_counts(graph)
    print(f"{top} most quoted speakers")
    for node, n in speakers.most_common(top):
        print(f"  {n:5d}  {graph.nodes[node]['label']:<12} {graph.nodes[node].get('name')}")
    named = [n for n, _ in speakers.most_common()
             if graph.nodes[n]["label"] == S.PERSON and len(graph.nodes[n]["key"].split()) >= 2][:people]
    print(f"\nnodes per person, {len(named)} most quoted named people")
    total_nodes = 0
    for node in named:
        nodes = nodes_for(graph, graph.nodes[node]["key"], speakers)
        total_nodes += len(nodes)
        share = speakers[node] / max(1, sum(speakers[n] for n in nodes))
        extra = ", ".join(f"{graph.nodes[n]['label']}:{graph.nodes[n]['key']} ({speakers[n]})" for n in nodes if n != node)
        print(f"  {len(nodes)}  {share:6.1%}  {graph.nodes[node]['name']}" + (f"  + {extra}" if extra else ""))
    print(f"  mean nodes per person: {total_nodes / max(1, len(named)):.2f}")
    junk = [(n, junk_reason(graph, n)) for n in speakers if junk_reason(graph, n)]
    statements = sum(speakers.values())
    junk_statements = sum(speakers[n] for n, _ in junk)
    print(f"\njunk speakers: {len(junk)} of {len(speakers)} shared speaker nodes ({len(junk) / max(1, len(speakers)):.1%}), "
          f"{junk_statements} of {statements} statements ({junk_statements / max(1, statements):.1%})")
    for node, reason in sorted(junk, key=lambda x: -speakers[x[0]])[:25]:
        print(f"  {speakers[node]:4d}  {reason:<16} {graph.nodes[node]['label']}:{graph.nodes[node].get('name')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store")
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--people", type=int, default=40)
    args = parser.parse_args()
    with open_store(args.store, must_exist=True) as store:
        graph = store.to_networkx()
    report(graph, args.top, args.people)


if __name__ == "__main__":
    main()
