"""The Python API as a user meets it: the README's example run as a plain script (no
``__main__`` guard), the same under the guard with two workers, and ``process`` in memory."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import winnow
from conftest import ROOT, SAMPLE
from winnow.errors import ConfigError


def readme_python_example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Python") :]
    code = section[section.index("```python\n") + len("```python\n") :]
    return code[: code.index("```")]


def run_script(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    (cwd / "script.py").write_text(code, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, "script.py"], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


@pytest.fixture
def crawl(tmp_path: Path) -> Path:
    shutil.copytree(SAMPLE / "pages", tmp_path / "crawl")
    return tmp_path


def test_the_readme_example_runs_as_a_plain_script(crawl: Path) -> None:
    done = run_script(readme_python_example(), crawl)
    assert done.returncode == 0, done.stderr
    assert "running in this process, not 2 workers" in done.stderr  # said, not a crash
    assert "__main__" in done.stderr
    assert (crawl / "out" / "kept").is_dir() and (crawl / "out" / "report.html").exists()
    lines = done.stdout.strip().splitlines()
    assert "'in': 12" in lines[0]
    first, short = lines[1], lines[2]
    assert first.startswith("1 fr True None") and "navigation" in first
    # a lone button label is all furniture: removed by cleaning before any filter sees it
    assert short.startswith("short fr False") and "all_furniture" in short


def test_under_the_main_guard_it_uses_worker_processes(crawl: Path) -> None:
    body = readme_python_example().replace("\n", "\n    ")
    code = f'if __name__ == "__main__":\n    {body}'
    done = run_script(code, crawl)
    assert done.returncode == 0, done.stderr
    assert "running in this process" not in done.stderr
    assert (crawl / "out" / "kept").is_dir()


def test_process_streams_documents_with_their_explanations() -> None:
    docs = list(
        winnow.process(
            [{"id": "a", "text": "Bonjour à tous. " * 30}, "x"],
            recipe=["lang.identify", {"lang.filter": {"languages": ["fr"]}}],
        )
    )
    assert [d.id for d in docs] == ["a", "2"]
    assert docs[0].kept and docs[0].lang == "fr"
    assert not docs[1].kept and docs[1].rejection.step == "lang.filter"


def test_process_accepts_step_objects_and_runs_corpus_steps() -> None:
    from winnow.steps.quality.gopher import GopherQuality

    step = GopherQuality(GopherQuality.Config(min_doc_words=3))
    docs = list(
        winnow.process(
            ["one two three four five", "one two three four five", "a b"],
            recipe=[step, "dedup.exact"],
        )
    )
    assert [d.kept for d in docs] == [True, False, False]
    assert docs[1].rejection.step == "dedup.exact"


def test_public_run_stays_callable_after_its_modules_load() -> None:
    import winnow.running.runner

    assert callable(winnow.run) and callable(winnow.process)


def test_bad_recipe_and_document_forms_are_named() -> None:
    with pytest.raises(ConfigError, match="a recipe step must be"):
        list(winnow.process(["x"], recipe=[3.5]))  # type: ignore[list-item]
    with pytest.raises(ConfigError, match="needs a string 'text'"):
        list(winnow.process([{"id": "a"}], recipe=["lang.identify"]))
