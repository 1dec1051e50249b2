"""What readers yield besides documents: records that could not be read."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class BadRecord:
    """A record that could not be read. Counted, quarantined, and the run goes on.

    ``location`` names the record in a way a person can find it: ``line 17``,
    ``byte 40960``, ``row 3``, or ``file`` when the whole file is unreadable.
    """

    file: str
    location: str
    error: str
    sample: bytes = b""

    def message(self) -> str:
        return f"{self.file} ({self.location}): {self.error}"


@dataclass(slots=True)
class Skipped:
    """A record that is fine but carries no text to curate (a WARC request, an image)."""

    file: str
    kind: str
