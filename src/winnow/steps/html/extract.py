"""HTML → main text. Three engines: trafilatura (the FineWeb choice), resiliparse (fastest)
and blocks (winnow's own: lxml blocks judged by a small model trained on WCXB pages).

Measured on WCXB (see ARCHITECTURE.md for the figures and the choice of default).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from html import unescape
from typing import Any

from winnow.document import LAYOUT_KEY, Document, PageLayout
from winnow.registry import register
from winnow.step import Step, StepKind
from winnow.util.timeout import StepTimeout, time_limit

ENGINES = ("trafilatura", "resiliparse", "blocks")


def make_scored_extractor(
    engine: str,
    comments: bool = False,
    aside_nav: bool = False,
) -> Callable[[str], tuple[str | None, Any, dict]]:
    """``html -> (main text, (p(main text), block index) per line or None, signals)``: only
    the block engine scores its lines and says how many blocks it kept (and how many were
    readers' comments, left out unless ``comments``, or inside an ``<aside>`` or ``<nav>``,
    left out unless ``aside_nav``); the others return None, {}."""
    if engine == "winnow":
        engine = HtmlExtract.Config().engine
    if engine != "blocks":
        extract = make_extractor(engine, comments)
        return lambda html: (extract(html), None, {})
    from winnow.steps.html.blocks.model import BlockModel
    from winnow.steps.html.blocks.parse import html_blocks

    model = BlockModel.load()
    resiliparse_main = make_extractor("resiliparse")

    def extract_blocks(html: str) -> tuple[str | None, Any, dict]:
        blocks = html_blocks(html)
        scored = model.main_text_scored(blocks, keep_comments=comments, keep_aside_nav=aside_nav)
        text = scored.text
        signals = {"blocks": len(blocks), "blocks_kept": len(set(scored.block.tolist()))}
        for key, count in (
            ("comment_blocks_dropped", scored.comment_blocks),
            ("teaser_blocks_dropped", scored.teaser_blocks),
            ("aside_nav_blocks_dropped", scored.aside_nav_blocks),
        ):
            if count:
                signals[key] = count
        if text:
            return text, (scored.p_main, scored.block), signals
        # a page of which the model keeps nothing (a short page, an unusual layout, text
        # the parser could not reach) still gets resiliparse's main-content text
        return resiliparse_main(html), None, {**signals, "extraction_fallback": "resiliparse"}

    return extract_blocks


def make_extractor(engine: str, comments: bool = False) -> Callable[[str], str | None]:
    """Return ``html -> main text`` for an engine name (also used by the benchmark); readers'
    comments are kept only with ``comments`` (resiliparse cannot tell them apart)."""
    if engine == "winnow":
        engine = HtmlExtract.Config().engine
    if engine == "trafilatura":
        import trafilatura

        resiliparse_main = make_extractor("resiliparse")

        def extract_trafilatura(html: str) -> str | None:
            text = (
                trafilatura.extract(
                    html,
                    include_comments=comments,
                    include_tables=True,
                    deduplicate=False,
                    with_metadata=False,
                )
                or ""
            )
            # On short pages (Chinese and Japanese ones above all) trafilatura may return a
            # whole article flattened into one line, which loses every line break the line
            # cleaner needs. Then resiliparse's main-content text, which keeps blocks apart,
            # is used if it is about as long. On WCXB this never triggers (bench/RESULTS.md).
            if "\n" not in text.strip() and len(text) > 200:
                blocks = resiliparse_main(html) or ""
                if "\n" in blocks.strip() and len(blocks) >= len(text) // 2:
                    return blocks
            return text

        return extract_trafilatura
    if engine == "resiliparse":
        from resiliparse.extract.html2text import extract_plain_text
        from resiliparse.parse.html import HTMLTree

        def extract_resiliparse(html: str) -> str | None:
            try:
                tree = HTMLTree.parse(html)
            except UnicodeEncodeError:  # lone surrogates: lexbor takes UTF-8 only
                tree = HTMLTree.parse(html.encode("utf-8", "replace").decode("utf-8"))
            return extract_plain_text(
                tree,
                main_content=True,
                alt_texts=False,
                links=False,
                form_fields=False,
                noscript=False,
                list_bullets=True,
            )

        return extract_resiliparse
    if engine == "blocks":
        scored = make_scored_extractor("blocks", comments)
        return lambda html: scored(html)[0]
    raise ValueError(f"unknown extraction engine {engine!r}; valid: {', '.join(ENGINES)}")


_TITLE = re.compile(r"<title[^>]*>([^<]{1,1000})</title", re.IGNORECASE)


def page_title(html: str) -> str | None:
    """The <title> of the page's head (a bounded regex: no second parse of the page)."""
    match = _TITLE.search(html, 0, 100_000)
    if not match:
        return None
    title = " ".join(unescape(match.group(1)).split())
    return title or None


@register
class HtmlExtract(Step):
    """Extract the main text of HTML pages (no-op for documents that arrived as text)."""

    name = "html.extract"
    kind = StepKind.EDIT
    # blocks the model would have kept, left out by the comment, teaser and aside/nav rules
    tallied_signals = (
        "comment_blocks_dropped",
        "teaser_blocks_dropped",
        "aside_nav_blocks_dropped",
    )

    @dataclass
    class Config:
        engine: str = "blocks"
        timeout_s: float = 15.0  # per page: hostile HTML must not stall a worker
        max_html_bytes: int = 8_000_000
        min_chars: int = 1
        # keep readers' comment sections (class/id "comments", "disqus_thread"...) below an
        # article; a page that is mostly such sections (a forum thread) keeps them anyway
        comments: bool = False
        # keep the blocks inside <aside> (sidebars, pull quotes, related stories) and <nav>
        # elements of a page with an article outside them (blocks engine)
        aside_nav: bool = False

        def validate(self) -> None:
            if self.engine not in ENGINES:
                raise ValueError(f"engine must be one of {', '.join(ENGINES)}, got {self.engine!r}")

    class Reason(StrEnum):
        NO_TEXT = "no_text"
        TOO_LARGE = "html_too_large"
        TIMEOUT = "timeout"
        FAILED = "extraction_failed"

    def setup(self) -> None:
        self._extractor: Callable[[str], tuple[str | None, Any, dict]] | None = None

    def _extract(self, html: str) -> tuple[str | None, Any, dict]:
        # built on the first page, so text-only inputs never load the extraction libraries
        # (trafilatura and lxml: ~18 MB a worker)
        if self._extractor is None:
            self._extractor = make_scored_extractor(
                self.config.engine, self.config.comments, self.config.aside_nav
            )
        return self._extractor(html)

    def apply(self, doc: Document) -> None:
        html = doc.html
        if html is None:
            return
        doc.html = None
        doc.signals["html_chars"] = len(html)
        if len(html) > self.config.max_html_bytes:
            self.reject(
                doc,
                self.Reason.TOO_LARGE,
                f"HTML of {len(html):,} characters > max_html_bytes {self.config.max_html_bytes:,}",
            )
            return
        try:
            with time_limit(self.config.timeout_s):
                text, layout, signals = self._extract(html)
                text = text or ""
                doc.signals.update(signals)
                title = page_title(html)
        except StepTimeout:
            self.reject(
                doc, self.Reason.TIMEOUT, f"extraction ran past timeout_s={self.config.timeout_s:g}"
            )
            return
        except Exception as err:  # noqa: BLE001
            self.reject(doc, self.Reason.FAILED, f"{self.config.engine} failed: {err}")
            return
        if title:
            doc.metadata.setdefault("title", title)
        doc.text = text.strip()
        if layout is not None:
            doc.cache[LAYOUT_KEY] = PageLayout(doc.text, *layout)
        if len(doc.text) < self.config.min_chars:
            self.reject(
                doc,
                self.Reason.NO_TEXT,
                f"{len(doc.text)} characters of main text < min_chars {self.config.min_chars}",
            )
