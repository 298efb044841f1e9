"""Text as real pages encode it: ISO-8859-1 pages with entities in their cards, and
doubly-encoded UTF-8 (mojibake) inside correctly decoded pages. Files, URLs (a loopback
server) and the CLI's digest must all carry the words as written, never mojibake."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from loopback import Loopback, Route

from summarize.cleaning.clean import clean
from summarize.cleaning.repair import repair
from summarize.inputs.sources import Candidate, read_document
from summarize.inputs.web import WebOptions
from summarize.pipeline import RunOptions, run
from summarize.records import Document
from summarize.translation.translate import TranslateOptions

MOJIBAKE = re.compile("Ã|Â|â€")
HEADLINE = "Niccolò: «Ero in una casa fredda»"
PARAGRAPH = (
    "Il ragazzo di {n} anni è stato trovato dai soccorritori nella casa di campagna, dove "
    "aveva passato la notte senza riscaldamento perché la caldaia si era rotta già in "
    "autunno e nessuno l’aveva più riparata."
)


def iso_page(h1: str = HEADLINE, first: int = 12) -> bytes:
    """A 2020-style corriere.it page: ISO-8859-1 bytes, accents as entities in the cards
    (og:title, <title>) and as raw Latin-1 bytes in the h1 and body, curly quotes in
    bytes 0x80-0x9f as browsers read the ISO-8859-1 label (Windows-1252)."""
    body = "".join(f"<p>{PARAGRAPH.format(n=n)}</p>\n" for n in range(first, first + 8))
    page = (
        '<!DOCTYPE html><html lang="it"><head>'
        '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
        "<title>Niccol&#242;: &#171;Ero in una casa fredda&#187; - Corriere.it</title>"
        '<meta property="og:title" content="Niccol&#242;: &#171;Ero in una casa fredda&#187;">'
        '<meta property="og:site_name" content="Corriere della Sera">'
        f"</head><body><article><h1>{h1}</h1>{body}</article></body></html>"
    )
    return page.encode("cp1252")


def test_an_iso_8859_1_page_with_entities_in_og_title_keeps_its_accents(tmp_path: Path) -> None:
    for name, h1 in (("h1.html", HEADLINE), ("site-h1.html", "Corriere della Sera")):
        path = tmp_path / name
        path.write_bytes(iso_page(h1))
        article = clean(read_document(Candidate(name, path)))
        assert article.title == HEADLINE, (name, article.title, article.title_reasons)
        text = "\n".join(b.text for b in article.blocks)
        assert "l’aveva più" in text and not MOJIBAKE.search(text)


def test_the_same_page_through_a_url_with_and_without_a_charset_header(
    server: Loopback, tmp_path: Path
) -> None:
    server.routes["/declared.html"] = Route(
        body=iso_page(), content_type="text/html; charset=iso-8859-1"
    )
    server.routes["/undeclared.html"] = Route(body=iso_page(first=40), content_type="text/html")
    options = RunOptions(
        out=str(tmp_path / "out"),
        translate=TranslateOptions(lang="it"),
        web=WebOptions(allow_private=True, delay=0.01, backoff=0.05, read_timeout=2.0),
    )
    run([server.url("/declared.html"), server.url("/undeclared.html")], options)
    digest = json.loads((tmp_path / "out" / "digest.json").read_text(encoding="utf-8"))
    assert len(digest["articles"]) == 2, digest["errors"]
    for article in digest["articles"]:
        assert article["title"]["it"] == HEADLINE
        assert "l’aveva più" in article["text"] and not MOJIBAKE.search(article["text"])


def double(text: str) -> str:
    """UTF-8 bytes read as Windows-1252 (Latin-1 for the five bytes it leaves undefined):
    what a badly configured site stores."""
    return "".join(
        bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in text.encode("utf-8")
    )


DOUBLED_TITLE = "L’ex compagno è sotto processo: «Non sapevo più cosa fare»"
TRIAL = (
    "Al processo di {n} giorni fa l’ex compagno della donna ha detto ai giudici che non "
    "sapeva più cosa fare, perché la loro casa era stata venduta e il lavoro perso già "
    "da mesi; la difesa chiederà una perizia."
)


def test_doubly_encoded_text_is_repaired_in_title_body_and_metadata(tmp_path: Path) -> None:
    assert MOJIBAKE.search(double(DOUBLED_TITLE))  # the input really is mojibake
    paragraphs = [TRIAL.format(n=n) for n in range(30, 38)]
    ld = json.dumps(
        {
            "@type": "NewsArticle",
            "headline": double(DOUBLED_TITLE),
            "author": {"@type": "Person", "name": double("Niccolò Zancan")},
            "publisher": {"@type": "Organization", "name": "Libero Quotidiano"},
        }
    )
    page = (
        '<!DOCTYPE html><html lang="it"><head><meta charset="utf-8">'
        f'<script type="application/ld+json">{ld}</script>'
        f'<meta property="og:title" content="{double(DOUBLED_TITLE)}">'
        f"</head><body><article><h1>{double(DOUBLED_TITLE)}</h1>"
        + "".join(f"<p>{double(p)}</p>" for p in paragraphs)
        + "</article></body></html>"
    )
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    article = clean(read_document(Candidate("page.html", tmp_path / "page.html")))
    assert article.title == DOUBLED_TITLE
    assert [b.text for b in article.blocks] == paragraphs
    dump = DOUBLED_TITLE + "\n\n" + "\n\n".join(paragraphs)
    text_article = clean(Document("dump.txt", tmp_path / "dump.txt", double(dump), "text", "utf-8"))
    assert text_article.title == DOUBLED_TITLE
    assert [b.text for b in text_article.blocks] == paragraphs


def test_repair_leaves_correct_italian_alone() -> None:
    real = Path(__file__).resolve().parent.parent.parent / "shared" / "realdata" / "sentences"
    if not (real / "it.txt").exists():
        pytest.skip("../shared/realdata/sentences/it.txt is absent (development set)")
    sentences = (real / "it.txt").read_text(encoding="utf-8").splitlines()
    changed = [s for s in sentences if repair(s) != s]
    print(f"repair changed {len(changed)} of {len(sentences)} real sentences")
    assert changed == []
    repaired = sum(repair(double(s)) == s for s in sentences)
    print(f"repair restored {repaired} of {len(sentences)} doubly-encoded sentences")
    # Not all: ``Å`` + no-break space (a doubly-encoded ``Š``) is also plausible text.
    assert repaired >= 0.99 * len(sentences)
