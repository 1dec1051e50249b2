"""``winnow explain``: run a recipe over one file and tell, step by step, what happened to
one document: what each step measured, what it removed, and why.

Corpus steps (deduplication) need other documents to compare with: the whole file (up to
``max_docs`` documents) runs through the recipe in memory, and the chosen document's
decisions are reported against that context.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from winnow.document import Document, is_replacement
from winnow.errors import ConfigError
from winnow.io.base import InputFile, ReadLimits
from winnow.io.formats import detect_format, read_file
from winnow.pipeline import Pipeline, run_in_memory
from winnow.recipe import Recipe
from winnow.stats import RunStats
from winnow.step import Step, StepKind


@dataclass
class StepTrace:
    step: str
    kind: str
    chars_before: int
    chars_after: int
    signals: dict[str, Any] = field(default_factory=dict)
    edits: list[dict[str, Any]] = field(default_factory=list)
    verdict: str = "kept"
    reason: str | None = None
    detail: str | None = None
    ran: bool = True

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Explanation:
    doc: Document
    traces: list[StepTrace]
    context_docs: int

    def to_dict(self) -> dict[str, Any]:
        d = self.doc
        return {
            "id": d.id,
            "url": d.url,
            "lang": d.lang,
            "lang_score": d.lang_score,
            "kept": d.kept,
            "rejected_by": d.rejection.step if d.rejection else None,
            "reason": d.rejection.reason if d.rejection else None,
            "detail": d.rejection.detail if d.rejection else None,
            "metadata": d.metadata,
            "context_docs": self.context_docs,
            "steps": [t.to_dict() for t in self.traces],
            "text": d.text,
        }


class _Tracer:
    """Records what each step did to one document (``pipeline.StepTracer``)."""

    def __init__(self, target: Document, context_docs: int) -> None:
        self.target = target
        self.context_docs = context_docs
        self.traces: list[StepTrace] = []

    def before(self, step: Step, doc: Document) -> Any:
        if doc is not self.target:
            return None
        return (
            len(doc.text if doc.html is None else doc.html),
            copy.deepcopy(doc.signals),
            len(doc.edits),
            doc.lang,
        )

    def after(self, step: Step, doc: Document, before: Any) -> None:
        if doc is not self.target:
            return
        chars, signals, n_edits, lang = before
        new_signals = {k: v for k, v in doc.signals.items() if signals.get(k) != v}
        if doc.lang != lang:
            new_signals["lang"] = doc.lang
            new_signals["lang_score"] = doc.lang_score
        trace = StepTrace(
            step.name,
            str(step.kind),
            chars,
            len(doc.text),
            new_signals,
            [e.to_dict() for e in doc.edits[n_edits:]],
        )
        if doc.rejection is not None and doc.rejection.step == step.name:
            trace.verdict, trace.reason, trace.detail = (
                "removed",
                doc.rejection.reason,
                doc.rejection.detail,
            )
        elif step.kind == StepKind.CORPUS:
            trace.detail = f"no duplicate among {self.context_docs} documents of this file"
        self.traces.append(trace)

    def skipped(self, step: Step, doc: Document) -> None:
        if doc is self.target:
            self.traces.append(
                StepTrace(
                    step.name,
                    str(step.kind),
                    len(doc.text),
                    len(doc.text),
                    ran=False,
                    verdict="skipped",
                )
            )


def explain_file(
    path: str, recipe: Recipe, record: int = 1, doc_id: str | None = None, max_docs: int = 1000
) -> Explanation:
    from fsspec.core import url_to_fs

    fs, fs_path = url_to_fs(path)
    if not fs.exists(fs_path):
        raise ConfigError(f"{path}: no such file")
    if fs.isdir(fs_path):
        raise ConfigError(f"{path} is a folder; explain reads one file (winnow run reads folders)")
    fmt = detect_format(path) or "text"
    source = InputFile(url=path, relpath=Path(path).name, format=fmt)
    docs: list[Document] = []
    for item in read_file(source, ReadLimits()):
        if isinstance(item, Document):
            docs.append(item)
            if len(docs) >= max_docs:
                break
    if not docs:
        raise ConfigError(f"{path}: no readable document in this file")
    if doc_id is not None:
        matches = [i for i, d in enumerate(docs) if d.id == doc_id]
        if not matches:
            raise ConfigError(f"{path}: no document with id {doc_id!r} in its first {len(docs)}")
        target = matches[0]
    else:
        if not 1 <= record <= len(docs):
            raise ConfigError(f"{path}: --record must be within 1..{len(docs)}")
        target = record - 1
    pipeline = Pipeline.from_recipe(recipe)
    pipeline.setup()
    tracer = _Tracer(docs[target], len(docs))
    run_in_memory(pipeline, docs, RunStats(), tracer)
    return Explanation(docs[target], tracer.traces, len(docs))


def render_text(exp: Explanation, width: int = 100) -> str:
    d = exp.doc
    lines = [
        f"document {d.id}" + (f"  <{d.url}>" if d.url else ""),
        f"compared with {exp.context_docs} document(s) of the same file for corpus steps",
        "",
    ]
    for n, t in enumerate(exp.traces, 1):
        head = f"{n}. {t.step} [{t.kind}]"
        if not t.ran:
            lines.append(f"{head}: not run (document already removed)")
            continue
        lines.append(f"{head}: {t.verdict.upper()}  chars {t.chars_before:,} → {t.chars_after:,}")
        if t.signals:
            import textwrap

            measured = ", ".join(f"{k}={v}" for k, v in t.signals.items())
            lines += textwrap.wrap(
                f"measured: {measured}",
                width=width,
                initial_indent="     ",
                subsequent_indent="       ",
            )
        for e in t.edits:
            removed = " ".join(e["removed"].split())
            if len(removed) > 70:
                removed = removed[:67] + "..."
            verb = "replaced" if is_replacement(e["reason"]) else "removed"
            lines.append(
                f"     {verb} ({e['reason']}): {removed!r}"
                + (f" — {e['detail']}" if e.get("detail") else "")
            )
        if t.verdict == "removed":
            lines.append(f"     reason {t.reason}: {t.detail}")
        elif t.detail:
            lines.append(f"     {t.detail}")
    lines.append("")
    if d.rejection:
        lines.append(
            f"verdict: REMOVED by {d.rejection.step} ({d.rejection.reason}): {d.rejection.detail}"
        )
    else:
        lines.append(
            f"verdict: KEPT, language {d.lang} ({d.lang_score}), {len(d.text):,} characters"
        )
        for key in ("title", "description", "date", "byline"):  # what clean.lines kept aside
            if d.metadata.get(key):
                lines.append(f"{key}: {d.metadata[key]}")
        preview = d.text[:600]
        lines += ["", "text (start):", preview + ("…" if len(d.text) > 600 else "")]
    return "\n".join(lines)
