"""Data files shipped inside the winnow package (models, word lists)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


def packaged_json(folder: str, name: str) -> Any:
    """The parsed JSON file ``winnow/<folder>/<name>``, wherever the package is installed."""
    return json.loads((resources.files("winnow") / folder / name).read_text(encoding="utf-8"))
