"""Sentence corpora for the translation benchmark: the seeds as brief reads them, and
generated articles of distinct sentences in their vocabulary."""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
# What brief translates per article by default: the title, 5 key points and a 2-sentence
# summary that mostly repeats points (`brief seeds/ --lang en` translates 12 texts for
# the 2 seeds).
SENTENCES_PER_ARTICLE = 6
CORPUS_SEED = 5


def seed_articles() -> list[list[str]]:
    """The sample articles as brief reads them: cleaned, title first, then sentences."""
    from summarize.cleaning.clean import clean
    from summarize.inputs.sources import Candidate, read_document
    from summarize.language.segment import split_sentences

    articles = []
    for path in sorted(SEEDS.glob("*.txt")):
        article = clean(read_document(Candidate(str(path), path)))
        sentences = [s for line in article.body_lines() for s in split_sentences(line)]
        articles.append([article.title, *sentences])
    return articles


def generated_articles(
    count: int,
    pool: Sequence[str],
    per_article: int = SENTENCES_PER_ARTICLE,
    seed: int = CORPUS_SEED,
) -> list[list[str]]:
    """``count`` articles of distinct sentences, each the head of one seed sentence joined
    to the tail of another, so lengths and vocabulary stay those of real news prose.
    Deterministic, and the first ``n`` articles are the same whatever ``count`` is."""
    rng = random.Random(seed)
    words = [sentence.split() for sentence in pool if len(sentence.split()) >= 4]
    seen = set(pool)
    articles = []
    for _ in range(count):
        article: list[str] = []
        while len(article) < per_article:
            head, tail = rng.sample(words, 2)
            cut_head = rng.randint(1, len(head) - 1)
            cut_tail = rng.randint(1, len(tail) - 1)
            sentence = " ".join(head[:cut_head] + tail[cut_tail:])
            if sentence not in seen:
                seen.add(sentence)
                article.append(sentence)
        articles.append(article)
    return articles
