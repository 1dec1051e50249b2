"""Remove marked lines from a document and record each removal as an ``Edit``.

Line cleaners measure and mark; this one function removes, so every editing step records
its removals the same way: the removed text, its offsets in the text the step saw, the
step, a reason code and a detail with the measured value.
"""

from __future__ import annotations

from dataclasses import dataclass

from winnow.document import Document, Edit


@dataclass(frozen=True, slots=True)
class LineMark:
    start: int
    end: int
    reason: str
    detail: str = ""
    # False for a span inside a line (a citation marker): the line breaks after it stay
    whole_line: bool = True


def remove_lines(doc: Document, step: str, marks: list[LineMark]) -> None:
    """Drop the marked lines (with the line break after each) and spans; keep the rest
    byte-for-byte."""
    if not marks:
        return
    text = doc.text
    marks = sorted(marks, key=lambda m: m.start)
    pieces: list[str] = []
    cursor = 0
    for mark in marks:
        end = mark.end
        # Take the line's trailing line breaks with it, so no blank gap is left behind.
        while mark.whole_line and end < len(text) and text[end] in "\r\n":
            end += 1
        pieces.append(text[cursor : mark.start])
        # ``end`` covers the line breaks taken with the line, so that the text before this
        # step is exactly: text[:start] + removed + "\n" * (end - start - len(removed)) + …
        doc.edits.append(
            Edit(
                step=step,
                reason=mark.reason,
                removed=text[mark.start : mark.end],
                start=mark.start,
                end=end,
                detail=mark.detail,
            )
        )
        cursor = max(cursor, end)
    pieces.append(text[cursor:])
    new = "".join(pieces)
    # Removing the last lines would leave the separator before them dangling.
    doc.text = new.rstrip("\r\n") + ("\n" if text.endswith("\n") and new.strip() else "")
