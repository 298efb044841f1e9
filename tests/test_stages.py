"""The summary and translation stages as a Python caller (or the Ray runner) uses them:
batches of ``records.Prepared``, the cache first, whatever summariser or translator they
are handed for the misses."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from summarize.cleaning.clean import clean
from summarize.inputs.sources import Candidate, read_document
from summarize.language.entities import mentions
from summarize.records import Article, Prepared, RunFacts, Summary, Translation
from summarize.runtime.cache import ResultCache
from summarize.runtime.models import ModelRef
from summarize.summaries.extractive import summarize
from summarize.summaries.options import AbstractiveOptions
from summarize.summaries.stage import Outcome, SummaryStage
from summarize.translation.base import TranslateOptions
from summarize.translation.stage import TranslationStage, texts_to_translate

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


class Counting:
    """Stage events, counted."""

    def __init__(self) -> None:
        self.stages: list[tuple[str, int]] = []
        self.advanced = 0

    def stage(self, name: str, total: int) -> None:
        self.stages.append((name, total))

    def advance(self, n: int = 1) -> None:
        self.advanced += n


class FirstSentence:
    """A batch summariser that writes the article's first body sentence; it fails on any
    article whose title holds ``fail``."""

    def __init__(self, fail: str = "\0") -> None:
        self.asked: list[str] = []
        self.fail = fail
        self.released = 0

    def summarize_batch(
        self, items: Sequence[tuple[Article, Summary]], done: Callable[[int, Outcome], None]
    ) -> None:
        for index, (article, extractive) in enumerate(items):
            self.asked.append(article.source)
            if self.fail in article.title:
                done(index, RuntimeError("the model fell over\nsecond line"))
                continue
            summary = Summary(
                key_points=list(extractive.key_points),
                summary=[article.body_lines()[0]],
                method="model:first",
            )
            done(index, (summary, True))

    def release(self) -> None:
        self.released += 1


def prepared(copies: int = 1) -> list[Prepared]:
    items = []
    for path in sorted(SEEDS.glob("*.txt")):
        for n in range(copies):
            article = clean(read_document(Candidate(f"{path.name}#{n}", path)))
            items.append(Prepared(article, summarize(article), [], None, mentions(article)))
    return items


def summary_stage(cache: ResultCache | None, summarizer: FirstSentence) -> SummaryStage:
    stage = SummaryStage(AbstractiveOptions(model="first"), "summary|first", cache)
    stage.use(summarizer)
    return stage


def test_the_summary_stage_sends_each_text_once_and_then_answers_from_the_cache(
    tmp_path: Path,
) -> None:
    items = prepared(copies=2)  # every seed twice: the copy waits for the first's summary
    first = FirstSentence()
    reporter = Counting()
    assert summary_stage(ResultCache(tmp_path), first).run(items, reporter) == []
    assert len(first.asked) == len(items) // 2 and first.released == 1
    assert reporter.stages == [("summaries", len(items))] and reporter.advanced == len(items)
    assert all(p.summary.method == "model:first" for p in items)
    assert all(p.summary.summary == [p.article.body_lines()[0]] for p in items)

    again = prepared()
    second = FirstSentence()
    assert summary_stage(ResultCache(tmp_path), second).run(again, Counting()) == []
    assert second.asked == [] and second.released == 0  # all cached: no model, no stage
    assert all(p.summary.method == "model:first" for p in again)


def test_a_summary_that_raises_fails_its_article_alone() -> None:
    items = prepared()
    failing = items[0].article.title.split()[0]
    failed = summary_stage(None, FirstSentence(fail=failing)).run(items, Counting())
    assert [(item.article.source, error) for item, error in failed] == [
        (items[0].article.source, "internal error: RuntimeError: the model fell over")
    ]
    assert items[1].summary.method == "model:first"


class Upper:
    """A translator: the text in capitals, or an error for a text holding ``fail``."""

    engine = "upper"

    def __init__(self, fail: str = "\0") -> None:
        self.asked: list[str] = []
        self.fail = fail

    def translate(
        self, texts: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> list[Translation]:
        if any(self.fail in t for t in texts):
            raise RuntimeError("cannot translate that")
        self.asked.extend(texts)
        if progress:
            progress(len(texts))
        return [Translation(t, t.upper()) for t in texts]


def translation_stage(cache: ResultCache | None, translator: Upper) -> TranslationStage:
    ref = ModelRef("upper", Path("upper"), "upper:1")
    stage = TranslationStage(TranslateOptions(lang="en"), ref, "k", cache)
    stage.use(lambda: translator)
    return stage


def test_the_translation_stage_looks_up_once_and_translates_only_the_misses(
    tmp_path: Path,
) -> None:
    items = prepared()
    wanted = list(dict.fromkeys(t for p in items for t in texts_to_translate(p, "en")))
    facts = RunFacts(model=None, engine=None)
    upper = Upper()
    found, failed = translation_stage(ResultCache(tmp_path), upper).run(items, Counting(), facts)
    assert failed == [] and upper.asked == wanted
    assert (facts.cached, facts.translated) == (0, len(wanted))
    assert all(found[t].text == t.upper() for t in wanted)

    facts = RunFacts(model=None, engine=None)
    again = Upper()
    found, _ = translation_stage(ResultCache(tmp_path), again).run(items, Counting(), facts)
    assert again.asked == [] and (facts.cached, facts.translated) == (len(wanted), 0)


def test_a_text_that_cannot_be_translated_fails_its_article_alone() -> None:
    items = prepared()
    bad = items[0].article.title
    upper = Upper(fail=bad)
    facts = RunFacts(model=None, engine=None)
    found, failed = translation_stage(None, upper).run(items, Counting(), facts)
    assert [(item.article.source, error) for item, error in failed] == [
        (items[0].article.source, "translation failed: RuntimeError: cannot translate that")
    ]
    assert all(t in found for t in texts_to_translate(items[1], "en"))
