"""Where the `web` recipe could still gain on the Turku lines, and how much at most.

The bars and the pages are upper bounds read off the dev files themselves (oracles): they
say whether an idea is worth building, never what a built one would score.

* **bars per language**: the gate's run with the line model's two p(keep) bars set by
  hand on a grid (``model_threshold``, ``context_threshold``), scored per language; the
  best bar *of each language* taken separately is what a p(keep) bar per language could
  reach if it were chosen on the very files it is scored on;
* **each document on its own**: the recipe run on one document at a time, the issue's
  words taken literally (the gate runs the dev set together, so that the corpus steps act);
* **pages without main text**: the gate's run with every document whose annotators kept
  under 5/10/15/20% of the lines removed whole (a page of other pages' headlines, a forum
  index), and how well the page's shape tells such pages from the others on the *train*
  files: the longest run of prose lines (sentence end, 6+ words) and the share of the
  text in prose lines.

    python research/lines_headroom.py [--json out.json]

About a minute (21 runs of the recipe over the dev files, 3 s each).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

# run as a script: research/ is on the path
from lines_breakdown import DATA, FOLD_MODELS, web_recipe

from winnow.evaluation.lines import (
    LabelledDoc,
    for_line_scoring,
    load_turku,
    run_cross_fitted,
    score_cleaned,
    training_docs,
)
from winnow.steps.clean.lines.rules import RuleConfig, split_lines

MODEL_BARS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4)
CONTEXT_BARS = (0.3, 0.475, 0.6)
FURNITURE_SHARES = (0.05, 0.1, 0.15, 0.2)


def bars_per_language(docs: list[LabelledDoc]) -> dict:
    grid = {}
    for model in MODEL_BARS:
        for context in CONTEXT_BARS:
            recipe = web_recipe(model_threshold=model, context_threshold=context)
            key = f"{model}/{context}"
            grid[key] = score_cleaned(
                docs, run_cross_fitted(for_line_scoring(recipe), FOLD_MODELS, docs)
            )
            print(f"bars {key}: {grid[key]}", flush=True)
    languages = [k for k in next(iter(grid.values())) if k != "macro"]
    best = {lang: max(s[lang] for s in grid.values()) for lang in languages}
    return {
        "grid": grid,
        "best_per_language": best,
        "macro_of_best": round(sum(best.values()) / len(best), 4),
        "best_single_pair": max(s["macro"] for s in grid.values()),
    }


def without_furniture_pages(docs: list[LabelledDoc], cleaned: list, share: float) -> dict:
    """Scores with every page whose keep lines are under ``share`` removed whole."""
    return score_cleaned(
        docs,
        [
            None if sum(d.labels) < share * len(d.labels) else doc
            for d, doc in zip(docs, cleaned, strict=True)
        ],
    )


def one_at_a_time(docs: list[LabelledDoc]) -> dict:
    """The gate's reading of the issue's words taken literally: the recipe run on each
    document alone (cleaning cross-fitted as in the gate; the corpus steps then compare a
    document with nothing)."""
    return score_cleaned(
        docs,
        run_cross_fitted(for_line_scoring(web_recipe()), FOLD_MODELS, docs, one_at_a_time=True),
    )


def page_shape(doc: LabelledDoc, rules: RuleConfig) -> tuple[int, float]:
    """Longest run of prose lines, and the share of the text in prose lines."""
    lines = split_lines("\n".join(doc.lines))
    run = longest = 0
    prose_chars = 0
    for li in lines:
        prose = li.sentence and li.words >= rules.min_prose_words
        run = run + 1 if prose else 0
        longest = max(longest, run)
        prose_chars += len(li.text) if prose else 0
    return longest, prose_chars / max(sum(len(li.text) for li in lines), 1)


def shape_separation(docs: list[LabelledDoc]) -> list[dict]:
    """On the train files: how many furniture-only pages (< 10% keep) a shape cut finds,
    and how many other pages and keep lines it would take with them."""
    rules = RuleConfig()
    rows = [(sum(d.labels) / len(d.labels), len(d.labels), *page_shape(d, rules)) for d in docs]
    out = []
    for name, column, cuts in (
        ("longest prose run <", 2, (1, 2, 3)),
        ("prose share of text <", 3, (0.1, 0.2, 0.3)),
    ):
        for cut in cuts:
            hit = [r for r in rows if r[column] < cut]
            out.append(
                {
                    "cut": f"{name} {cut}",
                    "furniture_pages": sum(1 for r in hit if r[0] < 0.1),
                    "of_furniture_pages": sum(1 for r in rows if r[0] < 0.1),
                    "other_pages": sum(1 for r in hit if r[0] >= 0.1),
                    "their_keep_lines": round(sum(r[0] * r[1] for r in hit if r[0] >= 0.1)),
                }
            )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"Turku lines not found under {DATA}")
    docs = load_turku(DATA, ["dev"])
    result = {"bars": bars_per_language(docs)}
    print(
        "best bar of each language, chosen on dev:",
        result["bars"]["best_per_language"],
        "macro",
        result["bars"]["macro_of_best"],
        "(best single pair",
        result["bars"]["best_single_pair"],
        ")",
    )
    cleaned = run_cross_fitted(for_line_scoring(web_recipe()), FOLD_MODELS, docs)
    result["as_shipped"] = score_cleaned(docs, cleaned)
    print("as shipped:", result["as_shipped"])
    result["one_document_at_a_time"] = one_at_a_time(docs)
    print("each document on its own:", result["one_document_at_a_time"])
    result["furniture_pages_removed"] = {}
    for share in FURNITURE_SHARES:
        scores = without_furniture_pages(docs, cleaned, share)
        result["furniture_pages_removed"][str(share)] = scores
        print(f"pages with under {share:.0%} keep lines removed whole: {scores}")
    result["shape_on_train"] = shape_separation(training_docs(DATA))
    for row in result["shape_on_train"]:
        print(
            f"train, {row['cut']}: {row['furniture_pages']} of "
            f"{row['of_furniture_pages']} furniture pages, with {row['other_pages']} "
            f"other pages ({row['their_keep_lines']} keep lines)"
        )
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
