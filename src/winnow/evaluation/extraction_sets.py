"""Main-text extraction benchmarks with full-text ground truth, read the same way.

WCXB (2025 pages of seven types), the Scrapinghub article-extraction benchmark (news
articles, ``articleBody``), CleanEval (2007, mixed English pages) and CleanPortalEval (news
portals). Each page is on the training side (70%) or the held-out side (30%) by a fixed
hash of its source and id; WCXB keeps its own split (``pages.is_training_page``), so the
figures recorded before these sets were added stay comparable.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import xxhash

from winnow.evaluation.pages import is_training_page, iter_pages

SOURCES = ("wcxb", "scrapinghub", "cleaneval", "cleanportaleval")
_MARKER = re.compile(r"^\s*<[phl]>\s*", re.MULTILINE)


@dataclass
class Page:
    source: str
    page_id: str
    html: str
    truth: str
    training: bool


def split_side(source: str, key: str) -> bool:
    """True for the 70% side of a set (training, trying settings), False for the 30%
    held out for reporting; fixed by a hash of the source and the page's key."""
    return xxhash.xxh32_intdigest(f"{source}/{key}".encode()) % 10 < 7


def _decode(data: bytes) -> str:
    from winnow.io.readers import decode_html

    return decode_html(data)


def _cleaneval_gold(text: str) -> str:
    """CleanEval gold: a ``URL:`` line, then paragraphs marked ``<p>``, ``<h>`` or ``<l>``."""
    text = text.lstrip()
    if text.startswith("URL:"):
        text = text.split("\n", 1)[1] if "\n" in text else ""
    return _MARKER.sub("", text)


def iter_set(data: Path, source: str, training: bool | None = None) -> Iterator[Page]:
    """Pages of one source under ``data`` (``../shared/data``), in id order."""
    if source == "wcxb":
        for page_id, html, truth in iter_pages(data / "wcxb"):
            page = Page(source, page_id, html, truth, is_training_page(page_id))
            if training is None or page.training == training:
                yield page
        return
    if source == "scrapinghub":
        root = data / "scrapinghub-article-extraction-benchmark"
        truth_by_id = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
        for page_id in sorted(truth_by_id):
            path = root / "html" / f"{page_id}.html.gz"
            is_training = split_side(source, page_id)
            if path.exists() and (training is None or is_training == training):
                yield Page(source, page_id, _decode(gzip.decompress(path.read_bytes())),
                           truth_by_id[page_id]["articleBody"], is_training)
        return
    if source in ("cleaneval", "cleanportaleval"):
        base = data / source
        roots = [base / "dev", base / "final"] if source == "cleaneval" else [base]
        for root in roots:
            for path in sorted((root / "input").glob("*.html.gz")):
                stem = path.name.removesuffix(".html.gz")
                gold = root / "GoldStandard" / f"{stem}.txt"
                # dev/60 and final/60 are one page: the split key is the file name alone
                is_training = split_side(source, stem)
                if not gold.exists() or (training is not None and is_training != training):
                    continue
                truth = _cleaneval_gold(_decode(gold.read_bytes()))
                yield Page(source, f"{root.name}/{stem}" if source == "cleaneval" else stem,
                           _decode(gzip.decompress(path.read_bytes())), truth, is_training)
        return
    raise ValueError(f"unknown extraction set {source!r}; valid: {', '.join(SOURCES)}")


def iter_all(data: Path, training: bool | None = None) -> Iterator[Page]:
    for source in SOURCES:
        yield from iter_set(data, source, training)
