"""A small neural line classifier (keep / noise) that ships inside the package as JSON.

Trained by ``scripts/train_line_model.py`` on the Turku line-labelled crawl documents
(the German, English, Spanish and Finnish train files and the Swedish dev documents);
inference is two matrix products in numpy, about as cheap as the features themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from winnow.steps.line_features import FEATURES, TRIGRAM_BUCKETS, line_feature_chunks
from winnow.util.mlp import MLPEnsemble, read_model

DEFAULT_MODEL = "line_model.json"


@dataclass
class LineModel:
    """An average of small one-hidden-layer networks (bagging steadies a small data set)."""

    network: MLPEnsemble
    threshold: float
    context_threshold: float
    info: dict

    @classmethod
    def load(cls, path: str | Path | None = None) -> LineModel:
        data = read_model(DEFAULT_MODEL, path)
        if tuple(data["features"]) != FEATURES or data["trigram_buckets"] != TRIGRAM_BUCKETS:
            raise ValueError("line model was trained on other features; retrain it")
        return cls(MLPEnsemble.from_dict(data), float(data["threshold"]),
                   float(data["context_threshold"]), data.get("info", {}))

    def keep_probability(self, lines: list, lang: str | None = None,
                         hits: dict | None = None, rows: list[int] | None = None,
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
        return self.network.predict(features)
