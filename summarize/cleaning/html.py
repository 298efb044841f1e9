"""HTML through trafilatura, and the page's own metadata."""

from __future__ import annotations

import logging

from summarize.cleaning.markup import bounded_markup
from summarize.cleaning.metadata import page_metadata
from summarize.cleaning.repair import repair, repair_optional
from summarize.records import Document

log = logging.getLogger(__name__)


def from_html(doc: Document) -> tuple[str, dict[str, str | None], list[str]]:
    """Article text and metadata from HTML through trafilatura, its logging silenced.

    The page's own markup (JSON-LD, cards, h1, canonical link) decides the title, site
    and address; trafilatura's guesses fill what the markup leaves open. The list
    returned says why the title was chosen, for ``--explain``.
    """
    import trafilatura

    markup = bounded_markup(doc)
    for name in ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    # favor_recall keeps the headline, standfirst and byline that trafilatura cuts on
    # div-only layouts; the text pass then removes what comes with them.
    text = trafilatura.extract(
        markup,
        output_format="txt",
        include_comments=False,
        include_tables=False,
        favor_recall=True,
        deduplicate=False,
    )
    meta: dict[str, str | None] = {}
    try:
        found = trafilatura.extract_metadata(markup)
    except Exception:  # trafilatura raises assorted errors on malformed markup
        log.debug("%s: trafilatura found no metadata", doc.source, exc_info=True)
        found = None
    if found is not None:
        meta = {
            "title": found.title or None,
            "date": found.date or None,
            "author": found.author or None,
            "site": found.sitename or None,
        }
    page = page_metadata(markup)
    for key, value in (("title", page.title), ("site", page.site), ("url", page.url)):
        if value:
            meta[key] = value
    meta = {key: repair_optional(value) for key, value in meta.items()}
    return repair(text or ""), meta, [repair(reason) for reason in page.reasons]
