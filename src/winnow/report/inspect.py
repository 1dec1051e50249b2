"""``winnow inspect OUT``: browse a run's kept and removed documents in a local web page.

A small server from the standard library (``http.server``) renders Jinja2 templates with
autoescaping, so document text is always shown as text. The list, its filters and the text
search are SQL over an index built once per run (``winnow.report.index``: one SQLite file
per shard, FTS5 for the words); a document page reads its one row group from the shard.
The first start indexes in the background and serves at once, the pages saying how much is
indexed yet.

It binds to 127.0.0.1 unless told otherwise, and answers only requests whose ``Host:``
names this server (loopback names, or the address it was told to bind): a web page
elsewhere cannot read it through a DNS name rebound to 127.0.0.1. Control and bidi
characters in ids and list text are shown as ``\\u202e``-style escapes, so no id can
reorder or hide the page around it.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import sys
import threading
import unicodedata
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import orjson
from markupsafe import Markup, escape

from winnow.report.html import environment, render_report
from winnow.report.query import Filters, Index
from winnow.report.reconstruct import reconstruct

PAGE = 100
LOOPBACK = ("127.0.0.1", "localhost", "[::1]")
WILDCARD = ("", "0.0.0.0", "::")
# No scripts, no remote anything: even a templating mistake could not run document code.
CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"
# Inside document text, only what can reorder or hide what follows is made visible: the
# bidi embeddings, overrides and isolates, and control characters other than line breaks
# and tabs; marks that Arabic, Hebrew or Persian text needs (LRM, RLM, ZWNJ) stay.
_TEXT_HIDDEN = re.compile("([\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069])")


def _hidden(ch: str) -> bool:
    """Characters that draw nothing or move other text: controls, format characters
    (bidi controls, zero-width characters, tags), line and paragraph separators."""
    return unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")


def _escape_char(ch: str) -> str:
    code = ord(ch)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def visible_text(value: Any) -> str:
    """``value`` as a string with every hidden character written as its escape."""
    text = "" if value is None else str(value)
    if text.isprintable():
        return text
    return "".join(_escape_char(c) if _hidden(c) else c for c in text)


def visible(value: Any) -> Markup:
    """Like :func:`visible_text`, each escape marked up so it reads as one, not as text."""
    text = "" if value is None else str(value)
    if text.isprintable():  # the common case, at C speed: nothing hidden
        return escape(text)
    return Markup("").join(
        Markup('<span class="esc">{}</span>').format(_escape_char(c)) if _hidden(c) else c
        for c in text
    )


def visible_doc(value: Any) -> Markup:
    """Document text: bidi controls and stray control characters shown, all else as is."""
    text = "" if value is None else str(value)
    pieces = _TEXT_HIDDEN.split(text)  # text, hidden character, text, …
    if len(pieces) == 1:
        return escape(text)
    return Markup("").join(
        Markup('<span class="esc">{}</span>').format(_escape_char(p)) if n % 2 else p
        for n, p in enumerate(pieces)
    )


class Inspector:
    """The pages of one run's documents; ``build()`` (or a background thread) indexes it."""

    def __init__(self, out: str | Path, build: bool = True) -> None:
        self.out = Path(out)
        if not (self.out / "stats.json").exists():
            raise FileNotFoundError(f"{self.out} holds no finished winnow run (no stats.json)")
        self.env = environment()
        self.env.filters.update(visible=visible, visible_text=visible_text, visible_doc=visible_doc)
        self.css = (resources.files("winnow.report") / "templates" / "base.css").read_text()
        stats = orjson.loads((self.out / "stats.json").read_bytes())
        self.counts = stats.get("documents", {})
        self.index = Index(self.out)
        if build:
            self.index.build()

    def list_page(self, query: dict[str, str]) -> str:
        f = Filters(
            status=query.get("status", "all"),
            step=query.get("step", ""),
            reason=query.get("reason", ""),
            lang=query.get("lang", ""),
            q=query.get("q", "").strip(),
        )
        start = max(0, int(query.get("start", "0") or 0))
        rows, matched = self.index.search(f, start, PAGE)
        steps, reasons, langs = self.index.facets()

        def at(n: int) -> str:
            return "/?" + urlencode({**query, "start": str(n)})

        parts = self.index.parts
        done = sum(1 for p in parts if p.db is not None)
        kept = self.counts.get("kept", sum(p.rows for p in parts if p.kind == "kept"))
        removed = self.counts.get("removed", sum(p.rows for p in parts if p.kind == "removed"))
        return self.env.get_template("inspect_list.html").render(
            css=self.css,
            out=str(self.out),
            out_name=self.out.name,
            total=kept + removed,
            kept=kept,
            removed=removed,
            rows=rows,
            matched=matched,
            first=start + 1,
            last=start + len(rows),
            more_url=at(start + PAGE) if start + PAGE < matched else None,
            back_url=at(max(0, start - PAGE)) if start > 0 else None,
            indexing=(done, len(parts)) if done < len(parts) else None,
            failed=[(p.kind, p.shard, p.error) for p in parts if p.error],
            f=f,
            steps=steps,
            reasons=reasons,
            langs=langs,
        )

    def row(self, kind: str, shard: str, number: int) -> dict | None:
        """One document, read from its shard: the one row group (Parquet) or line (JSONL)
        that holds it, never the whole shard."""
        part = self.index.part(kind, shard)
        if part is None or number < 0:
            return None
        if part.path.suffix == ".parquet":
            import pyarrow.parquet as pq

            parquet = pq.ParquetFile(part.path)
            first = 0
            for group in range(parquet.num_row_groups):
                rows = parquet.metadata.row_group(group).num_rows
                if number < first + rows:
                    table = parquet.read_row_group(group).slice(number - first, 1)
                    row = table.to_pylist()[0]
                    break
                first += rows
            else:
                return None
        else:
            row = self._jsonl_row(part, number)
            if row is None:
                return None
        for key in ("metadata", "signals", "edits"):
            if isinstance(row.get(key), str):
                row[key] = orjson.loads(row[key])
        return row

    def _jsonl_row(self, part: Any, number: int) -> dict | None:
        offset = self.index.offset(part, number)
        with open(part.path, "rb") as fh:
            if offset is not None:
                fh.seek(offset)
                return orjson.loads(fh.readline())
            n = 0
            for line in fh:  # not indexed yet: stream to it
                if line.strip():
                    if n == number:
                        return orjson.loads(line)
                    n += 1
        return None

    def doc_page(self, kind: str, shard: str, number: int) -> str | None:
        row = self.row(kind, shard, number)
        if row is None:
            return None
        edits = row.get("edits") or []
        for key in ("rejected_by", "reason", "detail", "url", "language", "language_score"):
            row.setdefault(key, None)
        row.setdefault("signals", {})
        row.setdefault("metadata", {})
        row.setdefault("source", None)
        return self.env.get_template("inspect_doc.html").render(
            css=self.css,
            doc=row,
            cut=len(edits),
            segments=reconstruct(row.get("text") or "", edits),
        )

    def report_page(self) -> str:
        """The run's report.html as written at the end of the run (rendering it again would
        read every shard), or rendered now when there is none."""
        written = self.out / "report.html"
        return written.read_text(encoding="utf-8") if written.exists() else render_report(self.out)


def allowed_hosts(host: str, port: int, extra: tuple[str, ...] = ()) -> frozenset[str]:
    """The ``Host:`` values this server answers: loopback names, and the bound address
    when it names one interface (not 0.0.0.0 or ::), each with the port."""
    names = set(LOOPBACK) | {h.lower() for h in extra}
    if host not in WILDCARD:
        names.add(f"[{host}]" if ":" in host else host.lower())
    allowed = {f"{name}:{port}" for name in names}
    if port == 80:
        allowed |= names
    return frozenset(allowed)


def host_allowed(value: str | None, allowed: frozenset[str], wildcard: bool, port: int) -> bool:
    """Whether a request's Host names this server. Bound to every interface, an IP
    address of the machine is also accepted: a DNS rebinding attack needs a name."""
    if not value:
        return False
    value = value.strip().lower()
    if value in allowed:
        return True
    if not wildcard:
        return False
    name, _, rest = value.rpartition(":") if not value.endswith("]") else (value, "", "")
    if not name or rest != str(port):
        return False
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return True


class _Server6(ThreadingHTTPServer):
    address_family = socket.AF_INET6


def make_server(
    out: str | Path,
    host: str = "127.0.0.1",
    port: int = 8765,
    wait: bool = False,
    quiet: bool = False,
    allow: tuple[str, ...] = (),
) -> ThreadingHTTPServer:
    """The inspector's HTTP server, not yet serving. The index builds in a background
    thread (``wait``: before returning); ``allow`` adds host names to answer to."""
    inspector = Inspector(out, build=False)

    def log(message: str) -> None:
        if not quiet:
            print(f"winnow inspect: {message}", file=sys.stderr, flush=True)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if not host_allowed(self.headers.get("Host"), allowed, wildcard, bound_port):
                self.send_error(
                    HTTPStatus.FORBIDDEN,
                    "Host not allowed: open this server by "
                    "127.0.0.1 or localhost (DNS rebinding guard)",
                )
                return
            url = urlsplit(self.path)
            query = {k: v[-1] for k, v in parse_qs(url.query).items()}
            parts = [p for p in url.path.split("/") if p]
            body: str | None
            try:
                if not parts:
                    body = inspector.list_page(query)
                elif parts == ["report"]:
                    body = inspector.report_page()
                elif len(parts) == 4 and parts[0] == "doc" and parts[3].isdigit():
                    body = inspector.doc_page(parts[1], parts[2], int(parts[3]))
                else:
                    body = None
            except ValueError:
                body = None
            except Exception as err:  # noqa: BLE001 - one bad page must not stop the server
                self.send_error(HTTPStatus.INTERNAL_SERVER_ERROR, type(err).__name__)
                return
            if body is None:
                self.send_error(HTTPStatus.NOT_FOUND)
                return
            data = body.encode("utf-8", "replace")
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Content-Security-Policy", CSP)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:  # quiet by default
            return

    server = (_Server6 if ":" in host else ThreadingHTTPServer)((host, port), Handler)
    bound_port = server.server_address[1]
    allowed = allowed_hosts(host, bound_port, allow)
    wildcard = host in WILDCARD
    server.inspector = inspector  # type: ignore[attr-defined]
    if wait:
        inspector.index.build(log=log)
    else:
        threading.Thread(target=inspector.index.build, kwargs={"log": log}, daemon=True).start()
    return server


def serve_in_thread(out: str | Path, host: str = "127.0.0.1", port: int = 0, wait: bool = True):
    """Start the inspector on a free port in a daemon thread (tests, notebooks); by default
    once its index is built."""
    server = make_server(out, host, port, wait=wait, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
