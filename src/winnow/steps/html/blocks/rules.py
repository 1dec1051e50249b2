"""Blocks the model keeps that are not the page's main text all the same: readers'
comments below an article, blocks inside an ``<aside>`` or ``<nav>`` beside one, and runs
of teasers."""

from __future__ import annotations

import numpy as np

from winnow.steps.html.blocks.parse import ARTICLE_CHARS, Block
from winnow.steps.html.blocks.tags import ASIDE_NAV_BITS


def comment_blocks(blocks: list[Block], kept: np.ndarray | None = None) -> np.ndarray:
    """Which blocks are readers' comments below an article: inside an element whose class
    or id names a comment section, on a page where the text kept outside such sections
    (``kept``: the blocks the model keeps; all when None) is an article, at least
    ARTICLE_CHARS long. Less: the page is the discussion itself (a question and its
    replies, a comment permalink), and the comments stay.
    The block model, trained mostly on WCXB (whose gold keeps forum replies), keeps them;
    L3S-GN1's and Readability's gold texts and FineWeb's extraction leave them out
    (research/HISTORY.md, session 13)."""
    flags = np.fromiter((b.in_comments for b in blocks), dtype=bool, count=len(blocks))
    return _beside_an_article(blocks, flags, kept)


def _beside_an_article(
    blocks: list[Block], flags: np.ndarray, kept: np.ndarray | None
) -> np.ndarray:
    """``flags`` where the page keeps (``kept``; every block when None) at least
    ARTICLE_CHARS of text outside the flagged blocks, else none: the flagged blocks are
    then what the page is."""
    if not flags.any():
        return flags
    outside = ~flags if kept is None else kept & ~flags
    article = sum(len(blocks[i].text) for i in np.flatnonzero(outside))
    return flags if article >= ARTICLE_CHARS else np.zeros_like(flags)


def aside_nav_blocks(blocks: list[Block], kept: np.ndarray | None = None) -> np.ndarray:
    """Which blocks sit inside an ``<aside>`` (HTML's element for content "tangentially
    related" to the page's: sidebars, pull quotes, boxes of related stories) or a ``<nav>``
    (its element for navigation links), on a page that keeps (``kept``; all blocks when
    None) at least ARTICLE_CHARS of text outside them. A page that has its text in such an
    element (it happens: WCXB has one) keeps it. Held-out page F1 rose on Readability and
    WCXB, the other sets unchanged (research/HISTORY.md, session 14)."""
    flags = np.fromiter(
        (bool(b.ancestor_tags & ASIDE_NAV_BITS) for b in blocks), dtype=bool, count=len(blocks)
    )
    return _beside_an_article(blocks, flags, kept)


# a teaser: a block that holds a link (the headline) and ends cut short; a run of them is a
# list of other articles ("lists of unrelated headlines", issue #3). Runs of 4 or more:
# Scrapinghub and L3S-GN1 pages gain and no page loses; runs of 3 already cost an index
# page whose gold text is the teasers themselves (research/HISTORY.md, session 13)
TRUNCATED = ("...", "…", "[…]", "[...]")
TEASER_RUN = 4
TEASER_GAP_CHARS = 30  # shorter blocks between two teasers (a date, "Read more") keep a run


def teaser_blocks(blocks: list[Block]) -> np.ndarray:
    """Which blocks belong to a run of TEASER_RUN or more teasers (blocks with a link that
    end in a truncation mark), counting across short blocks between them."""
    out = np.zeros(len(blocks), dtype=bool)
    run: list[int] = []
    for i, b in enumerate(blocks):
        if b.link_chars and b.text.endswith(TRUNCATED):
            run.append(i)
        elif len(b.text) >= TEASER_GAP_CHARS:
            if len(run) >= TEASER_RUN:
                out[run] = True
            run = []
    if len(run) >= TEASER_RUN:
        out[run] = True
    return out
