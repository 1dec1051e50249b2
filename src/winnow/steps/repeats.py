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
from dataclasses import dataclass
from enum import StrEnum

from winnow.document import Document
from winnow.edits import LineMark, remove_lines
from winnow.registry import register
from winnow.step import Step, StepKind
from winnow.text import normalize_line, split_paragraphs

MAX_POSTINGS = 64  # a shingle in more paragraphs than this says nothing about any pair


def shingles(normalized: str, n: int) -> set[tuple[str, ...]]:
    """Word n-grams of an already normalised paragraph (``normalize_line``)."""
    words = normalized.split()
    if len(words) < n:
        return {tuple(words)} if words else set()
    return set(zip(*(words[i:] for i in range(n)), strict=False))  # zip stops at the shortest


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
        index: dict[tuple[str, ...], list[int]] = {}
        seen_exact: dict[str, int] = {}
        marks: list[LineMark] = []
        seen_grams: set[tuple[str, ...]] = set()
        spans = split_paragraphs(doc.text)
        for number, (start, end) in enumerate(spans, 1):
            paragraph = doc.text[start:end]
            normal = normalize_line(paragraph)
            if len(normal.split()) < cfg.min_words:
                continue
            recent = cfg.window <= 0 or (
                normal in seen_exact and number - seen_exact[normal] <= cfg.window)
            if normal in seen_exact and recent:
                marks.append(LineMark(start, end, str(self.Reason.EXACT),
                                      f"same as paragraph {seen_exact[normal]}"))
                continue
            grams = shingles(normal, cfg.shingle_words)
            if cfg.window > 0:  # a few direct comparisons; no index needed
                near = [k for k in kept[-cfg.window:] if number - k[0] <= cfg.window]
                match = self._best_of(grams, [(k, len(grams & k[1])) for k in near])
            else:
                match = self._best_match(grams, kept, index)
            if (match is None and cfg.window <= 0 and seen_grams  # the window keeps distant text
                    and len(grams) >= cfg.min_union_shingles):
                covered = sum(1 for g in grams if g in seen_grams) / len(grams)
                if covered >= cfg.min_containment:
                    marks.append(LineMark(start, end, str(self.Reason.CONTAINED),
                                          f"{covered:.2f} of its word {cfg.shingle_words}-grams "
                                          f"are in earlier paragraphs (threshold "
                                          f"{cfg.min_containment})"))
                    continue
            if match is not None:
                other, jaccard, containment = match
                reason = (self.Reason.NEAR if jaccard >= cfg.min_similarity
                          else self.Reason.CONTAINED)
                marks.append(LineMark(start, end, str(reason),
                                      f"repeats paragraph {other}: Jaccard {jaccard:.2f}, "
                                      f"containment {containment:.2f} (thresholds "
                                      f"{cfg.min_similarity}, {cfg.min_containment})"))
                continue
            seen_exact[normal] = number
            position = len(kept)
            kept.append((number, grams))
            seen_grams.update(grams)
            if cfg.window > 0:
                continue
            for gram in grams:
                postings = index.setdefault(gram, [])
                if len(postings) < MAX_POSTINGS:
                    postings.append(position)
        remove_lines(doc, self.name, marks)

    def _best_match(self, grams: set[tuple[str, ...]], kept: list[tuple[int, set]],
                    index: dict[tuple[str, ...], list[int]]) -> tuple[int, float, float] | None:
        if not grams:
            return None
        shared = Counter(p for g in grams for p in index.get(g, ()))
        return self._best_of(grams, [(kept[p], common) for p, common in shared.most_common(8)])

    def _best_of(self, grams: set[tuple[str, ...]],
                 candidates: list[tuple[tuple[int, set], int]]) -> tuple[int, float, float] | None:
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
            similar = (jaccard >= self.config.min_similarity
                       or (containment >= self.config.min_containment
                           and added <= self.config.max_added_share))
            if similar and (best is None or jaccard > best[1]):
                best = (number, jaccard, containment)
        return best
