"""``clean.repeats``: remove paragraphs that repeat an earlier paragraph of the same document.

Pages repeat themselves: a photo caption printed twice (once with the photographer's credit
glued on), a pull quote, a summary restated at the end. A later paragraph is removed, and
the first kept, when its word 3-gram shingles match an earlier paragraph's with Jaccard
similarity ≥ ``min_similarity``, or when the shingles of the shorter of the two are
contained in the longer one at ≥ ``min_containment`` (a later, longer paragraph only when
at most ``max_added_share`` of it is new), or when a long paragraph's shingles are
nearly all found in the earlier paragraphs taken together (``min_union_shingles``).
Candidates come from an inverted index of shingles, so the cost stays near linear in the
document's length.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from winnow.document import Document
from winnow.edits import LineMark, remove_lines
from winnow.registry import register
from winnow.step import Step, StepKind
from winnow.text import normalized_words, split_paragraphs

# a shingle in more paragraphs than this says nothing about any pair; up to this many kept
# paragraphs, a paragraph is compared with each directly (no index to build)
MAX_POSTINGS = 64
CANDIDATES = 8  # kept paragraphs sharing the most shingles, compared in full


def word_shingles(words: list[str], n: int) -> set[tuple[str, ...]]:
    """Word n-grams of a paragraph's normalised words (all of them when fewer than n)."""
    if len(words) < n:
        return {tuple(words)} if words else set()
    return set(zip(*[words[i:] for i in range(n)], strict=False))  # zip stops at the shortest


@register
class RepeatedParagraphs(Step):
    """Remove paragraphs that exactly or nearly repeat an earlier one (the first is kept)."""

    name = "clean.repeats"
    kind = StepKind.EDIT

    @dataclass
    class Config:
        shingle_words: int = 3
        min_similarity: float = 0.8  # Jaccard of word shingles
        min_containment: float = 0.9  # share of the shorter paragraph's shingles in the longer
        # a later paragraph longer than the earlier one repeats it only when most of it is
        # the earlier one (a caption with a credit glued on), not when it merely quotes a
        # short earlier line (a title, then the paragraph that opens with it)
        max_added_share: float = 0.5
        min_words: int = 5  # shorter paragraphs ("Yes", "Share") are left to other steps
        window: int = 0  # compare with this many preceding paragraphs; 0: all of them
        # a paragraph this long (in shingles) whose shingles are all but 1 - min_containment
        # in earlier paragraphs taken together is a repeat too: a summary glued together
        # from the article's own paragraphs (a page's description printed again at its end)
        min_union_shingles: int = 10

        def validate(self) -> None:
            for name in ("min_similarity", "min_containment", "max_added_share"):
                if not 0 < getattr(self, name) <= 1:
                    raise ValueError(f"{name} must be within (0, 1]")
            if self.min_union_shingles < 1:
                raise ValueError("min_union_shingles must be at least 1")

    class Reason(StrEnum):
        EXACT = "repeated_paragraph"
        NEAR = "near_repeated_paragraph"
        CONTAINED = "contained_paragraph"

    def apply(self, doc: Document) -> None:
        cfg = self.config
        kept: list[tuple[int, set[tuple[str, ...]]]] = []
        # shingle -> positions in ``kept``; filled only when a paragraph needs a search
        index: dict[tuple[str, ...], list[int]] = {}
        indexed = 0  # kept[:indexed] are in the index
        seen_exact: dict[str, int] = {}
        marks: list[LineMark] = []
        seen_grams: set[tuple[str, ...]] = set()  # every kept paragraph's shingles
        # no pairwise test can pass with fewer shared shingles than this share of the
        # paragraph's own (Jaccard and containment are both at most that share, and a longer
        # paragraph must share 1 - max_added_share), so a paragraph that shares fewer with
        # all earlier ones together is new without a search: most paragraphs of most pages
        need = min(cfg.min_similarity, cfg.min_containment, 1 - cfg.max_added_share)
        spans = split_paragraphs(doc.text)
        if len(spans) < 2:  # nothing to repeat (a huge one-line record costs nothing here)
            return
        for number, (start, end) in enumerate(spans, 1):
            words = normalized_words(doc.text[start:end])
            if len(words) < cfg.min_words:
                continue
            normal = " ".join(words)
            recent = cfg.window <= 0 or (
                normal in seen_exact and number - seen_exact[normal] <= cfg.window
            )
            if normal in seen_exact and recent:
                marks.append(
                    LineMark(
                        start,
                        end,
                        str(self.Reason.EXACT),
                        f"same as paragraph {seen_exact[normal]}",
                    )
                )
                continue
            grams = word_shingles(words, cfg.shingle_words)
            shared = len(grams & seen_grams)
            match = None
            if shared and shared >= need * len(grams):
                if cfg.window > 0:  # a few direct comparisons; no index needed
                    near = [k for k in kept[-cfg.window :] if number - k[0] <= cfg.window]
                    match = self._best_of(grams, [(k, len(grams & k[1])) for k in near])
                elif len(kept) <= MAX_POSTINGS:  # a set intersection with each, in C
                    match = self._best_match(
                        grams,
                        kept,
                        [
                            (position, common)
                            for position, (_, other) in enumerate(kept)
                            if (common := len(grams & other))
                        ],
                    )
                else:
                    for position in range(indexed, len(kept)):
                        for gram in kept[position][1]:
                            postings = index.setdefault(gram, [])
                            if len(postings) < MAX_POSTINGS:
                                postings.append(position)
                    indexed = len(kept)
                    shared_by = Counter(p for g in grams for p in index.get(g, ()))
                    match = self._best_match(grams, kept, shared_by.items())
            if (
                match is None
                and cfg.window <= 0  # the window keeps distant text
                and len(grams) >= cfg.min_union_shingles
                and shared >= cfg.min_containment * len(grams)
            ):
                marks.append(
                    LineMark(
                        start,
                        end,
                        str(self.Reason.CONTAINED),
                        f"{shared / len(grams):.2f} of its word "
                        f"{cfg.shingle_words}-grams are in earlier paragraphs "
                        f"(threshold {cfg.min_containment})",
                    )
                )
                continue
            if match is not None:
                other, jaccard, containment = match
                reason = (
                    self.Reason.NEAR if jaccard >= cfg.min_similarity else self.Reason.CONTAINED
                )
                marks.append(
                    LineMark(
                        start,
                        end,
                        str(reason),
                        f"repeats paragraph {other}: Jaccard {jaccard:.2f}, "
                        f"containment {containment:.2f} (thresholds "
                        f"{cfg.min_similarity}, {cfg.min_containment})",
                    )
                )
                continue
            if number < len(spans):  # the last paragraph has nothing after it to compare
                seen_exact[normal] = number
                kept.append((number, grams))
                seen_grams.update(grams)
        remove_lines(doc, self.name, marks)

    def _best_match(
        self,
        grams: set[tuple[str, ...]],
        kept: list[tuple[int, set]],
        shared: Iterable[tuple[int, int]],
    ) -> tuple[int, float, float] | None:
        """The best of the ``CANDIDATES`` kept paragraphs sharing the most shingles with
        ``grams`` (``shared``: position in ``kept``, shingles in common; ties to the
        earlier paragraph, so the choice does not depend on set order)."""
        if not grams:
            return None
        top = sorted(shared, key=lambda pair: (-pair[1], pair[0]))[:CANDIDATES]
        return self._best_of(grams, [(kept[p], common) for p, common in top])

    def _best_of(
        self, grams: set[tuple[str, ...]], candidates: list[tuple[tuple[int, set], int]]
    ) -> tuple[int, float, float] | None:
        """The most similar candidate (paragraph, shared shingles) above a threshold."""
        if not grams:
            return None
        best = None
        for (number, other), common in candidates:
            if not common:
                continue
            union = len(grams) + len(other) - common
            jaccard = common / union
            containment = common / min(len(grams), len(other))
            added = 1 - common / len(grams)  # share of this paragraph that is new
            similar = jaccard >= self.config.min_similarity or (
                containment >= self.config.min_containment and added <= self.config.max_added_share
            )
            if similar and (best is None or jaccard > best[1]):
                best = (number, jaccard, containment)
        return best
