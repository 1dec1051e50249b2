"""Train winnow's block model (main text vs page furniture) on extraction benchmarks.

Reads the training side (70%) of the sets with full-text ground truth that may be learnt
from (``winnow.evaluation.extraction_sets.TRAINABLE``: WCXB, Scrapinghub articles,
CleanEval, CleanPortalEval; L3S-GN1 and Readability's pages are scored, never learnt
from); the other 30% are the held-out pages that bench/pages.py and tests/eval score.
A fifth of the training pages (by id hash) is set aside to choose the decision threshold
on the benchmarks' own measure (word F1 per page, macro within each set, then averaged
over the sets so that no one set decides), then the final model is trained on all
training pages.

A block's label: 1 when most of its word trigrams occur in the page's ground-truth main
text (blocks of one or two words: when they occur there as a phrase).

    python scripts/train_block_model.py [--out src/winnow/models/block_model.json]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
from pathlib import Path

import numpy as np
import xxhash

from winnow.evaluation.extraction_sets import TRAINABLE, iter_all
from winnow.evaluation.pages import word_f1
from winnow.evaluation.snippets import normalize
from winnow.steps.html.blocks.features import N_FEATURES, block_features
from winnow.steps.html.blocks.parse import html_blocks
from winnow.util.mlp import MLPEnsemble, train_ensemble

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
WORD = re.compile(r"\w+")


def label_blocks(texts: list[str], truth: str) -> np.ndarray:
    words = WORD.findall(truth.lower())
    folded = " " + " ".join(words) + " "
    trigrams = set(zip(words, words[1:], words[2:], strict=False))
    labels = []
    for text in texts:
        w = WORD.findall(text.lower())
        if len(w) < 3:
            labels.append(bool(w) and f" {' '.join(w)} " in folded)
        else:
            grams = list(zip(w, w[1:], w[2:], strict=False))
            labels.append(sum(g in trigrams for g in grams) >= 0.5 * len(grams))
    return np.array(labels, dtype=np.float32)


def load_pages():
    """(source/id, block texts, features, labels, truth) for every training page."""
    pages = []
    for page in iter_all(DATA, training=True, sources=TRAINABLE):
        blocks = html_blocks(page.html)
        texts = [b.text for b in blocks]
        pages.append(
            (
                f"{page.source}/{page.page_id}",
                texts,
                block_features(blocks),
                label_blocks(texts, page.truth),
                page.truth,
            )
        )
    return pages


def snippet_label(text: str, present: list[str], absent: list[str]) -> float | None:
    """1 for a block holding a snippet that must appear, 0 for one holding furniture that
    must not, None (not learned from) for the others and for blocks holding both."""
    found = normalize(text)
    keep = any(s in found for s in present)
    drop = any(s in found for s in absent)
    return None if keep == drop else float(keep)


def load_snippet_pages():
    """Blocks of the 70% side of trafilatura's multilingual set that hold a snippet, with
    their label (``snippet_label``): (key, features, labels) per page."""
    from winnow.evaluation.snippets import iter_snippet_pages

    out = []
    for page in iter_snippet_pages(DATA, training=True):
        blocks = html_blocks(page.html)
        if not blocks:
            continue
        present = [normalize(s) for s in page.present]
        absent = [normalize(s) for s in page.absent]
        labels = [snippet_label(b.text, present, absent) for b in blocks]
        rows = [i for i, y in enumerate(labels) if y is not None]
        if rows:
            out.append(
                (
                    f"snippets/{page.url}",
                    block_features(blocks)[rows],
                    np.array([labels[i] for i in rows], dtype=np.float32),
                    page,
                )
            )
    return out


def is_validation(key: str) -> bool:
    """A fifth of the training pages, by a hash of their key, choose the threshold."""
    return xxhash.xxh32_intdigest(("val" + key).encode()) % 5 == 0


def kept_text(model: MLPEnsemble, threshold: float):
    """``html -> text`` of the blocks ``model`` keeps at ``threshold``."""

    def run(html: str) -> str:
        blocks = html_blocks(html)
        if not blocks:
            return ""
        keep = model.predict(block_features(blocks)) >= threshold
        return "\n".join(b.text for b, k in zip(blocks, keep, strict=True) if k)

    return run


def page_f1(model: MLPEnsemble, pages, threshold: float) -> float:
    """Word F1 macro over pages within each set, averaged over the sets."""
    by_source: dict[str, list[float]] = {}
    for key, texts, x, _, truth in pages:
        keep = model.predict(x) >= threshold if texts else []
        text = "\n".join(t for t, k in zip(texts, keep, strict=True) if k)
        by_source.setdefault(key.split("/")[0], []).append(word_f1(text, truth))
    return statistics.fmean(statistics.fmean(v) for v in by_source.values())


def fit(pages, args, snippet_pages=()) -> MLPEnsemble:
    pages = [p for p in pages if p[1]]
    x = np.vstack([p[2] for p in pages] + [p[1] for p in snippet_pages])
    y = np.concatenate([p[3] for p in pages] + [p[2] for p in snippet_pages])
    return train_ensemble(x, y, args.members, args.hidden, args.epochs, args.l2)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "src/winnow/models/block_model.json")
    parser.add_argument("--hidden", type=int, default=32)
    parser.add_argument("--epochs", type=int, default=300)
    parser.add_argument("--members", type=int, default=3)
    parser.add_argument("--l2", type=float, default=1e-4)
    parser.add_argument(
        "--snippets",
        action="store_true",
        help="also learn from the snippet-labelled blocks of trafilatura-eval",
    )
    args = parser.parse_args()
    pages = load_pages()
    snippet_pages = load_snippet_pages() if args.snippets else []
    snip_val = [is_validation(p[0]) for p in snippet_pages]
    is_val = [is_validation(p[0]) for p in pages]
    fit_pages = [p for p, v in zip(pages, is_val, strict=True) if not v]
    val_pages = [p for p, v in zip(pages, is_val, strict=True) if v]
    model = fit(fit_pages, args, [p for p, v in zip(snippet_pages, snip_val, strict=True) if not v])
    grid = [round(t, 2) for t in np.arange(0.15, 0.65, 0.05)]
    scores = {t: page_f1(model, val_pages, t) for t in grid}
    threshold = max(grid, key=lambda t: (scores[t], -t))
    print(
        f"{len(fit_pages)} fit pages, {len(val_pages)} validation pages; word F1 by "
        f"threshold: {', '.join(f'{t}: {s:.4f}' for t, s in scores.items())}; "
        f"chosen {threshold}"
    )
    if snippet_pages:
        from winnow.evaluation.snippets import evaluate

        val_snippets = [p[3] for p, v in zip(snippet_pages, snip_val, strict=True) if v]
        total = evaluate(val_snippets, kept_text(model, threshold))
        print(f"snippet validation pages at {threshold}: {total.scores()}")
    final = fit(pages, args, snippet_pages)
    out = {
        "features": N_FEATURES,
        **final.to_dict(),
        "threshold": threshold,
        "info": {
            "trained_on": f"training 70% of {', '.join(TRAINABLE)} "
            "(winnow.evaluation.extraction_sets)",
            "pages": len(pages),
            "blocks": int(sum(len(p[1]) for p in pages)),
            "hidden": args.hidden,
            "epochs": args.epochs,
            "members": args.members,
            "validation_word_f1": round(scores[threshold], 4),
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, separators=(",", ":")) + "\n")
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
