"""A loopback HTTP server for the remote-input tests: Python's http.server in a thread on
127.0.0.1, serving a folder, with or without Range support (the standard handler has
none: it answers every request with the whole file)."""

from __future__ import annotations

import contextlib
import functools
import os
import re
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

_RANGE = re.compile(r"bytes=(\d+)-(\d*)$")


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


class RangeHandler(QuietHandler):
    """Answers ``Range: bytes=a-b`` with 206 Partial Content and says it accepts ranges."""

    def send_head(self):
        path = self.translate_path(self.path)
        match = _RANGE.match(self.headers.get("Range", ""))
        if not os.path.isfile(path) or match is None:
            return super().send_head()
        size = os.path.getsize(path)
        start = int(match.group(1))
        end = min(int(match.group(2)) if match.group(2) else size - 1, size - 1)
        if start >= size:
            self.send_error(416)
            return None
        fh = open(path, "rb")  # noqa: SIM115 - closed by the base class after copying
        fh.seek(start)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        return _Limited(fh, end - start + 1)

    def end_headers(self):
        if "Range" not in self.headers:
            self.send_header("Accept-Ranges", "bytes")
        super().end_headers()


class _Limited:
    """A file that ends after ``left`` bytes (what copyfile sends of a range)."""

    def __init__(self, fh, left: int) -> None:
        self.fh, self.left = fh, left

    def read(self, n: int = -1) -> bytes:
        n = self.left if n < 0 else min(n, self.left)
        data = self.fh.read(n)
        self.left -= len(data)
        return data

    def close(self) -> None:
        self.fh.close()


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a client that stops reading early (a probe, a part) is not an error here


@contextlib.contextmanager
def serve(folder: Path, ranges: bool = True) -> Iterator[str]:
    """``http://127.0.0.1:PORT`` serving ``folder`` until the block ends."""
    handler = functools.partial(RangeHandler if ranges else QuietHandler, directory=str(folder))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
