"""HTML → main text, with one of three engines (``engines.py``). Measured on WCXB (see
ARCHITECTURE.md for the figures and the choice of default).

Hostile pages. The parsers are C code that no Python signal interrupts, and some pages
make them superlinear (nested 25,000 deep: ~20 s of CPU in resiliparse; a tag of 30,000
attributes: ~2 s in lxml). Three guards, each with its reason code and measured value:

- input limits, measured in Python before each C call (``limits.py``): characters, start
  tags, the attributes of one tag, and the nesting depth before a resiliparse parse. Real
  pages stay far below them; a page past one is removed the same way on every machine.
- ``timeout_s`` CPU seconds a page (CPU time, not wall time: a loaded machine does not
  change the verdict): Python code is interrupted (SIGPROF); lexbor, the C parser with
  superlinear paths left past the limits, runs in a worker process killed at the budget.
- ``isolation: all`` runs all of a page's extraction in that worker (lxml included), for
  whoever wants the kernel's limit on every line of C, at the cost of one round trip a page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from html import unescape

from winnow.document import LAYOUT_KEY, Document, PageLayout
from winnow.registry import register
from winnow.step import Step, StepKind
from winnow.steps.html.engines import (
    DEFAULT_ENGINE,
    ENGINES,
    Scored,
    make_extractor,
    make_scored_extractor,
)
from winnow.steps.html.limits import Limits, OverLimit
from winnow.util.timeout import Isolated, StepTimeout, WorkerDied, cpu_limit

__all__ = ["ENGINES", "HtmlExtract", "make_extractor", "make_scored_extractor", "page_title"]

ISOLATION = ("lexbor", "all", "none")


def _as_bytes(html: str | bytes) -> bytes:
    return html.encode("utf-8", "replace") if isinstance(html, str) else html


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
        engine: str = DEFAULT_ENGINE
        # CPU seconds one page may take (0: no limit). Python code is interrupted; lexbor
        # (or, with isolation "all", all extraction) runs in a worker process killed past
        # them and replaced. Generous: past the input limits, no page measured needs 10 s
        timeout_s: float = 30.0
        # what runs in that worker: "lexbor" (resiliparse's parser: the engine, and the
        # blocks and trafilatura fallbacks), "all" (every page's whole extraction: the
        # kernel's limit on lxml too, one round trip a page), "none"
        isolation: str = "lexbor"
        max_html_bytes: int = 8_000_000
        # input limits, checked before a parser sees the page (0: none). Real pages stay
        # far below them (3,800 pages of seven extraction sets: at most 15,793 start tags,
        # 107 deep, 185 attributes on a tag); past them the parsers take seconds to minutes
        max_tags: int = 50_000  # start tags ("<" then a letter): trafilatura ~0.1 ms each
        max_depth: int = 1_000  # elements nested, before lexbor (cost: O(depth²) there)
        max_attributes: int = 1_000  # on one tag (cost: O(n²) in libxml2 and lexbor)
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
            if self.isolation not in ISOLATION:
                raise ValueError(
                    f"isolation must be one of {', '.join(ISOLATION)}, got {self.isolation!r}"
                )
            for name in ("timeout_s", "max_tags", "max_depth", "max_attributes"):
                if (value := getattr(self, name)) < 0:
                    raise ValueError(f"{name} must be >= 0 (0: no limit), got {value}")
            if self.max_html_bytes <= 0:
                raise ValueError(f"max_html_bytes must be > 0, got {self.max_html_bytes}")

        @property
        def limits(self) -> Limits:
            return Limits(self.max_tags, self.max_depth, self.max_attributes)

    class Reason(StrEnum):
        NO_TEXT = "no_text"
        TOO_LARGE = "html_too_large"  # characters (max_html_bytes) or start tags (max_tags)
        TOO_DEEP = "html_too_deep"
        TOO_MANY_ATTRIBUTES = "html_too_many_attributes"
        TIMEOUT = "timeout"
        FAILED = "extraction_failed"

    def setup(self) -> None:
        self._extractor: Callable[[str | bytes], Scored] | None = None

    def _build(self) -> Callable[[str | bytes], Scored]:
        c = self.config
        args = (c.engine, c.comments, c.aside_nav, c.limits)
        if c.timeout_s > 0 and c.isolation == "all":
            from winnow.running.engines.base import WORKER_ENV

            worker = Isolated(make_scored_extractor, *args, cpu_seconds=c.timeout_s, env=WORKER_ENV)
            # as UTF-8 bytes: cheaper through the pipe than a str (pickle encodes a str
            # with a slower error handler), and what the block engine parses anyway
            return lambda html: worker(
                html.encode("utf-8", "replace") if isinstance(html, str) else html
            )
        lexbor = c.timeout_s if c.isolation == "lexbor" else 0
        return make_scored_extractor(*args, lexbor_seconds=lexbor)

    def _extract(self, html: str) -> Scored:
        # built on the first page, so text-only inputs never load the extraction libraries
        # (trafilatura and lxml: memory a worker need not hold;
        # research/HISTORY.md, figures moved out of code comments)
        if self._extractor is None:
            self._extractor = self._build()
        with cpu_limit(self.config.timeout_s):
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
            text, layout, signals = self._extract(html)
        except OverLimit as over:
            doc.signals.update(over.signals)
            self.reject(doc, self.Reason(over.reason), over.detail)
            return
        except StepTimeout as err:
            self.reject(
                doc,
                self.Reason.TIMEOUT,
                f"extraction ran past timeout_s={self.config.timeout_s:g} ({err})",
            )
            return
        except WorkerDied as err:
            self.reject(doc, self.Reason.FAILED, f"the extraction worker died: {err}")
            return
        except Exception as err:  # noqa: BLE001
            self.reject(doc, self.Reason.FAILED, f"{self.config.engine} failed: {err}")
            return
        doc.signals.update(signals)
        title = page_title(html)
        if title:
            doc.metadata.setdefault("title", title)
        doc.text = (text or "").strip()
        if layout is not None:
            doc.cache[LAYOUT_KEY] = PageLayout(doc.text, *layout)
        if len(doc.text) < self.config.min_chars:
            self.reject(
                doc,
                self.Reason.NO_TEXT,
                f"{len(doc.text)} characters of main text < min_chars {self.config.min_chars}",
            )
