"""How far the `web` recipe could go on the Turku lines with perfect line cleaning.

Each dev document is reduced to its keep-labelled lines (the annotators' own cleaning),
then the recipe's document steps run on it, and the result is scored as
``tests/eval/test_lines_turku.py`` scores the recipe: keep-class F1 over the document's
original lines, a document removed whole counting as all its lines removed. Three cuts of
the recipe: language ID and the quality steps; with ``clean.repeats`` before them; with
the corpus dedup steps after them too (the whole recipe, less the line cleaning).

    python bench/lines_ceiling.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from winnow.document import Document
from winnow.evaluation.lines import f1, kept_mask, load_turku
from winnow.pipeline import Pipeline, run_in_memory
from winnow.recipe import load_recipe, parse_recipe

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "turku-text-quality-lines"
CUTS = {
    "language ID + quality steps": ("lang.", "quality."),
    "+ clean.repeats": ("lang.", "clean.repeats", "quality."),
    "+ corpus dedup (whole recipe less line cleaning)": ("lang.", "clean.repeats",
                                                         "quality.", "dedup."),
}


def ceiling(docs, prefixes: tuple[str, ...]) -> dict[str, float]:
    steps = [{spec.name: spec.params} for spec in load_recipe("web").steps
             if spec.name.startswith(prefixes)]
    pipeline = Pipeline.from_recipe(parse_recipe({"steps": steps}))
    pipeline.setup()
    gold = [Document(id=str(i), text="\n".join(line for line, y in zip(d.lines, d.labels,
                                                                      strict=True) if y))
            for i, d in enumerate(docs)]
    out = {doc.id: doc for doc in run_in_memory(pipeline, gold)}
    counts: dict[str, list[int]] = {}
    for i, d in enumerate(docs):
        doc = out.get(str(i))
        mask = kept_mask(d.lines, doc.text if doc is not None and doc.rejection is None
                         else None)
        c = counts.setdefault(d.lang, [0, 0, 0])
        for kept, label in zip(mask, d.labels, strict=True):
            c[0] += kept and label == 1
            c[1] += kept and label == 0
            c[2] += (not kept) and label == 1
    scores = {lang: round(f1(*c), 3) for lang, c in sorted(counts.items())}
    scores["macro"] = round(sum(scores.values()) / len(scores), 4)
    return scores


def main() -> None:
    if not DATA.exists():
        sys.exit(f"Turku lines not found under {DATA}")
    docs = load_turku(DATA, ["dev"])
    for label, prefixes in CUTS.items():
        print(f"{label}: {ceiling(docs, prefixes)}", flush=True)


if __name__ == "__main__":
    main()
