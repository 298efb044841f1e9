"""Briefing/Digest -> HTML pages: ``digest.html`` and ``briefings/<slug>.html``.

Same records and same view values as the Markdown (``output.view``), other templates
(``*.html.j2`` in templates/, overridable with a user's template folder). The pages are meant to be
opened from disk or served by any static server: relative links only, the style sheet
inline, no script, no font, no image, nothing fetched; a Content-Security-Policy says
so to the browser.
"""

from __future__ import annotations

from pathlib import Path

from summarize.output.templates import environment, render
from summarize.output.view import briefing_context, digest_context
from summarize.records import Briefing, Digest

BRIEFING_HTML_TEMPLATE = "briefing.html.j2"
DIGEST_HTML_TEMPLATE = "digest.html.j2"


class HtmlRenderer:
    """Loads the HTML templates once per run; escapes everything the records hold."""

    def __init__(self, templates_dir: Path | None = None) -> None:
        self.env = environment(templates_dir, autoescape=True)

    def briefing(self, briefing: Briefing) -> str:
        return render(self.env, BRIEFING_HTML_TEMPLATE, briefing_context(briefing))

    def digest(self, digest: Digest) -> str:
        return render(self.env, DIGEST_HTML_TEMPLATE, digest_context(digest))
