"""Steps from outside winnow: a package installed with a ``winnow.steps`` entry point, and a
module a recipe names under ``imports:``. Both run through the real CLI, in worker
processes (2 local workers) and on Ray, which must find the steps on their own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import ROOT, TEXTS, write_jsonl


def readme_example() -> str:
    """The step that README.md's "Writing a step" shows: the very code tested here."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Writing a step") :]
    code = section[section.index("```python\n") + len("```python\n") :]
    return code[: code.index("```")]


PLUGIN_STEPS = readme_example()


@pytest.fixture(scope="module")
def plugin_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The plugin package, built and installed with pip into a folder of its own (the test
    environment itself is left as it was); PYTHONPATH=<folder> makes it installed."""
    root = tmp_path_factory.mktemp("plugin")
    src = root / "acme-winnow" / "acme_winnow"
    src.mkdir(parents=True)
    (src / "__init__.py").write_text("")
    (src / "steps.py").write_text(PLUGIN_STEPS)
    (root / "acme-winnow" / "pyproject.toml").write_text(
        textwrap.dedent("""
        [build-system]
        requires = ["setuptools>=61"]
        build-backend = "setuptools.build_meta"

        [project]
        name = "acme-winnow"
        version = "0.1"

        [project.entry-points."winnow.steps"]
        acme = "acme_winnow.steps"
    """)
    )
    site = root / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--target",
            str(site),
            str(root / "acme-winnow"),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    assert list(site.glob("acme_winnow-*.dist-info/entry_points.txt"))
    return site


def winnow_cli(*args: str, pythonpath: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(pythonpath)}
    return subprocess.run(
        [sys.executable, "-m", "winnow.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def two_inputs(folder: Path) -> list[str]:
    """Two JSONL files (two shards, so both local workers get one): long and short texts."""
    paths = []
    for n, lang in enumerate(("en", "fr")):
        rows = [
            {"id": f"{lang}-long", "text": TEXTS[lang]},
            {"id": f"{lang}-short", "text": "Too short."},
        ]
        paths.append(str(write_jsonl(folder / f"part{n}.jsonl", rows)))
    return paths


def removed_by(out: Path) -> dict[str, tuple[str, str]]:
    found = {}
    for path in sorted((out / "removed").glob("*.parquet")):
        for row in pq.read_table(path).to_pylist():
            found[row["id"]] = (row["rejected_by"], row["reason"])
    return found


def kept_ids(out: Path) -> list[str]:
    return sorted(
        r["id"]
        for p in sorted((out / "kept").glob("*.parquet"))
        for r in pq.read_table(p).to_pylist()
    )


RECIPE = "name: acme\nsteps:\n  - acme.min_chars: {min_chars: 50}\n"


@pytest.mark.parametrize("engine", ["local", "ray"])
def test_an_entry_point_step_runs_from_a_yaml_recipe(
    plugin_site: Path, tmp_path: Path, engine: str
) -> None:
    if engine == "ray":
        pytest.importorskip("ray", reason="the ray engine needs: pip install 'winnow[ray]'")
    (tmp_path / "recipe.yaml").write_text(RECIPE)
    done = winnow_cli(
        "run",
        *two_inputs(tmp_path),
        "-o",
        str(tmp_path / "out"),
        "--recipe",
        str(tmp_path / "recipe.yaml"),
        "--workers",
        "2",
        "--engine",
        engine,
        "-q",
        pythonpath=plugin_site,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert removed_by(tmp_path / "out") == {
        "en-short": ("acme.min_chars", "acme_too_short"),
        "fr-short": ("acme.min_chars", "acme_too_short"),
    }
    assert kept_ids(tmp_path / "out") == ["en-long", "fr-long"]
    stats = json.loads((tmp_path / "out" / "stats.json").read_text())
    assert [s["step"] for s in stats["steps"]] == ["acme.min_chars"]


def test_without_the_plugin_the_recipe_is_refused_before_any_work(tmp_path: Path) -> None:
    (tmp_path / "recipe.yaml").write_text(RECIPE)
    done = winnow_cli(
        "run",
        *two_inputs(tmp_path),
        "-o",
        str(tmp_path / "out"),
        "--recipe",
        str(tmp_path / "recipe.yaml"),
        "-q",
        pythonpath=tmp_path / "nothing",
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert "no step named 'acme.min_chars'" in done.stderr
    assert not (tmp_path / "out").exists()


def test_the_catalogue_lists_the_plugin_step_with_its_module(
    plugin_site: Path, tmp_path: Path
) -> None:
    done = winnow_cli("steps", "--json", pythonpath=plugin_site, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    steps = {s["name"]: s for s in json.loads(done.stdout)}
    assert steps["acme.min_chars"] == {
        "name": "acme.min_chars",
        "kind": "filter",
        "module": "acme_winnow.steps",
        "description": "Remove documents shorter than a number of characters.",
        "params": [{"name": "min_chars", "type": "int", "default": 100}],
        "reasons": ["acme_too_short"],
    }
    assert steps["quality.gopher"]["module"] == "winnow.steps.quality.gopher"


def test_a_recipe_imports_a_module_that_is_not_installed(tmp_path: Path) -> None:
    """``imports:`` brings a module's steps in, in the driver and in both workers."""
    (tmp_path / "mods").mkdir()
    (tmp_path / "mods" / "my_steps.py").write_text(PLUGIN_STEPS.replace("acme.", "mine."))
    (tmp_path / "recipe.yaml").write_text(
        "name: mine\nimports: [my_steps]\nsteps:\n  - mine.min_chars: {min_chars: 50}\n"
    )
    done = winnow_cli(
        "run",
        *two_inputs(tmp_path),
        "-o",
        str(tmp_path / "out"),
        "--recipe",
        str(tmp_path / "recipe.yaml"),
        "--workers",
        "2",
        "-q",
        pythonpath=tmp_path / "mods",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert set(removed_by(tmp_path / "out").values()) == {("mine.min_chars", "acme_too_short")}


def test_a_recipe_naming_a_missing_module_says_so(tmp_path: Path) -> None:
    from winnow.errors import ConfigError
    from winnow.recipe import parse_recipe

    with pytest.raises(ConfigError, match="cannot import 'no_such_module_xyz'"):
        parse_recipe({"imports": ["no_such_module_xyz"], "steps": ["lang.identify"]})
    with pytest.raises(ConfigError, match="'imports' must be a list"):
        parse_recipe({"imports": "my_steps", "steps": ["lang.identify"]})
