"""Whole pages through the ``web`` recipe, judged as a reader would (issue 33).

Kept pages' word precision/recall against WCXB's gold text and the ``without`` snippets
still in them (WCXB, trafilatura's set), good pages removed whole by reason, and articles
in every language lid.176 covers, clean and wrapped in furniture: documents kept,
furniture lines removed, body lines lost (``winnow.evaluation.web_eval``). Each source is
split 70/30 by a fixed hash: ``dev`` to tune on, ``heldout`` to report. Prints markdown for
bench/RESULTS.md; ``--json`` keeps every figure.

    python bench/web_eval.py [--limit N] [--per-language M] [--json OUT]
        [--split dev|heldout|both] [--sets wcxb,trafilatura,languages]

The whole run costs ~4 minutes of one core (WCXB ~2, trafilatura ~1, languages ~1).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from winnow.evaluation import furniture, web_eval

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SETS = ("wcxb", "trafilatura", "languages")


def pct(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{100 * value:.{digits}f}%"


def num(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def measure(
    data: Path,
    sides: list[str],
    sets: list[str],
    limit: int | None,
    per_language: int | None,
    seed: int,
) -> dict[str, Any]:
    which = sides[0] if len(sides) == 1 else "both"
    out: dict[str, Any] = {"sides": sides, "seconds": {}}
    loaders = {"wcxb": web_eval.load_wcxb, "trafilatura": web_eval.load_trafilatura}
    for name in ("wcxb", "trafilatura"):
        if name not in sets:
            continue
        start = time.perf_counter()
        results = web_eval.run_pages(loaders[name](data, which, limit))
        out[name] = {
            side: web_eval.summarise_pages([r for r in results if r.side == side]) for side in sides
        }
        out["seconds"][name] = round(time.perf_counter() - start, 1)
    if "languages" in sets:
        start = time.perf_counter()
        out["languages"] = {}
        for side in sides:
            items = list(furniture.articles(data, side, seed=seed, per_language=per_language))
            out["languages"][side] = web_eval.summarise_languages(web_eval.run_articles(items))
        out["seconds"]["languages"] = round(time.perf_counter() - start, 1)
    return out


def page_table(out: dict[str, Any]) -> list[str]:
    cols = [
        (name, side) for name in ("wcxb", "trafilatura") if name in out for side in out["sides"]
    ]
    if not cols:
        return []
    rows = [
        ("pages", lambda f: str(f["pages"])),
        ("kept", lambda f: pct(f["kept_share"])),
        ("word precision of kept pages (macro)", lambda f: num(f["kept_precision"])),
        ("word recall of kept pages (macro)", lambda f: num(f["kept_recall"])),
        ("word recall, all pages (removed = 0)", lambda f: num(f["all_recall"])),
        (
            "`without` snippets (10+ chars) left in kept text",
            lambda f: f"{pct(f['without_left'])} of {f['without_counted']}",
        ),
        ("`with` snippets found in kept text", lambda f: pct(f["with_found"])),
        (
            "false removals (gold text 2,000+ chars)",
            lambda f: (
                "–"
                if not f["good_pages"]
                else f"{pct(f['false_removal_share'])} ({f['false_removals']} of {f['good_pages']})"
            ),
        ),
        (
            "junk lines per kept page (mean / median)",
            lambda f: (
                "–"
                if f["junk_lines_per_kept_page"] is None
                else f"{f['junk_lines_per_kept_page']:.1f} / {f['junk_lines_median']:g}"
            ),
        ),
    ]
    head = "| measure | " + " | ".join(f"{n} {s}" for n, s in cols) + " |"
    lines = [head, "| --- |" + " --- |" * len(cols)]
    for label, fmt in rows:
        lines.append(f"| {label} | " + " | ".join(fmt(out[n][s]) for n, s in cols) + " |")
    return lines


def removal_table(out: dict[str, Any]) -> list[str]:
    if "wcxb" not in out:
        return []
    lines = [
        "| WCXB side | step/reason | good pages removed | example page ids |",
        "| --- | --- | --- | --- |",
    ]
    for side in out["sides"]:
        for reason, f in out["wcxb"][side]["false_removals_by_reason"].items():
            lines.append(f"| {side} | {reason} | {f['pages']} | {', '.join(f['examples'])} |")
    return lines


def junk_table(out: dict[str, Any]) -> list[str]:
    if "wcxb" not in out:
        return []
    lines = [
        "| junk left in kept WCXB pages (kind) | " + " | ".join(out["sides"]) + " |",
        "| --- |" + " --- |" * len(out["sides"]),
    ]
    kinds: dict[str, None] = {}
    for side in out["sides"]:
        kinds.update(dict.fromkeys(out["wcxb"][side]["junk_kinds"]))
    for kind in kinds:
        counts = [str(out["wcxb"][s]["junk_kinds"].get(kind, 0)) for s in out["sides"]]
        lines.append(f"| {kind} | " + " | ".join(counts) + " |")
    return lines


def language_tables(out: dict[str, Any]) -> list[str]:
    if "languages" not in out:
        return []
    sides = out["sides"]
    ov = {s: out["languages"][s]["overall"] for s in sides}
    lines = ["| every language | " + " | ".join(sides) + " |", "| --- |" + " --- |" * len(sides)]
    rows = [
        ("languages / clean articles", lambda o: f"{o['languages']} / {o['articles']}"),
        (
            "clean articles kept (pooled / mean / worst language)",
            lambda o: (
                f"{pct(o['clean_kept'])} / {pct(o['clean_kept_mean'])} / {pct(o['clean_kept_min'])}"
            ),
        ),
        ("furnished pages kept", lambda o: pct(o["page_kept"])),
        (
            "furniture lines removed (pooled / worst language)",
            lambda o: f"{pct(o['furniture_removed'])} / {pct(o['furniture_removed_min'])}",
        ),
        ("body lines lost (kept documents)", lambda o: pct(o["body_lost"], 2)),
        ("body lines rewritten (repair, redaction)", lambda o: pct(o["body_altered"], 2)),
        ("worst languages", lambda o: ", ".join(o["worst"])),
    ]
    for label, fmt in rows:
        lines.append(f"| {label} | " + " | ".join(fmt(ov[s]) for s in sides) + " |")
    lines += [
        "",
        "| furniture kind still there | " + " | ".join(sides) + " |",
        "| --- |" + " --- |" * len(sides),
    ]
    kinds: dict[str, None] = {}
    for s in sides:
        kinds.update(dict.fromkeys(ov[s]["furniture_left_kinds"]))
    for kind in kinds:
        lines.append(
            f"| {kind} | "
            + " | ".join(str(ov[s]["furniture_left_kinds"].get(kind, 0)) for s in sides)
            + " |"
        )
    lines += [
        "",
        "| language | "
        + " | ".join(
            f"{m} {s}" for m in ("clean kept", "furniture removed", "body lost") for s in sides
        )
        + " | removed as (last side) | furniture left most (last side) |",
        "| --- |" + " --- |" * (3 * len(sides) + 2),
    ]
    last = sides[-1]
    for lang in out["languages"][last]["languages"]:
        per = {s: out["languages"][s]["languages"].get(lang, {}) for s in sides}
        cells = [pct(per[s].get("clean_kept"), 0) for s in sides]
        cells += [pct(per[s].get("furniture_removed"), 0) for s in sides]
        cells += [pct(per[s].get("body_lost"), 1) for s in sides]
        f = per[last]
        removed = f.get("removed_by", "")
        if f.get("removed_detected_as"):
            removed += f" (LID: {f['removed_detected_as']})"
        cells += [removed, f.get("furniture_left_top", "")]
        lines.append(f"| {lang} | " + " | ".join(cells) + " |")
    return lines


def markdown(out: dict[str, Any]) -> str:
    parts = ["### Whole pages through the `web` recipe (issue 33; `bench/web_eval.py`)", ""]
    for block in (page_table(out), removal_table(out), junk_table(out), language_tables(out)):
        if block:
            parts += [*block, ""]
    secs = ", ".join(f"{k} {v} s" for k, v in out["seconds"].items())
    parts.append(f"Seconds: {secs}.")
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="pages per side and set")
    ap.add_argument("--per-language", type=int, default=None, help="articles per language")
    ap.add_argument("--split", choices=("dev", "heldout", "both"), default="both")
    ap.add_argument("--sets", default=",".join(SETS), help="of: " + ",".join(SETS))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    sets = [s for s in args.sets.split(",") if s]
    if unknown := set(sets) - set(SETS):
        ap.error(f"unknown set(s) {', '.join(sorted(unknown))}; valid: {', '.join(SETS)}")
    if not args.data.exists():
        print(f"evaluation data not found at {args.data}", file=sys.stderr)
        return 2
    sides = list(web_eval.SIDES) if args.split == "both" else [args.split]
    out = measure(args.data, sides, sets, args.limit, args.per_language, args.seed)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, indent=1, ensure_ascii=False))
    print(markdown(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
