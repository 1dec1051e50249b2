"""Snippet scoring on trafilatura's multilingual evaluation set (``trafilatura-eval``).

Each page comes with text segments that a good extraction must contain (``with``) and
segments of page furniture it must not (``without``). As trafilatura scores its own set:
texts and snippets are whitespace-normalised, a ``with`` snippet found is a true positive
and one missing a false negative, a ``without`` snippet found is a false positive and one
absent a true negative; counts are pooled over all pages. The pages are mostly German,
then English, French, Polish and Spanish, which the full-text sets (English) do not cover.
No winnow model trains on them; like the other sets, the pages are split 70/30 by a hash
of their URL, and the held-out 30% are the ones reported, so that settings may be tried on
the other side without touching the figures.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

SET_DIR = "trafilatura-eval"
_SPACE = re.compile(r"\s+")


@dataclass
class SnippetPage:
    url: str
    html: str
    present: list[str]  # the ``with`` snippets
    absent: list[str]  # the ``without`` snippets


@dataclass
class SnippetCounts:
    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0

    def add(self, other: SnippetCounts) -> None:
        self.tp += other.tp
        self.fn += other.fn
        self.fp += other.fp
        self.tn += other.tn

    def scores(self) -> dict[str, float]:
        precision = self.tp / max(self.tp + self.fp, 1)
        recall = self.tp / max(self.tp + self.fn, 1)
        total = max(self.tp + self.fn + self.fp + self.tn, 1)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "accuracy": round((self.tp + self.tn) / total, 4),
            "f1": round(f1, 4),
        }


def normalize(text: str) -> str:
    """Whitespace runs folded to one space, ends stripped (trafilatura's comparison)."""
    return _SPACE.sub(" ", text).strip()


def iter_snippet_pages(data: Path, training: bool | None = None) -> Iterator[SnippetPage]:
    """The pages of ``data/trafilatura-eval`` (``../shared/data``), in URL order: the
    70% side (``training=True``), the held-out 30% (``False``) or all (``None``)."""
    from winnow.evaluation.extraction_sets import split_side
    from winnow.io.formats.text import decode_html

    root = data / SET_DIR
    entries = json.loads((root / "evaldata.json").read_text(encoding="utf-8"))
    for url in sorted(entries):
        entry = entries[url]
        path = root / "html" / f"{entry['file']}.gz"
        if training is not None and split_side(SET_DIR, url) != training:
            continue
        if path.exists():
            yield SnippetPage(
                url,
                decode_html(gzip.decompress(path.read_bytes())),
                list(entry.get("with") or []),
                list(entry.get("without") or []),
            )


def count(text: str, page: SnippetPage) -> SnippetCounts:
    """One page's counts for an extracted ``text``."""
    found = normalize(text)
    counts = SnippetCounts()
    for snippet in page.present:
        if normalize(snippet) in found:
            counts.tp += 1
        else:
            counts.fn += 1
    for snippet in page.absent:
        if normalize(snippet) in found:
            counts.fp += 1
        else:
            counts.tn += 1
    return counts


def evaluate(pages: list[SnippetPage], extract: Callable[[str], str | None]) -> SnippetCounts:
    """Pooled counts of ``extract`` (``html -> text``) over ``pages``."""
    return pooled([extract(page.html) or "" for page in pages], pages)


def pooled(texts: list[str], pages: list[SnippetPage]) -> SnippetCounts:
    """Pooled counts of texts already extracted, one per page (a benchmark times the
    extraction apart from the scoring)."""
    total = SnippetCounts()
    for text, page in zip(texts, pages, strict=True):
        total.add(count(text, page))
    return total
