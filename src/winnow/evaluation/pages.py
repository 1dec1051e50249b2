"""WCXB pages: the benchmark's word-F1, its ids split into training and held-out sets, and
line labels derived from its ground truth (for training the line model on page text)."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import xxhash

WORD = re.compile(r"\w+")


def word_f1(predicted: str, reference: str) -> float:
    """WCXB's scoring: lowercased ``\\w+`` bags of words, multiset overlap."""
    pred = Counter(WORD.findall(predicted.lower()))
    ref = Counter(WORD.findall(reference.lower()))
    if not pred and not ref:
        return 1.0
    overlap = sum((pred & ref).values())
    if not overlap:
        return 0.0
    p, r = overlap / sum(pred.values()), overlap / sum(ref.values())
    return 2 * p * r / (p + r)


def is_training_page(page_id: str) -> bool:
    """A fixed 70/30 split by id hash: 70% may train the line model, 30% are held out."""
    return xxhash.xxh32_intdigest(page_id.encode()) % 10 < 7


def iter_pages(
    root: Path, training: bool | None = None, limit: int | None = None
) -> Iterator[tuple[str, str, str]]:
    """(id, html, main_content) for pages with ground truth, in id order."""
    n = 0
    for html_path in sorted((root / "html").glob("*.html.gz")):
        page_id = html_path.name.split(".")[0]
        if training is not None and is_training_page(page_id) != training:
            continue
        gt = root / "ground-truth" / f"{page_id}.json.gz"
        if not gt.exists():
            continue
        truth = json.loads(gzip.decompress(gt.read_bytes()))["ground_truth"].get("main_content")
        if not truth:
            continue
        yield page_id, gzip.decompress(html_path.read_bytes()).decode("utf-8", "replace"), truth
        n += 1
        if limit and n >= limit:
            return


def label_lines(lines: list[str], truth: str) -> list[int]:
    """1 where the line's text occurs in the ground-truth main content (case and spacing
    folded), else 0."""
    folded = " ".join(WORD.findall(truth.lower()))
    labels = []
    for line in lines:
        words = " ".join(WORD.findall(line.lower()))
        labels.append(int(bool(words) and words in folded))
    return labels


CLEANING_STEP_NAMES = ("clean.encoding", "lang.identify", "clean.lines", "clean.repeats")


def cleaning_steps() -> list:
    """The ``web`` recipe's line-cleaning steps with their parameters, so the page
    evaluation scores exactly what the recipe does."""
    from winnow.recipe import load_recipe

    return [
        {spec.name: spec.params}
        for spec in load_recipe("web").steps
        if spec.name in CLEANING_STEP_NAMES
    ]


class BatchExtractor:
    """``html -> text``, with ``many``: the same for a list of pages at once."""

    def __init__(self, many: Callable[[list[str]], list[str]]) -> None:
        self.many = many

    def __call__(self, html: str) -> str:
        return self.many([html])[0]


def cleaning_extractor(engine: str) -> BatchExtractor:
    """``html -> text`` through winnow's extraction and line-cleaning steps; its ``many``
    attribute takes a list of pages and runs them as ``winnow run`` does, a batch at a
    time (``winnow.pipeline.run_segment``), which is what speed figures should time."""
    from winnow.document import Document
    from winnow.pipeline import Pipeline, run_segment
    from winnow.recipe import parse_recipe
    from winnow.stats import RunStats

    pipeline = Pipeline.from_recipe(
        parse_recipe({"steps": [{"html.extract": {"engine": engine}}, *cleaning_steps()]})
    )
    pipeline.setup()
    (steps,) = pipeline.segments

    def text_of(doc: Document) -> str:
        return doc.text if doc.rejection is None else ""

    def many(htmls: list[str]) -> list[str]:
        docs = (Document(id=str(i), text="", html=html) for i, html in enumerate(htmls))
        return [text_of(doc) for doc in run_segment(steps, docs, RunStats())]

    return BatchExtractor(many)
