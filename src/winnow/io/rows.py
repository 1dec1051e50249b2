"""Documents ↔ table rows: the one schema of kept/, removed/ and the stage files.

The first columns are FineWeb's, with FineWeb's names, where FineWeb has the column
(``text``, ``id``, ``dump``, ``url``, ``date``, ``file_path``, ``language``,
``language_score``, ``token_count``), so that a run's output reads like FineWeb's in the
HuggingFace ecosystem; winnow's own columns follow (``source``, and ``metadata``,
``signals`` and ``edits`` as JSON).
"""

from __future__ import annotations

import re
from typing import Any

import orjson
import pyarrow as pa

from winnow.document import Document, Edit, Rejection

KEPT_SCHEMA = pa.schema(
    [
        ("text", pa.string()),
        ("id", pa.string()),
        ("dump", pa.string()),  # the Common Crawl dump (CC-MAIN-…) when the path or record names it
        ("url", pa.string()),
        ("date", pa.string()),  # when it was crawled: WARC-Date, or the record's own date
        ("file_path", pa.string()),  # the input file it was read from
        ("language", pa.string()),
        ("language_score", pa.float64()),
        ("token_count", pa.int64()),  # from tokens.count, when the recipe counts tokens
        ("source", pa.string()),  # file:line (or @byte, :row) within the input
        ("metadata", pa.string()),  # JSON object: fields that came with the record, title, date
        ("signals", pa.string()),  # JSON object: what the steps measured
        ("edits", pa.string()),  # JSON list: every removal from the text, with step and reason
    ]
)
_DUMP = re.compile(r"CC-MAIN-\d{4}-\d{2}")
REMOVED_SCHEMA = pa.schema(
    [
        *KEPT_SCHEMA,
        ("rejected_by", pa.string()),
        ("reason", pa.string()),
        ("detail", pa.string()),
    ]
)
# Between stages the raw HTML may still be pending extraction.
STAGE_SCHEMA = pa.schema([*REMOVED_SCHEMA, ("html", pa.string())])

JSON_COLUMNS = ("metadata", "signals", "edits")


def _dumps(value: Any) -> str:
    return orjson.dumps(
        value, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS, default=str
    ).decode()


def dump_of(doc: Document) -> str | None:
    """The Common Crawl dump a document comes from: the record's own ``dump`` field, or
    the ``CC-MAIN-YYYY-WW`` its input path names (Common Crawl's own layout)."""
    named = doc.metadata.get("dump")
    if isinstance(named, str) and named:
        return named
    found = _DUMP.search(doc.file or "")
    return found.group(0) if found else None


def doc_to_row(doc: Document, schema: pa.Schema) -> dict[str, Any]:
    tokens = doc.signals.get("token_count")
    row: dict[str, Any] = {
        "text": doc.text,
        "id": doc.id,
        "dump": dump_of(doc),
        "url": doc.url,
        "date": doc.date,
        "file_path": doc.file,
        "language": doc.lang,
        "language_score": doc.lang_score,
        "token_count": tokens if isinstance(tokens, int) else None,
        "source": doc.source,
        "metadata": _dumps(doc.metadata),
        "signals": _dumps(doc.signals),
        "edits": _dumps([e.to_dict() for e in doc.edits]),
    }
    if "rejected_by" in schema.names:
        rej = doc.rejection
        row["rejected_by"] = rej.step if rej else None
        row["reason"] = rej.reason if rej else None
        row["detail"] = rej.detail if rej else None
    if "html" in schema.names:
        row["html"] = doc.html
    return row


def row_to_doc(row: dict[str, Any]) -> Document:
    doc = Document(
        id=row["id"],
        text=row["text"],
        url=row["url"],
        lang=row["language"],
        lang_score=row["language_score"],
        metadata=orjson.loads(row["metadata"]),
        signals=orjson.loads(row["signals"]),
        edits=[Edit.from_dict(e) for e in orjson.loads(row["edits"])],
        source=row["source"] or "",
        html=row.get("html"),
        file=row.get("file_path"),
        date=row.get("date"),
    )
    if row.get("rejected_by"):
        doc.rejection = Rejection(row["rejected_by"], row["reason"], row["detail"])
    return doc
