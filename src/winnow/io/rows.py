"""Documents ↔ table rows: the one schema of kept/, removed/ and the stage files."""

from __future__ import annotations

from typing import Any

import orjson
import pyarrow as pa

from winnow.document import Document, Edit, Rejection

KEPT_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("text", pa.string()),
        ("url", pa.string()),
        ("lang", pa.string()),
        ("lang_score", pa.float64()),
        ("source", pa.string()),
        ("metadata", pa.string()),  # JSON object: fields that came with the record, title, date
        ("signals", pa.string()),  # JSON object: what the steps measured
        ("edits", pa.string()),  # JSON list: every removal from the text, with step and reason
    ]
)
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


def doc_to_row(doc: Document, schema: pa.Schema) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": doc.id,
        "text": doc.text,
        "url": doc.url,
        "lang": doc.lang,
        "lang_score": doc.lang_score,
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
        lang=row["lang"],
        lang_score=row["lang_score"],
        metadata=orjson.loads(row["metadata"]),
        signals=orjson.loads(row["signals"]),
        edits=[Edit.from_dict(e) for e in orjson.loads(row["edits"])],
        source=row["source"] or "",
        html=row.get("html"),
    )
    if row.get("rejected_by"):
        doc.rejection = Rejection(row["rejected_by"], row["reason"], row["detail"])
    return doc
