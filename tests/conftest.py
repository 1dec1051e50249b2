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
