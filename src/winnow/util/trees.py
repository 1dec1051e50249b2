"""Gradient-boosted trees shipped as JSON and evaluated in numpy.

LightGBM trains them (``scripts/``, the ``train`` extra); winnow does not need LightGBM to
run them. Each tree is stored as a *complete* binary tree of the ensemble's depth (a leaf
above the last level is pushed down through splits that always go left), so that every
line walks every tree in the same number of vectorised steps: one gather and one
comparison per level for all lines and all trees at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Complete trees double in size with each level; LightGBM's leaf-wise trees are kept
# shallow for winnow (depth 6), and a file asking for more is refused, not allocated.
MAX_DEPTH = 12
# A split that every finite float32 value takes to the left (x <= threshold).
_ALWAYS_LEFT = float(np.finfo(np.float32).max)


@dataclass
class TreeEnsemble:
    """Sum of tree leaf values plus a base score, squashed by a sigmoid."""

    depth: int
    feature: np.ndarray  # (trees, 2**depth - 1) int32: the feature each inner node reads
    threshold: np.ndarray  # (trees, 2**depth - 1) float32: go left when x <= threshold
    leaf: np.ndarray  # (trees, 2**depth) float32: leaf values in level order
    base: float = 0.0

    def __post_init__(self) -> None:
        self._flat = (
            self.feature.astype(np.int32, copy=False).ravel(),
            self.threshold.astype(np.float32, copy=False).ravel(),
        )
        # how many features a row must have: one more than the highest index a split reads
        self.features_read = int(self.feature.max()) + 1 if self.feature.size else 0

    @classmethod
    def from_dict(cls, data: dict) -> TreeEnsemble:
        depth = int(data["depth"])
        if not 1 <= depth <= MAX_DEPTH:
            raise ValueError(f"tree depth {depth} outside 1..{MAX_DEPTH}")
        inner, leaves = 2**depth - 1, 2**depth
        feature = np.asarray(data["feature"], np.int32).reshape(-1, inner)
        threshold = np.asarray(data["threshold"], np.float32).reshape(-1, inner)
        leaf = np.asarray(data["leaf"], np.float32).reshape(-1, leaves)
        if not len(feature) == len(threshold) == len(leaf):
            raise ValueError("tree arrays disagree on the number of trees")
        if feature.size and feature.min() < 0:
            raise ValueError("negative feature index in a tree")
        return cls(depth, feature, threshold, leaf, float(data.get("base", 0.0)))

    def to_dict(self) -> dict:
        return {
            "depth": self.depth,
            "base": self.base,
            "feature": self.feature.ravel().tolist(),
            # the shortest decimal that reads back as the same float32
            "threshold": [float(str(t)) for t in self.threshold.ravel()],
            "leaf": [round(float(v), 7) for v in self.leaf.ravel()],
        }

    def raw_score(self, features: np.ndarray) -> np.ndarray:
        """The summed leaf values of each row (float32 features, finite)."""
        x = np.ascontiguousarray(features, np.float32)
        rows, width = x.shape
        if width < self.features_read:
            raise ValueError(f"trees read {self.features_read} features, rows have {width}")
        trees, inner = self.feature.shape
        # flat arrays and np.take: faster than two-dimensional fancy indexing
        # (research/HISTORY.md, session 17)
        flat_x = x.ravel()
        feature, threshold = self._flat
        index = np.int32 if x.size < 2**31 else np.intp
        row_start = (np.arange(rows, dtype=index) * width)[:, None]
        tree_start = (np.arange(trees, dtype=np.int32) * inner)[None, :]
        node = np.zeros((rows, trees), np.int32)
        for _ in range(self.depth):
            at = node + tree_start
            right = flat_x.take(row_start + feature.take(at)) > threshold.take(at)
            node = node * 2 + 1 + right
        leaf = node + (np.arange(trees, dtype=np.int32) * (inner + 1) - inner)[None, :]
        return self.leaf.ravel().take(leaf).sum(axis=1, dtype=np.float64) + self.base

    def predict(self, features: np.ndarray) -> np.ndarray:
        """p(positive class) for each row, as float32."""
        raw = np.clip(self.raw_score(features), -30.0, 30.0)
        return (1.0 / (1.0 + np.exp(-raw))).astype(np.float32)

    @classmethod
    def from_lightgbm_dump(cls, dump: dict) -> TreeEnsemble:
        """Convert ``Booster.dump_model()`` of a binary LightGBM model with numerical
        ``<=`` splits (the only kind winnow trains) into complete trees."""
        if not str(dump.get("objective", "")).startswith("binary"):
            raise ValueError(f"not a binary model: {dump.get('objective')!r}")
        roots = [t["tree_structure"] for t in dump["tree_info"]]
        depth = max(1, max(_depth(r) for r in roots))
        if depth > MAX_DEPTH:
            raise ValueError(f"trees of depth {depth} > {MAX_DEPTH}: train with max_depth")
        inner, leaves = 2**depth - 1, 2**depth
        feature = np.zeros((len(roots), inner), np.int32)
        threshold = np.full((len(roots), inner), _ALWAYS_LEFT, np.float32)
        leaf = np.zeros((len(roots), leaves), np.float32)
        for t, root in enumerate(roots):
            _fill(root, 0, depth, feature[t], threshold[t], leaf[t])
        return cls(depth, feature, threshold, leaf)


def _depth(node: dict) -> int:
    if "leaf_value" in node:
        return 0
    return 1 + max(_depth(node["left_child"]), _depth(node["right_child"]))


def _float32_at_most(value: float) -> np.float32:
    """The largest float32 not above ``value``: for every float32 x, x <= value exactly
    when x <= this."""
    rounded = np.float32(value)
    if float(rounded) > value:
        rounded = np.nextafter(rounded, np.float32(-np.inf))
    return rounded


def _fill(
    node: dict, index: int, depth: int, feature: np.ndarray, threshold: np.ndarray, leaf: np.ndarray
) -> None:
    inner = 2**depth - 1
    if "leaf_value" in node:
        if index >= inner:
            leaf[index - inner] = node["leaf_value"]
        else:  # push the leaf down the always-left path, same value at every leaf below
            _fill(node, 2 * index + 1, depth, feature, threshold, leaf)
            _fill(node, 2 * index + 2, depth, feature, threshold, leaf)
        return
    if node.get("decision_type", "<=") != "<=":
        raise ValueError(f"unsupported split {node.get('decision_type')!r}")
    feature[index] = node["split_feature"]
    threshold[index] = _float32_at_most(float(node["threshold"]))
    _fill(node["left_child"], 2 * index + 1, depth, feature, threshold, leaf)
    _fill(node["right_child"], 2 * index + 2, depth, feature, threshold, leaf)
