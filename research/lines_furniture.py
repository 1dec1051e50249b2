"""Page furniture left in kept pages, and body text lost, on WCXB dev pages (issue 33).

Runs the ``web`` recipe (every step, dedup included, the pages taken as one corpus in
memory) over WCXB's dev pages and scores each **kept** page against its gold
``main_content``: bag-of-words precision and recall (WCXB's ``\\w+`` words, lower-cased,
macro over pages), and the share of the gold ``without`` snippets (furniture that must not
be in the output, ≥ 10 characters) still present in the kept text. Pages removed whole are
counted by reason, and those whose gold main text has ≥ 2,000 characters are reported as
false removals. The held-out 30 % (``winnow.evaluation.pages.is_training_page`` false) is
reported apart from the rest: tune on ``train``, judge on ``held_out``.

    .venv/bin/python research/lines_furniture.py [--limit N] [--json out.json]
        [--compare before.json]

``--json`` writes every page's figures and kept text; ``--compare`` lists the pages whose
precision or recall moved most against such a file. About 1½ minutes on two cores.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "wcxb"
WORD = re.compile(r"\w+")
MIN_SNIPPET = 10
FALSE_REMOVAL_CHARS = 2000


def folded(text: str) -> str:
    return " ".join(WORD.findall(text.lower()))


def pages(limit: int | None) -> list[dict]:
    from winnow.evaluation.pages import is_training_page

    out = []
    for html_path in sorted((DATA / "html").glob("*.html.gz")):
        page_id = html_path.name.split(".")[0]
        gt = DATA / "ground-truth" / f"{page_id}.json.gz"
        if not gt.exists():
            continue
        truth = json.loads(gzip.decompress(gt.read_bytes()))
        gold = truth["ground_truth"]
        if not gold.get("main_content"):
            continue
        out.append(
            {
                "id": page_id,
                "url": truth.get("url"),
                "html": gzip.decompress(html_path.read_bytes()).decode("utf-8", "replace"),
                "main": gold["main_content"],
                "without": [s for s in gold.get("without") or [] if len(s) >= MIN_SNIPPET],
                "split": "train" if is_training_page(page_id) else "held_out",
            }
        )
        if limit and len(out) >= limit:
            break
    return out


def run(pages_: list[dict]) -> list[dict]:
    from winnow.document import Document
    from winnow.pipeline import Pipeline, run_in_memory
    from winnow.recipe import load_recipe

    pipeline = Pipeline.from_recipe(load_recipe("web"))
    pipeline.setup()
    docs = [Document(id=p["id"], text="", html=p["html"], url=p["url"]) for p in pages_]
    docs = run_in_memory(pipeline, docs)
    results = []
    for page, doc in zip(pages_, docs, strict=True):
        row = {"id": page["id"], "split": page["split"], "gold_chars": len(page["main"])}
        if doc.rejection is not None:
            row["removed"] = f"{doc.rejection.step}:{doc.rejection.reason}"
            results.append(row)
            continue
        pred = Counter(WORD.findall(doc.text.lower()))
        ref = Counter(WORD.findall(page["main"].lower()))
        overlap = sum((pred & ref).values())
        row["precision"] = overlap / sum(pred.values()) if pred else 0.0
        row["recall"] = overlap / sum(ref.values()) if ref else 1.0
        text = folded(doc.text)
        snippets = [folded(s) for s in page["without"]]
        snippets = [s for s in snippets if s]
        row["without"] = len(snippets)
        row["without_left"] = [s for s in snippets if s in text]
        row["text"] = doc.text
        gold = f" {folded(page['main'])} "
        # (a removed line counts as body when its words occur in the gold text, whole words:
        # indicative only, a repeat of a body line or a one-word label counts too)
        row["edits"] = [
            (e.step, e.reason, bool(w := folded(e.removed)) and f" {w} " in gold, e.removed[:100])
            for e in doc.edits
            if e.removed.strip()
        ]
        results.append(row)
    return results


def summary(rows: list[dict]) -> dict:
    kept = [r for r in rows if "removed" not in r]
    long = [r for r in rows if r["gold_chars"] >= FALSE_REMOVAL_CHARS]
    lost = Counter(r["removed"] for r in long if "removed" in r)
    snippets = sum(r["without"] for r in kept)
    return {
        "pages": len(rows),
        "kept": len(kept),
        "precision": round(sum(r["precision"] for r in kept) / max(len(kept), 1), 4),
        "recall": round(sum(r["recall"] for r in kept) / max(len(kept), 1), 4),
        "without_left": round(sum(len(r["without_left"]) for r in kept) / max(snippets, 1), 4),
        "false_removals": round(sum(lost.values()) / max(len(long), 1), 4),
        "false_removal_reasons": dict(lost.most_common()),
        "removed": dict(Counter(r["removed"] for r in rows if "removed" in r).most_common()),
    }


def edit_table(rows: list[dict]) -> dict:
    """Lines removed from kept pages by step and reason: how many, and how many of them
    were gold main text (body lost)."""
    removed: Counter = Counter()
    lost: Counter = Counter()
    for r in rows:
        for step, reason, in_gold, _ in r.get("edits", ()):
            removed[f"{step}:{reason}"] += 1
            lost[f"{step}:{reason}"] += in_gold
    return {k: (n, lost[k]) for k, n in removed.most_common()}


def compare(rows: list[dict], before_path: Path, top: int = 15) -> None:
    before = {r["id"]: r for r in json.loads(before_path.read_text())["pages"]}
    moves = []
    for r in rows:
        b = before.get(r["id"])
        if b is None:
            continue
        if ("removed" in r) != ("removed" in b):
            print(f"{r['id']}: removed {b.get('removed')} -> {r.get('removed')}")
            continue
        if "removed" in r:
            continue
        dp, dr = r["precision"] - b["precision"], r["recall"] - b["recall"]
        moves.append((dr, dp, r["id"]))
    moves.sort()
    print("largest recall losses:")
    for dr, dp, pid in moves[:top]:
        print(f"  {pid}: recall {dr:+.3f} precision {dp:+.3f}")
    print("largest precision gains:")
    for dr, dp, pid in sorted(moves, key=lambda m: -m[1])[:top]:
        print(f"  {pid}: recall {dr:+.3f} precision {dp:+.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--compare", type=Path)
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"no WCXB data at {DATA}")
    rows = run(pages(args.limit))
    report = {
        split: summary([r for r in rows if split == "all" or r["split"] == split])
        for split in ("train", "held_out", "all")
    }
    print(json.dumps(report, indent=1, ensure_ascii=False))
    print("lines removed from kept pages (removed, of which gold body):")
    for key, (n, lost) in edit_table(rows).items():
        print(f"  {key}: {n} ({lost})")
    if args.compare:
        compare(rows, args.compare)
    if args.json:
        args.json.write_text(json.dumps({"summary": report, "pages": rows}, ensure_ascii=False))


if __name__ == "__main__":
    main()
