"""Small inline SVG charts: the report needs no plotting library, no script and no network.

A browser lays SVG text out without wrapping, so the charts are sized from an estimate of
each label's width (``text_width``: per-character widths of DejaVu Sans, the widest common
UI font, so other fonts only leave more room) and long labels are wrapped at ``.``, ``_``,
``:``, ``/``, ``-`` or spaces. Every label goes through ``html.escape``; numbers are
formatted here, the same way every time (same run, same bytes).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

import numpy as np

FONT = 12  # px, as base.css sets for .chart text
LINE = 15  # px between wrapped lines
KEPT, REMOVED, BEFORE = "#4c78a8", "#e45756", "#222222"

# em widths (DejaVu Sans) of the characters that differ most from the 0.62 em default
_WIDTHS = {
    **dict.fromkeys("il.,:;'|!", 0.30),
    **dict.fromkeys("jf()[]", 0.36),
    **dict.fromkeys("trs- ·", 0.42),
    **dict.fromkeys("mw%…", 1.0),
    **dict.fromkeys("MW@", 1.02),
    **dict.fromkeys("ABCDEFGHIJKLNOPQRSTUVXYZ≥≤→", 0.80),
    **dict.fromkeys("0123456789_", 0.64),
}
_BREAK = re.compile(r"[^._:/\s-]*(?:[._:/-]+|\s+|$)")
_SPACES = re.compile(r"\S*\s*")


def text_width(text: str, size: float = FONT, bold: bool = False) -> float:
    """An upper estimate of ``text``'s width in pixels."""
    em = 0.0
    for ch in text:
        if unicodedata.east_asian_width(ch) in ("W", "F"):
            em += 1.05
        else:
            em += _WIDTHS.get(ch, 0.62)
    return em * size * (1.1 if bold else 1.0)


def wrap(text: str, max_width: float, size: float = FONT, bold: bool = False) -> list[str]:
    """``text`` cut into lines no wider than ``max_width``: at spaces where that is enough,
    else also after ``.``, ``_``, ``:``, ``/`` or ``-``, else anywhere."""
    if text_width(text, size, bold) <= max_width:
        return [text]
    lines: list[str] = []
    for line in _pack(_SPACES.findall(text), max_width, size, bold, cut=False):
        if text_width(line, size, bold) <= max_width:
            lines.append(line)
        else:
            lines.extend(_pack(_BREAK.findall(line), max_width, size, bold, cut=True))
    return lines or [text]


def _pack(parts: list[str], max_width: float, size: float, bold: bool, cut: bool) -> list[str]:
    """Greedy lines of ``parts``; with ``cut``, a part wider than a line is cut anywhere."""
    lines: list[str] = []
    current = ""
    for part in (p for p in parts if p):
        if text_width(current + part.rstrip(), size, bold) <= max_width:
            current += part
            continue
        if current.strip():
            lines.append(current.rstrip())
        current = part.lstrip()
        while cut and text_width(current.rstrip(), size, bold) > max_width and len(current) > 1:
            n = 1
            while text_width(current[: n + 1], size, bold) <= max_width:
                n += 1
            lines.append(current[:n])
            current = current[n:]
    if current.strip():
        lines.append(current.rstrip())
    return lines


def _text(x: float, y: float, lines: list[str], anchor: str = "start", cls: str = "") -> str:
    """A (possibly multi-line) SVG text element; ``y`` is the first line's baseline."""
    attrs = f' text-anchor="{anchor}"' if anchor != "start" else ""
    attrs += f' class="{cls}"' if cls else ""
    if len(lines) == 1:
        return f'<text x="{x:.1f}" y="{y:.1f}"{attrs}>{escape(lines[0])}</text>'
    spans = "".join(
        f'<tspan x="{x:.1f}" dy="{0 if i == 0 else LINE}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f'<text x="{x:.1f}" y="{y:.1f}"{attrs}>{spans}</text>'


def compact(value: float) -> str:
    """A tick label: 950, 1.5k, 12k, 3M."""
    a = abs(value)
    if a >= 1e6:
        return f"{value / 1e6:.3g}M"
    if a >= 1e4 or (a >= 1e3 and value % 1000 == 0):
        return f"{value / 1e3:.3g}k"
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:.3g}"


def nice_ticks(lo: float, hi: float, target: int = 5, whole: bool = False) -> list[float]:
    """Round tick values (1, 2 or 5 times a power of ten apart) covering ``[lo, hi]``;
    ``whole``: at least 1 apart (counts of documents)."""
    if hi <= lo:
        hi = lo + 1
    raw = max((hi - lo) / target, 1.0 if whole else 0.0)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.floor(lo / step + 1e-9) * step
    ticks, t = [], first
    while t < hi + step * 0.999:
        ticks.append(round(t, 12))
        t += step
    return ticks


def legend_width(items: Sequence[tuple[str, str, bool]]) -> float:
    return sum(17 + text_width(name) + 12 for name, _, _ in items) - 12


def legend(items: Sequence[tuple[str, str, bool]], x: float, y: float) -> str:
    """Swatches and names from ``x`` at baseline ``y``: (name, colour, drawn as a line)."""
    out, at = [], x
    for name, color, outline in items:
        if outline:
            out.append(
                f'<line x1="{at:.1f}" x2="{at + 14:.1f}" y1="{y - 4:.1f}" y2="{y - 4:.1f}" '
                f'stroke="{color}" stroke-width="2"/>'
            )
        else:
            out.append(
                f'<rect x="{at:.1f}" y="{y - 9:.1f}" width="12" height="10" fill="{color}"/>'
            )
        out.append(_text(at + 17, y, [name]))
        at += 17 + text_width(name) + 12
    return "".join(out)


def bars(
    rows: Sequence[tuple[str, float | Sequence[float], str]],
    colors: Sequence[str] = (KEPT,),
    names: Sequence[str] = (),
    plot_width: int = 460,
    max_label_width: int = 420,
) -> str:
    """Horizontal bars: (label, value or stacked values, annotation). ``names`` (one per
    stacked value) draws a legend. Labels wider than ``max_label_width`` wrap."""
    if not rows:
        return '<p class="muted">nothing to show</p>'
    stacks = [(v,) if isinstance(v, int | float) else tuple(v) for _, v, _ in rows]
    top = max(sum(s) for s in stacks) or 1.0
    labels = [wrap(label, max_label_width) for label, _, _ in rows]
    label_w = max(text_width(line) for lines in labels for line in lines) + 14
    note_w = max(text_width(note) for _, _, note in rows) + 12
    items = [(n, colors[i % len(colors)], False) for i, n in enumerate(names)]
    head = 22 if items else 0
    heights = [max(22, 8 + LINE * len(lines)) for lines in labels]
    width = math.ceil(max(label_w + plot_width + note_w, legend_width(items) + 8))
    height = head + sum(heights) + 6
    out = [
        f'<svg class="chart bars" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img">'
    ]
    if items:
        out.append(legend(items, 4, 14))
    y = head + 3
    for lines, stack, h, (label, _, note) in zip(labels, stacks, heights, rows, strict=True):
        middle = y + h / 2
        out.append(
            _text(label_w - 8, middle + 4 - (len(lines) - 1) * LINE / 2, lines, "end", "label")
        )
        x = float(label_w)
        for i, value in enumerate(stack):
            w = plot_width * value / top
            if w <= 0:
                continue
            out.append(
                f'<rect x="{x:.1f}" y="{middle - 8:.1f}" width="{max(w, 1.0):.1f}" '
                f'height="16" fill="{colors[i % len(colors)]}">'
                f"<title>{escape(label)}: {escape(note)}</title></rect>"
            )
            x += w
        out.append(_text(max(x, label_w + 1.0) + 6, middle + 4, [note], cls="note"))
        y += h
    out.append("</svg>")
    return "".join(out)


@dataclass
class Series:
    """One kind of document in a histogram: its (possibly sampled) values and its count.
    Counts are scaled by ``n / len(values)`` when the values are a sample."""

    name: str
    values: Sequence[float]
    n: int
    color: str
    outline: bool = False  # drawn as a line over the bars, not stacked

    @property
    def scale(self) -> float:
        return self.n / len(self.values) if len(self.values) else 0.0


def _edges(data: np.ndarray, threshold: float | None, log: bool, bins: int):
    """Bin edges (in plotted units: log10 when ``log``), the clip range, and whether the
    bins are one per integer."""
    if log:  # ``data`` is log10 already: whole decades from the least to the most
        lo_e, hi_e = math.floor(float(data.min())), math.ceil(float(data.max()))
        if threshold is not None:
            at = math.log10(max(threshold, 1.0))
            lo_e, hi_e = min(lo_e, math.floor(at)), max(hi_e, math.ceil(at))
        hi_e = max(hi_e, lo_e + 1)
        return np.linspace(lo_e, hi_e, min(60, 10 * (hi_e - lo_e)) + 1), False
    lo, hi = float(np.percentile(data, 1)), float(np.percentile(data, 99))
    whole = bool(np.all(data == np.round(data)))
    if threshold is not None:
        whole = whole and threshold == round(threshold)
        lo, hi = min(lo, threshold), max(hi, threshold)
    if whole and hi - lo <= 40:  # counts: one bar per value, at least five
        lo, hi = math.floor(lo), max(math.ceil(hi), math.floor(lo) + 4)
        return np.arange(lo - 0.5, hi + 1.0, 1.0), True
    if hi <= lo:
        hi = lo + 1.0
    return np.linspace(lo, hi, bins + 1), False


def histogram(
    series: Sequence[Series],
    label: str,
    threshold: float | None = None,
    threshold_name: str = "threshold",
    side: str = "min",
    log: bool = False,
    x_caption: str = "",
    width: int = 372,
    plot_height: int = 130,
    bins: int = 30,
) -> str:
    """Documents per bin, the series stacked (kept below removed) with any ``outline``
    series drawn over them as a line, a count axis, value ticks and the recipe's threshold
    (the side it removes shaded). The outermost bins hold the 1% tails on either side
    (linear axes) so that one outlier cannot squash the rest."""
    stacked = [s for s in series if not s.outline and len(s.values)]
    lines = [s for s in series if s.outline and len(s.values)]
    total = sum(s.n for s in series if not s.outline)
    if not stacked:
        return f'<p class="muted">{escape(label)}: no values</p>'

    def plotted(values: Sequence[float]) -> np.ndarray:
        a = np.asarray(values, dtype=float)
        return np.log10(np.maximum(a, 1.0)) if log else a

    data = np.concatenate([plotted(s.values) for s in [*stacked, *lines]])
    edges, integer = _edges(data, threshold, log, bins)
    lo, hi = float(edges[0]), float(edges[-1])
    counts = [
        np.histogram(np.clip(plotted(s.values), lo, hi), bins=edges)[0] * s.scale for s in stacked
    ]
    outlines = [
        np.histogram(np.clip(plotted(s.values), lo, hi), bins=edges)[0] * s.scale for s in lines
    ]
    peak = max(float(np.sum(counts, axis=0).max()), *(float(o.max()) for o in outlines), 1.0)
    y_ticks = [t for t in nice_ticks(0, peak, 4, whole=True) if t >= 0]
    y_top = max(y_ticks[-1], peak)
    y_labels = [compact(t) for t in y_ticks]
    left = max(text_width(t) for t in y_labels) + 12
    right = 14
    title = wrap(f"{label} (n={total:,})", width - 16, bold=True)
    items = [(s.name, s.color, s.outline) for s in [*stacked, *lines]]
    head = 6 + LINE * len(title) + 4
    caption_end = left - 6 + text_width("documents")
    legend_x = width - right - legend_width(items)
    legend_y = head + 14
    if legend_x < caption_end + 12:  # no room beside the axis caption: a line of its own
        legend_x, legend_y, head = 8.0, head + 14, head + LINE + 4
    plot_top = head + 26
    plot_w = width - left - right
    bottom = plot_top + plot_height
    height = bottom + 20 + (LINE + 2 if x_caption else 0) + 4

    def x_of(value: float) -> float:
        return left + plot_w * (value - lo) / (hi - lo)

    def y_of(count: float) -> float:
        return bottom - plot_height * count / y_top

    out = [
        f'<svg class="chart histogram" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img">',
        _text(8, 6 + 11, title, cls="title"),
    ]
    out.append(_text(left - 6, head + 14, ["documents"], cls="axis"))
    out.append(legend(items, legend_x, legend_y))
    if threshold is not None:
        tx = x_of(math.log10(max(threshold, 1.0)) if log else threshold)
        x0, x1 = (left, tx) if side == "min" else (tx, left + plot_w)
        out.append(
            f'<rect x="{x0:.1f}" y="{plot_top:.1f}" width="{max(0.0, x1 - x0):.1f}" '
            f'height="{plot_height}" fill="{REMOVED}" fill-opacity="0.08"/>'
        )
    for tick, text in zip(y_ticks, y_labels, strict=True):
        y = y_of(tick)
        out.append(
            f'<line x1="{left:.1f}" x2="{left + plot_w:.1f}" y1="{y:.1f}" y2="{y:.1f}" '
            f'class="gridline"/>' + _text(left - 5, y + 4, [text], "end", "tick")
        )
    width_bin = plot_w / (len(edges) - 1)
    base = np.zeros(len(edges) - 1)
    for s, c in zip(stacked, counts, strict=True):
        for i, n in enumerate(c):
            if n <= 0:
                continue
            x, y = left + i * width_bin, y_of(base[i] + n)
            label_range = _bin_label(edges[i], edges[i + 1], log, integer)
            out.append(
                f'<rect x="{x + 0.5:.1f}" y="{y:.1f}" width="{max(width_bin - 1, 0.5):.1f}" '
                f'height="{y_of(base[i]) - y:.1f}" fill="{s.color}">'
                f"<title>{escape(s.name)} {escape(label_range)}: {round(n):,}</title></rect>"
            )
        base += c
    for s, o in zip(lines, outlines, strict=True):
        points = []
        for i, n in enumerate(o):
            y = y_of(n)
            points.append(
                f"{left + i * width_bin:.1f},{y:.1f} {left + (i + 1) * width_bin:.1f},{y:.1f}"
            )
        out.append(
            f'<polyline points="{" ".join(points)}" fill="none" stroke="{s.color}" '
            f'stroke-width="1.5"/>'
        )
    out.append(
        f'<line x1="{left:.1f}" x2="{left:.1f}" y1="{plot_top:.1f}" y2="{bottom:.1f}" '
        f'class="axis"/><line x1="{left:.1f}" x2="{left + plot_w:.1f}" y1="{bottom:.1f}" '
        f'y2="{bottom:.1f}" class="axis"/>'
    )
    out.extend(_x_ticks(lo, hi, log, integer, x_of, bottom, left, left + plot_w))
    if threshold is not None:
        tx = x_of(math.log10(max(threshold, 1.0)) if log else threshold)
        note = f"{threshold_name} {threshold:g}"
        room_right = left + plot_w - tx
        anchor, nx = ("start", tx + 4) if room_right > text_width(note) + 6 else ("end", tx - 4)
        out.append(
            f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{plot_top - 2:.1f}" y2="{bottom:.1f}" '
            f'stroke="#d62728" stroke-width="2"/>'
            + _text(nx, plot_top + 12, [note], anchor, "threshold")
        )
    if x_caption:
        out.append(_text(left + plot_w / 2, bottom + 20 + LINE, [x_caption], "middle", "axis"))
    out.append("</svg>")
    return "".join(out)


def _bin_label(a: float, b: float, log: bool, integer: bool) -> str:
    if integer:
        return f"{round((a + b) / 2):,}"
    if log:
        return f"{10**a:,.0f}–{10**b:,.0f}"
    return f"{a:.3g}–{b:.3g}"


def _x_ticks(lo, hi, log, integer, x_of, bottom, x_min, x_max) -> list[str]:
    if log:
        ticks = [float(e) for e in range(math.ceil(lo), math.floor(hi) + 1)]
        labels = [compact(10**e) for e in ticks]
    else:
        span_lo, span_hi = (lo + 0.5, hi - 0.5) if integer else (lo, hi)
        ticks = [t for t in nice_ticks(span_lo, span_hi, 5) if lo <= t <= hi]
        if integer:
            ticks = [t for t in ticks if t == int(t)]
        labels = [compact(t) for t in ticks]
    out = []
    for tick, text in zip(ticks, labels, strict=True):
        x = x_of(tick)
        half = text_width(text) / 2
        anchor = "middle"
        if x - half < x_min - 6:
            anchor, x_text = "start", x_min - 6.0
        elif x + half > x_max + 10:
            anchor, x_text = "end", x_max + 10.0
        else:
            x_text = x
        out.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{bottom:.1f}" y2="{bottom + 4:.1f}" '
            f'class="axis"/>' + _text(x_text, bottom + 16, [text], anchor, "tick")
        )
    return out
