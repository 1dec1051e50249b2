"""Small one-hidden-layer networks in numpy: trained by the scripts under ``scripts/``,
shipped as JSON inside the package, evaluated with two matrix products.

Bagging a few members steadies models trained on a few thousand labelled pages or lines;
no deep-learning framework is needed to train or to run them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from winnow.util.packaged import packaged_json

Member = tuple[np.ndarray, np.ndarray, np.ndarray, float]


def read_model(name: str, path: str | Path | None = None) -> dict:
    """A model's JSON: the file at ``path`` when given, else ``winnow/models/<name>``."""
    if path:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    return packaged_json("models", name)


@dataclass
class MLPEnsemble:
    """Standardise features, average the members' sigmoid outputs."""

    mean: np.ndarray
    scale: np.ndarray
    members: list[Member]

    @classmethod
    def from_dict(cls, data: dict) -> MLPEnsemble:
        members = [
            (
                np.asarray(m["w1"], np.float32),
                np.asarray(m["b1"], np.float32),
                np.asarray(m["w2"], np.float32),
                float(m["b2"]),
            )
            for m in data["members"]
        ]
        return cls(
            np.asarray(data["mean"], np.float32), np.asarray(data["scale"], np.float32), members
        )

    def to_dict(self) -> dict:
        return {
            "mean": self.mean.round(6).tolist(),
            "scale": self.scale.round(6).tolist(),
            "members": [
                {
                    "w1": w1.round(5).tolist(),
                    "b1": b1.round(5).tolist(),
                    "w2": w2.round(5).tolist(),
                    "b2": round(float(b2), 5),
                }
                for w1, b1, w2, b2 in self.members
            ],
        }

    def predict(self, features: np.ndarray) -> np.ndarray:
        x = ((features - self.mean) / self.scale).astype(np.float32)
        total = np.zeros(len(x), dtype=np.float32)
        for w1, b1, w2, b2 in self.members:
            logits = np.clip(np.maximum(x @ w1 + b1, 0.0) @ w2 + b2, -30.0, 30.0)
            total += 1.0 / (1.0 + np.exp(-logits))
        return total / len(self.members)


def train_member(
    x: np.ndarray,
    y: np.ndarray,
    hidden: int = 32,
    epochs: int = 400,
    lr: float = 0.01,
    l2: float = 1e-4,
    seed: int = 0,
    weights: np.ndarray | None = None,
) -> Member:
    """Full-batch Adam on the (weighted) logistic loss; ``x`` already standardised."""
    rng = np.random.default_rng(seed)
    w = np.ones(len(y), np.float32) if weights is None else weights.astype(np.float32)
    w = w / w.sum()
    params: list[np.ndarray] = [
        rng.normal(0, np.sqrt(2 / x.shape[1]), (x.shape[1], hidden)).astype(np.float32),
        np.zeros(hidden, np.float32),
        rng.normal(0, np.sqrt(1 / hidden), hidden).astype(np.float32),
        np.zeros(1, np.float32),
    ]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    for t in range(1, epochs + 1):
        w1, b1, w2, b2 = params
        h_pre = x @ w1 + b1
        h = np.maximum(h_pre, 0)
        p = 1 / (1 + np.exp(-np.clip(h @ w2 + b2[0], -30, 30)))
        g_logits = (p - y) * w
        g_h = np.outer(g_logits, w2) * (h_pre > 0)
        grads = [
            x.T @ g_h + l2 * w1,
            g_h.sum(axis=0),
            h.T @ g_logits + l2 * w2,
            np.array([g_logits.sum()], np.float32),
        ]
        for i, g in enumerate(grads):
            m[i] = 0.9 * m[i] + 0.1 * g
            v[i] = 0.999 * v[i] + 0.001 * g * g
            params[i] = params[i] - lr * (m[i] / (1 - 0.9**t)) / (
                np.sqrt(v[i] / (1 - 0.999**t)) + 1e-8
            )
    w1, b1, w2, b2 = params
    return w1, b1, w2, float(b2[0])


def train_ensemble(
    x: np.ndarray,
    y: np.ndarray,
    members: int = 5,
    hidden: int = 32,
    epochs: int = 400,
    l2: float = 1e-4,
    weights: np.ndarray | None = None,
    first_seed: int = 0,
) -> MLPEnsemble:
    """Standardise ``x`` and train ``members`` networks from different seeds (``first_seed``
    onwards: another value gives another draw of the same ensemble, to measure its noise)."""
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    xs = ((x - mean) / scale).astype(np.float32)
    trained = [
        train_member(xs, y, hidden, epochs, l2=l2, seed=seed, weights=weights)
        for seed in range(first_seed, first_seed + members)
    ]
    return MLPEnsemble(mean.astype(np.float32), scale.astype(np.float32), trained)
