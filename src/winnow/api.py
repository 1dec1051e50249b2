"""The Python API: what ``winnow run`` and ``winnow explain`` do, from a script or notebook.

Two calls cover it::

    import winnow

    # files in, shards and a report out (as `winnow run`), on worker processes
    result = winnow.run(["crawl/"], "out/", recipe="web", workers=4)

    # documents in memory, each yielded with what every step did to it
    for doc in winnow.process(["Some text…", {"id": "b", "text": "…"}], recipe="web"):
        print(doc.id, doc.kept, doc.rejection, [e.reason for e in doc.edits])

A recipe is a built-in name, a YAML path, a :class:`~winnow.recipe.Recipe`, or a list of
steps: names (``"lang.identify"``), one-key mappings (``{"lang.filter": {"languages":
["fr"]}}``) or step objects (``GopherQuality(GopherQuality.Config(min_doc_words=20))``).

Worker processes are started with ``spawn``, which imports the calling script again in each
worker. A script that calls :func:`run` at module level without ``if __name__ ==
"__main__":`` would start itself over in every worker; :func:`run` notices that and runs in
this process instead, saying what to add for parallel workers.
"""

from __future__ import annotations

import ast
import dataclasses
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from winnow.document import Document
from winnow.errors import ConfigError
from winnow.recipe import Recipe, load_recipe, parse_recipe
from winnow.step import Step

RecipeLike = str | Path | Recipe | Sequence[str | dict[str, Any] | Step]


def as_recipe(recipe: RecipeLike) -> Recipe:
    """Any of the accepted recipe forms as a checked :class:`Recipe`."""
    if isinstance(recipe, Recipe):
        return recipe
    if isinstance(recipe, str | Path):
        return load_recipe(recipe)
    steps: list[Any] = []
    for item in recipe:
        if isinstance(item, Step):
            steps.append({item.name: dataclasses.asdict(item.config)})
        elif isinstance(item, str | dict):
            steps.append(item)
        else:
            raise ConfigError(
                f"a recipe step must be a name, a {{name: params}} mapping or a Step object, "
                f"got {type(item).__name__}"
            )
    return parse_recipe({"name": "python", "steps": steps}, source="<python recipe>")


def _unguarded_caller() -> str | None:
    """The ``file:line`` of a module-level call from the ``__main__`` script that is not
    inside ``if __name__ == "__main__":`` (which spawned workers would run again), or
    None when the call is safe (guarded, in a function, a notebook, ``python -c``)."""
    main = sys.modules.get("__main__")
    main_file = getattr(main, "__file__", None)
    if not main_file:
        return None
    frame = sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__") != "__main__":
        frame = frame.f_back  # type: ignore[assignment]
    if frame is None or frame.f_code.co_name != "<module>":
        return None
    try:
        tree = ast.parse(Path(main_file).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return None
    line = frame.f_lineno
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _is_main_guard(node.test):
            end = node.end_lineno or node.lineno
            if node.lineno <= line <= end:
                return None
    return f"{main_file}:{line}"


def _is_main_guard(test: ast.expr) -> bool:
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return False
    sides = [test.left, test.comparators[0]]
    names = [s.id for s in sides if isinstance(s, ast.Name)]
    values = [s.value for s in sides if isinstance(s, ast.Constant)]
    return names == ["__name__"] and values == ["__main__"] and isinstance(test.ops[0], ast.Eq)


def _defined_in_main(recipe: Recipe) -> list[str]:
    """Steps of the recipe whose class lives in ``__main__`` (workers cannot import it)."""
    from winnow.registry import get_step

    return [s.name for s in recipe.steps if get_step(s.name).__module__ == "__main__"]


def run(
    inputs: Any, out: str | Path | None = None, recipe: RecipeLike = "web", **options: Any
) -> Any:
    """Curate input files (paths, folders, globs, fsspec URLs) into ``out``, as
    ``winnow run`` does; returns a :class:`~winnow.running.runner.RunResult`.

    ``options`` are :class:`~winnow.running.runner.RunOptions` fields (``workers``, ``format``,
    ``overwrite``, ``part_bytes``, ``engine``, ``ray_address``, ``progress``, ``quiet``…).
    A :class:`RunOptions` may be passed instead of ``inputs`` (the older form).
    """
    from winnow.running.runner import RunOptions
    from winnow.running.runner import run as run_options

    if isinstance(inputs, RunOptions):
        opts = inputs
    else:
        if out is None:
            raise ConfigError("winnow.run(inputs, out): the output folder is missing")
        paths = [inputs] if isinstance(inputs, str | Path) else list(inputs)
        opts = RunOptions(
            inputs=[str(p) for p in paths], out=str(out), recipe=as_recipe(recipe), **options
        )
    if not isinstance(opts.recipe, Recipe):
        opts.recipe = as_recipe(opts.recipe)
    if opts.engine == "local" and opts.workers != 1:
        unguarded = _unguarded_caller()
        in_main = _defined_in_main(opts.recipe)
        if unguarded or in_main:
            why = (
                f"winnow.run() is called at module level ({unguarded}); put the call "
                'under `if __name__ == "__main__":`'
                if unguarded
                else f"step(s) {', '.join(in_main)} are defined in the script itself; move "
                "them to a module the workers can import"
            )
            print(
                f"winnow: running in this process, not {opts.workers} workers: {why} "
                "to use worker processes",
                file=sys.stderr,
            )
            opts = dataclasses.replace(opts, workers=1)
    return run_options(opts)


def process(
    docs: Iterable[Document | dict[str, Any] | str],
    recipe: RecipeLike = "web",
) -> Iterator[Document]:
    """Documents through a recipe in this process, each yielded with what happened to it:
    ``kept``, ``rejection`` (step, reason code, detail), ``edits``, ``signals``, ``lang``.

    Items may be Documents, dicts with a ``text`` field (``id``, ``url`` optional, other
    fields kept as metadata; ``html`` for a page to extract) or plain strings. Per-document
    recipes stream, a batch at a time; a recipe with corpus steps (deduplication) compares
    every document with every other, so it reads them all into memory first (for corpora,
    use :func:`run`).
    """
    from winnow.pipeline import Pipeline, run_in_memory, run_segment
    from winnow.stats import RunStats

    pipeline = Pipeline.from_recipe(as_recipe(recipe))
    pipeline.setup()
    documents = (_as_document(item, n) for n, item in enumerate(docs, 1))
    if not pipeline.corpus_steps:
        yield from run_segment(pipeline.segments[0], documents, RunStats())
    else:
        yield from run_in_memory(pipeline, list(documents))


def _as_document(item: Document | dict[str, Any] | str, number: int) -> Document:
    if isinstance(item, Document):
        return item
    if isinstance(item, str):
        return Document(id=str(number), text=item, source=f"<python>:{number}")
    if isinstance(item, dict):
        record = dict(item)
        text, html = record.pop("text", None), record.pop("html", None)
        if not isinstance(text, str) and not isinstance(html, str):
            raise ConfigError(f"document {number}: a dict needs a string 'text' (or 'html')")
        doc_id = record.pop("id", None)
        url = record.pop("url", None)
        return Document(
            id=str(doc_id) if doc_id is not None else str(number),
            text=text if isinstance(text, str) else "",
            html=html,
            url=str(url) if url is not None else None,
            metadata=record,
            source=f"<python>:{number}",
        )
    raise ConfigError(
        f"document {number}: expected a Document, dict or str, got {type(item).__name__}"
    )
