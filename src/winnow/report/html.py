"""Render ``report.html``: one self-contained page (inline CSS and SVG, no scripts)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import jinja2
import yaml

from winnow.io.writers import write_atomic
from winnow.report.data import load_run
from winnow.report.svg import bars, histogram


def environment() -> jinja2.Environment:
    """Templates with autoescaping on: document text can never become markup."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("winnow.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "0%"


def render_report(out: str | Path) -> str:
    view = load_run(out)
    stats = view.stats
    steps = stats["steps"]
    docs, chars = stats["documents"], stats["characters"]
    removing = [s for s in steps if s["removed"]]
    top = max(removing, key=lambda s: s["removed"], default=None)
    top_step = None
    if top is not None:
        reason = max(top["removed_by_reason"].items(), key=lambda kv: kv[1])[0]
        top_step = {"step": top["step"], "removed": top["removed"], "top_reason": reason}
    line_counts = [
        (s["step"], sum(s["edits_by_reason"].values()), s["edits_by_reason"])
        for s in steps
        if s["edits_by_reason"]
    ]
    top_lines = None
    if line_counts:
        name, n, reasons = max(line_counts, key=lambda x: x[1])
        top_lines = (name, n, max(reasons.items(), key=lambda kv: kv[1])[0])
    funnel = [(s["step"], s["kept"], f"{s['kept']:,} kept of {s['docs_in']:,}") for s in steps]
    doc_reasons = sorted(
        (
            (f"{s['step']}: {r}", n, f"{n:,} documents")
            for s in steps
            for r, n in s["removed_by_reason"].items()
        ),
        key=lambda x: -x[1],
    )
    line_reasons = sorted(
        (
            (f"{s['step']}: {r}", n, f"{n:,} lines")
            for s in steps
            for r, n in s["edits_by_reason"].items()
        ),
        key=lambda x: -x[1],
    )
    langs_before = [(lang, n, f"{n:,}") for lang, n in view.lang_before.most_common(15)]
    langs_after = [(lang, n, f"{n:,}") for lang, n in view.lang_after.most_common(15)]
    histograms = [
        histogram(view.values[name], view.threshold(name), plotted.label)
        for name, (_, plotted) in view.signals.items()
        if view.values.get(name)
    ]
    recipe = view.config.get("recipe", {})
    css = (resources.files("winnow.report") / "templates" / "base.css").read_text()
    return (
        environment()
        .get_template("report.html")
        .render(
            css=css,
            out=str(view.out),
            out_name=view.out.name,
            run=view.run,
            recipe=recipe,
            docs=docs,
            chars=chars,
            steps=steps,
            pct=_pct,
            top_step=top_step,
            top_lines=top_lines,
            unreadable=stats["unreadable_records"]["count"],
            bad=stats["unreadable_records"]["listed"],
            funnel_svg=bars(funnel),
            doc_reasons_svg=bars(doc_reasons, color="#e45756"),
            line_reasons_svg=bars(line_reasons[:20], color="#f58518"),
            lang_before_svg=bars(langs_before, width=520),
            lang_after_svg=bars(langs_after, width=520),
            histograms=histograms,
            doc_examples=[v for _, v in sorted(view.doc_examples.items())],
            line_examples=[v for _, v in sorted(view.line_examples.items())],
            # a file cut into parts is listed once
            inputs=list(dict.fromkeys(f["url"] for f in view.config.get("inputs", []))),
            recipe_text=yaml.safe_dump(
                recipe.get("steps", []), sort_keys=False, allow_unicode=True
            ),
        )
    )


def write_report(out: str | Path) -> Path:
    path = Path(out) / "report.html"
    write_atomic(path, render_report(out).encode("utf-8"))
    return path
