"""How far the `web` recipe could go on the Turku lines with perfect line cleaning.

Each dev document is reduced to its keep-labelled lines (the annotators' own cleaning),
then the recipe's document steps run on it, and the result is scored as
``tests/eval/test_lines_turku.py`` scores the recipe: keep-class F1 over the document's
original lines, a document removed whole counting as all its lines removed. Three cuts of
the recipe: language ID and the quality steps; with ``clean.repeats`` before them; with
the corpus dedup steps after them too (the whole recipe, less the line cleaning).

    python research/lines_ceiling.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from winnow.document import Document
from winnow.evaluation.lines import load_turku, score_cleaned
from winnow.pipeline import Pipeline, run_in_memory
from winnow.recipe import load_recipe, parse_recipe

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "turku-text-quality-lines"
CUTS = {
    "language ID + quality steps": ("lang.", "quality."),
    "+ clean.repeats": ("lang.", "clean.repeats", "quality."),
    "+ corpus dedup (whole recipe less line cleaning)": (
        "lang.",
        "clean.repeats",
        "quality.",
        "dedup.",
    ),
}


def ceiling(docs, prefixes: tuple[str, ...]) -> dict[str, float]:
    steps = [
        {spec.name: spec.params}
        for spec in load_recipe("web").steps
        if spec.name.startswith(prefixes)
    ]
    pipeline = Pipeline.from_recipe(parse_recipe({"steps": steps}))
    pipeline.setup()
    gold = [
        Document(
            id=str(i), text="\n".join(line for line, y in zip(d.lines, d.labels, strict=True) if y)
        )
        for i, d in enumerate(docs)
    ]
    out = {doc.id: doc for doc in run_in_memory(pipeline, gold)}
    return score_cleaned(docs, [out.get(str(i)) for i in range(len(docs))])


def main() -> None:
    if not DATA.exists():
        sys.exit(f"Turku lines not found under {DATA}")
    docs = load_turku(DATA, ["dev"])
    for label, prefixes in CUTS.items():
        print(f"{label}: {ceiling(docs, prefixes)}", flush=True)


if __name__ == "__main__":
    main()
