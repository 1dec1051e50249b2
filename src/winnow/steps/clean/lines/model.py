"""The line classifier (keep / noise) that ships inside the package as JSON.

Trained by ``scripts/train_line_model.py`` on the Turku line-labelled crawl documents
(the German, English, Spanish and Finnish train files and the Swedish dev documents): a
bag of small neural networks averaged with gradient-boosted trees. The two rank lines
differently enough that their average ranks better than either (research/HISTORY.md,
session 17). Inference is numpy only: two matrix products for the networks, one gather and
comparison per tree level for the trees.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from winnow.steps.clean.lines.features import (
    FEATURE_COUNT,
    FEATURES,
    TRAINED_LANGUAGES,
    TRIGRAM_BUCKETS,
    line_feature_chunks,
)
from winnow.util.mlp import MLPEnsemble, read_model
from winnow.util.trees import TreeEnsemble

DEFAULT_MODEL = "line_model.json"


@dataclass
class LineModel:
    """Small one-hidden-layer networks (bagging steadies a small data set), averaged with
    boosted trees when the model has them: p = (1 - w) p_networks + w p_trees.

    ``threshold`` is the p(keep) bar for the ``languages`` it learned from;
    ``unseen_threshold`` the bar for any other language, chosen in training by leaving
    each of its languages out in turn (``scripts/train_line_model.py``)."""

    network: MLPEnsemble
    threshold: float
    context_threshold: float
    info: dict
    trees: TreeEnsemble | None = None
    tree_weight: float = 0.0
    unseen_threshold: float | None = None
    languages: tuple[str, ...] = TRAINED_LANGUAGES

    @classmethod
    def load(cls, path: str | Path | None = None) -> LineModel:
        data = read_model(DEFAULT_MODEL, path)
        if tuple(data["features"]) != FEATURES or data["trigram_buckets"] != TRIGRAM_BUCKETS:
            raise ValueError("line model was trained on other features; retrain it")
        trees = TreeEnsemble.from_dict(data["trees"]) if "trees" in data else None
        if trees is not None and trees.features_read > FEATURE_COUNT:
            raise ValueError("line model trees read features it does not have; retrain it")
        unseen = data.get("unseen_threshold")
        return cls(
            MLPEnsemble.from_dict(data),
            float(data["threshold"]),
            float(data["context_threshold"]),
            data.get("info", {}),
            trees,
            float(data.get("tree_weight", 0.0)) if trees is not None else 0.0,
            None if unseen is None else float(unseen),
            tuple(data.get("languages", TRAINED_LANGUAGES)),
        )

    def keep_probability(
        self,
        lines: list,
        lang: str | None = None,
        hits: dict | None = None,
        rows: list[int] | None = None,
    ) -> np.ndarray:
        """p(keep) for each ``LineInfo`` of a document (chunk by chunk when it is long).

        ``rows``: judge only these lines (ascending); the others get NaN. A line's
        features do not depend on which others are judged (its p may differ in the last
        bit of a float32: the matrix product rounds by its shape)."""
        chunks = line_feature_chunks(lines, lang, hits, rows=rows)
        judged = np.concatenate([self.predict(x) for x in chunks])
        if rows is None:
            return judged
        out = np.full(len(lines), np.nan, dtype=judged.dtype)
        out[rows] = judged[: len(rows)]
        return out

    def predict(self, features: np.ndarray) -> np.ndarray:
        p = self.network.predict(features)
        if self.trees is None or self.tree_weight <= 0.0:
            return p
        w = np.float32(self.tree_weight)
        return (np.float32(1.0) - w) * p + w * self.trees.predict(features)
