"""What each newer step costs per document, against the ``web`` recipe's time per document.

Issue 32's targets: each of ``url.filter``, ``tokens.count``, ``quality.classifier`` and
``quality.flagged_words`` under 5% of the web recipe's time per document at default
settings, ``decontam.ngrams`` with 10^6 reference 13-grams under 10%; datatrove's
``URLFilter`` and ``FastTextClassifierFilter`` side by side, one core each.

* Documents: real text with URLs, the same set for every measurement: WCXB main contents
  (their page URLs) and the Turku web documents (six languages; plausible URLs made up from
  their language and first words), shuffled; generated text where ../shared/data is absent.
* The web recipe: a real ``winnow run --recipe web --workers 1`` on a JSONL of them (text
  input: ``html.extract`` passes text through). Its CPU time is the children's rusage
  (``RUSAGE_CHILDREN`` before and after); a run on 1% of the documents is subtracted, so the
  figure is the marginal cost a document adds (start-up and model loads left out, as they
  are over a crawl). Wall time from its ``run.json`` is given beside it.
* Each step alone: ``step.apply`` over fresh copies of the documents in this process, after
  the steps it depends on (``lang.identify`` for flagged_words; also after
  ``quality.gopher``, whose word tokens it reuses), best of ``--repeats`` passes by CPU
  time (``time.process_time``: the machine's cores are shared), wall time beside it.
* Inputs the steps need: url.filter's lists are UT1's adult domains and URLs and datatrove's
  word lists, as FineWeb uses them, read from datatrove's wheel when its venv is given; else
  1M synthetic registered domains, 10k URLs and word lists of the same sizes. A few
  documents' hosts and pages are listed, so that hits (and the PSL) are exercised.
  quality.classifier: a fastText model trained here (``winnow train-classifier``, in a child
  process) on the documents (WCXB articles ``hq``, the rest ``lq``: its accuracy is beside the
  point), shaped as DCLM's: dim 100 (the default of DCLM's train_fasttext_classifier.py), word
  bigrams, fastText's 2M buckets (~0.8 GB; DCLM's 7 GB oh-eli5 file at dim 100 implies a
  vocabulary of ~16M words besides, which changes the memory, not the work a word costs),
  cached in ``--work``.
  decontam.ngrams: 10^6 synthetic 13-grams (``bench/decontam.py``'s generator).
* datatrove (``--datatrove-python``): this file run by its venv's Python with the same
  documents, lists and model file, ``filter(doc)`` timed the same way.

    python bench/step_costs.py [--docs 2000] [--datatrove-python PY] [--json OUT] [--smoke]
    python bench/step_costs.py --profile quality.classifier   # cProfile of one step's pass
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tarfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DATA = HERE.parents[1] / "shared" / "data"
WORD_LISTS = ("banned_words", "soft_banned_words", "banned_subwords")
# datatrove 0.10.1's asset lists: how many entries the synthetic stand-ins get
WORD_LIST_SIZES = {"banned_words": 215, "soft_banned_words": 88, "banned_subwords": 134}
TARGET = {"decontam.ngrams": 0.10}  # share of the web recipe's time; 5% for the others
TLDS = ["com"] * 40 + ["net"] * 8 + ["org"] * 6 + ["de"] * 5 + ["ru"] * 4 + ["co.uk"] * 3
TLDS += ["fr", "nl", "it", "pl", "info", "xyz", "com.br", "jp", "es", "cz", "top", "com.au"]
LANG_TLD = {"en": "com", "de": "de", "es": "es", "fi": "fi", "fr": "fr", "sv": "se"}


def load_documents(limit: int) -> tuple[list[dict[str, str]], str]:
    """``limit`` documents {id, text, url, kind}: WCXB (kind: its page type), Turku."""
    rng = random.Random(0)
    docs: list[dict[str, str]] = []
    for path in sorted((DATA / "wcxb" / "ground-truth").glob("*.json.gz")):
        page = json.loads(gzip.decompress(path.read_bytes()))
        text = page.get("ground_truth", {}).get("main_content")
        kind = page.get("_internal", {}).get("page_type", {}).get("primary", "")
        if isinstance(text, str) and text.strip() and page.get("url"):
            docs.append(
                {"id": f"wcxb-{path.name[:4]}", "text": text, "url": page["url"], "kind": kind}
            )
    turku = DATA / "turku-text-quality-lines"
    if turku.exists():
        from winnow.evaluation.lines import load_turku

        for i, doc in enumerate(load_turku(turku, ("train", "dev"))):
            text = "\n".join(doc.lines)
            words = [w.lower() for w in text.split() if w.isalpha()][:6] or ["page"]
            host = f"www.{''.join(words[:2])[:20]}.{LANG_TLD.get(doc.lang, 'com')}"
            url = f"https://{host}/{rng.randint(2009, 2024)}/{'-'.join(words[2:6]) or i}"
            docs.append({"id": f"turku-{i}", "text": text, "url": url, "kind": "turku"})
    source = "real (WCXB main contents with their URLs, Turku documents with made-up URLs)"
    if len(docs) < limit // 2:
        from decontam import generated_documents

        texts = generated_documents(limit, rng)
        docs = [
            {"id": f"gen-{i}", "text": t, "url": f"https://{synthetic_domain(rng)}/{i}"}
            for i, t in enumerate(texts)
        ]
        source = "generated"
    rng.shuffle(docs)
    return docs[:limit], source


def synthetic_domain(rng: random.Random) -> str:
    chars = "abcdefghijklmnopqrstuvwxyz0123456789"
    label = "".join(rng.choices(chars, k=rng.randint(4, 16)))
    domain = f"{label}.{rng.choice(TLDS)}"
    return f"{rng.choice(['www', 'm', 'blog', 'shop'])}.{domain}" if rng.random() < 0.1 else domain


def host_of(url: str) -> str:
    return url.split("://", 1)[-1].split("/", 1)[0].lower().removeprefix("www.")


def datatrove_assets(python: str | None) -> Path | None:
    if not python:
        return None
    out = subprocess.run(
        [python, "-c", "from datatrove.utils._import_utils import ASSETS_PATH; print(ASSETS_PATH)"],
        capture_output=True,
        text=True,
    )
    return Path(out.stdout.strip()) if out.returncode == 0 and out.stdout.strip() else None


def make_lists(
    folder: Path, docs: list[dict[str, str]], assets: Path | None, domains: int, urls: int
) -> tuple[dict[str, list[str]], str]:
    """The url.filter list files (param → paths) and what they are. Every 100th document's
    host is added to the domains, every 100th (offset 50) page's parent to the URLs."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(2)
    planted_domains = [host_of(d["url"]) for d in docs[::100]]
    planted_urls = []
    for d in docs[50::100]:
        host, _, path = d["url"].split("://", 1)[-1].partition("/")
        planted_urls.append(f"{host.lower().removeprefix('www.')}/{path.split('/')[0]}")
    tar = assets / "url_filterblacklistsv0_3_0.tar.gz" if assets else None
    if tar and tar.exists() and domains >= 10**6:
        with tarfile.open(tar, "r:gz") as t:
            for name in ("domains", "urls"):
                if not (folder / f"ut1-{name}").exists():
                    member = t.extractfile(name)
                    assert member is not None
                    with open(folder / f"ut1-{name}", "wb") as out:
                        shutil.copyfileobj(member, out, 1 << 20)
        base = {"domains": folder / "ut1-domains", "urls": folder / "ut1-urls"}
        what = "UT1 adult domains and URLs (datatrove's asset, as FineWeb)"
    else:
        base = {
            "domains": folder / f"synth-domains-{domains}",
            "urls": folder / f"synth-urls-{urls}",
        }
        if not base["domains"].exists():
            lines = (synthetic_domain(rng) for _ in range(domains))
            base["domains"].write_text("\n".join(lines) + "\n")
            paths = (
                f"{synthetic_domain(rng)}/{rng.choice(['gallery', 'video', 'p', 'tag'])}/"
                f"{rng.randrange(10**6)}"
                for _ in range(urls)
            )
            base["urls"].write_text("\n".join(paths) + "\n")
        what = f"{domains:,} synthetic registered domains, {urls:,} synthetic URLs"
    planted = folder / "planted"
    planted.write_text("\n".join(planted_domains + planted_urls) + "\n")
    lists = {"blocklist": [str(base["domains"]), str(base["urls"]), str(planted)]}
    for name in WORD_LISTS:
        source = assets / f"{name}.txt" if assets else None
        if source and source.exists():
            lists[name] = [str(source)]
        else:
            path = folder / f"synth-{name}.txt"
            size = WORD_LIST_SIZES[name]
            words = [
                "".join(rng.choices("aeiklmnoprstux", k=rng.randint(4, 9))) for _ in range(size)
            ]
            path.write_text("\n".join(words) + "\n")
            lists[name] = [str(path)]
    kind = "datatrove's word lists" if assets else "synthetic word lists of datatrove's sizes"
    return lists, f"{what}; {kind}"


def train_model(folder: Path, docs: list[dict[str, str]], dim: int, bucket: int) -> Path | None:
    """A fastText classifier trained on the documents (cached by its size), in a child
    process: this one should not hold the model before the step loads it. None without a
    trainer (floret: ``pip install 'winnow[train]'``)."""
    model = folder / f"classifier-d{dim}-b{bucket}-n{len(docs)}.bin"
    if model.exists():
        return model
    if not importlib.util.find_spec("floret"):
        return None
    folder.mkdir(parents=True, exist_ok=True)
    good, bad = folder / "hq.jsonl", folder / "lq.jsonl"
    for path, keep in ((good, True), (bad, False)):
        rows = [d for d in docs if (d.get("kind") == "article") == keep] or docs[:2]
        path.write_text("".join(json.dumps({"text": d["text"]}) + "\n" for d in rows))
    winnow = str(Path(sys.executable).parent / "winnow")
    options = ["-o", str(model), "--dim", str(dim), "--bucket", str(bucket), "--overwrite"]
    subprocess.run(
        [winnow, "train-classifier", "--positive", str(good), "--negative", str(bad), *options],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return model


def passes(make: Callable[[], list[Any]], apply: Callable[[Any], Any], repeats: int) -> dict:
    """Best of ``repeats`` passes of ``apply`` over fresh items, by CPU time (µs/item)."""
    best: tuple[float, float] | None = None
    for _ in range(repeats):
        items = make()
        wall, cpu = time.perf_counter(), time.process_time()
        for item in items:
            apply(item)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        if best is None or cpu < best[0]:
            best = (cpu, wall)
    assert best is not None
    n = len(items)
    return {
        "us_per_doc": round(best[0] / n * 1e6, 1),
        "wall_us_per_doc": round(best[1] / n * 1e6, 1),
        "docs_per_s": round(n / best[0], 1) if best[0] else None,
    }


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def web_run(work: Path, docs: list[dict[str, str]], name: str) -> dict[str, Any]:
    """``winnow run --recipe web --workers 1`` on the documents: run.json's seconds and the
    CPU seconds of the process tree."""
    from harness import winnow_run

    path = work / f"{name}.jsonl"
    path.write_text(
        "".join(json.dumps({k: d[k] for k in ("id", "text", "url")}) + "\n" for d in docs)
    )
    before = children_cpu()
    result = winnow_run([path], work / f"{name}-out", "web", 1)
    result["cpu_s"] = round(children_cpu() - before, 2)
    return result


def step(name: str, **params: Any) -> Any:
    from winnow.recipe import parse_recipe

    (built,) = parse_recipe({"steps": [{name: params}]}).build()
    started = time.process_time()
    built.setup()
    built.setup_cpu_s = round(time.process_time() - started, 2)
    return built


def measure_steps(args: argparse.Namespace, docs: list[dict[str, str]], inputs: dict) -> dict:
    """Each new step alone (its set-up CPU seconds beside it)."""
    from winnow.document import Document

    langid = step("lang.identify")
    langs = []
    for d in docs:
        doc = Document(id=d["id"], text=d["text"], url=d["url"])
        langid.apply(doc)
        langs.append((doc.lang, doc.lang_score))

    def fresh() -> list[Document]:
        return [
            Document(id=d["id"], text=d["text"], url=d["url"], lang=lang, lang_score=score)
            for d, (lang, score) in zip(docs, langs, strict=True)
        ]

    gopher: list[Any] = []

    def after_gopher() -> list[Document]:
        if not gopher:
            gopher.append(step("quality.gopher", tokens="words"))
        out = fresh()
        for doc in out:
            gopher[0].apply(doc)
        return out

    flagged = ("quality.flagged_words", {})
    cases: dict[str, tuple[tuple[str, dict[str, Any]], Callable[[], list[Document]]]] = {
        "url.filter": (("url.filter", inputs["lists"]), fresh),
        "tokens.count": (("tokens.count", {}), fresh),
        "quality.classifier": (("quality.classifier", {"model": str(inputs["model"])}), fresh),
        "decontam.ngrams": (
            (
                "decontam.ngrams",
                {"references": [str(inputs["refs"])], "cache_dir": inputs["cache"]},
            ),
            fresh,
        ),
        "quality.flagged_words (after lang.identify)": (flagged, fresh),
        "quality.flagged_words (after quality.gopher)": (flagged, after_gopher),
    }
    if not inputs["model"]:
        del cases["quality.classifier"]
    built: dict[str, Any] = {}  # step name → the step, set up once
    if args.profile:
        import cProfile
        import pstats

        (name, params), make = cases[args.profile]
        chosen = step(name, **params)
        items = make()
        profiler = cProfile.Profile(time.process_time)  # CPU: the cores are shared
        profiler.runcall(lambda: [chosen.apply(d) for d in items])
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
        sys.exit(0)
    results = {}
    for label, ((name, params), make) in cases.items():
        if name not in built:
            built[name] = step(name, **params)
        current = built[name]
        results[label] = passes(make, current.apply, args.repeats)
        results[label]["setup_cpu_s"] = current.setup_cpu_s
        judged = [doc for doc in make() if doc.rejection is None]  # as a run would see them
        for doc in judged:
            current.apply(doc)
        results[label]["removed"] = sum(doc.rejection is not None for doc in judged)
        results[label]["judged"] = len(judged)
    return results


def datatrove_child(spec_path: str) -> None:
    """In datatrove's venv: URLFilter and FastTextClassifierFilter over the documents."""
    from datatrove.data import Document
    from datatrove.pipeline.filters import FastTextClassifierFilter, URLFilter
    from fasttext.FastText import _FastText
    from tldextract import TLDExtract

    spec = json.loads(Path(spec_path).read_text())
    rows = [json.loads(line) for line in Path(spec["docs"]).read_text().splitlines()]

    def lines(paths: list[str]) -> list[str]:
        return [x for p in paths for x in Path(p).read_text(errors="replace").splitlines() if x]

    lists = spec["lists"]
    started = time.process_time()
    domains = [x for x in lines(lists["blocklist"]) if "/" not in x]
    urls = [x for x in lines(lists["blocklist"]) if "/" in x]
    url_filter = URLFilter(
        extra_domains=domains,
        extra_urls=urls,
        **{name: lines(lists[name]) for name in WORD_LISTS},
        use_integrated_lists=False,  # the same files as winnow's side, given above
    )
    # the PSL snapshot in tldextract's wheel, no fetch (the machine may be offline)
    url_filter.tldextractor = TLDExtract(suffix_list_urls=(), cache_dir=None)
    url_filter.tldextractor("https://example.com/")
    out: dict[str, Any] = {"url.filter": {"setup_cpu_s": round(time.process_time() - started, 2)}}

    def make() -> list[Any]:
        return [Document(text=r["text"], id=r["id"], metadata={"url": r["url"]}) for r in rows]

    out["url.filter"] |= passes(make, url_filter.filter, spec["repeats"])
    if not spec["model"]:
        return print(json.dumps(out))
    started = time.process_time()
    classifier = FastTextClassifierFilter(model_url=spec["model"], newline_replacement=" ")
    classifier._model = _FastText(spec["model"])  # the file itself: no copy into a cache
    out["quality.classifier"] = {"setup_cpu_s": round(time.process_time() - started, 2)}
    out["quality.classifier"] |= passes(make, classifier.filter, spec["repeats"])
    print(json.dumps(out))


def datatrove_side(python: str, work: Path, inputs: dict, repeats: int) -> dict[str, Any]:
    spec = work / "datatrove-spec.json"
    spec.write_text(
        json.dumps(
            {"docs": str(inputs["docs"]), "lists": inputs["lists"], "repeats": repeats}
            | {"model": str(inputs["model"]) if inputs["model"] else None}
        )
    )
    before, wall = children_cpu(), time.perf_counter()
    proc = subprocess.run(
        [python, __file__, "--datatrove-child", str(spec)], capture_output=True, text=True
    )
    if proc.returncode:
        sys.exit(f"datatrove side failed:\n{proc.stderr[-3000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["child_cpu_s"] = round(children_cpu() - before, 2)
    result["child_wall_s"] = round(time.perf_counter() - wall, 2)
    return result


def default_datatrove() -> str | None:
    python = HERE / "work" / "datatrove-venv" / "bin" / "python"
    ready = (HERE / "work" / "datatrove-venv" / ".installed").exists()
    return os.environ.get("DATATROVE_PYTHON") or (str(python) if ready else None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--ngrams", type=int, default=10**6, help="decontam reference 13-grams")
    parser.add_argument("--domains", type=int, default=10**6, help="synthetic blocklist size")
    parser.add_argument("--dim", type=int, default=100)
    parser.add_argument("--bucket", type=int, default=2 * 10**6)
    parser.add_argument("--datatrove-python", default=default_datatrove())
    parser.add_argument("--work", type=Path, default=HERE / "work" / "step-costs")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--smoke", action="store_true", help="tiny inputs; figures meaningless")
    parser.add_argument("--profile", help="print a cProfile of one pass of this step and stop")
    parser.add_argument("--datatrove-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.datatrove_child:
        return datatrove_child(args.datatrove_child)
    if args.smoke:
        args.docs, args.repeats, args.ngrams, args.domains = 20, 1, 10**4, 10**4
        args.dim, args.bucket = 16, 20_000
    load_before = os.getloadavg()
    args.work.mkdir(parents=True, exist_ok=True)
    docs, source = load_documents(args.docs)
    assets = datatrove_assets(args.datatrove_python)
    lists, lists_what = make_lists(
        args.work / "lists", docs, assets, args.domains, args.domains // 100
    )
    from decontam import synthesise_references

    refs = args.work / f"decontam-{args.ngrams}.jsonl"
    if not refs.exists():
        synthesise_references(refs, args.ngrams, [d["text"] for d in docs], random.Random(1))
    inputs = {
        "lists": lists,
        "model": train_model(args.work / "model", docs, args.dim, args.bucket),
        "refs": refs,
        "cache": str(args.work / "decontam-cache"),
        "docs": args.work / "docs.jsonl",
    }
    if args.profile:
        measure_steps(args, docs, inputs)  # prints the profile and exits
    web = web_run(args.work, docs, "docs")
    base = None if args.smoke else web_run(args.work, docs[: max(1, len(docs) // 100)], "base")
    if base:  # the marginal cost of a document: start-up and model loads subtracted
        web_cpu_ms = (web["cpu_s"] - base["cpu_s"]) / (len(docs) - base["documents"]) * 1e3
    else:
        web_cpu_ms = web["cpu_s"] / len(docs) * 1e3
    steps = measure_steps(args, docs, inputs)
    theirs = (
        datatrove_side(args.datatrove_python, args.work, inputs, args.repeats)
        if args.datatrove_python
        else None
    )
    for name, v in steps.items():
        v["share_of_web"] = round(v["us_per_doc"] / (web_cpu_ms * 1e3), 4)
        target = TARGET.get(name.split(" ")[0], 0.05)
        v["target"] = target
        v["within_target"] = v["share_of_web"] < target
        if theirs and name in theirs:
            v["datatrove_us_per_doc"] = theirs[name]["us_per_doc"]
            v["datatrove_wall_us_per_doc"] = theirs[name]["wall_us_per_doc"]
            v["datatrove_setup_cpu_s"] = theirs[name]["setup_cpu_s"]
    result = {
        "documents": len(docs),
        "source": source,
        "mean_chars": round(sum(len(d["text"]) for d in docs) / len(docs)),
        "web_ms_per_doc": round(web_cpu_ms, 2),
        "web_ms_per_doc_gross": round(web["cpu_s"] / len(docs) * 1e3, 2),
        "web_wall_ms_per_doc": round(web["seconds"] / len(docs) * 1e3, 2),
        "web_run": web,
        "web_base_run": base,
        "steps": steps,
        "datatrove": theirs is not None,
        "datatrove_side": theirs,
        "inputs": {
            "lists": lists_what,
            "classifier": f"fastText dim {args.dim}, {args.bucket:,} buckets, word bigrams, "
            f"{inputs['model'].stat().st_size / 2**20:,.0f} MiB"
            if inputs["model"]
            else "quality.classifier not run: no trainer (pip install 'winnow[train]')",
            "decontam": f"{args.ngrams:,} synthetic reference 13-grams",
        },
        "load": {
            "cores": os.cpu_count(),
            "loadavg_before": [round(x, 2) for x in load_before],
            "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        },
        "smoke": args.smoke,
    }
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n")
    if args.smoke:
        shutil.rmtree(args.work / "docs-out", ignore_errors=True)


if __name__ == "__main__":
    main()
