"""The report's section on translated copies (``dedup.crosslingual``): groups by language
pair, the largest groups, a few examples.

Streams the run's output rows once with bounded state: counts per language pair (the
languages a run holds bound them), the ``TOP`` largest groups (a heap) and the first
``EXAMPLES`` documents removed as translated copies.
"""

from __future__ import annotations

import heapq
import itertools
from collections import Counter
from collections.abc import Iterable, Iterator
from html import escape
from pathlib import Path
from typing import Any

import orjson

TOP = 10
EXAMPLES = 5
SNIPPET = 160
COLUMNS = ["id", "language", "signals", "text"]


def output_rows(out: str | Path) -> Iterator[dict[str, Any]]:
    """Rows of a finished run's ``kept/`` then ``removed/`` shards (local or on a store,
    Parquet or JSONL), the columns this section reads, a batch at a time."""
    from winnow.report.data import iter_rows, shard_files

    for kind in ("kept", "removed"):
        columns = [*COLUMNS, "reason", "detail"] if kind == "removed" else COLUMNS
        for path in shard_files(out, kind):
            for row in iter_rows(path, columns):
                row["kind"] = kind
                yield row


def uses_crosslingual(recipe: dict[str, Any]) -> bool:
    """Whether the run's recipe has the step (the section reads the output once more)."""
    for step in recipe.get("steps") or []:
        name = step if isinstance(step, str) else next(iter(step), "")
        if name == "dedup.crosslingual":
            return True
    return False


def crosslingual_section(rows: Iterable[dict[str, Any]]) -> str:
    """An HTML fragment for ``rows`` (output rows: ``id``, ``language``, ``signals`` as a
    dict or JSON, ``text``; removed ones with ``reason`` and ``detail``); "" when no
    document was linked."""
    pairs: Counter[tuple[str, str]] = Counter()
    largest: list[tuple[int, str, str, str]] = []  # (size, id, languages, snippet)
    examples: list[dict[str, str]] = []
    linked = groups = 0
    for row in rows:
        signals = row.get("signals") or {}
        if isinstance(signals, str | bytes):
            signals = orjson.loads(signals)
        group = signals.get("crosslingual_group")
        if group is None:
            continue
        linked += 1
        text = " ".join((row.get("text") or "").split())[:SNIPPET]
        languages = sorted(signals.get("crosslingual_languages") or [])
        if row.get("id") == group:
            groups += 1
            pairs.update(itertools.combinations(languages, 2))
            item = (
                int(signals.get("crosslingual_size", 0)),
                str(group),
                ", ".join(languages),
                text,
            )
            if len(largest) < TOP:
                heapq.heappush(largest, item)
            else:
                heapq.heappushpop(largest, item)
        if row.get("reason") == "translated_copy" and len(examples) < EXAMPLES:
            examples.append(
                {"id": str(row.get("id")), "lang": str(row.get("language") or ""),
                 "detail": str(row.get("detail") or ""), "text": text}
            )  # fmt: skip
    if not linked:
        return ""
    return _render(linked, groups, pairs, sorted(largest, reverse=True), examples)


def _render(
    linked: int,
    groups: int,
    pairs: Counter[tuple[str, str]],
    largest: list[tuple[int, str, str, str]],
    examples: list[dict[str, str]],
) -> str:
    out = [
        '<section id="crosslingual">',
        "<h2>Translated copies</h2>",
        f"<p>{linked:,} documents in {groups:,} groups of translations across languages "
        "(<code>dedup.crosslingual</code>). A translated copy is not proof of machine "
        "translation; a group spanning many languages at once is strong evidence.</p>",
        "<h3>By language pair</h3>",
        "<table><tr><th>languages</th><th>groups</th></tr>",
    ]
    for (a, b), n in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))[:30]:
        out.append(f"<tr><td>{escape(a)} – {escape(b)}</td><td>{n:,}</td></tr>")
    out += ["</table>", "<h3>Largest groups</h3>",
            "<table><tr><th>size</th><th>first document</th><th>languages</th>"
            "<th>text</th></tr>"]  # fmt: skip
    for size, doc_id, languages, text in largest:
        out.append(
            f"<tr><td>{size:,}</td><td>{escape(doc_id)}</td><td>{escape(languages)}</td>"
            f"<td>{escape(text)}</td></tr>"
        )
    out.append("</table>")
    if examples:
        out.append("<h3>Examples removed</h3><ul>")
        for ex in examples:
            out.append(
                f"<li><b>{escape(ex['id'])}</b> ({escape(ex['lang'])}): {escape(ex['detail'])}"
                f"<br><small>{escape(ex['text'])}</small></li>"
            )
        out.append("</ul>")
    out.append("</section>")
    return "\n".join(out)
