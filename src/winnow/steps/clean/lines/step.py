"""``clean.lines``: remove page furniture from extracted text, line by line, in any language.

Shape rules (``clean.lines.rules``) mark furniture; a small learned model
(``clean.lines.model``) scores every line with the rules' marks among its features. A
line goes when a strong rule marks it, when a context rule marks it and the model agrees
(p(keep) < ``context_threshold``), or when the model alone is confident it is noise
(p(keep) < the model's threshold; in a language the model learned no lines of, a lower
bar stored with it). Every removal is an ``Edit`` with the rule's reason code, or
``low_quality_line``, and the measured value.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from winnow.document import LAYOUT_KEY, Document, PageLayout
from winnow.edits import LineMark, remove_lines
from winnow.registry import register
from winnow.step import Step, StepKind
from winnow.steps.clean.lines.rules import (
    LineReason,
    RuleConfig,
    RuleHit,
    body_bounds,
    find_furniture,
    is_article,
    is_date_line,
    split_lines,
)
from winnow.text import has_more_paragraphs


@register
class LineCleaner(Step):
    """Remove boilerplate lines (navigation, dates, share buttons, bylines, widgets, noise)."""

    name = "clean.lines"
    kind = StepKind.EDIT
    Reason = LineReason

    @dataclass
    class Config:
        max_head_nav_words: int = 3  # stray tokens before the body: 'in', 'Home › News'
        max_share_words: int = 14
        max_cookie_words: int = 40
        max_call_to_action_words: int = 5
        min_prose_words: int = 6  # a body line: ends like a sentence and is this long
        remove_javascript_lines: bool = True  # C4 rule, for lines of at most:
        max_javascript_words: int = 20  # (C4 drops them all; prose about code stays here)
        remove_code_lines: bool = True  # C4's curly-brace rule, at line level
        # "Ähnliche Beiträge", "Share this article", "Advertisement", "Foto: dpa" in 30
        # languages: lines that are such a phrase, not lines that contain one
        remove_furniture_phrases: bool = True
        keep_metadata: bool = True  # headline → title, standfirst → description, date, byline
        use_model: bool = True  # the learned line model judges what the rules cannot
        model_threshold: float = -1.0  # p(keep) below this is noise; < 0: the model's own
        # the same bar for a language the model has no labelled lines for (all but a few):
        # < 0: the model's own, chosen by leaving each training language out in turn
        unseen_threshold: float = -1.0
        context_threshold: float = -1.0  # bar for context rules; < 0: the model's own
        model_path: str = ""  # empty: the model shipped in the package
        # A line from a block that the block extractor judged main text with at least this
        # p(main) is not removed on the line model's word alone, nor by a context rule
        # (strong rules still apply). Only when html.extract's `blocks` engine made the
        # text in the same stage; > 1 ignores the layout. Word F1 on the training pages of
        # the extraction sets is flat from 0.5 to 0.7 (research/HISTORY.md, block model vs
        # trafilatura, 2026-11-25).
        layout_trust: float = 0.6
        # A document of more lines than this is rejected whole, before any per-line work:
        # a 32 MB record of one-word lines would need gigabytes of line features. Pages have
        # hundreds of lines, books tens of thousands; Gopher rejects over 100,000 words.
        max_lines: int = 100_000

    def setup(self) -> None:
        c = self.config
        self._rules = RuleConfig(
            max_head_nav_words=c.max_head_nav_words,
            max_share_words=c.max_share_words,
            max_cookie_words=c.max_cookie_words,
            max_call_to_action_words=c.max_call_to_action_words,
            min_prose_words=c.min_prose_words,
            remove_javascript_lines=c.remove_javascript_lines,
            max_javascript_words=c.max_javascript_words,
            remove_code_lines=c.remove_code_lines,
            remove_furniture_phrases=c.remove_furniture_phrases,
        )
        self._model = None
        self._threshold, self._unseen = 0.0, None
        if c.use_model:
            from winnow.steps.clean.lines.model import LineModel

            self._model = LineModel.load(c.model_path or None)
            self._threshold = c.model_threshold if c.model_threshold >= 0 else self._model.threshold
            self._unseen = (
                c.unseen_threshold if c.unseen_threshold >= 0 else self._model.unseen_threshold
            )
            self._context = (
                c.context_threshold if c.context_threshold >= 0 else self._model.context_threshold
            )

    def apply(self, doc: Document) -> None:
        if not hasattr(self, "_rules"):
            self.setup()
        if has_more_paragraphs(doc.text, self.config.max_lines):
            return self.reject(
                doc,
                LineReason.TOO_MANY_LINES,
                f"more than {self.config.max_lines:,} non-blank lines",
            )
        lines = split_lines(doc.text)
        if not lines:
            return
        hits = find_furniture(lines, self._rules, doc.lang)
        if self.config.keep_metadata:
            self._metadata(doc, lines, hits)
        marks = []
        # The prose of an article's body is never removed on the model's word alone.
        first, last = body_bounds(lines, self._rules, hits)
        protected = (
            range(first, last + 1)
            if is_article(lines, first, last, self._rules, hits)
            else range(0)
        )
        layout = self._layout(doc, len(lines))
        trusted = (
            [False] * len(lines)
            if layout is None
            else (layout.p_main >= self.config.layout_trust).tolist()
        )
        code = (
            code_block_hits(hits, layout.block.tolist())
            if layout is not None and self.config.remove_code_lines
            else {}
        )
        keep = None
        if self._model is not None:
            # the model judges the lines its word is read for (below): a line the layout
            # trusts is read only when a strong rule removes it (for the reason's detail)
            final = {**hits, **code}
            rows = [
                i for i in range(len(lines)) if not trusted[i] or (i in final and final[i].strong)
            ]
            keep = self._model.keep_probability(
                lines, doc.lang, hits, None if layout is None else rows
            )
        hits.update(code)
        bar, unseen = self._bar(doc.lang)
        for i, li in enumerate(lines):
            hit = hits.get(i)
            p = float(keep[i]) if keep is not None else None
            if trusted[i] and (hit is None or not hit.strong):
                continue
            if hit is not None and (hit.strong or p is None or p < self._context):
                detail = hit.detail + (f"; line model p(keep) {p:.2f}" if p is not None else "")
                marks.append(LineMark(li.start, li.end, str(hit.reason), detail))
            elif i in protected and li.sentence and li.words >= self._rules.min_prose_words:
                continue
            elif p is not None and p < bar:
                marks.append(
                    LineMark(
                        li.start,
                        li.end,
                        str(LineReason.LOW_QUALITY_LINE),
                        f"line model p(keep) {p:.2f} < {bar:.2f}{unseen}",
                    )
                )
        if len(marks) == len(lines):
            # an empty document is no document: removed whole, its text as it came
            reasons = Counter(m.reason for m in marks).most_common(3)
            return self.reject(
                doc,
                LineReason.ALL_FURNITURE,
                f"all {len(lines)} line(s) are furniture ("
                + ", ".join(f"{r} {n}" for r, n in reasons)
                + ")",
            )
        remove_lines(doc, self.name, marks)

    def _bar(self, lang: str | None) -> tuple[float, str]:
        """The model's p(keep) bar for a document in ``lang``, and what to add to a removal's
        detail: a model judging a language it learned no lines of ranks them less well, so
        it removes a line on its own word only when far surer (research/HISTORY.md,
        session 21)."""
        if self._model is None or self._unseen is None or lang in self._model.languages:
            return self._threshold, ""
        return self._unseen, f" (the bar for a language it learned no lines of: {lang})"

    @staticmethod
    def _layout(doc: Document, n_lines: int) -> PageLayout | None:
        """The block extractor's view of these lines, if it made this very text."""
        layout = doc.cache.get(LAYOUT_KEY)
        if layout is None or layout.text is not doc.text or len(layout.p_main) != n_lines:
            return None
        return layout

    def _metadata(self, doc: Document, lines: list, hits: dict) -> None:
        first, _ = body_bounds(lines, self._rules, hits)
        for i in range(min(first, len(lines))):
            li = lines[i]
            if is_date_line(li):
                doc.metadata.setdefault("date", li.text)
            elif i not in hits and li.words >= 4:
                # the first headline-like line is the title, the next the standfirst
                for key in ("title", "description"):
                    if key not in doc.metadata:
                        doc.metadata[key] = li.text
                        break
        for i, hit in hits.items():
            if hit.reason == LineReason.BYLINE:
                doc.metadata.setdefault("byline", lines[i].text)


def code_block_hits(hits: dict[int, RuleHit], block: list[int]) -> dict[int, RuleHit]:
    """The other lines of a ``<pre>`` block in which a line is code: code goes as a whole
    block, not as the lines between its braces (``name = user.prefix;`` without the ``if``
    around it is no longer code anyone can read)."""
    code = {block[i] for i, hit in hits.items() if hit.reason == LineReason.CODE}
    if not code:
        return {}
    lines = Counter(block)
    return {
        i: RuleHit(LineReason.CODE, "in a preformatted block that holds code")
        for i, b in enumerate(block)
        if b in code and lines[b] > 1 and (i not in hits or not hits[i].strong)
    }
