#!/usr/bin/env python3
"""Typst documents with the content `brief build --format pdf` sets, for
benchmarking PDF output against `typst compile` (see BENCHMARKS.md).

    python3 tools/typst_equiv.py WORKSPACE JSON_DIR OUT_DIR [--brief SLUG]...

WORKSPACE is a corpus (brief.yaml + briefs/**.md, e.g. from gen-corpus),
JSON_DIR holds `brief build --format json` of it (the aggregated tables).
Writes OUT_DIR/<brief>.typ for every brief and OUT_DIR/packets/<name>.typ
for every packet (its briefs again, notes filtered by audience), set like
brief's PDFs: A4, the same margins, Noto Serif text and Noto Sans headings
and tables (assets/fonts), a running header with the marking and a footer
with `page N of M`; title block, bottom line, the five sections with each
note's passage and attribution, the what-happened, actor, mechanism,
watch, scenario and source tables, then every note in an appendix
(markdown converted: headings, lists, tables, emphasis, links, footnotes).
Notes are read from brief folders and their subfolders; a note without a
marking takes brief.yaml's (else TLP:CLEAR). The leverage bar chart and
the leverage-over-time chart are drawn as SVG images of the same size
(<brief>-leverage.svg, -timeline.svg beside the .typ files) from the JSON.

Compile with tools/typst_compile.py (the `typst` PyPI package).
"""

import json
import os
import re
import sys

import yaml

SECTIONS = [
    ("what happened", "What happened"),
    ("who gains leverage", "Who gains leverage"),
    ("what mechanism is operating", "What mechanism is operating"),
    ("why it matters", "Why it matters"),
    ("what to watch next", "What to watch next"),
]
RANK = {"CLEAR": 0, "GREEN": 1, "AMBER": 2, "AMBER+STRICT": 3, "RED": 4}

SPECIAL = re.compile(r"([\\#$*_@<>\[\]`~=/\"])")
INLINE = re.compile(
    r"\[\^([^\]]+)\]"  # footnote reference
    r"|\[([^\]]*)\]\(([^)\s]*)\)"  # link
    r"|\*\*(.+?)\*\*"  # bold
    r"|~~(.+?)~~"  # strike
    r"|`([^`]+)`"  # code
    r"|(?<![\w*])[*_](?![\s*_])(.+?)(?<![\s*_])[*_](?![\w*])"  # italic
)


def esc(text):
    return SPECIAL.sub(r"\\\1", text)


# The footnotes of the note being converted, by label.
FOOTNOTES = {}


def inline(text):
    out, at = [], 0
    for m in INLINE.finditer(text):
        out.append(esc(text[at : m.start()]))
        note, link, url, bold, strike, code, italic = m.groups()[0:7]
        if note is not None:
            out.append("#footnote[%s]" % inline(FOOTNOTES.get(note, note)))
        elif url is not None:
            out.append('#link("%s")[%s]' % (url.replace('"', ""), inline(link)))
        elif bold is not None:
            out.append("#strong[%s]" % inline(bold))
        elif strike is not None:
            out.append("#strike[%s]" % inline(strike))
        elif code is not None:
            out.append("#raw(%s)" % json.dumps(code, ensure_ascii=False))
        else:
            out.append("#emph[%s]" % inline(italic))
        at = m.end()
    out.append(esc(text[at:]))
    return "".join(out)


def table(rows, align=None):
    cols = len(rows[0])
    cells = []
    for i, row in enumerate(rows):
        for cell in row + [""] * (cols - len(row)):
            text = inline(str(cell))
            cells.append("[*%s*]" % text if i == 0 else "[%s]" % text)
    al = "align: (%s), " % ", ".join(align) if align else ""
    return "#table(columns: %d, %s%s)\n" % (cols, al, ", ".join(cells))


def markdown(body, level):
    """Note markdown into Typst, headings from `level`."""
    out, lines, i = [], body.splitlines(), 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("|") and i + 1 < len(lines) and re.match(r"^\|[\s:|-]+\|?$", lines[i + 1]):
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                if not re.match(r"^\|[\s:|-]+\|?$", lines[i]):
                    rows.append([c.strip() for c in lines[i].strip().strip("|").split("|")])
                i += 1
            out.append(table(rows))
            continue
        m = re.match(r"^(#{1,6})\s+(.*)$", line)
        if m:
            out.append("=" * (level + len(m.group(1)) - 2) + " " + inline(m.group(2)))
        elif re.match(r"^\s*[-*+]\s+\[[ xX]\]\s", line):
            rest = re.sub(r"^\s*[-*+]\s+\[([ xX])\]\s", "", line)
            out.append("- " + ("☑ " if "x" in line[:8].lower() else "☐ ") + inline(rest))
        elif re.match(r"^\s*[-*+]\s", line):
            out.append("- " + inline(re.sub(r"^\s*[-*+]\s", "", line)))
        elif re.match(r"^\s*\d+[.)]\s", line):
            out.append("+ " + inline(re.sub(r"^\s*\d+[.)]\s", "", line)))
        elif line.startswith(">"):
            out.append("#quote(block: true)[%s]" % inline(line.lstrip("> ")))
        else:
            out.append(inline(line))
        i += 1
    return "\n".join(out) + "\n"


FOOTNOTE_DEF = re.compile(r"^\[\^([^\]]+)\]:\s*(.*)$", re.M)


def read_notes(root, slug, default_marking):
    """The brief's notes, its subfolders' too (as `brief` reads them), each
    as (front matter, body, footnotes); the marking defaulted."""
    notes = []
    folder = os.path.join(root, "briefs", slug)
    paths = []
    for here, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        paths += [os.path.join(here, f) for f in files if f.endswith(".md") and not f.startswith(".")]
    for path in sorted(paths):
        text = open(path, encoding="utf-8").read()
        _, front, body = text.split("---", 2)
        meta = yaml.safe_load(front) or {}
        meta.setdefault("marking", default_marking)
        footnotes = dict(FOOTNOTE_DEF.findall(body))
        body = FOOTNOTE_DEF.sub("", body)
        notes.append((meta, body.strip(), footnotes))
    return notes


def marking_of(meta):
    return "TLP:" + str(meta.get("marking", "CLEAR")).upper().replace("TLP:", "").strip()


def svg_leverage(actors):
    """The leverage bar chart: one bar per actor on a −5..+5 axis, 467 pt wide."""
    width, row = 467, 16
    height = row * len(actors) + 24
    mid, scale = 300, 25
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="Noto Sans" font-size="8">' % (width, height)]
    for i, a in enumerate(actors):
        y = 4 + i * row
        value = a["leverage"]
        x = mid if value >= 0 else mid + value * scale
        out.append('<text x="%d" y="%d" text-anchor="end">%s</text>' % (mid - 130, y + 10, xml(a["name"])))
        out.append('<rect x="%.1f" y="%d" width="%.1f" height="11" fill="%s"/>' % (x, y, abs(value) * scale, "#2e7d4f" if value >= 0 else "#c0504d"))
        out.append('<text x="%.1f" y="%d">%+.2f</text>' % (mid + max(value, 0) * scale + 3, y + 10, value))
    out.append('<line x1="%d" y1="0" x2="%d" y2="%d" stroke="#5c6170" stroke-width="0.5"/>' % (mid, mid, height - 20))
    out.append("</svg>")
    return "\n".join(out)


def svg_timeline(timeline):
    """Each actor's weekly leverage as a polyline, 467 × 160 pt."""
    width, height = 467, 160
    dates = timeline.get("dates") or []
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="Noto Sans" font-size="7">' % (width, height)]
    if len(dates) >= 2:
        step = (width - 40) / (len(dates) - 1)
        y_of = lambda v: 10 + (5 - v) * (height - 30) / 10
        colours = ["#1f4e79", "#c0504d", "#2e7d4f", "#b8860b", "#6a3d9a", "#333333"]
        for i, actor in enumerate(timeline.get("actors") or []):
            points = ["%.1f,%.1f" % (30 + k * step, y_of(v)) for k, v in enumerate(actor["leverage"]) if v is not None]
            if points:
                out.append('<polyline fill="none" stroke="%s" stroke-width="1.2" points="%s"/>' % (colours[i % len(colours)], " ".join(points)))
        for k in (0, len(dates) - 1):
            out.append('<text x="%.1f" y="%d">%s</text>' % (30 + k * step, height - 4, dates[k]))
    out.append("</svg>")
    return "\n".join(out)


def xml(text):
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def sections_of(body):
    """Lede and level-2 sections of a note's body, by lower-case title."""
    parts = re.split(r"^##\s+(.*)$", body, flags=re.M)
    out = {"": parts[0].strip()}
    for k in range(1, len(parts), 2):
        out[parts[k].strip().rstrip("?").lower()] = parts[k + 1].strip()
    return out


PREAMBLE = """#set document(title: %(title)s)
#set page(paper: "a4", margin: (left: 64pt, right: 64pt, top: 76pt, bottom: 72pt),
  header: context [#set text(font: "Noto Sans", size: 7.5pt, fill: rgb("#5c6170"))
    %(context)s #h(1fr) #box(fill: black, inset: 2pt)[#text(fill: rgb("%(colour)s"), weight: "bold")[%(marking)s]]
    #v(-4pt) #line(length: 100%%, stroke: 0.4pt + rgb("#d1d4d9"))],
  footer: context [#set text(font: "Noto Sans", size: 7.5pt, fill: rgb("#5c6170"))
    #line(length: 100%%, stroke: 0.4pt + rgb("#d1d4d9")) #v(-4pt)
    #box(fill: black, inset: 2pt)[#text(fill: rgb("%(colour)s"), weight: "bold")[%(marking)s]] #h(1fr) %(short)s #h(1fr)
    page #counter(page).display() of #counter(page).final().first()])
#set text(font: "Noto Serif", size: 10pt, lang: "en")
#set par(justify: true, leading: 0.55em)
#show heading: set text(font: "Noto Sans")
#show table: set text(font: "Noto Sans", size: 8pt)
#set table(stroke: 0.4pt + rgb("#d1d4d9"), inset: (x: 4pt, y: 3pt))
"""

COLOURS = {"CLEAR": "#ffffff", "GREEN": "#33ff00", "AMBER": "#ffc000", "AMBER+STRICT": "#ffc000", "RED": "#ff2b2b"}


def brief_body(slug, spec, data, notes, level):
    h = "=" * level
    out = []
    out.append("%s %s\n" % (h, inline(spec.get("title", slug))))
    out.append("#text(font: \"Noto Sans\", size: 8pt)[*TLP:%s* · As of %s · %d notes]\n" % (data["marking"].replace("TLP:", ""), data["as_of"], len(notes)))
    out.append("#emph[%s]\n" % inline(spec.get("summary", "")))
    out.append("%s= Bottom line\n" % h)
    if data["actors"]:
        top = max(data["actors"], key=lambda a: a["leverage"])
        out.append("- #strong[%s] gains most leverage (%+.2f)." % (inline(top["name"]), top["leverage"]))
    if data["mechanisms"]:
        out.append("- Dominant mechanism: #strong[%s] (weight %.2f)." % (inline(data["mechanisms"][0]["name"]), data["mechanisms"][0]["weight"]))
    if data["watch"]:
        out.append("- Next due: #strong[%s] by %s.\n" % (inline(data["watch"][0]["indicator"]), data["watch"][0]["due"]))
    by_date = sorted(notes, key=lambda n: str(n[0].get("date")), reverse=True)
    global FOOTNOTES
    for key, title in SECTIONS:
        out.append("%s= %s\n" % (h, title))
        if key == "what happened":
            rows = [["Date", "Development", "Confidence", "Marking"]]
            rows += [[str(m.get("date")), m.get("title", ""), m.get("confidence", ""), marking_of(m)] for m, _, _ in by_date]
            out.append(table(rows))
        if key == "who gains leverage":
            if data["actors"]:
                out.append('#image("%s-leverage.svg", width: 100%%)\n' % slug)
            if len(data.get("timeline", {}).get("dates") or []) >= 2:
                out.append('#image("%s-timeline.svg", width: 100%%)\n' % slug)
            rows = [["Actor", "Leverage", "Stakes", "Range", "Trend", "Notes"]]
            rows += [[a["name"], "%+.2f" % a["leverage"], "%.2f" % a["stakes"], str(a["range"]), a["trend"], str(a["notes"])] for a in data["actors"]]
            out.append(table(rows, ["left"] + ["right"] * 5))
        if key == "what mechanism is operating":
            rows = [["Mechanism", "Weight", "Actors"]]
            rows += [[m["name"], "%.2f" % m["weight"], ", ".join(m["actors"])] for m in data["mechanisms"]]
            out.append(table(rows))
        if key == "what to watch next":
            rows = [["Indicator", "Due", "Status", "Notes"]]
            rows += [[w["indicator"], w["due"], w["status"], str(w["notes"])] for w in data["watch"]]
            out.append(table(rows))
        for meta, body, footnotes in by_date:
            FOOTNOTES = footnotes
            passage = sections_of(body).get(key)
            if passage:
                out.append(markdown(passage, level + 2))
                out.append("#align(right)[#text(size: 8pt, fill: rgb(\"#5c6170\"))[— %s, %s]]\n" % (inline(meta.get("title", "")), meta.get("date")))
    out.append("%s= Scenarios\n" % h)
    out.append(table([["Scenario", "Likelihood"]] + [[s["name"], s["likelihood"]] for s in data["scenarios"]]))
    out.append("%s= Sources\n" % h)
    out.append(table([["Source", "Reliability", "Credibility"]] + [[s["title"], s["reliability"], str(s["credibility"])] for s in data["sources"]]))
    out.append("%s= Appendix: the notes\n" % h)
    for meta, body, footnotes in by_date:
        FOOTNOTES = footnotes
        out.append("%s== %s\n" % (h, inline(meta.get("title", ""))))
        out.append("#text(font: \"Noto Sans\", size: 8pt, fill: rgb(\"#5c6170\"))[%s · %s · confidence %s · %s]\n" % (meta.get("date"), inline(str(meta.get("author", ""))), meta.get("confidence", ""), marking_of(meta)))
        out.append(markdown(body, level + 3))
    return "\n".join(out)


def preamble(title, context, marking, short):
    colour = COLOURS.get(marking.replace("TLP:", ""), "#ffffff")
    return PREAMBLE % {"title": json.dumps(title, ensure_ascii=False), "context": inline(context), "colour": colour, "marking": inline(marking), "short": inline(short)}


def main(argv):
    root, json_dir, out_dir = argv[1:4]
    wanted = [argv[i + 1] for i, a in enumerate(argv) if a == "--brief"]
    config = yaml.safe_load(open(os.path.join(root, "brief.yaml"), encoding="utf-8"))
    context = "%s · %s" % (config.get("organization", ""), config["title"])
    os.makedirs(os.path.join(out_dir, "packets"), exist_ok=True)
    cache = {}
    for slug, spec in config["briefs"].items():
        if wanted and slug not in wanted:
            continue
        spec = dict(spec or {})
        spec.setdefault("title", slug)
        data = json.load(open(os.path.join(json_dir, slug + ".json"), encoding="utf-8"))
        notes = read_notes(root, slug, config.get("marking") or "TLP:CLEAR")
        cache[slug] = (spec, data, notes)
        # Beside the brief and beside the packets: Typst reads no file
        # above the one it compiles.
        for folder in (out_dir, os.path.join(out_dir, "packets")):
            with open(os.path.join(folder, slug + "-leverage.svg"), "w", encoding="utf-8") as f:
                f.write(svg_leverage(data["actors"]))
            with open(os.path.join(folder, slug + "-timeline.svg"), "w", encoding="utf-8") as f:
                f.write(svg_timeline(data.get("timeline") or {}))
        with open(os.path.join(out_dir, slug + ".typ"), "w", encoding="utf-8") as f:
            f.write(preamble(spec["title"], context, data["marking"], spec["title"]))
            f.write(brief_body(slug, spec, data, notes, 1))
    if wanted:
        return
    for name, packet in (config.get("packets") or {}).items():
        limit = RANK[packet["audience"].replace("TLP:", "")]
        parts = []
        for slug in packet["briefs"]:
            spec, data, notes = cache[slug]
            kept = [n for n in notes if RANK.get(marking_of(n[0]).replace("TLP:", ""), 4) <= limit]
            if kept:
                parts.append("#pagebreak()\n" + brief_body(slug, spec, data, kept, 1))
        cover = "= %s\nAudience: *%s*\n\n#outline(depth: 1)\n" % (inline(packet["title"]), packet["audience"])
        with open(os.path.join(out_dir, "packets", name + ".typ"), "w", encoding="utf-8") as f:
            f.write(preamble(packet["title"], context, packet["audience"], packet["title"]))
            f.write(cover + "\n".join(parts))


if __name__ == "__main__":
    main(sys.argv)
