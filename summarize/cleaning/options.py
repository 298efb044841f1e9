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
    list_item_min_words: int = 4
    """A bullet or numbered line of this many words with a function word is a list item
    that reads like text ("Bere acqua in abbondanza durante la giornata"). In the dumps
    of realdata/pages and tests/gold 181 bullet lines reach it, only 10 of them article
    text (the rest menus, account notices): so an item never starts a body run, it only
    bridges the prose around it, and is kept inside the run next to another item."""
    run_same_article_tie: float = 0.2
    """Two runs of prose parted by a subscription box or an advert are one article when
    this share of the later run's content words is in the earlier one: the closing
    paragraphs of the gold articles share 0.2-0.6 with the rest (see teaser_max_tie),
    the lowest of them this bar."""
    run_title_tie: float = 0.5
    """A run of prose is about the page's title (HTML's og:title or h1) when it holds
    this share of the title's content words: 63 of the 69 real and gold articles
    (realdata pages and titles, tests/gold) do; the other 6 hold 0-0.43. A run is left
    only when it holds under half the bar, for another that clears it."""
    heading_max_words: int = 15
    """Longer unpunctuated lines inside the body are link labels or captions, not headings."""
    title_min_words: int = 4
    """Shorter lines before the body are kickers, section names or menu items."""
    paired_title_min_words: int = 6
    """Above a lede the title needs this many words: kickers ("La riforma del
    premierato", 1-5 words) sit right above titles as titles sit above ledes."""
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
    wrap_min_width: int = 40
    """Narrower "wraps" are menus of short items, not prose: e-mail wraps at 72-78
    columns, terminals at 80 and more, the narrowest column in print holds ~40."""
    wrap_slack: float = 0.05
    """How far short of the width a wrapped line may end beyond the next word's length:
    0 for a terminal browser's greedy wrap; editors and PDFs balance lines."""
    wrap_min_breaks: int = 1
    """Line breaks a wrap at one width must explain before text counts as hard-wrapped
    (``reflow.py``). One is enough: a short article dumped at 200 columns has a single
    paragraph long enough to wrap. On the development cases (devtools/realpages.py,
    8 sites, 258 renderings) 1 beat 2 and 3 in-sample and when each site was left out;
    the other guards (width, sentences, overruns) keep one-paragraph-a-line text whole."""
    wrap_min_inside_share: float = 0.5
    """Share of those breaks that must fall inside a sentence: wrapping breaks between
    words at random, so ~95% do; one-sentence paragraphs a line do 0%."""
    wrap_max_overrun_share: float = 0.5
    """Lines longer than the wrap width (URLs, unbreakable words), as a share of the
    breaks the width explains, above which the width is not the text's."""
    fallback_title_words: int = 12
    """When no title line exists, the first sentence is cut to this many words."""
