"""Quality gate: line-level cleaning on the Turku line-labelled crawl documents.

The line model is trained on the Turku *train* files of de/en/es/fi only; this gate scores
the *dev* files of all six languages (French and Swedish were never seen in training).
Floors are pinned a little under the measured figures (bench/RESULTS.md): a change that
makes cleaning worse fails here.
"""

import pytest
import yaml

from conftest import ROOT, shared_path
from winnow.evaluation.lines import cleaning_only, for_line_scoring, load_turku, score_docs
from winnow.pipeline import Pipeline, run_in_memory
from winnow.recipe import parse_recipe

pytestmark = pytest.mark.slow

# measured 2026-11-25: cleaning macro 0.825 (de .897 en .925 es .851 fi .758 fr .828 sv .690)
CLEANING_FLOORS = {"macro": 0.80, "de": 0.86, "en": 0.89, "es": 0.82, "fi": 0.72, "fr": 0.80,
                   "sv": 0.66}
FULL_RECIPE_FLOOR = 0.47  # measured 0.494: document filters drop whole forum threads
KEEP_EVERYTHING = 0.70  # the baseline to beat (issue #3)


@pytest.fixture(scope="module")
def dev_docs():
    return load_turku(shared_path("data", "turku-text-quality-lines"), ["dev"])


@pytest.fixture(scope="module")
def web():
    return yaml.safe_load((ROOT / "src/winnow/recipes/web.yaml").read_text())


def run(recipe: dict, docs):
    pipeline = Pipeline.from_recipe(parse_recipe(recipe))
    pipeline.setup()
    return score_docs(docs, lambda batch: run_in_memory(pipeline, batch))


def test_keep_everything_baseline(dev_docs):
    scores = score_docs(dev_docs, lambda batch: batch)
    assert abs(scores["macro"] - KEEP_EVERYTHING) < 0.02


def test_cleaning_steps_beat_the_floors(dev_docs, web):
    scores = run(cleaning_only(web), dev_docs)
    for key, floor in CLEANING_FLOORS.items():
        assert scores[key] >= floor, f"{key}: {scores[key]} < floor {floor} ({scores})"


def test_full_web_recipe_floor(dev_docs, web):
    scores = run(for_line_scoring(web), dev_docs)
    assert scores["macro"] >= FULL_RECIPE_FLOOR, scores
