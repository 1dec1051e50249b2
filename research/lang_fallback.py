"""Language-ID fallback candidates on Lingua's sentences (issue 33).

Part 1 (``candidates``): each detector on the harness's clean and furnished articles
(``winnow.evaluation.furniture.articles``: 14 sentences, dev side unless ``--side``),
accuracy per language (label mapped to lid.176's codes) and ms per document.
Part 2 (``recipe``): the ``web`` recipe's per-document steps over the same articles, today
and with ``lang.identify``'s fallback / ``lang.filter``'s related languages switched on:
clean articles kept per language, and the time per document of each variant.

    .venv/bin/python research/lang_fallback.py candidates [--per-language N] [--side dev]
    .venv/bin/python research/lang_fallback.py recipe [--per-language N] [--side dev]

Each part costs ~1 minute of one core at ``--per-language 8``.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from winnow.evaluation import furniture, web_eval
from winnow.steps.lang_fallback import RELATED

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
WEAK = ("bs", "hr", "sr", "so", "yo", "sw", "ga", "nn", "nb", "af", "ms", "id")
NORM = {"nb": "no", "iw": "he", "fil": "tl", "jw": "jv"}  # detectors' codes -> lid.176's


def norm(code: str) -> str:
    code = code.lower().split("-")[0]
    return NORM.get(code, code)


def detectors() -> dict[str, Callable[[str], tuple[str, float]]]:
    from winnow.steps.lang import load_model, predict

    out: dict[str, Callable[[str], tuple[str, float]]] = {}
    lid = load_model()

    def run_lid(text: str) -> tuple[str, float]:
        top = predict(lid, text[:5000])
        return top[0] if top else ("", 0.0)

    out["lid.176"] = run_lid
    try:
        import gcld3

        cld3 = gcld3.NNetLanguageIdentifier(min_num_bytes=0, max_num_bytes=1000)

        def run_cld3(text: str) -> tuple[str, float]:
            r = cld3.FindLanguage(text=text)
            return norm(r.language), float(r.probability)

        out["cld3 (cld3-py)"] = run_cld3
    except ImportError:
        pass
    try:
        import pycld2

        def run_cld2(text: str) -> tuple[str, float]:
            try:
                _, _, details = pycld2.detect(text)
            except pycld2.error:  # control or surrogate characters
                return "", 0.0
            return norm(details[0][1]), details[0][2] / 100

        out["cld2 (pycld2)"] = run_cld2
    except ImportError:
        pass
    try:
        import langidentify

        every = [lang for lang in langidentify.Language if lang.name != "UNKNOWN"]
        ident = langidentify.Detector(langidentify.Model.load(every))

        def run_langidentify(text: str) -> tuple[str, float]:
            return norm(ident.detect(text[:1000]).value[0]), 1.0

        out["langidentify"] = run_langidentify
    except ImportError:
        pass
    try:
        from lingua import LanguageDetectorBuilder

        for mode in ("low", "high"):
            builder = LanguageDetectorBuilder.from_all_languages()
            if mode == "low":
                builder = builder.with_low_accuracy_mode()
            det = builder.build()

            def run_lingua(text: str, det: Any = det) -> tuple[str, float]:
                values = det.compute_language_confidence_values(text[:1000])
                best = values[0]
                return norm(best.language.iso_code_639_1.name), float(best.value)

            out[f"lingua {mode}"] = run_lingua
    except ImportError:
        pass
    return out


def candidates(items: list[Any]) -> None:
    found = detectors()
    langs = sorted({a.lang for a in items})
    right: dict[str, Counter[str]] = defaultdict(Counter)
    total: Counter[str] = Counter()
    seconds: dict[str, float] = {}
    for name, detect in found.items():
        start = time.perf_counter()
        for a in items:
            label, _ = detect(a.text)
            right[name][a.lang] += label in (a.lid, norm(a.lang))
        seconds[name] = time.perf_counter() - start
    for a in items:
        total[a.lang] += 1
    names = list(found)
    print("| language | " + " | ".join(names) + " |")
    print("| --- " * (len(names) + 1) + "|")
    for lang in langs:
        if lang in WEAK or any(right[n][lang] < total[lang] for n in names[:1]):
            cells = [f"{100 * right[n][lang] / total[lang]:.0f}%" for n in names]
            print(f"| {lang} | " + " | ".join(cells) + " |")
    allc = [f"{100 * sum(right[n].values()) / len(items):.1f}%" for n in names]
    print("| all | " + " | ".join(allc) + " |")
    ms = [f"{1000 * seconds[n] / len(items):.2f}" for n in names]
    print("| ms/doc | " + " | ".join(ms) + " |")


def variant(identify: dict[str, Any], filt: dict[str, Any]) -> Any:
    """The web recipe's pipeline with lang.identify / lang.filter params replaced."""
    from winnow.pipeline import Pipeline
    from winnow.recipe import load_recipe

    recipe = load_recipe("web")
    for spec in recipe.steps:
        if spec.name == "lang.identify":
            spec.params.update(identify)
        elif spec.name == "lang.filter":
            spec.params.update(filt)
    built = Pipeline.from_recipe(recipe)
    built.setup()
    return built


def identify_cost(items: list[Any]) -> None:
    """``lang.identify`` alone, without and with the fallback, interleaved, best of 3."""
    from winnow.document import Document
    from winnow.steps.lang import LanguageId

    steps = {}
    variants: dict[str, dict[str, Any]] = {"lid only": {}, "lid + cld2": {"fallback": "cld2"}}
    for name, params in variants.items():
        step = LanguageId(LanguageId.Config(**params))
        step.setup()
        steps[name] = step
    best: dict[str, float] = dict.fromkeys(steps, float("inf"))
    consulted = 0
    for _ in range(3):
        for name, step in steps.items():
            docs = [Document(id=a.doc_id, text=a.text) for a in items]
            start = time.perf_counter()
            for doc in docs:
                step.apply(doc)
            best[name] = min(best[name], time.perf_counter() - start)
            consulted = sum("lang_fallback" in d.signals for d in docs)
    for name, took in best.items():
        print(f"lang.identify {name}: {1000 * took / len(items):.3f} ms/doc")
    print(f"fallback consulted on {consulted} of {len(items)} documents")


def recipe(items: list[Any]) -> None:
    variants = {
        "today": ({}, {}),
        "related only": ({}, {"related": list(RELATED)}),
        "after": ({"fallback": "cld2"}, {"related": list(RELATED)}),
    }
    per: dict[str, dict[str, Any]] = {}
    for name, (ident, filt) in variants.items():
        key = f"web/{name}"
        web_eval._PIPELINES[key] = variant(ident, filt)
        start = time.perf_counter()
        results = web_eval.run_articles(items, key)
        took = time.perf_counter() - start
        per[name] = web_eval.summarise_languages(results)
        o = per[name]["overall"]
        print(
            f"{name}: clean kept mean {100 * o['clean_kept_mean']:.1f}% "
            f"min {100 * o['clean_kept_min']:.1f}%, pages kept {100 * o['page_kept']:.1f}%, "
            f"{1000 * took / len(items):.2f} ms/doc, removed by {o['documents_removed_by']}"
        )
    identify_cost(items)
    before, after = per["today"]["languages"], per["after"]["languages"]
    worst = sorted(before, key=lambda k: before[k]["clean_kept"])[:12]
    print("| language | clean kept today | after | pages kept today | after | removed after |")
    print("| --- | --- | --- | --- | --- | --- |")
    for lang in worst:
        b, a = before[lang], after[lang]
        print(
            f"| {lang} | {100 * b['clean_kept']:.0f}% | {100 * a['clean_kept']:.0f}% | "
            f"{100 * b['page_kept']:.0f}% | {100 * a['page_kept']:.0f}% | {a['removed_by']} |"
        )


def pages(side: str) -> None:
    """Real pages (WCXB, trafilatura's set): extracted as the web recipe does, then
    lang.identify + lang.filter today and after; every page whose verdict or label moves."""
    from winnow.document import Document
    from winnow.pipeline import Pipeline, run_segment
    from winnow.recipe import load_recipe
    from winnow.stats import RunStats
    from winnow.steps.lang import LanguageFilter, LanguageId

    recipe_ = load_recipe("web")
    recipe_.steps = recipe_.steps[:2]  # html.extract, clean.encoding
    head = Pipeline.from_recipe(recipe_)
    head.setup()
    chosen = web_eval.load_wcxb(DATA, side) + web_eval.load_trafilatura(DATA, side)
    docs = [Document(id=p.page_id, text="", html=p.html, url=None) for p in chosen]
    for segment in head.segments:
        docs = list(run_segment(segment, docs, RunStats()))
    verdicts = {}
    variants: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
        ("today", {}, {"min_score": 0.5}),
        ("after", {"fallback": "cld2"}, {"min_score": 0.5, "related": list(RELATED)}),
    ]
    for name, ident, filt in variants:
        steps = [
            LanguageId(LanguageId.Config(**ident)),
            LanguageFilter(LanguageFilter.Config(**filt)),
        ]
        for step in steps:
            step.setup()
        out = {}
        for doc in docs:
            copy = Document(id=doc.id, text=doc.text)
            for step in steps:
                if copy.rejection is None:
                    step.apply(copy)
            out[doc.id] = (copy.rejection is None, copy.lang, copy.signals.get("lang_fallback"))
        verdicts[name] = out
    moved = [k for k in verdicts["today"] if verdicts["today"][k] != verdicts["after"][k]]
    kept = {n: sum(v[0] for v in verdicts[n].values()) for n in verdicts}
    print(f"{len(docs)} pages; kept at lang.filter: {kept}; verdict or label moved: {len(moved)}")
    texts = {d.id: d.text for d in docs}
    for k in moved:
        print(k, verdicts["today"][k], "->", verdicts["after"][k], repr(texts[k][:150]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("part", choices=("candidates", "recipe", "pages"))
    parser.add_argument("--per-language", type=int, default=8)
    parser.add_argument("--side", default="dev", choices=("dev", "heldout"))
    args = parser.parse_args()
    items = (
        []
        if args.part == "pages"
        else list(furniture.articles(DATA, args.side, per_language=args.per_language))
    )
    if args.part == "candidates":
        print("clean articles:")
        candidates([a for a in items if not a.furnished])
        print("furnished pages:")
        candidates([a for a in items if a.furnished])
    elif args.part == "pages":
        pages(args.side)
    else:
        recipe(items)


if __name__ == "__main__":
    main()
