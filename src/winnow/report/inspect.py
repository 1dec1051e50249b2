"""``winnow inspect OUT``: browse a run's kept and removed documents in a local web page.

A small server from the standard library (``http.server``) renders Jinja2 templates with
autoescaping, so document text is always shown as text. It binds to 127.0.0.1 unless told
otherwise. An index of every document (id, status, language, step, reason — not the text)
is built at start; text search streams the shards.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

from winnow.report.data import iter_rows, shard_files
from winnow.report.html import environment, render_report
from winnow.report.reconstruct import reconstruct

PAGE = 100
# No scripts, no remote anything: even a templating mistake could not run document code.
CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"


@dataclass
class Entry:
    kind: str
    shard: str
    row: int
    id: str
    lang: str | None
    step: str | None
    reason: str | None
    edits: int
    chars: int
    preview: str
    edit_steps: frozenset[str]
    edit_reasons: frozenset[str]


class Inspector:
    def __init__(self, out: str | Path) -> None:
        self.out = Path(out)
        if not (self.out / "stats.json").exists():
            raise FileNotFoundError(f"{self.out} holds no finished winnow run (no stats.json)")
        self.env = environment()
        self.css = (resources.files("winnow.report") / "templates" / "base.css").read_text()
        self.entries: list[Entry] = []
        self.paths: dict[tuple[str, str], Path] = {}
        for kind in ("kept", "removed"):
            for path in shard_files(self.out, kind):
                self.paths[(kind, path.stem)] = path
                for n, row in enumerate(iter_rows(path)):
                    edits = row.get("edits") or []
                    self.entries.append(
                        Entry(
                            kind,
                            path.stem,
                            n,
                            row["id"],
                            row.get("language"),
                            row.get("rejected_by"),
                            row.get("reason"),
                            len(edits),
                            len(row.get("text") or ""),
                            " ".join((row.get("text") or "").split())[:140],
                            frozenset(e["step"] for e in edits),
                            frozenset(e["reason"] for e in edits),
                        )
                    )

    def row(self, kind: str, shard: str, number: int) -> dict | None:
        path = self.paths.get((kind, shard))
        if path is None:
            return None
        for n, row in enumerate(iter_rows(path)):
            if n == number:
                return row
        return None

    def list_page(self, query: dict[str, str]) -> str:
        status, step, reason = (
            query.get("status", "all"),
            query.get("step", ""),
            query.get("reason", ""),
        )
        lang, q = query.get("lang", ""), query.get("q", "").strip()
        start = int(query.get("start", "0") or 0)
        matches = []
        for e in self.entries:
            if status in ("kept", "removed") and e.kind != status:
                continue
            if step and step != e.step and step not in e.edit_steps:
                continue
            if reason and reason != e.reason and reason not in e.edit_reasons:
                continue
            if lang and (e.lang or "") != lang:
                continue
            matches.append(e)
        if q:
            matches = [e for e in matches if self._contains(e, q.casefold())]
        page = matches[start : start + PAGE]
        more = None
        if start + PAGE < len(matches):
            more = "/?" + urlencode({**query, "start": str(start + PAGE)})
        kept = sum(1 for e in self.entries if e.kind == "kept")
        return self.env.get_template("inspect_list.html").render(
            css=self.css,
            out=str(self.out),
            out_name=self.out.name,
            total=len(self.entries),
            kept=kept,
            removed=len(self.entries) - kept,
            rows=page,
            matched=len(matches),
            truncated=len(matches) > len(page),
            more_url=more,
            f={"status": status, "step": step, "reason": reason, "lang": lang, "q": q},
            steps=sorted({s for e in self.entries for s in (e.edit_steps | {e.step}) if s}),
            reasons=sorted({r for e in self.entries for r in (e.edit_reasons | {e.reason}) if r}),
            langs=sorted({e.lang for e in self.entries if e.lang}),
        )

    def _contains(self, entry: Entry, needle: str) -> bool:
        row = self.row(entry.kind, entry.shard, entry.row)
        return row is not None and needle in (row.get("text") or "").casefold()

    def doc_page(self, kind: str, shard: str, number: int) -> str | None:
        row = self.row(kind, shard, number)
        if row is None:
            return None
        edits = row.get("edits") or []
        for key in ("rejected_by", "reason", "detail", "url", "language", "language_score"):
            row.setdefault(key, None)
        return self.env.get_template("inspect_doc.html").render(
            css=self.css,
            doc=row,
            cut=len(edits),
            segments=reconstruct(row.get("text") or "", edits),
        )


def make_server(out: str | Path, host: str = "127.0.0.1", port: int = 8765) -> ThreadingHTTPServer:
    inspector = Inspector(out)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urlsplit(self.path)
            query = {k: v[-1] for k, v in parse_qs(url.query).items()}
            parts = [p for p in url.path.split("/") if p]
            body: str | None
            try:
                if not parts:
                    body = inspector.list_page(query)
                elif parts == ["report"]:
                    body = render_report(inspector.out)
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
            data = body.encode("utf-8")
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Content-Security-Policy", CSP)
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:  # quiet by default
            return

    return ThreadingHTTPServer((host, port), Handler)


def serve_in_thread(out: str | Path, host: str = "127.0.0.1", port: int = 0):
    """Start the inspector on a free port in a daemon thread (tests, notebooks)."""
    server = make_server(out, host, port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
