"""The timeline view: one speaker's statements over time, coloured by what each does (its act), as one page.

In: the quotegraph ``MultiDiGraph`` and a speaker's name (the one resolver of
:mod:`.names`: "Putin" finds Vladimir Putin), optionally a subject (``about``).
Out: one self-contained ``.html`` file (inline SVG drawn by a few lines of
inlined JavaScript, no network): a row per act, the x axis the publication
date, each statement a dot in its act's colour (:data:`.style.ACT_COLOUR`);
hovering a dot shows its text, date, act, cue, subjects, article and the
statements it answers.

    points = timeline_points(graph, "Putin", about="NATO")
    render_timeline(points, "putin-nato.html", title="Vladimir Putin on NATO")
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Optional

import networkx as nx

from . import schema as S
from .style import ACT_COLOUR
from .view import matching_nodes

NO_ACT = "no act"  # the row of statements stored before acts existed
NO_ACT_COLOUR = "#D9DCE1"


def _neighbours(graph: nx.MultiDiGraph, node: str, rel_type: str) -> list[tuple[str, dict]]:
    return [(v, d) for _, v, d in graph.out_edges(node, data=True) if d.get("type") == rel_type]


def _point(graph: nx.MultiDiGraph, speaker: str, quote: str) -> dict:
    """One statement as the page draws it."""
    data = graph.nodes[quote]
    answers = []
    for other, edge in _neighbours(graph, quote, S.RESPONDS_TO):
        answered = graph.nodes[other]
        answers.append(f"{edge.get('stance', '')} {answered.get('speaker') or '?'}: "
                       f"\u201c{answered.get('text', '')}\u201d")
    return {"id": quote, "date": data.get("published") or "", "act": data.get("act") or NO_ACT,
            "text": data.get("text", ""), "speaker": graph.nodes[speaker].get("name", ""), "cue": data.get("cue") or "",
            "article": data.get("article", ""), "start": data.get("start", 0),
            "about": sorted(graph.nodes[v].get("name", "") for v, _ in _neighbours(graph, quote, S.ABOUT)),
            "answers": answers}


def timeline_points(graph: nx.MultiDiGraph, speaker: str, about: Optional[str] = None) -> list[dict]:
    """The statements of ``speaker`` (about ``about`` when given), oldest first; undated ones last."""
    speakers = matching_nodes(graph, speaker, "speaker")
    subjects = matching_nodes(graph, about, "entity") if about else None
    points = []
    for node in speakers:
        for quote, _ in _neighbours(graph, node, S.SAID):
            if subjects is not None and not subjects & {v for v, _ in _neighbours(graph, quote, S.ABOUT)}:
                continue
            points.append(_point(graph, node, quote))
    return sorted(points, key=lambda p: (p["date"] == "", p["date"], p["article"], p["start"]))


def act_colours(points: list[dict]) -> list[tuple[str, str]]:
    """(act, colour) of each act the points have, in the order of :data:`.schema.ACTS` (rows top to bottom)."""
    present = {p["act"] for p in points}
    rows = [(act, ACT_COLOUR[act]) for act in S.ACTS if act in present]
    return rows + ([(NO_ACT, NO_ACT_COLOUR)] if NO_ACT in present else [])


def _json_for_script(value) -> str:
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


def render_timeline(points: list[dict], out: str | Path, title: str) -> Path:
    """Write the timeline page of ``points`` to ``out``; return its path."""
    rows = act_colours(points)
    dates = sorted({p["date"][:10] for p in points if p["date"]})
    span = f"{dates[0]} to {dates[-1]}" if len(dates) > 1 else (dates[0] if dates else "undated")
    legend = "\n".join(f'<li><span class="dot" style="background:{colour}"></span>{html.escape(act)}'
                       f' <span class="n">{sum(p["act"] == act for p in points)}</span></li>' for act, colour in rows)
    parts = {"title": html.escape(title), "legend": legend, "css": _CSS, "js": _JS,
             "stats": html.escape(f"{len(points)} statements · {span}"),
             "data": _json_for_script({"points": points, "rows": rows})}
    page = re.sub(r"\{\{(\w+)\}\}", lambda m: parts[m.group(1)], _TEMPLATE)  # one pass: no text re-read
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out


_CSS = """
html, body { margin: 0; height: 100%; font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
             color: #2A2C34; background: #FAFAFB; }
body { display: flex; flex-direction: column; }
#qg-header { flex: none; padding: 10px 16px; background: #FFFFFF; border-bottom: 1px solid #E1E3E8; }
#qg-header h1 { margin: 0; font-size: 18px; font-weight: 600; }
#qg-header .brand { color: #6B7280; font-weight: 400; }
#qg-header .stats { font-size: 13px; color: #6B7280; margin-top: 2px; }
#qg-main { flex: 1 1 auto; display: flex; min-height: 0; }
#qg-chart { flex: 1 1 auto; position: relative; }
#qg-chart svg { display: block; width: 100%; height: 100%; }
#qg-legend { flex: none; width: 170px; padding: 16px 12px; font-size: 13px; border-left: 1px solid #E1E3E8; background: #FFF; }
#qg-legend h2 { font-size: 13px; margin: 0 0 6px 0; color: #6B7280; font-weight: 600; }
#qg-legend ul { list-style: none; margin: 0; padding: 0; }
#qg-legend li { display: flex; align-items: center; margin: 4px 0; }
#qg-legend .dot { display: inline-block; width: 12px; height: 12px; border-radius: 50%; margin-right: 8px; }
#qg-legend .n { color: #6B7280; margin-left: auto; }
.lane { fill: #F1F2F5; } .lane.odd { fill: #FFFFFF; }
.lane-label { font-size: 13px; fill: #4B5563; text-anchor: end; dominant-baseline: middle; }
.tick { stroke: #D9DCE1; } .tick-label { font-size: 12px; fill: #6B7280; text-anchor: middle; }
.point { stroke: #FFFFFF; stroke-width: 1.5; cursor: pointer; } .point:hover { stroke: #2A2C34; stroke-width: 2; }
#qg-tip { position: absolute; display: none; max-width: 380px; padding: 8px 10px; font-size: 13px; pointer-events: none;
          background: #FFFFFF; border: 1px solid #C9CDD4; border-radius: 6px; box-shadow: 0 2px 8px rgba(0,0,0,0.15); }
#qg-tip blockquote { margin: 0 0 6px 0; font-family: Georgia, serif; font-size: 14px; line-height: 1.35; }
#qg-tip .meta { color: #6B7280; } #qg-tip .act { font-weight: 600; }
#qg-tip ul { margin: 4px 0 0 0; padding-left: 16px; }
"""

_JS = r"""
(function () {
  var data = JSON.parse(document.getElementById("qg-data").textContent);
  var chart = document.getElementById("qg-chart"), tip = document.getElementById("qg-tip");
  var NS = "http://www.w3.org/2000/svg", W = chart.clientWidth, H = chart.clientHeight;
  var left = 110, right = 40, top = 20, bottom = 40, R = 8;
  var svg = document.createElementNS(NS, "svg");
  function add(parent, tag, attrs, text) {
    var e = document.createElementNS(NS, tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    parent.appendChild(e); return e;
  }
  var rows = data.rows.map(function (r) { return r[0]; }), colour = {};
  data.rows.forEach(function (r) { colour[r[0]] = r[1]; });
  var laneH = Math.min(70, (H - top - bottom) / Math.max(rows.length, 1));
  rows.forEach(function (act, i) {
    add(svg, "rect", {x: left, y: top + i * laneH, width: W - left - right, height: laneH, "class": i % 2 ? "lane odd" : "lane"});
    add(svg, "text", {x: left - 10, y: top + (i + 0.5) * laneH, "class": "lane-label"}, act);
  });
  // x: the publication date on a time scale; undated statements in a column of their own at the right
  var days = data.points.filter(function (p) { return p.date; }).map(function (p) { return Date.parse(p.date.slice(0, 10)); });
  var undated = data.points.some(function (p) { return !p.date; });
  var x0 = left + 40, x1 = W - right - (undated ? 110 : 40);
  var lo = Math.min.apply(null, days), hi = Math.max.apply(null, days);
  function x(p) {
    if (!p.date) return W - right - 50;
    return hi > lo ? x0 + (Date.parse(p.date.slice(0, 10)) - lo) / (hi - lo) * (x1 - x0) : (x0 + x1) / 2;
  }
  var seen = {};
  data.points.forEach(function (p) {
    var label = p.date ? p.date.slice(0, 10) : "undated";
    if (seen[label]) return; seen[label] = true;
    add(svg, "line", {x1: x(p), x2: x(p), y1: top, y2: top + rows.length * laneH + 6, "class": "tick"});
    add(svg, "text", {x: x(p), y: top + rows.length * laneH + 22, "class": "tick-label"}, label);
  });
  // statements of one date and act sit side by side around the date
  var groups = {};
  data.points.forEach(function (p) { var k = p.date.slice(0, 10) + "|" + p.act; (groups[k] = groups[k] || []).push(p); });
  Object.keys(groups).forEach(function (k) {
    groups[k].forEach(function (p, i) {
      var cx = x(p) + (i - (groups[k].length - 1) / 2) * (2 * R + 3), cy = top + (rows.indexOf(p.act) + 0.5) * laneH;
      var c = add(svg, "circle", {cx: cx, cy: cy, r: R, fill: colour[p.act], "class": "point", "data-id": p.id});
      c.addEventListener("mouseenter", function () { show(p, cx, cy); });
      c.addEventListener("mouseleave", function () { tip.style.display = "none"; });
    });
  });
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; e.textContent = text || ""; return e; }
  function show(p, cx, cy) {
    tip.innerHTML = "";
    tip.appendChild(el("blockquote", null, "\u201c" + p.text + "\u201d"));
    var head = el("div", "meta", p.speaker + " \u00b7 " + (p.date ? p.date.slice(0, 10) : "undated") + " \u00b7 ");
    var act = el("span", "act", p.act); act.style.color = colour[p.act]; head.appendChild(act);
    if (p.cue) head.appendChild(document.createTextNode(" (\u201c" + p.cue + "\u201d)"));
    tip.appendChild(head);
    if (p.about.length) tip.appendChild(el("div", "meta", "about " + p.about.join(", ")));
    tip.appendChild(el("div", "meta", p.article));
    if (p.answers.length) {
      var ul = el("ul"); p.answers.forEach(function (a) { ul.appendChild(el("li", null, a)); }); tip.appendChild(ul);
    }
    tip.style.display = "block";
    tip.style.left = Math.min(cx + 14, W - tip.offsetWidth - 8) + "px";
    tip.style.top = Math.min(cy + 14, H - tip.offsetHeight - 8) + "px";
  }
  chart.insertBefore(svg, tip);
  document.body.dataset.ready = "true";
})();
"""

_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="generator" content="quotegraph">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}} · quotegraph</title>
<style>{{css}}</style>
</head>
<body data-ready="false">
<div id="qg-header">
  <h1><span class="brand">quotegraph ·</span> {{title}}</h1>
  <div class="stats">{{stats}} · a row per speech act, hover a dot for its text</div>
</div>
<div id="qg-main">
<div id="qg-chart"><div id="qg-tip"></div></div>
<div id="qg-legend"><h2>speech act</h2><ul>
{{legend}}
</ul></div>
</div>
<script type="application/json" id="qg-data">{{data}}</script>
<script>{{js}}</script>
</body>
</html>
"""
