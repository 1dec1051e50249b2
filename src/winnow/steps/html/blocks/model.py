"""``BlockModel``: the small network, shipped as JSON, that keeps a page's main-text blocks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from winnow.steps.html.blocks.features import N_FEATURES, block_features
from winnow.steps.html.blocks.parse import Block, page_blocks, parse
from winnow.steps.html.blocks.rules import aside_nav_blocks, comment_blocks, teaser_blocks
from winnow.util.mlp import MLPEnsemble, read_model


class ScoredText(NamedTuple):
    """What the block model made of a page."""

    text: str
    p_main: np.ndarray  # per line of ``text``: its block's p(main text)
    block: np.ndarray  # per line: the index of its block
    comment_blocks: int = 0  # blocks the model kept that were readers' comments, left out
    teaser_blocks: int = 0  # blocks the model kept that were a run of teasers, left out
    aside_nav_blocks: int = 0  # blocks the model kept inside an <aside> or <nav>, left out


@dataclass
class BlockModel:
    """Keeps the blocks whose p(main text) reaches the threshold chosen on validation pages."""

    network: MLPEnsemble
    threshold: float
    info: dict

    @classmethod
    def load(cls, path: str | None = None) -> BlockModel:
        data = read_model("block_model.json", path)
        if data["features"] != N_FEATURES:
            raise ValueError("block model was trained on other features; retrain it")
        return cls(MLPEnsemble.from_dict(data), float(data["threshold"]), data.get("info", {}))

    def scores(self, blocks: list[Block]) -> np.ndarray:
        """p(main text) of each block."""
        if not blocks:
            return np.zeros(0, dtype=np.float32)
        return self.network.predict(block_features(blocks))

    def main_text_scored(
        self, blocks: list[Block], keep_comments: bool = False, keep_aside_nav: bool = False
    ) -> ScoredText:
        """The kept blocks, one a line (a ``<pre>`` block keeps its own lines), each line's
        p(main text) (its block's), and the index of the block each line comes from.

        Runs of teasers go (``teaser_blocks``), and unless ``keep_comments``, blocks inside
        a comment section (``comment_blocks``), unless ``keep_aside_nav``, blocks inside an
        ``<aside>`` or ``<nav>`` (``aside_nav_blocks``)."""
        p = self.scores(blocks)
        judged = p >= self.threshold
        teasers = teaser_blocks(blocks)
        none = np.zeros_like(teasers)
        comments = none if keep_comments else comment_blocks(blocks, judged & ~teasers)
        beside = none if keep_aside_nav else aside_nav_blocks(blocks, judged & ~teasers & ~comments)
        beside = beside & ~comments  # a comment section inside an <aside>: comments
        p = np.where(teasers | comments | beside, np.float32(0.0), p)
        kept = np.flatnonzero(p >= self.threshold)
        lines = [blocks[i].text.count("\n") + 1 for i in kept]
        return ScoredText(
            "\n".join(blocks[i].text for i in kept),
            np.repeat(p[kept], lines),
            np.repeat(kept, lines),
            int((comments & judged).sum()),
            int((teasers & judged).sum()),
            int((beside & judged & ~teasers).sum()),
        )

    def main_text(self, blocks: list[Block]) -> str:
        return self.main_text_scored(blocks)[0]

    def extract(self, html: str) -> str:
        root = parse(html)
        return self.main_text(page_blocks(root)) if root is not None else ""
