"""The HTML view: the quote graph, or a slice of it, as one self-contained page.

In: the quotegraph ``MultiDiGraph`` (see :mod:`quotegraph.graph.schema`).
Out: one ``.html`` file that opens without a network: vis-network (the
library pyvis bundles) and its CSS are inlined, and so is the data.

    graph = load_graph("news.graph.json")
    part = slice_graph(graph, about="Ukraine")          # quotes about Ukraine
    render_html(part, "ukraine.html", title="Quotes about Ukraine")
    render_html(summary_graph(graph), "who-about-whom.html")   # speaker -> subject, counts as widths

What is drawn: people, organizations, places and events, coloured by label as
in :mod:`quotegraph.graph.style`; each quote is a node between its speaker
(``SAID``) and its subjects (``ABOUT``), captioned by its first words, with
its text, speaker, cue and article on hover; ``AFFILIATED_WITH`` edges carry
the role. Articles are not drawn (a quote's article is in its hover text).
Large graphs are drawn as the speaker -> subject summary instead.
"""
from __future__ import annotations

import html
import json
import math
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Optional

import networkx as nx

from . import schema as S
from .names import key_matches, lookup_parameters
from .style import LABEL_STYLE, RELATIONSHIP_COLOUR

# Above this many nodes the full (or sliced) quote graph is drawn as its summary.
SUMMARY_THRESHOLD = 250
# The summary keeps at most this many speaker -> subject pairs (the most quoted ones).
SUMMARY_MAX_EDGES = 400
# ... between at most this many speakers (the most quoted) and this many subjects (the most discussed): a
# summary of hundreds of nodes is unreadable, twenty by twenty is a picture.
SUMMARY_TOP = 20
# Words of a quote shown on its node (the full text is in the hover box).
CAPTION_WORDS = 6

DRAWN_TYPES = (S.SAID, S.ABOUT, S.AFFILIATED_WITH, S.RESPONDS_TO)
SUMMARY_TYPE = "SAID_ABOUT"  # the edge type of summary graphs: (speaker)-[:SAID_ABOUT {count}]->(subject)


# -- names ---------------------------------------------------------------------------------
def matching_nodes(graph: nx.Graph, query: str, kind: str = "entity") -> set:
    """The nodes a name of ``kind`` ("entity", "speaker") means: the one resolver of :mod:`.names`."""
    params = lookup_parameters(query, kind)
    return {node for node, data in graph.nodes(data=True)
            if key_matches(data.get("label", ""), str(data.get(S.KEY, "")), params, kind, str(data.get("name") or ""))}


# -- slices ----------------------------------------------------------------------------------
def _typed(graph: nx.MultiDiGraph, edges, rel_type: str):
    return [(u, v, d) for u, v, d in edges if d.get("type") == rel_type]


def slice_graph(graph: nx.MultiDiGraph, about: Optional[str] = None,
                speaker: Optional[str] = None) -> nx.MultiDiGraph:
    """The drawable part of ``graph``: quotes with their speakers, subjects and the speakers' affiliations.

    ``about`` keeps the quotes about that entity, ``speaker`` the quotes of that
    speaker (both: the speaker's quotes about the entity); names match
    case-insensitively and by surname. With neither, every quote is kept.
    Only ``SAID``, ``ABOUT``, ``AFFILIATED_WITH`` and (between kept quotes) ``RESPONDS_TO`` edges are kept; articles
    and entities no quote touches are left out. Nothing matching is an empty graph.
    """
    about_nodes = matching_nodes(graph, about) if about else None
    speaker_nodes = matching_nodes(graph, speaker, "speaker") if speaker else None
    out = nx.MultiDiGraph(**graph.graph)

    def add(node):
        if node not in out:
            out.add_node(node, **graph.nodes[node])

    def link(u, v, data):
        add(u)
        add(v)
        out.add_edge(u, v, **data)

    people = set()
    for quote, data in graph.nodes(data=True):
        if data.get("label") != S.QUOTE:
            continue
        said = _typed(graph, graph.in_edges(quote, data=True), S.SAID)
        subjects = _typed(graph, graph.out_edges(quote, data=True), S.ABOUT)
        if speaker_nodes is not None and not any(u in speaker_nodes for u, _, _ in said):
            continue
        if about_nodes is not None and not any(v in about_nodes for _, v, _ in subjects):
            continue
        if not said and not subjects:
            continue
        add(quote)
        for u, v, d in said + subjects:
            link(u, v, d)
        people.update(u for u, _, _ in said)
    for person in people:
        for u, v, d in _typed(graph, graph.out_edges(person, data=True), S.AFFILIATED_WITH):
            link(u, v, d)
    for quote in [n for n, d in out.nodes(data=True) if d.get("label") == S.QUOTE]:
        for u, v, d in _typed(graph, graph.out_edges(quote, data=True), S.RESPONDS_TO):
            if v in out:  # an answer between two drawn statements
                link(u, v, d)
    return out


def _top(counts: dict, n: Optional[int]) -> set:
    """The ``n`` keys with the highest counts (ties by key), or all of them."""
    ranked = sorted(counts, key=lambda k: (-counts[k], str(k)))
    return set(ranked if n is None else ranked[:n])


def summary_graph(graph: nx.MultiDiGraph, max_edges: Optional[int] = None, top: Optional[int] = None) -> nx.DiGraph:
    """Who talks about whom: ``(speaker)-[:SAID_ABOUT {count, quotes}]->(subject)``, one edge per pair.

    ``count`` is the number of quotes of the speaker about the subject and
    ``quotes`` their texts; nodes get ``said`` (quotes spoken) and ``about``
    (quotes about them). ``top`` keeps the pairs between the ``top`` most quoted
    speakers and the ``top`` most discussed subjects; ``max_edges`` then keeps
    only the most quoted pairs. ``graph.graph["pairs"]`` is the number of pairs
    before those cuts, ``speakers`` and ``subjects`` how many there were.
    """
    pairs: dict[tuple, list[str]] = {}
    said: dict = {}
    about: dict = {}
    for quote, data in graph.nodes(data=True):
        if data.get("label") != S.QUOTE:
            continue
        speakers = [u for u, _, d in graph.in_edges(quote, data=True) if d.get("type") == S.SAID]
        subjects = [v for _, v, d in graph.out_edges(quote, data=True) if d.get("type") == S.ABOUT]
        for s in speakers:
            said[s] = said.get(s, 0) + 1
        for t in subjects:
            about[t] = about.get(t, 0) + 1
        for s in speakers:
            for t in subjects:
                if s != t:
                    pairs.setdefault((s, t), []).append(data.get("text") or "")
    top_speakers, top_subjects = _top(said, top), _top(about, top)
    ranked = sorted(((st, texts) for st, texts in pairs.items() if st[0] in top_speakers and st[1] in top_subjects),
                    key=lambda item: (-len(item[1]), item[0]))
    kept = ranked[:max_edges] if max_edges is not None else ranked
    out = nx.DiGraph(kind="summary", pairs=len(pairs), speakers=len(said), subjects=len(about))
    for (s, t), texts in kept:
        for node in (s, t):
            if node not in out:
                out.add_node(node, **graph.nodes[node], said=said.get(node, 0), about=about.get(node, 0))
        out.add_edge(s, t, type=SUMMARY_TYPE, count=len(texts), quotes=texts)
    return out


def view_graph(graph: nx.MultiDiGraph, about: Optional[str] = None, speaker: Optional[str] = None,
               summary: bool = False, max_nodes: int = SUMMARY_THRESHOLD) -> tuple[nx.Graph, str]:
    """What ``quotegraph view`` draws and its title line: the slice, or its summary when asked or too big."""
    part = slice_graph(graph, about=about, speaker=speaker)
    what = "Quotes"
    if speaker:
        what += f" by {_names_of(graph, matching_nodes(graph, speaker, 'speaker'), speaker)}"
    if about:
        what += f" about {_names_of(graph, matching_nodes(graph, about), about)}"
    if not (speaker or about):
        what = "All quotes"
    if summary or part.number_of_nodes() > max_nodes:
        total = part.number_of_nodes()
        drawn = summary_graph(part, max_edges=SUMMARY_MAX_EDGES, top=SUMMARY_TOP)
        notes = ["edge width = number of quotes"]
        if not summary:
            notes.append(f"summary, as the quote graph has {total} nodes (more than {max_nodes})")
        if drawn.graph["speakers"] > SUMMARY_TOP or drawn.graph["subjects"] > SUMMARY_TOP:
            notes.append(f"the {SUMMARY_TOP} most quoted of {drawn.graph['speakers']} speakers and the {SUMMARY_TOP} most "
                         f"discussed of {drawn.graph['subjects']} subjects")
        if drawn.graph["pairs"] > drawn.number_of_edges():
            notes.append(f"the {drawn.number_of_edges()} most quoted of {drawn.graph['pairs']} pairs")
        drawn.graph["note"] = "; ".join(notes)
        return drawn, f"{what}: who talks about whom"
    return part, what


def _names_of(graph: nx.Graph, nodes: set, query: str) -> str:
    """How a title names what ``query`` matched: "Vladimir Putin", "Ukraine or Ukrainian army", or the query."""
    names = sorted({graph.nodes[n].get("name") or str(n) for n in nodes})
    if not names:
        return repr(query)
    if len(names) > 3:
        return f"{', '.join(names[:3])} or {len(names) - 3} more"
    return " or ".join(names)


# -- drawing -------------------------------------------------------------------------------
@lru_cache(maxsize=None)
def _vis_assets() -> tuple[str, str]:
    """vis-network's minified JS and its CSS, as bundled by pyvis (the newest version it ships)."""
    lib = resources.files("pyvis") / "templates" / "lib"
    versions = sorted((d for d in lib.iterdir() if d.name.startswith("vis-")),
                      key=lambda d: tuple(int(p) for p in d.name[4:].split(".") if p.isdigit()))
    if not versions:
        raise RuntimeError("pyvis ships no vis-network library (templates/lib/vis-*)")
    folder = versions[-1]
    js = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    css = (folder / "vis-network.css").read_text(encoding="utf-8")
    if "</script" in js.lower() or "</style" in css.lower():
        raise RuntimeError("the bundled vis-network cannot be inlined as it is")
    return js, css


def caption(text: str, words: int = CAPTION_WORDS) -> str:
    """The first ``words`` words of a quote, with "…" when there is more.

    A reported-speech content opens with its complementizer ("that US troops will…");
    the caption skips it so its few words carry meaning (the hover keeps the full text).
    """
    parts = (text or "").split()
    if len(parts) > 1 and parts[0].lower() in ("that", "whether"):
        parts = parts[1:]
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def _entity_node(node, data: dict, degree: int, summary: bool) -> dict:
    label = data.get("label", "")
    fill, border, _text, prop = LABEL_STYLE.get(label, ("#A5ABB6", "#9AA1AC", "#FFFFFF", "name"))
    name = str(data.get(prop) or data.get("name") or data.get("key") or node)
    rows = [["label", label + (f" ({data['kind']})" if data.get("kind") not in (None, "person") else "")]]
    if data.get("aliases"):
        rows.append(["also", ", ".join(data["aliases"])])
    for key in ("place", "date"):
        if data.get(key):
            rows.append([key, str(data[key])])
    if summary:
        weight = data.get("said", 0) + data.get("about", 0)
        rows += [["said", str(data.get("said", 0))], ["quoted about", str(data.get("about", 0))]]
    else:
        weight = degree
    return {
        "id": node, "label": name, "shape": "dot", "group": label,
        "size": round(min(12 + 5 * math.sqrt(max(weight, 1)), 48), 1),
        "color": {"background": fill, "border": border,
                  "highlight": {"background": fill, "border": "#2A2C34"},
                  "hover": {"background": fill, "border": "#2A2C34"}},
        "borderWidth": 2,
        "shapeProperties": {"borderDashes": [4, 3] if data.get("kind") in ("unnamed", "group") else False},
        "font": {"size": 18, "color": "#2A2C34", "strokeWidth": 4, "strokeColor": "#FFFFFF"},
        "tip": {"heading": name, "rows": rows},
    }


def _quote_node(node, data: dict) -> dict:
    fill, border, text, _prop = LABEL_STYLE[S.QUOTE]
    rows = [["speaker", data.get("speaker") or "?"], ["cue", data.get("cue") or "?"],
            ["kind", data.get("kind") or "?"], ["article", data.get("article") or "?"]]
    if data.get("published"):
        rows.append(["published", str(data["published"])])
    return {
        "id": node, "label": caption(data.get("text", "")), "shape": "box", "group": S.QUOTE,
        "color": {"background": fill, "border": border,
                  "highlight": {"background": fill, "border": "#2A2C34"},
                  "hover": {"background": fill, "border": "#2A2C34"}},
        "borderWidth": 1, "margin": 6,
        "widthConstraint": {"maximum": 170},
        "font": {"size": 15, "color": text, "face": "Georgia, serif"},
        "tip": {"heading": "Quote", "text": data.get("text", ""), "rows": rows},
    }


def _edge(u, v, data: dict, graph: nx.Graph) -> dict:
    rel = data.get("type", "")
    edge = {"from": u, "to": v, "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"color": RELATIONSHIP_COLOUR.get(rel, "#A5ABB6"), "opacity": 0.9}, "width": 1.5}
    if rel == S.AFFILIATED_WITH:
        role = data.get("role") or ""
        edge.update(dashes=[6, 4], label=role, font={"size": 11, "color": "#F36924", "strokeWidth": 3,
                                                     "strokeColor": "#FFFFFF", "align": "middle"})
        edge["title_text"] = f"{graph.nodes[u].get('name')} — {role or 'affiliated with'} — {graph.nodes[v].get('name')}"
    elif rel == S.RESPONDS_TO:
        stance = data.get("stance") or ""
        edge.update(dashes=[2, 4], label=stance, font={"size": 11, "color": RELATIONSHIP_COLOUR[rel],
                                                        "strokeWidth": 3, "strokeColor": "#FFFFFF", "align": "middle"})
        edge["title_text"] = f"responds to ({stance})"
    elif rel == SUMMARY_TYPE:
        count = data.get("count", 1)
        texts = data.get("quotes", [])
        edge.update(width=round(min(2 + 3 * (math.sqrt(count) - 1), 18), 1),
                    color={"color": RELATIONSHIP_COLOUR[S.SAID], "opacity": 0.55})
        if count > 1 and graph.number_of_edges() <= 80:
            edge.update(label=str(count), font={"size": 14, "color": "#2870C2", "strokeWidth": 4,
                                                 "strokeColor": "#FFFFFF", "align": "horizontal"})
        edge["tip"] = {"heading": f"{graph.nodes[u].get('name')} → {graph.nodes[v].get('name')}: "
                                  f"{count} quote{'s' if count != 1 else ''}",
                       "quotes": texts[:5], "more": max(len(texts) - 5, 0)}
    else:
        edge["title_text"] = rel
    return edge


def vis_data(graph: nx.Graph) -> dict:
    """The nodes and edges of ``graph`` as vis-network items (with a ``tip`` for the hover box)."""
    summary = graph.graph.get("kind") == "summary"
    nodes, edges = [], []
    for node, data in graph.nodes(data=True):
        if data.get("label") == S.QUOTE:
            nodes.append(_quote_node(node, data))
        else:
            nodes.append(_entity_node(node, data, graph.degree(node), summary))
    for u, v, data in graph.edges(data=True):
        if summary or data.get("type") in DRAWN_TYPES:
            edges.append(_edge(u, v, data, graph))
    for i, edge in enumerate(edges):
        edge["id"] = f"e{i}"
    return {"nodes": nodes, "edges": edges, "summary": summary}


def _stats(graph: nx.Graph) -> str:
    labels: dict[str, int] = {}
    for _, data in graph.nodes(data=True):
        labels[data.get("label")] = labels.get(data.get("label"), 0) + 1
    if graph.graph.get("kind") == "summary":
        quotes = sum(d.get("count", 0) for _, _, d in graph.edges(data=True))
        parts = [f"{graph.number_of_edges()} speaker → subject pairs", f"{quotes} quote–subject links"]
    else:
        parts = [f"{labels.get(S.QUOTE, 0)} quotes"]
    parts += [f"{labels[label]} {label.lower()}{'s' if labels[label] != 1 else ''}"
              .replace("persons", "people")
              for label in S.ENTITY_LABELS if labels.get(label)]
    return " · ".join(parts)


def _legend(summary: bool) -> str:
    items = []
    for label in S.ENTITY_LABELS:
        fill, border, *_ = LABEL_STYLE[label]
        items.append(f'<li><span class="dot" style="background:{fill};border-color:{border}"></span>{label}</li>')
    if summary:
        items.append(f'<li><span class="line wide" style="background:{RELATIONSHIP_COLOUR[S.SAID]}"></span>'
                     'said about (width = quotes)</li>')
    else:
        fill, border, *_ = LABEL_STYLE[S.QUOTE]
        items.append(f'<li><span class="box" style="background:{fill};border-color:{border}"></span>Quote</li>')
        for rel in DRAWN_TYPES:
            dashed = " dashed" if rel in (S.AFFILIATED_WITH, S.RESPONDS_TO) else ""
            items.append(f'<li><span class="line{dashed}" style="--c:{RELATIONSHIP_COLOUR[rel]}"></span>{rel}</li>')
    return "\n".join(items)


def _json_for_script(value) -> str:
    """JSON that can sit inside a <script> element: no "<", ">", "&" or line separators in the clear."""
    text = json.dumps(value, ensure_ascii=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def render_html(graph: nx.Graph, out: str | Path, title: str = "quotegraph") -> Path:
    """Write ``graph`` (a slice or a summary) to ``out`` as one self-contained HTML page; return its path."""
    js, css = _vis_assets()
    data = vis_data(graph)
    parts = {
        "title": html.escape(title),
        "stats": html.escape(" · ".join(filter(None, [_stats(graph), graph.graph.get("note")]))), "legend": _legend(data["summary"]),
        "page_css": _PAGE_CSS, "vis_css": css, "vis_js": js, "page_js": _PAGE_JS,
        "options": _json_for_script(_options(len(data["nodes"]))), "data": _json_for_script(data),
    }
    # One pass over the template, so no inserted text is ever searched for placeholders.
    page = re.sub(r"\{\{(\w+)\}\}", lambda m: parts[m.group(1)], _TEMPLATE)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out


def _options(n_nodes: int) -> dict:
    return {
        "autoResize": True,
        "layout": {"improvedLayout": n_nodes <= 150, "randomSeed": 7},
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -100, "centralGravity": 0.015, "springLength": 90,
                                 "springConstant": 0.05, "damping": 0.5, "avoidOverlap": 1},
            "maxVelocity": 60, "minVelocity": 0.75, "timestep": 0.4,
            "stabilization": {"enabled": True, "iterations": 1500 if n_nodes <= 300 else 600,
                              "updateInterval": 25, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False,
                        "keyboard": {"enabled": True, "bindToWindow": False}, "multiselect": True},
        "edges": {"smooth": {"enabled": True, "type": "continuous", "roundness": 0.3},
                  "selectionWidth": 1.5, "hoverWidth": 0.8},
        "nodes": {"chosen": True},
    }


_PAGE_CSS = """
html, body { margin: 0; height: 100%; overflow: hidden; font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
             color: #2A2C34; background: #FAFAFB; }
body { display: flex; flex-direction: column; }
#qg-header { flex: none; padding: 10px 16px; background: #FFFFFF; border-bottom: 1px solid #E1E3E8; z-index: 3; }
#qg-header h1 { margin: 0; font-size: 18px; font-weight: 600; }
#qg-header .brand { color: #6B7280; font-weight: 400; }
#qg-header .stats { font-size: 13px; color: #6B7280; margin-top: 2px; }
#qg-header .status { float: right; font-size: 13px; color: #6B7280; }
#qg-graph { flex: 1 1 auto; position: relative; min-height: 0; }
#qg-graph:focus, #qg-graph *:focus { outline: none; }
#qg-legend { position: absolute; left: 12px; bottom: 12px; z-index: 2; background: rgba(255,255,255,0.94);
             border: 1px solid #E1E3E8; border-radius: 6px; padding: 8px 12px; font-size: 13px;
             box-shadow: 0 1px 3px rgba(0,0,0,0.08); }
#qg-legend ul { list-style: none; margin: 0; padding: 0; }
#qg-legend li { display: flex; align-items: center; margin: 3px 0; }
#qg-legend .dot { display: inline-block; width: 14px; height: 14px; border-radius: 50%; border: 2px solid; margin-right: 8px; }
#qg-legend .box { display: inline-block; width: 18px; height: 11px; border: 1px solid; border-radius: 2px; margin-right: 6px; }
#qg-legend .line { display: inline-block; width: 22px; height: 0; border-top: 2px solid var(--c); margin-right: 6px; }
#qg-legend .line.dashed { border-top-style: dashed; }
#qg-legend .line.wide { height: 6px; border: 0; border-radius: 3px; opacity: 0.6; }
div.vis-tooltip { max-width: 380px; white-space: normal; font-family: inherit; font-size: 13px; padding: 8px 10px;
                  background: #FFFFFF; border: 1px solid #C9CDD4; border-radius: 6px; box-shadow: 0 2px 8px rgba(0,0,0,0.15);
                  color: #2A2C34; }
.qg-tip h2 { font-size: 14px; margin: 0 0 4px 0; }
.qg-tip blockquote { margin: 0 0 6px 0; font-family: Georgia, serif; font-size: 14px; line-height: 1.35; }
.qg-tip table { border-collapse: collapse; }
.qg-tip td { padding: 1px 8px 1px 0; vertical-align: top; }
.qg-tip td.k { color: #6B7280; }
.qg-tip ul { margin: 4px 0 0 0; padding-left: 16px; }
"""

_PAGE_JS = r"""
(function () {
  var data = JSON.parse(document.getElementById("qg-data").textContent);
  var options = JSON.parse(document.getElementById("qg-options").textContent);
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function tipElement(tip) {
    var box = el("div", "qg-tip");
    box.appendChild(el("h2", null, tip.heading));
    if (tip.text) box.appendChild(el("blockquote", null, "\u201c" + tip.text + "\u201d"));
    if (tip.rows && tip.rows.length) {
      var table = el("table");
      tip.rows.forEach(function (row) {
        var tr = el("tr");
        tr.appendChild(el("td", "k", row[0]));
        tr.appendChild(el("td", null, row[1]));
        table.appendChild(tr);
      });
      box.appendChild(table);
    }
    if (tip.quotes && tip.quotes.length) {
      var ul = el("ul");
      tip.quotes.forEach(function (q) { ul.appendChild(el("li", null, "\u201c" + q + "\u201d")); });
      if (tip.more) ul.appendChild(el("li", null, "\u2026 and " + tip.more + " more"));
      box.appendChild(ul);
    }
    return box;
  }
  data.nodes.forEach(function (n) { if (n.tip) { n.title = tipElement(n.tip); delete n.tip; } });
  data.edges.forEach(function (e) {
    if (e.tip) { e.title = tipElement(e.tip); delete e.tip; }
    else if (e.title_text) { e.title = tipElement({heading: e.title_text}); }
    delete e.title_text;
  });
  var status = document.getElementById("qg-status");
  var container = document.getElementById("qg-graph");
  var network = new vis.Network(container,
      {nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges)}, options);
  window.qgNetwork = network;
  // The physics keeps node centres apart but not their captions: push overlapping boxes apart.
  function declutter() {
    network.redraw();  // draws now, so every bounding box holds its caption at its node's final place
    var ids = network.body.nodeIndices, pos = network.getPositions(ids), items = [];
    ids.forEach(function (id) {
      var b = network.getBoundingBox(id), p = pos[id];
      items.push({id: id, x: p.x, y: p.y, l: p.x - b.left, r: b.right - p.x, t: p.y - b.top, b: b.bottom - p.y});
    });
    // Use the page's width: stretch a layout that is narrower than the canvas (captions keep their size).
    var minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    items.forEach(function (it) {
      minX = Math.min(minX, it.x - it.l); maxX = Math.max(maxX, it.x + it.r);
      minY = Math.min(minY, it.y - it.t); maxY = Math.max(maxY, it.y + it.b);
    });
    var stretch = (container.clientWidth / Math.max(container.clientHeight, 1)) /
                  (Math.max(maxX - minX, 1) / Math.max(maxY - minY, 1));
    if (stretch > 1) {
      stretch = Math.min(stretch, 1.6);
      var cx = (minX + maxX) / 2;
      items.forEach(function (it) { it.x = cx + (it.x - cx) * stretch; });
    }
    var pad = 14;
    for (var round = 0; round < 200; round++) {
      var moved = false;
      for (var i = 0; i < items.length; i++) {
        for (var j = i + 1; j < items.length; j++) {
          var a = items[i], c = items[j];
          var ox = Math.min(a.x + a.r, c.x + c.r) - Math.max(a.x - a.l, c.x - c.l) + pad;
          var oy = Math.min(a.y + a.b, c.y + c.b) - Math.max(a.y - a.t, c.y - c.t) + pad;
          if (ox <= 0 || oy <= 0) continue;
          moved = true;
          if (ox < oy) { var dx = (a.x <= c.x ? 1 : -1) * ox / 2; a.x -= dx; c.x += dx; }
          else { var dy = (a.y <= c.y ? 1 : -1) * oy / 2; a.y -= dy; c.y += dy; }
        }
      }
      if (!moved) break;
    }
    items.forEach(function (it) { network.moveNode(it.id, it.x, it.y); });
  }
  function done() {
    if (document.body.dataset.stabilized === "true") return;
    network.setOptions({physics: {enabled: false}});
    if (data.nodes.length <= 400) declutter();
    network.fit({animation: false, maxZoomLevel: 1.6});
    status.textContent = "";
    document.body.dataset.stabilized = "true";
  }
  network.on("stabilizationProgress", function (p) {
    status.textContent = "laying out\u2026 " + Math.round(100 * p.iterations / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", done);
  network.once("stabilized", done);
  if (!data.nodes.length) { status.textContent = "nothing to draw"; document.body.dataset.stabilized = "true"; }
})();
"""

_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="generator" content="quotegraph">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}} · quotegraph</title>
<style>{{vis_css}}</style>
<style>{{page_css}}</style>
</head>
<body data-stabilized="false">
<div id="qg-header">
  <span class="status" id="qg-status">laying out…</span>
  <h1><span class="brand">quotegraph ·</span> {{title}}</h1>
  <div class="stats">{{stats}} · hover a node for its text, drag to move, scroll to zoom</div>
</div>
<div id="qg-graph"></div>
<div id="qg-legend"><ul>
{{legend}}
</ul></div>
<script type="application/json" id="qg-data">{{data}}</script>
<script type="application/json" id="qg-options">{{options}}</script>
<script>{{vis_js}}</script>
<script>{{page_js}}</script>
</body>
</html>
"""
