"""Write WCXB pages as a gzipped WARC of HTTP responses (the crawl-shaped benchmark input).

python bench/build_warc.py OUT.warc.gz [--pages N]
"""

from __future__ import annotations

import argparse
import gzip
import sys
import uuid
from pathlib import Path

from winnow.evaluation.pages import iter_pages

WCXB = Path(__file__).resolve().parents[2] / "shared" / "data" / "wcxb"


def record(url: str, html: bytes, n: int) -> bytes:
    http = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        + f"Content-Length: {len(html)}\r\n\r\n".encode()
    ) + html
    head = (
        f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{uuid.UUID(int=n)}>\r\n"
        f"WARC-Date: 2026-11-25T00:00:00Z\r\nWARC-Target-URI: {url}\r\n"
        f"Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    ).encode()
    return gzip.compress(head + http + b"\r\n\r\n", mtime=0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=int, default=500)
    args = parser.parse_args()
    if not WCXB.exists():
        sys.exit(f"WCXB data not found at {WCXB}")
    with open(args.out, "wb") as fh:
        for n, (page_id, html, _) in enumerate(iter_pages(WCXB, limit=args.pages)):
            fh.write(record(f"https://wcxb.example/{page_id}", html.encode("utf-8"), n + 1))
    print(f"{args.out}: {n + 1} pages")


if __name__ == "__main__":
    main()
