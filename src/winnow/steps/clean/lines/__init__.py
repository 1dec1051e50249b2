"""``clean.lines``: page furniture removed line by line. ``step`` is the step; ``rules`` and
``phrases`` mark furniture by shape and by wording; ``features``, ``context`` and ``model``
are the learned line classifier that decides the rest."""

from winnow.steps.clean.lines.step import LineCleaner

__all__ = ["LineCleaner"]
