"""Publication days for story grouping: a feed item's date reaches the article of its
page when the page does not say its own, through the real fetcher on loopback."""

from __future__ import annotations

from pathlib import Path

from loopback import Loopback, Route, article_page, atom

from summarize.cleaning.clean import clean
from summarize.inputs.feeds import parse_feed
from summarize.inputs.remote import WebInputs
from summarize.inputs.web import WebOptions
from summarize.records import Document

RSS = b"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>
<link>http://example.org/</link><description>d</description>
<item><title>a</title><link>http://example.org/a</link>
<pubDate>Sun, 22 Sep 2024 09:15:00 +0200</pubDate></item>
<item><title>b</title><link>http://example.org/b</link></item>
</channel></rss>"""


def test_feed_items_carry_their_publication_day() -> None:
    items = parse_feed(RSS, None).items
    assert [(i.link, i.published) for i in items] == [
        ("http://example.org/a", "2024-09-22"),
        ("http://example.org/b", None),
    ]
    atom_items = parse_feed(atom("http://x", [("http://x/1", "uno")]), None).items
    assert atom_items[0].published == "2026-11-26"


_PARAGRAPHS = [
    "A Saviano, in provincia di Napoli, è crollata una palazzina di due piani"
    " nella notte tra sabato e domenica: sono morti due bambini e una donna.",
    "I vigili del fuoco hanno lavorato tutta la notte tra le macerie per cercare"
    " un disperso, mentre i residenti delle case vicine sono stati evacuati.",
    "La procura di Nola ha aperto un'indagine per crollo colposo e omicidio"
    " colposo plurimo; il sindaco ha proclamato il lutto cittadino.",
]


def test_a_feed_items_day_reaches_the_article(server: Loopback) -> None:
    title = "Crolla una palazzina a Saviano"
    server.routes["/art.html"] = Route(body=article_page(title, _PARAGRAPHS))
    link = server.url("/art.html")
    server.routes["/feed.xml"] = Route(
        body=atom(server.base, [(link, title)]), content_type="application/xml"
    )
    options = WebOptions(allow_private=True)
    with WebInputs(options, None) as web:
        expanded = web.expand([server.url("/feed.xml")])
        (candidate,) = expanded.candidates
        assert candidate.load is not None
        document = candidate.load()
    assert document.date == "2026-11-26"
    assert clean(document).date == "2026-11-26"


def test_the_pages_own_date_wins_over_the_feeds() -> None:
    page = (
        '<html><head><title>Crolla una palazzina</title><meta property="article:published_time"'
        ' content="2024-09-21T10:00:00+02:00"></head><body><article><h1>Crolla una palazzina'
        "</h1>" + "".join(f"<p>{p}</p>" for p in _PARAGRAPHS) + "</article></body></html>"
    )
    doc = Document("p.html", Path("p.html"), page, "html", "utf-8", date="2024-09-25")
    assert clean(doc).date == "2024-09-21"
