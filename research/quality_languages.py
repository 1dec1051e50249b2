"""Documents kept per language by the word-based quality rules, on clean prose.

Clean documents are assembled from the lingua test sentences (``../shared/data/lingua-
language-testdata/sentences``, 75 languages, Leipzig corpora): ``--docs`` documents per
language of ``--sentences`` sentences each, drawn at random (seeded), in paragraphs of one
to three sentences, one paragraph per line. Each document goes through quality.gopher,
quality.gopher_repetition, quality.c4 and quality.fineweb alone, with their default
parameters ("default") and with the ``web`` recipe's ("web"), and the share kept is
reported per language, with the reasons for what was removed.

    python research/quality_languages.py [--json out.json] [--docs 200] [--sentences 15]

About 1.5 minutes a variant on two cores for the default sizes. ``--variants web-icu`` needs
the ``segment`` extra (icu4py).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from collections import Counter
from pathlib import Path

from winnow.document import Document
from winnow.recipe import StepSpec, build_config, load_recipe
from winnow.registry import get_step

ROOT = Path(__file__).resolve().parents[1]
SENTENCES = ROOT.parent / "shared" / "data" / "lingua-language-testdata" / "sentences"
STEPS = ("quality.gopher", "quality.gopher_repetition", "quality.c4", "quality.fineweb")


def documents(lang: str, docs: int, per_doc: int, seed: int = 1) -> list[str]:
    with gzip.open(SENTENCES / f"{lang}.txt.gz", "rt", encoding="utf-8") as f:
        pool = [s.strip() for s in f if s.strip()]
    rng = random.Random(f"{seed}-{lang}")
    out = []
    for _ in range(docs):
        chosen = rng.sample(pool, min(per_doc, len(pool)))
        lines, i = [], 0
        while i < len(chosen):
            k = rng.randint(1, 3)
            lines.append(" ".join(chosen[i : i + k]))
            i += k
        out.append("\n".join(lines))
    return out


def steps(variant: str) -> dict[str, object]:
    """The four steps as ``variant`` sets them: "default", "web" (the recipe's parameters),
    "web-icu" (those, with ICU word segmentation where a step has a ``segmenter``)."""
    web = {spec.name: spec for spec in load_recipe("web").steps}
    built = {}
    for name in STEPS:
        spec = web[name] if variant.startswith("web") else StepSpec(name)
        params = dict(spec.params)
        if variant.endswith("icu") and "segmenter" in _fields(name):
            params["segmenter"] = "icu"
        if variant.startswith("web") and name == "quality.c4":
            params["ignore_braced_words"] = True  # proposed for the web recipe
        step = get_step(name)(build_config(StepSpec(name, params)))
        step.setup()
        built[name] = step
    return built


def _fields(name: str) -> set[str]:
    import dataclasses

    return {f.name for f in dataclasses.fields(get_step(name).Config)}


def measure(docs: int, per_doc: int, variants: list[str]) -> dict:
    langs = sorted(p.name.split(".")[0] for p in SENTENCES.glob("*.txt.gz"))
    results: dict = {}
    for variant in variants:
        built = steps(variant)
        for lang in langs:
            texts = documents(lang, docs, per_doc)
            for name, step in built.items():
                reasons: Counter[str] = Counter()
                for i, text in enumerate(texts):
                    doc = Document(id=f"{lang}-{i}", text=text, lang=lang, lang_score=0.9)
                    step.apply(doc)  # type: ignore[attr-defined]
                    if doc.rejection is not None:
                        reasons[doc.rejection.reason] += 1
                kept = 100 * (1 - sum(reasons.values()) / len(texts))
                results.setdefault(variant, {}).setdefault(name, {})[lang] = {
                    "kept": round(kept, 1),
                    "reasons": dict(reasons.most_common()),
                }
    return results


def report(results: dict) -> None:
    for variant, by_step in results.items():
        for name, by_lang in by_step.items():
            kept = {lang: r["kept"] for lang, r in by_lang.items()}
            mean = sum(kept.values()) / len(kept)
            worst = sorted(kept, key=lambda lang: kept[lang])[:10]
            print(f"{variant:7} {name:26} mean {mean:5.1f}%  min {min(kept.values()):5.1f}%")
            print("   worst:", ", ".join(f"{lang} {kept[lang]:.0f}" for lang in worst))
            print(
                "   th/ko/ja/zh:", ", ".join(f"{k} {kept[k]:.0f}" for k in ("th", "ko", "ja", "zh"))
            )
            for lang in worst[:4]:
                if by_lang[lang]["reasons"]:
                    print(f"     {lang}: {by_lang[lang]['reasons']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--sentences", type=int, default=15)
    parser.add_argument("--variants", default="default,web,web-icu")
    args = parser.parse_args()
    if not SENTENCES.exists():
        sys.exit(f"lingua sentences not found at {SENTENCES}")
    results = measure(args.docs, args.sentences, args.variants.split(","))
    report(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
