"""Article + summary + translations -> Briefing, the plain record every renderer reads."""

from __future__ import annotations

import math
from collections.abc import Mapping

from summarize.language.words import count_words
from summarize.records import Article, Briefing, Mentions, Pair, Summary, Translation

# Adult silent reading of Italian non-fiction runs at about 200-230 words a minute
# (Trauzettel-Klosinski & Dietz, 2012: 226 wpm for Italian); we round down for news.
WORDS_PER_MINUTE = 200


def pair(text: str, translations: Mapping[str, Translation] | None) -> Pair:
    """Look a text's translation up; Italian-only runs pass no translations."""
    if translations is None:
        return Pair(text)
    found = translations[text]
    return Pair(text, found.text, found.warnings)


def make_briefing(
    article: Article,
    summary: Summary,
    mentions: Mentions,
    *,
    slug: str,
    lang: str,
    translations: Mapping[str, Translation] | None = None,
    full_sentences: list[str] | None = None,
    model: str | None = None,
    engine: str | None = None,
    extra_warnings: list[str] | None = None,
) -> Briefing:
    """Assemble a briefing; every translation warning is also listed with the text it concerns."""
    title = pair(article.title, translations)
    points = [pair(s, translations) for s in summary.key_points]
    summary_pairs = [pair(s, translations) for s in summary.summary]
    full = [pair(s, translations) for s in full_sentences] if full_sentences is not None else None
    words = count_words(article.kept_lines())
    warnings = list(extra_warnings or [])
    warnings.extend(summary.warnings)
    seen: set[str] = set()
    for item in [title, *points, *summary_pairs, *(full or [])]:
        for warning in item.warnings:
            line = f"{warning} — in “{_clip(item.it)}”"
            if line not in seen:
                seen.add(line)
                warnings.append(line)
    return Briefing(
        source=article.source,
        slug=slug,
        lang=lang,
        article=article,
        title=title,
        key_points=points,
        summary=summary_pairs,
        mentions=mentions,
        words=words,
        reading_minutes=max(1, math.ceil(words / WORDS_PER_MINUTE)),
        summary_method=summary.method,
        summary_target=summary.summary_target,
        full_text=full,
        warnings=warnings,
        model=model,
        engine=engine,
    )


def _clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
