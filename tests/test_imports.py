import subprocess
import sys


def test_import_winnow_is_light():
    code = (
        "import sys, winnow; heavy = [m for m in ('pyarrow', 'trafilatura', 'fasttext', "
        "'numpy', 'fastwarc', 'resiliparse') if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_public_names_resolve():
    import winnow

    for name in winnow.__all__:
        assert getattr(winnow, name) is not None
    assert winnow.__all__ == sorted(winnow.__all__)


def test_import_winnow_leaves_the_environment_alone():
    """Worker defaults (one BLAS thread, Arrow's system allocator) are set in the workers,
    never in a host process that merely imports winnow."""
    code = (
        "import os; before = dict(os.environ); import winnow, winnow.running.runner; "
        "print(sorted(set(os.environ.items()) ^ set(before.items())))"
    )
    env = {
        k: v
        for k, v in __import__("os").environ.items()
        if k
        not in (
            "OPENBLAS_NUM_THREADS",
            "OMP_NUM_THREADS",
            "MKL_NUM_THREADS",
            "ARROW_DEFAULT_MEMORY_POOL",
        )
    }
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.strip() == "[]"


def test_the_plugin_api_is_public_and_stable():
    """What a plugin is written against (README, "Writing a step")."""
    import winnow

    for name in ("Step", "StepKind", "register", "Document", "PlottedSignal"):
        assert name in winnow.__all__


def test_every_extra_named_in_a_message_exists():
    import re
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    extras = set(
        tomllib.loads((root / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    )
    named = set()
    for path in (root / "src").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        named |= set(re.findall(r"winnow\[(\w+)\]", text))
        named |= set(re.findall(r"missing_extra\([^,]+,\s*\"(\w+)\"\)", text))
    named |= set(re.findall(r"winnow\[(\w+)\]", (root / "README.md").read_text()))
    assert named and named <= extras, named - extras
