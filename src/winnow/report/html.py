"""Render ``report.html``: one self-contained page (inline CSS and SVG, no scripts).

The same run gives the same bytes, except its run facts (start time, seconds, per-step
time), which ``run.json`` holds.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import numpy as np
import yaml
from markupsafe import Markup

from winnow.io import storage
from winnow.io.writers import write_atomic
from winnow.report.crosslingual import crosslingual_section, output_rows, uses_crosslingual
from winnow.report.data import BoundedTally, RunView, Sample, Tally, load_run
from winnow.report.svg import BEFORE, KEPT, REMOVED, Series, bars, histogram

EXTRACT_STEP = "html.extract"  # the step whose chars_in counts HTML markup
TOP_LANGUAGES = 30
TOP_SOURCES = 15
TOP_REASONS = 3


def environment() -> jinja2.Environment:
    """Templates with autoescaping on: document text can never become markup."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("winnow.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.globals["count"] = count
    return env


def count(n: int, word: str, words: str | None = None) -> str:
    """``1 document``, ``2,304 documents``: the number and the word in the right form."""
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


def seconds_text(s: float) -> str:
    """``12.3 s``, ``3.89 s``, ``41 ms``, ``0.8 ms``."""
    if s >= 10:
        return f"{s:,.1f} s"
    if s >= 1:
        return f"{s:.2f} s"
    return f"{1000 * s:.0f} ms" if s >= 0.01 else f"{1000 * s:.1f} ms"


def _pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "0%"


def headline_text(stats: dict[str, Any]) -> dict[str, Any]:
    """Characters of text in and out, with HTML markup kept apart: the extraction step
    counts the markup it reads, so the text in is what it handed on (its characters in
    less what it removed), not what was read."""
    chars = stats["characters"]
    extract = next((s for s in stats["steps"] if s["step"] == EXTRACT_STEP), None)
    if extract is None:
        return {"read": None, "text_in": chars["in"], "text_out": chars["out"]}
    return {
        "read": chars["in"],
        "text_in": extract["chars_in"] - extract["chars_removed"],
        "text_out": chars["out"],
    }


def _quantiles(name: str, sample: Sample) -> dict[str, Any]:
    row: dict[str, Any] = {"name": name, "n": sample.n}
    if sample.values:
        p10, p50, p90 = np.percentile(np.asarray(sample.values), [10, 50, 90])
        row.update(p10=f"{p10:,.0f}", p50=f"{p50:,.0f}", p90=f"{p90:,.0f}")
    else:
        row.update(p10="–", p50="–", p90="–")
    return row


def length_section(view: RunView) -> dict[str, Any]:
    lengths, tokens = view.lengths, view.tokens
    chars_chart = histogram(
        [
            Series("kept", lengths["kept"].values, lengths["kept"].n, KEPT),
            Series("removed", lengths["removed"].values, lengths["removed"].n, REMOVED),
            Series(
                "kept, before lines were cut",
                lengths["kept_before"].values,
                lengths["kept_before"].n,
                BEFORE,
                outline=True,
            ),
        ],
        "characters per document",
        log=True,
        x_caption="characters (log scale)",
        width=560,
    )
    counted = tokens["kept"].n + tokens["removed"].n
    tokens_chart = (
        histogram(
            [
                Series("kept", tokens["kept"].values, tokens["kept"].n, KEPT),
                Series("removed", tokens["removed"].values, tokens["removed"].n, REMOVED),
            ],
            "tokens per document",
            log=True,
            x_caption="tokens (log scale)",
            width=560,
        )
        if counted
        else ""
    )
    table = [
        _quantiles("kept, before lines were cut", lengths["kept_before"]),
        _quantiles("kept, as written", lengths["kept"]),
        _quantiles("removed, when removed", lengths["removed"]),
    ]
    token_table = [_quantiles(kind, tokens[kind]) for kind in ("kept", "removed") if tokens[kind].n]
    return {
        "chars_svg": chars_chart,
        "tokens_svg": tokens_chart,
        "table": table,
        "token_table": token_table,
    }


def _top_reasons(tally: Tally) -> list[tuple[str, int]]:
    return sorted(tally.reasons.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_REASONS]


def language_section(table: BoundedTally) -> dict[str, Any]:
    ranked = sorted(table.rows.items(), key=lambda kv: (-kv[1].docs, kv[0]))
    shown, rest = ranked[:TOP_LANGUAGES], ranked[TOP_LANGUAGES:]
    rows = [
        {
            "lang": lang,
            "t": t,
            "share": _pct(t.removed, t.docs),
            "reasons": _top_reasons(t),
        }
        for lang, t in shown
    ]
    svg = bars(
        [
            (lang, (t.kept, t.removed), f"{t.kept:,} of {t.docs:,} kept ({_pct(t.kept, t.docs)})")
            for lang, t in shown
        ],
        colors=(KEPT, REMOVED),
        names=("kept", "removed"),
        plot_width=320,
    )
    other_docs = sum(t.docs for _, t in rest) + table.dropped_docs
    return {"svg": svg, "rows": rows, "other": (len(rest), other_docs)}


def _display_sources(keys: list[str]) -> tuple[dict[str, str], str]:
    """Source keys as shown: hosts as they are, input files relative to the folder all the
    shown ones share (named once above the tables)."""
    files = [k.removeprefix("file:") for k in keys if k.startswith("file:")]
    prefix = ""
    if len(files) > 1:
        try:
            prefix = os.path.commonpath(files)
        except ValueError:  # absolute and relative paths mixed
            prefix = ""
    elif files:
        prefix = os.path.dirname(files[0])
    if prefix in files:  # one file shown, or every file the same
        prefix = os.path.dirname(prefix)
    shown = {}
    for k in keys:
        if k.startswith("file:"):
            path = k.removeprefix("file:")
            shown[k] = "file " + (os.path.relpath(path, prefix) if prefix else path)
        else:
            shown[k] = k
    return shown, prefix


def source_section(table: BoundedTally) -> dict[str, Any]:
    items = list(table.rows.items())
    removers = sorted(
        (kv for kv in items if kv[1].removed),
        key=lambda kv: (-kv[1].removed, -kv[1].removed_share, kv[0]),
    )[:TOP_SOURCES]
    keepers = sorted(
        (kv for kv in items if kv[1].kept),
        key=lambda kv: (-kv[1].kept, -kv[1].chars_kept, kv[0]),
    )[:TOP_SOURCES]
    names, prefix = _display_sources(sorted({k for k, _ in removers + keepers}))
    return {
        "removers": [
            {"name": names[k], "t": t, "share": _pct(t.removed, t.docs), "reasons": _top_reasons(t)}
            for k, t in removers
        ],
        "keepers": [{"name": names[k], "t": t, "share": _pct(t.kept, t.docs)} for k, t in keepers],
        "prefix": prefix,
        "distinct": len(items) + table.dropped_keys,
        "approximate": table.approximate,
        "cap": table.cap,
        "dropped_docs": table.dropped_docs,
    }


def _stages(config: dict[str, Any]) -> list[list[str]]:
    """Step names of each stage, as the runner cuts them: a stage runs its per-document
    steps and then the corpus step ending it (its keys and its plan)."""
    from winnow.errors import ConfigError
    from winnow.registry import get_step
    from winnow.step import StepKind

    stages: list[list[str]] = [[]]
    for entry in config.get("recipe", {}).get("steps", []):
        for name in entry:
            stages[-1].append(name)
            try:
                corpus = get_step(name).kind == StepKind.CORPUS
            except ConfigError:
                corpus = False
            if corpus:
                stages.append([])
    return [s for s in stages if s]


def time_section(view: RunView) -> dict[str, Any]:
    """Seconds per step from ``run.json``'s ``step_seconds`` (summed over every task, so
    over every worker), or, from runs that did not record them, seconds per stage."""
    step_seconds = view.run.get("step_seconds")
    docs_in = {s["step"]: s["docs_in"] for s in view.stats["steps"]}
    if isinstance(step_seconds, dict) and step_seconds:
        order = [s["step"] for s in view.stats["steps"]]
        order += sorted(k for k in step_seconds if k not in docs_in)
        rows = []
        for step in order:
            spent = step_seconds.get(step)
            if not isinstance(spent, int | float):
                continue
            n = docs_in.get(step, 0)
            per = f" · {seconds_text(1000 * spent / n)} per 1,000 documents" if n else ""
            rows.append((step, float(spent), f"{seconds_text(spent)}{per}"))
        total = sum(v for _, v, _ in rows)
        return {"svg": bars(rows, colors=("#54a24b",)), "steps": True, "total": total}
    stage_seconds = view.run.get("stage_seconds") or []
    stages = _stages(view.config)
    rows = []
    for i, spent in enumerate(stage_seconds):
        names = stages[i] if i < len(stages) else []
        label = f"stage {i + 1}" + (
            f": {names[0]} … {names[-1]}" if len(names) > 1 else (f": {names[0]}" if names else "")
        )
        rows.append((label, float(spent), seconds_text(spent)))
    return {
        "svg": bars(rows, colors=("#54a24b",)) if rows else "",
        "steps": False,
        "total": sum(v for _, v, _ in rows),
    }


def signal_charts(view: RunView) -> list[str]:
    charts = []
    for name, (_, plotted) in view.signals.items():
        if name == "token_count":  # shown with the document lengths
            continue
        samples = view.values.get(name) or {}
        if not any(s.n for s in samples.values()):
            continue
        charts.append(
            histogram(
                [
                    Series("kept", samples["kept"].values, samples["kept"].n, KEPT),
                    Series("removed", samples["removed"].values, samples["removed"].n, REMOVED),
                ],
                plotted.label,
                view.threshold(name),
                threshold_name=plotted.threshold or "threshold",
                side=plotted.side,
            )
        )
    return charts


def _stage_seconds(run: dict[str, Any]) -> str:
    return ", ".join(seconds_text(s) for s in run.get("stage_seconds") or [])


def render_report(out: str | Path) -> str:
    view = load_run(out)
    stats = view.stats
    steps = stats["steps"]
    docs = stats["documents"]
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
    funnel = [
        (
            s["step"],
            (s["kept"], s["removed"]),
            f"{s['kept']:,} of {s['docs_in']:,} kept"
            + (f", {s['removed']:,} removed" if s["removed"] else ""),
        )
        for s in steps
    ]
    doc_reasons = sorted(
        (
            (f"{s['step']}: {r}", n, count(n, "document"))
            for s in steps
            for r, n in s["removed_by_reason"].items()
        ),
        key=lambda x: (-x[1], x[0]),
    )
    line_reasons = sorted(
        (
            (f"{s['step']}: {r}", n, count(n, "line"))
            for s in steps
            for r, n in s["edits_by_reason"].items()
        ),
        key=lambda x: (-x[1], x[0]),
    )
    recipe = view.config.get("recipe", {})
    css = (resources.files("winnow.report") / "templates" / "base.css").read_text()
    # a file cut into parts is listed once
    inputs = list(dict.fromkeys(f["url"] for f in view.config.get("inputs", [])))
    return (
        environment()
        .get_template("report.html")
        .render(
            css=css,
            out=str(view.out),
            out_name=storage.name(str(view.out)),
            crosslingual=Markup(crosslingual_section(output_rows(view.out)))
            if uses_crosslingual(recipe)
            else "",
            run=view.run,
            stage_seconds=_stage_seconds(view.run),
            recipe=recipe,
            docs=docs,
            text=headline_text(stats),
            empty_kept=view.empty_kept,
            steps=steps,
            pct=_pct,
            top_step=top_step,
            top_lines=top_lines,
            unreadable=stats["unreadable_records"]["count"],
            bad=stats["unreadable_records"]["listed"],
            funnel_svg=bars(funnel, colors=(KEPT, REMOVED), names=("kept", "removed")),
            doc_reasons_svg=bars(doc_reasons, colors=(REMOVED,)),
            line_reasons_svg=bars(line_reasons[:20], colors=("#f58518",)),
            lengths=length_section(view),
            languages=language_section(view.languages),
            sources=source_section(view.sources),
            timing=time_section(view),
            histograms=signal_charts(view),
            doc_examples=[v for _, v in sorted(view.doc_examples.items())],
            line_examples=[v for _, v in sorted(view.line_examples.items())],
            inputs=inputs,
            recipe_text=yaml.safe_dump(
                recipe.get("steps", []), sort_keys=False, allow_unicode=True
            ),
        )
    )


def write_report(out: str | Path) -> Path | str:
    path = storage.join(str(out), "report.html")
    write_atomic(path, render_report(out).encode("utf-8"))
    return path if storage.is_remote(path) else Path(path)
