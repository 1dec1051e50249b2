"""Line-level keep/noise scoring on labelled crawl documents (the Turku text-quality set).

Each document is a list of lines with a label per line (1 = keep, 0 = noise). The recipe
runs on the lines joined by newlines; a line counts as kept when it is still in the
cleaned text (matched in order), and a document removed whole counts as all its lines
removed. The score is keep-class F1 over lines, per language, and their macro average.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from winnow.document import Document


@dataclass
class LabelledDoc:
    lang: str
    lines: list[str]
    labels: list[int]


def load_turku(root: Path, splits: Iterable[str]) -> list[LabelledDoc]:
    docs = []
    for lang_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        for split in splits:
            path = lang_dir / f"{split}.json.gz"
            if not path.exists():
                continue
            for item in json.loads(gzip.decompress(path.read_bytes())):
                lines = [str(t) for t in item["text"]]
                labels = [int(x) for x in item["labels"]]
                docs.append(LabelledDoc(lang_dir.name, lines, labels))
    return docs


def kept_mask(lines: list[str], cleaned: str | None) -> list[bool]:
    """Which input lines survive in the cleaned text (in order)."""
    if cleaned is None:
        return [False] * len(lines)
    remaining = [x.strip() for x in cleaned.split("\n") if x.strip()]
    mask, j = [], 0
    for line in lines:
        if j < len(remaining) and line.strip() and line.strip() == remaining[j]:
            mask.append(True)
            j += 1
        else:
            mask.append(False)
    return mask


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def score(docs: list[LabelledDoc], clean: Callable[[Document], Document]) -> dict[str, float]:
    """Keep-class F1 per language and macro, cleaning one document at a time."""
    return score_docs(docs, lambda batch: [clean(d) for d in batch])


def score_docs(docs: list[LabelledDoc],
               clean_all: Callable[[list[Document]], list[Document]]) -> dict[str, float]:
    """Keep-class F1 per language and macro, cleaning all documents together (a recipe
    with corpus steps needs the whole set)."""
    cleaned = clean_all([Document(id=str(n), text="\n".join(d.lines))
                         for n, d in enumerate(docs)])
    counts: dict[str, list[int]] = {}
    for d, doc in zip(docs, cleaned, strict=True):
        mask = kept_mask(d.lines, doc.text if doc.rejection is None else None)
        c = counts.setdefault(d.lang, [0, 0, 0])
        for kept, label in zip(mask, d.labels, strict=True):
            c[0] += kept and label == 1
            c[1] += kept and label == 0
            c[2] += (not kept) and label == 1
    result = {lang: round(f1(*c), 4) for lang, c in sorted(counts.items())}
    result["macro"] = round(sum(result.values()) / len(result), 4)
    return result


DOCUMENT_FILTERS = ("lang.filter", "quality.")
# Redaction rewrites characters inside lines; it does not decide which lines stay, and a
# redacted line would no longer match its label. It is left out of line scoring.
NOT_SCORED = ("pii.",)


def _without(recipe: dict, prefixes: tuple[str, ...]) -> dict:
    steps = []
    for entry in recipe["steps"]:
        name = entry if isinstance(entry, str) else next(iter(entry))
        if not name.startswith(prefixes):
            steps.append(entry)
    return {**recipe, "steps": steps}


def for_line_scoring(recipe: dict) -> dict:
    """The whole recipe as line scoring runs it (without redaction)."""
    return _without(recipe, NOT_SCORED)


def cleaning_only(recipe: dict) -> dict:
    """The recipe without its document-level filters: what line cleaning alone does."""
    return _without(recipe, NOT_SCORED + DOCUMENT_FILTERS)
