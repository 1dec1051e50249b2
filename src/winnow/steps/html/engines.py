"""The three extraction engines as functions ``html -> main text`` (``html.extract`` and the
benchmark build them here): trafilatura (the FineWeb choice), resiliparse (fastest) and
blocks (winnow's own: lxml blocks judged by a small model trained on WCXB pages).

Guards (``html.extract``'s ``Config`` sets them): with ``limits``, a page past one raises
OverLimit before the parser that the limit protects is called; with ``lexbor_seconds``,
resiliparse's parser (lexbor: the C code with superlinear paths that markup can still
reach past the limits) runs in a worker process, killed past that many CPU seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from winnow.steps.html.limits import Limits

ENGINES = ("trafilatura", "resiliparse", "blocks")
DEFAULT_ENGINE = "blocks"

Scored = tuple[str | None, Any, dict]


def as_text(html: str | bytes) -> str:
    """The page as text (UTF-8 bytes made with errors="replace" are always valid)."""
    return html.decode("utf-8") if isinstance(html, bytes) else html


def make_scored_extractor(
    engine: str,
    comments: bool = False,
    aside_nav: bool = False,
    limits: Limits | None = None,
    lexbor_seconds: float = 0,
) -> Callable[[str | bytes], Scored]:
    """``html -> (main text, (p(main text), block index) per line or None, signals)``: only
    the block engine scores its lines and says how many blocks it kept (and how many were
    readers' comments, left out unless ``comments``, or inside an ``<aside>`` or ``<nav>``,
    left out unless ``aside_nav``); the others return None, {}. The page may come as its
    UTF-8 bytes (``html.encode("utf-8", "replace")``: what the block engine parses)."""
    if engine == "winnow":
        engine = DEFAULT_ENGINE
    if engine != "blocks":
        extract = make_extractor(engine, comments, limits, lexbor_seconds)
        return lambda html: (extract(as_text(html)), None, {})
    from winnow.steps.html.blocks.model import BlockModel
    from winnow.steps.html.blocks.parse import html_blocks

    model = BlockModel.load()
    resiliparse_main = make_extractor("resiliparse", limits=limits, lexbor_seconds=lexbor_seconds)

    def extract_blocks(html: str | bytes) -> Scored:
        data = html if isinstance(html, bytes) else html.encode("utf-8", "replace")
        if limits is not None:
            limits.check_markup(data)
        blocks = html_blocks(data)
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
        fallback = {**signals, "extraction_fallback": "resiliparse"}
        return resiliparse_main(as_text(html)), None, fallback

    return extract_blocks


def make_extractor(
    engine: str,
    comments: bool = False,
    limits: Limits | None = None,
    lexbor_seconds: float = 0,
) -> Callable[[str], str | None]:
    """Return ``html -> main text`` for an engine name (also used by the benchmark); readers'
    comments are kept only with ``comments`` (resiliparse cannot tell them apart)."""
    if engine == "winnow":
        engine = DEFAULT_ENGINE
    if engine == "trafilatura":
        return _trafilatura(comments, limits, lexbor_seconds)
    if engine == "resiliparse":
        if lexbor_seconds > 0:
            return _isolated_resiliparse(limits, lexbor_seconds)
        return _resiliparse(limits)
    if engine == "blocks":
        scored = make_scored_extractor("blocks", comments, limits=limits)
        return lambda html: scored(html)[0]
    raise ValueError(f"unknown extraction engine {engine!r}; valid: {', '.join(ENGINES)}")


def _trafilatura(
    comments: bool, limits: Limits | None, lexbor_seconds: float
) -> Callable[[str], str | None]:
    import trafilatura

    resiliparse_main = make_extractor("resiliparse", limits=limits, lexbor_seconds=lexbor_seconds)

    def extract_trafilatura(html: str) -> str | None:
        if limits is not None:
            limits.check_markup(html.encode("utf-8", "replace"))
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
        # is used if it is about as long. Rare: on WCXB it never triggered
        # (research/HISTORY.md, figures moved out of code comments).
        if "\n" not in text.strip() and len(text) > 200:
            blocks = resiliparse_main(html) or ""
            if "\n" in blocks.strip() and len(blocks) >= len(text) // 2:
                return blocks
        return text

    return extract_trafilatura


def _resiliparse(limits: Limits | None) -> Callable[[str | bytes], str | None]:
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    def extract_resiliparse(html: str | bytes) -> str | None:
        if limits is not None:
            data = html if isinstance(html, bytes) else html.encode("utf-8", "replace")
            limits.check_markup(data)
            limits.check_depth(data)
        html = as_text(html)
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


def _isolated_resiliparse(limits: Limits | None, seconds: float) -> Callable[[str], str | None]:
    """resiliparse in a worker process (started on the first page that needs it), which is
    killed past ``seconds`` of CPU time: StepTimeout here, and a new worker next time."""
    from winnow.running.engines.base import WORKER_ENV
    from winnow.util.timeout import Isolated

    worker = Isolated(_resiliparse, limits, cpu_seconds=seconds, env=WORKER_ENV)
    # as UTF-8 bytes: cheaper through the pipe than a str (pickle encodes a str with a
    # slower error handler)
    return lambda html: worker(html.encode("utf-8", "replace"))
