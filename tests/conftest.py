from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLE = ROOT / "src" / "winnow" / "sample"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test with a clear message where it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared evaluation data not found at {path} (expected beside the repo)")
    return path


def write_jsonl(path: Path, rows: list[dict], compress: str | None = None) -> Path:
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()
    if compress == "gz":
        data = gzip.compress(data)
    elif compress == "zst":
        import zstandard

        data = zstandard.ZstdCompressor().compress(data)
    path.write_bytes(data)
    return path


TEXTS = {
    "en": "The library will stay open late during the exam period so that students can work. "
    "Volunteers cleaned the beach on Sunday and collected many bags of litter.",
    "fr": "La bibliothèque restera ouverte tard pendant les examens pour que les étudiants "
    "puissent travailler. Des bénévoles ont nettoyé la plage dimanche.",
    "de": "Die Bibliothek bleibt während der Prüfungszeit länger geöffnet, damit die "
    "Studierenden arbeiten können. Freiwillige reinigten am Sonntag den Strand.",
    "es": "La biblioteca abrirá hasta tarde durante los exámenes para que los estudiantes "
    "puedan trabajar. Unos voluntarios limpiaron la playa el domingo.",
    "ja": "市立図書館は試験期間中、夜九時まで開館する。"
    "ボランティアの人々が日曜日に海岸を清掃した。",
}


def warc_response(
    url: str, html: str, record_id: str, content_type: str = "text/html", extra_headers: str = ""
) -> bytes:
    """One gzipped WARC response record (the way Common Crawl writes them)."""
    body = html.encode("utf-8")
    http = (
        f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}; charset=utf-8\r\n"
        f"{extra_headers}Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body
    head = (
        f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{record_id}>\r\n"
        f"WARC-Date: 2026-07-01T12:00:00Z\r\nWARC-Target-URI: {url}\r\n"
        f"Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    ).encode()
    return gzip.compress(head + http + b"\r\n\r\n", mtime=0)


def page(title: str, body: str) -> str:
    return (
        f"<html><head><title>{title}</title></head><body><nav><a href='/'>Home</a>"
        f"<a href='/news'>News</a></nav><article><h1>{title}</h1><p>{body}</p></article>"
        f"<footer>© 2026 Example</footer></body></html>"
    )


FIXTURES = ROOT / "tests" / "fixtures"


def article_text(lang: str = "en") -> str:
    """A real-looking article of ~800 words (the seed-shaped fixtures), body only."""
    lines = (FIXTURES / f"seed-{lang}.txt").read_text(encoding="utf-8").split("\n\n")
    return "\n\n".join(lines[6:20])


def french_body() -> list[str]:
    """A French article body written for the tests (the seed itself lives in ../shared)."""
    return [
        "Le conseil municipal s'est réuni mardi soir pour discuter des nouvelles pistes "
        "cyclables le long de la rivière, et plusieurs habitants ont pris la parole.",
        "Le maire a indiqué que la première partie des travaux devrait être terminée avant la "
        "fin du mois de septembre, si la météo le permet.",
        "« Nous voulons que les enfants puissent aller à l'école à vélo en toute sécurité », "
        "a-t-il déclaré devant une salle comble.",
        "Les commerçants du centre-ville craignent en revanche une baisse de fréquentation "
        "pendant la durée du chantier, qui doit durer six mois.",
        "La municipalité promet des places de stationnement provisoires et une signalisation "
        "renforcée autour des zones de travaux.",
        "Une réunion publique aura lieu le mois prochain pour présenter le calendrier détaillé "
        "aux habitants des quartiers concernés.",
    ]


class S3Server:
    """A real S3-compatible server (moto's server mode) on loopback, and a client to it."""

    def __init__(self, endpoint: str, env: dict[str, str]) -> None:
        self.endpoint = endpoint
        self.env = env

    def bucket(self) -> str:
        """A new empty bucket; its name."""
        import uuid

        import boto3

        name = f"b-{uuid.uuid4().hex[:12]}"
        boto3.client("s3", endpoint_url=self.endpoint).create_bucket(Bucket=name)
        return name

    def fs(self):  # an s3fs.S3FileSystem on the server
        import s3fs

        return s3fs.S3FileSystem(endpoint_url=self.endpoint, skip_instance_cache=True)

    def download(self, url: str, into: Path) -> Path:
        self.fs().get(url.removeprefix("s3://").rstrip("/") + "/", str(into), recursive=True)
        return into


@pytest.fixture(scope="session")
def s3_server():
    """moto's S3 server started on 127.0.0.1 for the session and stopped by its pid; the
    standard AWS variables point at it (credentials are moto's test ones)."""
    import os
    import socket
    import subprocess
    import sys
    import time

    pytest.importorskip("moto.server", reason="moto[server] is not installed (extra: test)")
    pytest.importorskip("s3fs", reason="s3fs is not installed (extra: s3)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("moto's S3 server did not start")
            time.sleep(0.2)
    endpoint = f"http://127.0.0.1:{port}"
    env = {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ENDPOINT_URL": endpoint,
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        yield S3Server(endpoint, env)
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
