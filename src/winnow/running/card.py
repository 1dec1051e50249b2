"""OUT/README.md: a dataset card, so that OUT loads straight into the HuggingFace ecosystem.

Its YAML front matter declares two configs, ``kept`` (the default) and ``removed``, over
their shards only: ``datasets.load_dataset(OUT)`` loads the kept documents and
``load_dataset(OUT, "removed")`` the removed ones, and nothing else under OUT (stage files
in ``_state/``, the report) is taken for data. The text below it summarises the run for
people: the recipe, the counts, the languages and the tokens.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from winnow.io import storage
from winnow.io.writers import write_atomic

TOP_LANGUAGES = 15


def _kept_totals(out: Path | str, fmt: str) -> tuple[Counter[str], int | None]:
    """Kept documents by language, and their tokens (None when no step counted them),
    read a row (JSONL) or a batch of two columns (Parquet) at a time: the driver's memory
    must not follow a shard's size (a whole JSONL shard read at once was the largest
    allocation of a 1M-document run, bench/dedup_scale.py)."""
    languages: Counter[str] = Counter()
    tokens: int | None = None
    folder = storage.join(str(out), "kept")
    suffix = ".parquet" if fmt == "parquet" else ".jsonl"
    for path in [storage.join(folder, n) for n in storage.listdir(folder) if n.endswith(suffix)]:
        for language, count in _language_and_tokens(path, fmt):
            languages[language or "unknown"] += 1
            if count is not None:
                tokens = (tokens or 0) + count
    return languages, tokens


def _language_and_tokens(path: str, fmt: str) -> Iterator[tuple[str | None, int | None]]:
    if fmt == "parquet":
        reader = storage.parquet_file(path)
        for batch in reader.iter_batches(batch_size=8192, columns=["language", "token_count"]):
            yield from zip(batch.column(0).to_pylist(), batch.column(1).to_pylist(), strict=True)
        return
    import orjson

    with storage.open_read(path) as fh:
        for line in fh:
            if line.strip():
                row = orjson.loads(line)
                yield row.get("language"), row.get("token_count")


def card_text(recipe: dict[str, Any], stats: dict[str, Any], out: Path | str, fmt: str) -> str:
    ext = "parquet" if fmt == "parquet" else "jsonl"
    languages, tokens = _kept_totals(out, fmt)
    docs = stats["documents"]
    steps = " → ".join(next(iter(entry)) for entry in recipe.get("steps", []))
    lines = [
        "---",
        "configs:",
        "- config_name: kept",
        "  default: true",
        "  data_files:",
        "  - split: train",
        f"    path: kept/*.{ext}",
        "- config_name: removed",
        "  data_files:",
        "  - split: train",
        f"    path: removed/*.{ext}",
        "tags:",
        "- winnow",
        "---",
        "",
        f"# {recipe.get('name', 'winnow')} — curated with winnow",
        "",
        f"{docs['in']:,} documents in, **{docs['kept']:,} kept** (`kept/`, the default "
        f"config) and {docs['removed']:,} removed (`removed/`, with the step, reason and "
        "detail of each removal).",
        "",
        "```python",
        "from datasets import load_dataset",
        'kept = load_dataset("path/to/this/folder")',
        'removed = load_dataset("path/to/this/folder", "removed")',
        "```",
        "",
        f"Recipe `{recipe.get('name', '')}`: {steps}.",
        "",
    ]
    if tokens is not None:
        lines += [f"Tokens in kept documents: {tokens:,} (column `token_count`).", ""]
    if languages:
        lines += ["| language | kept documents |", "| --- | --- |"]
        for lang, count in languages.most_common(TOP_LANGUAGES):
            lines.append(f"| {lang} | {count:,} |")
        if len(languages) > TOP_LANGUAGES:
            rest = sum(languages.values()) - sum(c for _, c in languages.most_common(TOP_LANGUAGES))
            lines.append(f"| {len(languages) - TOP_LANGUAGES} others | {rest:,} |")
        lines.append("")
    lines += [
        "Columns follow FineWeb's where FineWeb has them (`text`, `id`, `dump`, `url`, `date`, "
        "`file_path`, `language`, `language_score`, `token_count`); winnow's own are `source`, "
        "`metadata`, `signals` (what each step measured) and `edits` (every removal from the "
        "text) as JSON. `report.html` explains the run; `stats.json` holds its counts.",
        "",
    ]
    return "\n".join(lines)


def write_dataset_card(
    out: Path | str, recipe: dict[str, Any], stats: dict[str, Any], fmt: str
) -> str:
    path = storage.join(str(out), "README.md")
    data = card_text(recipe, stats, out, fmt).encode("utf-8")
    write_atomic(path, data, if_changed=True)  # a finished run's rerun: untouched
    return path
