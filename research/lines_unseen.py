"""How the line model cleans a language it has no labelled lines for, five times over.

The `web` recipe meets languages the line model never learned from far more often than
the five it did (lang.identify names 176). The gate has one such language, French.
This benchmark makes five more: for each trained language L (de, en, es, fi, sv) it
trains a model on the other four (``scripts/train_line_model.py``'s ``train`` with L left
out) and scores L's dev documents with it, at the bar that model chose for languages it
has no lines of (``unseen_threshold``) and at its own languages' bar, beside the gate's
figure for L (the fold models, which learned from L) and the shape rules alone (no model).
The cleaning steps are scored as ``tests/eval/test_lines_turku.py`` scores them.

    python research/lines_unseen.py [--json out.json]

Needs the ``train`` extra (LightGBM). Five trainings, each choosing its own unseen-language bar
by leaving languages out again: about 14 minutes on two cores.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from winnow.evaluation.lines import (
    cleaning_only,
    load_turku,
    run_cross_fitted,
    score_cleaned,
)
from winnow.steps.clean.lines import features as line_features
from winnow.steps.clean.lines.features import TRAINED_LANGUAGES

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "research"))

from lines_breakdown import DATA, FOLD_MODELS, web_recipe  # noqa: E402
from train_line_model import train  # noqa: E402


@contextmanager
def flag_withheld(lang: str) -> Iterator[None]:
    """Features in which ``lang`` has no language flag (its column stays 0), as for any
    language the model never learned from: a column that was 0 in all of training and 1
    when scoring would feed the networks weights that never learned anything."""
    saved = line_features.TRAINED_LANGUAGES
    line_features.TRAINED_LANGUAGES = tuple("" if code == lang else code for code in saved)
    try:
        yield
    finally:
        line_features.TRAINED_LANGUAGES = saved


def cleaning_score(docs, models: list[Path], **line_params) -> float:
    """Keep-class F1 of one language's documents after the cleaning steps."""
    recipe = cleaning_only(web_recipe(**line_params))
    return score_cleaned(docs, run_cross_fitted(recipe, models, docs))[docs[0].lang]


COLUMNS = {
    "learned": "fold models (learned the language)",
    "rules": "shape rules alone, no model",
    "unseen": "left out, the bar for unseen languages",
    "unseen_own_bar": "left out, the bar for its own languages",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="also write the table here")
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"Turku lines not found under {DATA}")
    dev = load_turku(DATA, ["dev"])
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for lang in TRAINED_LANGUAGES:
            docs = [d for d in dev if d.lang == lang]
            row = {
                "lang": lang,
                "learned": cleaning_score(docs, FOLD_MODELS),
                "rules": cleaning_score(docs, FOLD_MODELS, use_model=False),
            }
            model = Path(tmp) / f"without_{lang}.json"
            with flag_withheld(lang):
                trained = train(DATA, exclude_languages=(lang,))
                model.write_text(json.dumps(trained))
                row["unseen"] = cleaning_score(docs, [model] * len(FOLD_MODELS))
                row["unseen_own_bar"] = cleaning_score(
                    docs, [model] * len(FOLD_MODELS), unseen_threshold=trained["threshold"]
                )
            row["bars"] = [trained["unseen_threshold"], trained["threshold"]]
            rows.append(row)
            print(row, flush=True)
    print("\nTurku dev, keep-class F1 of the cleaning steps")
    print("| lang | " + " | ".join(COLUMNS.values()) + " | bars (unseen, own) |")
    print("| --- " * (len(COLUMNS) + 2) + "|")
    for r in rows:
        print(
            f"| {r['lang']} | "
            + " | ".join(f"{r[k]:.3f}" for k in COLUMNS)
            + f" | {r['bars'][0]:.3f}, {r['bars'][1]:.3f} |"
        )
    mean = {k: sum(r[k] for r in rows) / len(rows) for k in COLUMNS}
    print("| mean | " + " | ".join(f"{mean[k]:.4f}" for k in COLUMNS) + " | |")
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "mean": mean}, indent=1) + "\n")


if __name__ == "__main__":
    main()
