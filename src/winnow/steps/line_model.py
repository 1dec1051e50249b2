"""A small neural line classifier (keep / noise) that ships inside the package as JSON.

Trained by ``scripts/train_line_model.py`` on the Turku line-labelled crawl documents
(German, English, Spanish, Finnish training files only); inference is two matrix products
in numpy, about as cheap as the features themselves.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from winnow.steps.line_features import FEATURES, TRIGRAM_BUCKETS, line_features

DEFAULT_MODEL = "line_model.json"


@dataclass
class LineModel:
    """An average of small one-hidden-layer networks (bagging steadies a small data set)."""

    mean: np.ndarray
    scale: np.ndarray
    members: list[tuple[np.ndarray, np.ndarray, np.ndarray, float]]
    threshold: float
    context_threshold: float
    info: dict

    @classmethod
    def load(cls, path: str | Path | None = None) -> LineModel:
        if path:
            data = json.loads(Path(path).read_text())
        else:
            data = json.loads((resources.files("winnow") / "models" / DEFAULT_MODEL).read_text())
        if tuple(data["features"]) != FEATURES or data["trigram_buckets"] != TRIGRAM_BUCKETS:
            raise ValueError("line model was trained on other features; retrain it")
        members = [(np.asarray(m["w1"], np.float32), np.asarray(m["b1"], np.float32),
                    np.asarray(m["w2"], np.float32), float(m["b2"])) for m in data["members"]]
        return cls(np.asarray(data["mean"], np.float32), np.asarray(data["scale"], np.float32),
                   members, float(data["threshold"]),
                   float(data["context_threshold"]), data.get("info", {}))

    def keep_probability(self, lines: list, lang: str | None = None,
                         hits: dict | None = None) -> np.ndarray:
        """p(keep) for each ``LineInfo`` of a document."""
        return self.predict(line_features(lines, lang, hits))

    def predict(self, features: np.ndarray) -> np.ndarray:
        x = ((features - self.mean) / self.scale).astype(np.float32)
        total = np.zeros(len(x), dtype=np.float32)
        for w1, b1, w2, b2 in self.members:
            total += 1.0 / (1.0 + np.exp(-(np.maximum(x @ w1 + b1, 0.0) @ w2 + b2)))
        return total / len(self.members)
