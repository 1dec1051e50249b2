"""Boosted trees evaluated in numpy (winnow.util.trees): the same p as LightGBM's own."""

from pathlib import Path

import numpy as np
import pytest

from winnow.util.trees import TreeEnsemble


def _stump(feature: int, threshold: float, left: float, right: float) -> dict:
    return {
        "split_feature": feature,
        "threshold": threshold,
        "decision_type": "<=",
        "left_child": {"leaf_value": left},
        "right_child": {"leaf_value": right},
    }


def _dump(*roots: dict) -> dict:
    return {"objective": "binary sigmoid:1", "tree_info": [{"tree_structure": r} for r in roots]}


def test_hand_built_trees_of_unequal_depth():
    deep = {
        "split_feature": 1,
        "threshold": 0.0,
        "decision_type": "<=",
        "left_child": _stump(0, 5.0, -1.0, 1.0),
        "right_child": {"leaf_value": 2.0},
    }
    trees = TreeEnsemble.from_lightgbm_dump(
        _dump(deep, _stump(0, 0.5, 0.25, -0.25), {"leaf_value": 0.125})
    )
    assert trees.depth == 2
    x = np.array([[4.0, -1.0], [6.0, -1.0], [6.0, 3.0], [5.0, 0.0]], np.float32)
    # tree 1 + tree 2 + tree 3 (a single leaf)
    expected = np.array([-1.0 - 0.25, 1.0 - 0.25, 2.0 - 0.25, -1.0 - 0.25]) + 0.125
    assert np.allclose(trees.raw_score(x), expected)
    assert np.allclose(trees.predict(x), 1 / (1 + np.exp(-expected)))


def test_threshold_between_float32_values_decides_as_the_double_does():
    # 0.1 is not a float32: float32(0.1) is above 0.1, so x = float32(0.1) must go right
    trees = TreeEnsemble.from_lightgbm_dump(_dump(_stump(0, 0.1, -1.0, 1.0)))
    x = np.array([[np.float32(0.1)], [np.nextafter(np.float32(0.1), np.float32(0))]])
    assert list(trees.raw_score(x)) == [1.0, -1.0]


def test_rows_must_have_the_features_the_trees_read():
    trees = TreeEnsemble.from_lightgbm_dump(_dump(_stump(3, 0.0, -1.0, 1.0)))
    with pytest.raises(ValueError, match="4 features"):
        trees.predict(np.zeros((2, 3), np.float32))
    assert trees.predict(np.zeros((0, 4), np.float32)).shape == (0,)


def test_round_trip_through_json_dict():
    trees = TreeEnsemble.from_lightgbm_dump(
        _dump(_stump(0, 0.3, -0.5, 0.5), _stump(1, -2.0, 0.1, 0.2))
    )
    again = TreeEnsemble.from_dict(trees.to_dict())
    x = np.random.default_rng(0).normal(size=(50, 2)).astype(np.float32)
    assert np.array_equal(again.predict(x), trees.predict(x))


def test_rejects_what_it_cannot_evaluate():
    with pytest.raises(ValueError, match="binary"):
        TreeEnsemble.from_lightgbm_dump({"objective": "regression", "tree_info": []})
    odd = {**_stump(0, 0.0, 0.0, 1.0), "decision_type": "=="}
    with pytest.raises(ValueError, match="unsupported split"):
        TreeEnsemble.from_lightgbm_dump(_dump(odd))


def test_same_probabilities_as_lightgbm():
    try:
        import lightgbm
    except (ImportError, OSError) as exc:  # not installed, or no OpenMP runtime
        pytest.skip(f"lightgbm unavailable: {exc}")
    rng = np.random.default_rng(1)
    x = rng.normal(size=(4000, 12)).astype(np.float32)
    x[:, 2] = rng.integers(0, 4, len(x))
    y = (x[:, 0] + x[:, 1] * (x[:, 2] == 1) + rng.normal(0, 0.5, len(x)) > 0).astype(float)
    params = {
        "objective": "binary",
        "max_depth": 5,
        "num_leaves": 31,
        "learning_rate": 0.1,
        "min_data_in_leaf": 10,
        "num_threads": 1,
        "verbose": -1,
    }
    booster = lightgbm.train(params, lightgbm.Dataset(x, y), 60)
    trees = TreeEnsemble.from_lightgbm_dump(booster.dump_model())
    test = rng.normal(size=(2000, 12)).astype(np.float32)
    test[:, 2] = rng.integers(0, 4, len(test))
    assert np.abs(trees.predict(test) - booster.predict(test)).max() < 1e-6


def test_line_model_averages_networks_and_trees():
    from dataclasses import replace

    from winnow.steps.clean.lines.features import FEATURE_COUNT
    from winnow.steps.clean.lines.model import LineModel

    model = LineModel.load()
    assert model.trees is not None and 0 < model.tree_weight < 1
    x = np.random.default_rng(2).normal(size=(30, FEATURE_COUNT)).astype(np.float32)
    w = model.tree_weight
    expected = (1 - w) * model.network.predict(x) + w * model.trees.predict(x)
    assert np.allclose(model.predict(x), expected, atol=1e-6)
    # a model without trees (or weighted 0) is the networks alone
    assert np.array_equal(replace(model, trees=None).predict(x), model.network.predict(x))


def test_a_model_file_cannot_ask_for_huge_or_foreign_trees(tmp_path):
    import json

    from winnow.steps.clean.lines.model import LineModel

    small = TreeEnsemble.from_lightgbm_dump(_dump(_stump(0, 0.0, -1.0, 1.0))).to_dict()
    with pytest.raises(ValueError, match="depth"):
        TreeEnsemble.from_dict({**small, "depth": 40})
    with pytest.raises(ValueError, match="negative"):
        TreeEnsemble.from_dict({**small, "feature": [-1]})
    model = LineModel.load()
    data = json.loads((Path(__file__).parents[2] / "src/winnow/models/line_model.json").read_text())
    data["trees"] = {**small, "feature": [10**6]}
    path = tmp_path / "model.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ValueError, match="retrain"):
        LineModel.load(path)
    assert model.trees is not None
