"""Where the `web` recipe keeps and loses the Turku lines, step by step and reason by reason.

Runs the recipe as ``tests/eval/test_lines_turku.py`` scores it (cross-fitted: each
document cleaned by the fold model that never saw it, redaction left out) and attributes
every labelled line to what became of it: kept, removed by a step for a reason, or lost
with its document. Two tables:

* per language: true and false keeps, keep lines lost in kept documents and in rejected
  ones, keep-class F1;
* per outcome: how many noise and how many keep lines each step and reason removed, with
  the ratio. For keep-class F1 near 0.8, a removal pays when it takes out about 1.5 noise
  lines or more for each keep line it takes (removing a keep line costs about 1.5 times
  what removing a noise line gains).

    python research/lines_breakdown.py [--split dev|train] [--json out.json]

With ``--split train`` the line model has seen the documents it cleans: read only the rule
and document-step rows there.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from winnow.evaluation.lines import (
    FOLDS,
    KEPT,
    for_line_scoring,
    load_turku,
    outcome_counts,
    run_cross_fitted,
)
from winnow.recipe import load_recipe

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "turku-text-quality-lines"
FOLD_MODELS = [
    ROOT / "tests" / "eval" / "models" / f"line_model.without_fold{k}.json" for k in range(FOLDS)
]


def web_recipe(**line_params) -> dict:
    """The `web` recipe as a dict, with ``line_params`` overriding clean.lines' own."""
    spec = load_recipe("web")
    return {
        "name": spec.name,
        "steps": [
            {s.name: {**(s.params or {}), **line_params}}
            if s.name == "clean.lines"
            else {s.name: s.params}
            for s in spec.steps
        ],
    }


def language_table(counts: dict[tuple[str, str], list[int]]) -> list[dict]:
    rows = []
    for lang in sorted({lang for lang, _ in counts}):
        mine = {outcome: c for (g, outcome), c in counts.items() if g == lang}
        tp = mine.get(KEPT, [0, 0])[1]
        fp = mine.get(KEPT, [0, 0])[0]
        lost_whole = sum(c[1] for o, c in mine.items() if o.startswith("rejected"))
        lost_lines = sum(
            c[1] for o, c in mine.items() if o != KEPT and not o.startswith("rejected")
        )
        fn = lost_whole + lost_lines
        rows.append(
            {
                "lang": lang,
                "keep_kept": tp,
                "noise_kept": fp,
                "keep_lost_in_kept_docs": lost_lines,
                "keep_lost_with_rejected_docs": lost_whole,
                "f1": round(2 * tp / (2 * tp + fp + fn), 4) if tp else 0.0,
            }
        )
    return rows


def outcome_table(counts: dict[tuple[str, str], list[int]]) -> list[dict]:
    totals: dict[str, dict[str, list[int]]] = {}
    for (lang, outcome), (noise, keep) in counts.items():
        if outcome == KEPT:
            continue
        per = totals.setdefault(outcome, {})
        for key in (lang, "all"):
            acc = per.setdefault(key, [0, 0])
            acc[0] += noise
            acc[1] += keep
    rows = [
        {
            "outcome": outcome,
            "noise": per["all"][0],
            "keep": per["all"][1],
            "by_language": {g: c for g, c in sorted(per.items()) if g != "all"},
        }
        for outcome, per in totals.items()
    ]
    return sorted(rows, key=lambda r: (-r["keep"], -r["noise"], r["outcome"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "train"), default="dev")
    parser.add_argument("--json", type=Path, help="also write both tables here")
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"Turku lines not found under {DATA}")
    docs = load_turku(DATA, [args.split])
    cleaned = run_cross_fitted(for_line_scoring(web_recipe()), FOLD_MODELS, docs)
    counts = outcome_counts(docs, cleaned)
    languages, outcomes = language_table(counts), outcome_table(counts)
    print(f"Turku {args.split}, `web` recipe cross-fitted: keep-class lines per language")
    print(
        "| lang | keep kept | noise kept | keep lost in kept docs "
        "| keep lost with rejected docs | F1 |"
    )
    print("| --- | --- | --- | --- | --- | --- |")
    for r in languages:
        print(
            f"| {r['lang']} | {r['keep_kept']:,} | {r['noise_kept']:,} | "
            f"{r['keep_lost_in_kept_docs']:,} | {r['keep_lost_with_rejected_docs']:,} | "
            f"{r['f1']:.3f} |"
        )
    macro = sum(r["f1"] for r in languages) / len(languages)
    print(f"macro {macro:.4f}\n")
    print("| removed by | noise | keep | noise per keep | by language (noise/keep) |")
    print("| --- | --- | --- | --- | --- |")
    for r in outcomes:
        ratio = f"{r['noise'] / r['keep']:.2f}" if r["keep"] else "all noise"
        langs = ", ".join(f"{g} {n}/{k}" for g, (n, k) in r["by_language"].items())
        print(f"| {r['outcome']} | {r['noise']:,} | {r['keep']:,} | {ratio} | {langs} |")
    if args.json:
        args.json.write_text(
            json.dumps(
                {"split": args.split, "languages": languages, "outcomes": outcomes}, indent=1
            )
            + "\n"
        )


if __name__ == "__main__":
    main()
