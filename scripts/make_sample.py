"""Build winnow's bundled sample (src/winnow/sample/) from scripts/sample_text.py.

Deterministic: the same script writes the same bytes. The sample holds news-like pages in
six languages as a WARC of HTML responses, a JSONL of crawl-extracted text, a few HTML and
text files, with planted exact and near duplicates, page furniture and junk pages, so that
every step of the default recipe has something to do.

    python scripts/make_sample.py
"""

from __future__ import annotations

import gzip
import html
import io
import json
import random
import uuid
from pathlib import Path

from sample_text import FURNITURE, NAMES, SENTENCES

OUT = Path(__file__).resolve().parents[1] / "src" / "winnow" / "sample"
RNG = random.Random(20261125)
DATES = ["3 March 2026", "14 April 2026", "2 May 2026", "19 June 2026", "8 July 2026"]


def article(lang: str) -> dict:
    sentences = SENTENCES[lang]
    picked = RNG.sample(sentences, k=min(len(sentences), RNG.randint(6, 10)))
    title = picked[0].rstrip(".。")
    paragraphs, i = [], 1
    while i < len(picked):
        size = RNG.randint(1, 3)
        joiner = "" if lang == "ja" else " "
        paragraphs.append(joiner.join(picked[i : i + size]))
        i += size
    f = FURNITURE[lang]
    others = [s.rstrip(".。") for s in RNG.sample(sentences, 2)]
    return {
        "lang": lang,
        "title": title,
        "paragraphs": paragraphs,
        "date": RNG.choice(DATES),
        "minutes": RNG.randint(2, 9),
        "author": RNG.choice(NAMES),
        "related": others,
        "furniture": f,
    }


def as_crawl_text(a: dict) -> str:
    """The page as a crawler's text extraction sees it (like shared/seed)."""
    f = a["furniture"]
    lines = [
        f["nav"][RNG.randrange(len(f["nav"]))],
        a["title"],
        a["date"],
        f["read"].format(n=a["minutes"]),
        f["share"],
        *a["paragraphs"],
        f["by"].format(name=a["author"]),
        f["comment"],
        *a["related"],
    ]
    return "\n\n".join(lines)


def as_html(a: dict) -> str:
    f = a["furniture"]
    esc = html.escape
    nav = "".join(f'<li><a href="/{i}">{esc(n)}</a></li>' for i, n in enumerate(f["nav"]))
    body = "".join(f"<p>{esc(p)}</p>" for p in a["paragraphs"])
    related = "".join(f'<li><a href="/r{i}">{esc(r)}</a></li>' for i, r in enumerate(a["related"]))
    return (
        f'<!DOCTYPE html><html lang="{a["lang"]}"><head><meta charset="utf-8">'
        f"<title>{esc(a['title'])}</title><script>window.dataLayer=[];</script></head><body>"
        f'<header><nav><ul>{nav}</ul></nav><div class="cookie">{esc(f["cookie"])}</div></header>'
        f"<main><article><h1>{esc(a['title'])}</h1><time>{esc(a['date'])}</time>"
        f'<div class="share">{esc(f["share"])}</div>{body}'
        f'<p class="byline">{esc(f["by"].format(name=a["author"]))}</p></article>'
        f"<aside><h3>{esc(f['more'])}</h3><ul>{related}</ul></aside></main>"
        f"<footer><p>© 2026 Example Media</p></footer></body></html>"
    )


def warc_record(url: str, html_text: str, n: int) -> bytes:
    body = html_text.encode("utf-8")
    http = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
    ) + body
    rid = uuid.UUID(int=RNG.getrandbits(128))
    head = (
        f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{rid}>\r\n"
        f"WARC-Date: 2026-07-0{1 + n % 9}T12:00:00Z\r\nWARC-Target-URI: {url}\r\n"
        f"Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    ).encode()
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as gz:
        gz.write(head + http + b"\r\n\r\n")
    return buf.getvalue()


def near_copy(text: str, lang: str) -> str:
    """Change one sentence-sized piece: a syndicated copy with a small edit."""
    paragraphs = text.split("\n\n")
    i = RNG.randrange(5, len(paragraphs) - 3) if len(paragraphs) > 8 else len(paragraphs) // 2
    paragraphs[i] = paragraphs[i] + (" " if lang != "ja" else "") + RNG.choice(SENTENCES[lang])
    return "\n\n".join(paragraphs)


def mojibake(text: str, codec: str) -> str:
    """``text`` as UTF-8 bytes read as ``codec`` (bytes the codec leaves undefined read as
    Latin-1, as browsers and most decoders do)."""
    return "".join(
        bytes([b]).decode(codec, errors="ignore") or chr(b) for b in text.encode("utf-8")
    )


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    langs = list(SENTENCES)
    jsonl_rows, warc = [], io.BytesIO()
    n_warc = 0
    for k in range(300):
        lang = langs[k % len(langs)]
        a = article(lang)
        url = f"https://news.example.{lang if lang != 'en' else 'com'}/{k:04d}"
        if k % 3 == 2:
            warc.write(warc_record(url, as_html(a), n_warc))
            n_warc += 1
        else:
            text = as_crawl_text(a)
            jsonl_rows.append(
                {"id": f"doc-{k:04d}", "url": url, "text": text, "crawl": "sample-2026-07"}
            )
    # Planted duplicates: exact copies (some re-cased or re-spaced) and near copies.
    for j in range(20):
        src = jsonl_rows[j * 7]
        text = src["text"] if j % 2 else src["text"].upper().replace(" ", "  ")
        jsonl_rows.append(
            {
                "id": f"copy-{j:02d}",
                "url": src["url"] + "?utm=feed",
                "text": text,
                "crawl": "sample-2026-07",
            }
        )
    for j in range(12):
        src = jsonl_rows[j * 11 + 3]
        lang = langs[int(src["id"].split("-")[1]) % len(langs)]
        jsonl_rows.append(
            {
                "id": f"near-{j:02d}",
                "url": src["url"] + "/amp",
                "text": near_copy(src["text"], lang),
                "crawl": "sample-2026-07",
            }
        )
    # Mojibake: UTF-8 text that some crawler decoded with the wrong character set, for
    # clean.encoding to repair (in place: no draw from RNG, the rest of the sample unchanged).
    wanted = {"de": "cp1252", "fr": "cp1252", "ja": "latin-1"}
    for row in jsonl_rows[150:]:
        lang = langs[int(row["id"].split("-")[1]) % len(langs)]
        if lang in wanted:
            row["text"] = mojibake(row["text"], wanted.pop(lang))
    # Junk a curator wants gone: menus only, code, number soup.
    junk = [
        "Home | About | Contact | Login | Register | Cart (0)",
        "function init(){var a=document.getElementById('x');a.style.display='none';}",
        "404 Not Found",
        "0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20",
        "asdf qwer zxcv uiop hjkl bnm",
        "",
    ]
    for j, text in enumerate(junk):
        jsonl_rows.append(
            {
                "id": f"junk-{j:02d}",
                "url": f"https://junk.example/{j}",
                "text": text,
                "crawl": "sample-2026-07",
            }
        )
    RNG.shuffle(jsonl_rows)
    lines = [json.dumps(r, ensure_ascii=False) for r in jsonl_rows]
    lines.insert(57, '{"id": "broken-line", "text": "this record was cut off by the crawler')
    (OUT / "articles.jsonl.gz").write_bytes(
        gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), mtime=0)
    )
    # An empty page and a page with only navigation: nothing to extract.
    warc.write(warc_record("https://empty.example/", "<html><body></body></html>", n_warc))
    (OUT / "crawl.warc.gz").write_bytes(warc.getvalue())
    pages = OUT / "pages"
    pages.mkdir(exist_ok=True)
    for lang in langs:
        (pages / f"{lang}-feature.html").write_text(as_html(article(lang)), encoding="utf-8")
        (pages / f"{lang}-notes.txt").write_text(
            as_crawl_text(article(lang)) + "\n", encoding="utf-8"
        )
    print(
        f"wrote {len(jsonl_rows)} JSONL documents, {n_warc + 1} WARC pages, "
        f"{2 * len(langs)} files to {OUT}"
    )


if __name__ == "__main__":
    main()
