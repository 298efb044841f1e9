"""Thresholds of the cleaner, one dataclass so the CLI can pass them through."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CleanOptions:
    """Thresholds of the text pass.

    The defaults come from what Italian news prose looks like (sentences of 15-40
    words, 30-50% function words; menu items and link labels of 1-6 words with under
    10%) and were then checked, not fitted, on the gold dumps in ``tests/gold``; the
    word F1 each file reaches is pinned in ``tests/gold/floors.json``.
    """

    prose_min_words: int = 8
    """A punctuated line needs this many words to count as a full prose paragraph."""
    min_stopword_ratio: float = 0.15
    """Share of Italian function words prose needs; names, menus and tags have ~0."""
    unterminated_prose_words: int = 40
    """A line this long is prose even without final punctuation (a lost full stop)."""
    short_line_cost: float = 3.0
    """Body-run penalty of a non-prose line: a heading (3) between paragraphs of 30+
    words stays inside the run, a menu of a dozen items breaks it."""
    boundary_cost: float = 30.0
    """Penalty of a line that ends articles (copyright, comment counter, date line):
    about one paragraph, so a comment thread is not worth crossing it."""
    short_sentence_weight: float = 0.5
    """Score per word of a short punctuated sentence ("Poi, il silenzio."): positive,
    so one-line paragraphs stay in the body, but half a paragraph's weight."""
    loose_paragraph_words: int = 8
    """In trafilatura's output, an unpunctuated line this long with function words is a
    paragraph (a listicle item ending in "Vedi l'offerta su Amazon"), not furniture."""
    teaser_max_words: int = 35
    """A teaser of another story is one sentence of at most this many words."""
    teaser_max_tie: float = 0.34
    """Mean share of their content words teasers may share with the article. Closing
    paragraphs of the gold articles share 0.2-0.6, so a single paragraph is judged only
    under a bare cue ("Altre notizie"); teasers of other stories share 0-0.4."""
    teaser_max_single_tie: float = 0.5
    """No teaser shares more than this; the run's mean stays under teaser_max_tie."""
    teaser_min_run: int = 2
    """Without a cue ("Altre notizie"), this many unrelated sentences end an article."""
    teaser_min_article_stems: int = 25
    """Too short an article to judge what is unrelated to it: keep everything."""
    heading_max_words: int = 15
    """Longer unpunctuated lines inside the body are link labels or captions, not headings."""
    title_min_words: int = 4
    """Shorter lines before the body are kickers, section names or menu items."""
    title_max_words: int = 35
    lede_min_words: int = 10
    """A line under the title needs this many words to be a lede."""
    header_window: int = 40
    """How many non-blank lines before the body are searched for the title."""
    min_article_words: int = 40
    """Fewer words of body prose than this and the document is not an article..."""
    short_article_max_words: int = 150
    """...unless the whole document is this short and mostly prose: a news brief of one
    paragraph (realdata/summaries/02 has 36 words) is an article."""
    short_article_min_words: int = 12
    """A line of a short document needs this many words to count as its paragraph."""
    short_article_share: float = 0.6
    """Share of a short document's words its paragraphs must hold."""
    short_cue_max_words: int = 8
    """Generic cue words ("condividi", "video", "commenti") only drop lines this short."""
    caption_max_words: int = 30
    """A line after a gallery counter ("Foto 3 di 12") this short is the photo's caption;
    the captions in tests/gold run to 20 words."""
    wrap_max_width: int = 100
    """Text whose long lines all stop near one width at most this wide is hard-wrapped
    (e-mail, Markdown); browser copies put a whole paragraph on one line."""
    wide_wrap_min_width: int = 200
    """Lines at least this long that stop at one width are a text browser's wrap (w3m
    at 400 columns); narrower widths are left to the hard-wrap test above."""
    fallback_title_words: int = 12
    """When no title line exists, the first sentence is cut to this many words."""
