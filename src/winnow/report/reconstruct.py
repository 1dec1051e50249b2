"""Rebuild a document's text as it was read, with every removal marked where it happened.

Edits are undone newest first. A removed line is put back at its offset (with the line
breaks removed with it); a replacement keeps the text written in its place (a redaction's
placeholder: the original is never stored; a repaired line) but gets back its original
length, so older offsets stay right.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from winnow.document import is_replacement


@dataclass
class Segment:
    text: str  # what to display
    length: int  # how many characters it stood for in the text of the time
    edit: dict[str, Any] | None = None  # None: text that survived

    @property
    def replaced(self) -> bool:
        """Text a step wrote in place of the original (a placeholder, a repaired line)."""
        return self.edit is not None and is_replacement(self.edit["reason"])


def _split_at(segments: list[Segment], offset: int) -> int:
    """Index before which a segment can be inserted at ``offset`` (splitting if needed)."""
    position = 0
    for i, seg in enumerate(segments):
        if offset <= position:
            return i
        if offset < position + seg.length and seg.edit is None:
            cut = offset - position
            segments[i : i + 1] = [
                Segment(seg.text[:cut], cut),
                Segment(seg.text[cut:], seg.length - cut),
            ]
            return i + 1
        position += seg.length
    if offset > position:  # trailing line breaks stripped after the last removal
        segments.append(Segment("\n" * (offset - position), offset - position))
    return len(segments)


def reconstruct(text: str, edits: list[dict[str, Any]]) -> list[Segment]:
    segments = [Segment(text, len(text))]
    # A step's edits are contiguous and share one coordinate system (the text it saw):
    # undo steps newest first, and inside a step restore from left to right.
    groups: list[list[dict[str, Any]]] = []
    for edit in edits:
        if groups and groups[-1][0]["step"] == edit["step"]:
            groups[-1].append(edit)
        else:
            groups.append([edit])
    for group in reversed(groups):
        replacements = [e for e in group if is_replacement(e["reason"])]
        if replacements:
            _undo_replacements(segments, replacements)
        for edit in sorted(
            (e for e in group if not is_replacement(e["reason"]) and e["start"] >= 0),
            key=lambda e: e["start"],
        ):
            gap = max(0, edit["end"] - edit["start"] - len(edit["removed"]))
            at = _split_at(segments, edit["start"])
            segments.insert(
                at, Segment(edit["removed"] + "\n" * gap, len(edit["removed"]) + gap, edit)
            )
    return [s for s in segments if s.text]


def _undo_replacements(segments: list[Segment], group: list[dict[str, Any]]) -> None:
    """Replacements were written left to right; give each back its original length."""
    shift, shifts = 0, []
    for e in group:
        shifts.append(shift)
        shift += len(e["removed"]) - (e["end"] - e["start"])
    for e, before in zip(reversed(group), reversed(shifts), strict=True):
        at = _split_at(segments, e["start"] + before)
        end = _split_at(segments, e["start"] + before + len(e["removed"]))
        segments[at:end] = [Segment(e["removed"], e["end"] - e["start"], e)]
