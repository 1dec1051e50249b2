"""Small inline SVG charts: the report needs no plotting library and no network.

Every label goes through ``html.escape``; numbers are formatted here.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import numpy as np


def bars(
    rows: Sequence[tuple[str, float, str]],
    width: int = 720,
    bar_height: int = 22,
    color: str = "#4c78a8",
) -> str:
    """Horizontal bars: (label, value, annotation)."""
    if not rows:
        return "<p>nothing to show</p>"
    top = max(v for _, v, _ in rows) or 1.0
    label_w, height = 230, bar_height * len(rows) + 8
    out = [f'<svg class="chart" width="{width}" height="{height}" role="img">']
    for i, (label, value, note) in enumerate(rows):
        y = 4 + i * bar_height
        w = max(1.0, (width - label_w - 170) * value / top)
        out.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{bar_height - 6}" '
            f'fill="{color}"><title>{escape(label)}: {escape(note)}</title></rect>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 15}">{escape(note)}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def histogram(
    values: list[float],
    threshold: float | None,
    label: str,
    width: int = 340,
    height: int = 150,
    bins: int = 30,
) -> str:
    """A histogram with the recipe's threshold drawn as a red line."""
    if not values:
        return f"<p>{escape(label)}: no values</p>"
    data = np.asarray(values, dtype=float)
    lo, hi = float(np.percentile(data, 1)), float(np.percentile(data, 99))
    if threshold is not None:
        lo, hi = min(lo, threshold), max(hi, threshold)
    if hi <= lo:
        hi = lo + 1.0
    counts, edges = np.histogram(np.clip(data, lo, hi), bins=bins, range=(lo, hi))
    top = counts.max() or 1
    plot_h, bar_w = height - 34, (width - 20) / bins
    out = [
        f'<svg class="chart" width="{width}" height="{height}" role="img">'
        f'<text x="10" y="14" class="title">{escape(label)} (n={len(data):,})</text>'
    ]
    for i, c in enumerate(counts):
        h = plot_h * c / top
        out.append(
            f'<rect x="{10 + i * bar_w:.1f}" y="{20 + plot_h - h:.1f}" '
            f'width="{bar_w - 1:.1f}" height="{h:.1f}" fill="#72b7b2">'
            f"<title>{edges[i]:.3g}–{edges[i + 1]:.3g}: {c}</title></rect>"
        )
    if threshold is not None:
        x = 10 + (width - 20) * (threshold - lo) / (hi - lo)
        out.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="18" y2="{20 + plot_h}" '
            f'stroke="#d62728" stroke-width="2"/><text x="{x + 3:.1f}" y="30" '
            f'fill="#d62728">threshold {threshold:g}</text>'
        )
    out.append(
        f'<text x="10" y="{height - 2}">{lo:.3g}</text>'
        f'<text x="{width - 10}" y="{height - 2}" text-anchor="end">{hi:.3g}</text></svg>'
    )
    return "".join(out)
