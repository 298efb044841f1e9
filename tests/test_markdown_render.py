"""The Markdown as readers see it: rendered by a real CommonMark library (markdown-it-py,
the parser behind VS Code's preview), in strict CommonMark and in GFM-like mode.

Every Italian text and its translation must land on two visible lines: not glued into
one paragraph by a soft line break, which is how `1. 🇮🇹 text⏎   ↳ translation` renders.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from summarize.cli import app
from summarize.language.segment import split_sentences
from summarize.output.render import Renderer
from summarize.output.view import entries_of, sentences, story_text
from summarize.records import (
    Article,
    Block,
    Briefing,
    Digest,
    Mentions,
    Name,
    Pair,
    RunFacts,
    Story,
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
PRESETS = ["commonmark", "gfm-like"]

_BLOCKS = {
    "p", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "div",
    "pre", "hr", "table", "tr", "br",
}  # fmt: skip
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class _Lines(HTMLParser):
    """The visible lines of rendered HTML: a new line at every block boundary and <br>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        # a newline inside a paragraph (a soft break) shows as a space in every browser
        self.parts.append(" ".join(data.split("\n")))


def visible_lines(markdown: str, preset: str) -> list[str]:
    parser = _Lines()
    parser.feed(MarkdownIt(preset).render(markdown))
    return [_norm(line) for line in "".join(parser.parts).split("\n") if line.strip()]


def _norm(text: str | None) -> str:
    return " ".join(_CONTROL.sub("", text or "").split())


def assert_pair_on_two_lines(lines: list[str], italian: str, target: str) -> None:
    """The Italian and its translation sit on two neighbouring lines, neither glued to
    the other (the briefing's title reads translation first, the key points Italian first)."""
    it, tr = _norm(italian), _norm(target)
    at = [i for i, line in enumerate(lines) if it in line]
    assert at, f"Italian text not shown: {it[:60]!r}"
    for i in at:
        assert tr not in lines[i].replace(it, "", 1), f"translation glued to {it[:60]!r}"
    near = [
        j
        for i in at
        for j in (i - 1, i + 1)
        if 0 <= j < len(lines) and tr in lines[j] and it not in lines[j].replace(tr, "", 1)
    ]
    assert near, f"the translation of {it[:60]!r} is not on a line beside it"


# --- a hand-made briefing: every kind of pair, twelve points (two-digit markers) -----------
def _briefing(slug: str, n_points: int, *, extractive_summary: bool) -> Briefing:
    points = [
        Pair(f"Punto numero {n} con *asterischi* e <tag> e un link https://x.it/{n}.",
             f"Point number {n} with *asterisks*, <tag> and a link https://x.it/{n}.")
        for n in range(1, n_points + 1)
    ]  # fmt: skip
    summary = points[:2] if extractive_summary else [Pair("Una sintesi sua.", "Its own summary.")]
    article = Article(
        source=f"in/{slug}.html",
        title=f"Titolo {slug}",
        lede="Attacco.",
        blocks=[Block("paragraph", "Corpo.")],
        url=f"https://www.esempio.it/{slug}",
        site="Esempio",
    )
    return Briefing(
        source=article.source,
        slug=slug,
        lang="en",
        article=article,
        title=Pair(f"Titolo {slug}", f"Title {slug}"),
        key_points=points,
        summary=summary,
        mentions=Mentions(["Lloyd Austin"], ["Mosca", "Medio Oriente"], ["Cremlino"]),
        words=1,
        reading_minutes=1,
        full_text=[Pair("Frase uno.", "Sentence one."), Pair("Frase due.", "Sentence two.")],
        model="m",
        engine="transformers",
        names={
            "Lloyd Austin": Name("Lloyd Austin", "Lloyd Austin"),
            "Mosca": Name("Mosca", "Moscow", "gazetteer"),
            "Medio Oriente": Name("Medio Oriente", "Middle Orient", "model"),
            "Cremlino": Name("Cremlino", "Kremlin", "gazetteer"),
        },
    )


@pytest.fixture(scope="module")
def made() -> tuple[list[Briefing], Digest]:
    briefings = [
        _briefing("uno", 12, extractive_summary=True),
        _briefing("due", 3, extractive_summary=False),
    ]
    digest = Digest(
        lang="en",
        generated_at=datetime(2026, 1, 2, 3, 4, tzinfo=timezone.utc),
        briefings=briefings,
        stories=[Story(briefings[0].title, briefings)],
        whos_who=[],
        failures=[],
        facts=RunFacts(model="m", engine="transformers", translated=1, cached=0),
    )
    return briefings, digest


@pytest.mark.parametrize("preset", PRESETS)
def test_every_pair_of_a_briefing_is_two_lines(
    made: tuple[list[Briefing], Digest], preset: str
) -> None:
    for b in made[0]:
        lines = visible_lines(Renderer().briefing(b), preset)
        pairs = [b.title, *b.key_points, *(b.full_text or [])]
        if b.slug == "due":
            pairs.append(Pair("Una sintesi sua.", "Its own summary."))
        for p in pairs:
            assert_pair_on_two_lines(lines, p.it, p.target or "")
        # twelve points stay one list: the continuation indent fits "10. "
        html = MarkdownIt(preset).render(Renderer().briefing(b))
        assert html.count("<ol") == 1
        assert html.count("<li>") >= len(b.key_points)


@pytest.mark.parametrize("preset", PRESETS)
def test_every_pair_of_the_digest_is_two_lines(
    made: tuple[list[Briefing], Digest], preset: str
) -> None:
    briefings, digest = made
    lines = visible_lines(Renderer().digest(digest), preset)
    for b in briefings:
        assert_pair_on_two_lines(lines, b.title.target or "", b.title.it)
    # the story's summary is a paragraph of its own in each language, not glued to a link
    (entry,) = entries_of(digest)
    assert entry.summary
    assert story_text(entry.summary, "en") in lines
    assert "🇮🇹 " + story_text(entry.summary, "it") in lines


def test_summary_is_shown_once(made: tuple[list[Briefing], Digest]) -> None:
    """An extractive summary that is key points 1-2 marks them instead of repeating them."""
    repeated, own = made[0]
    text = Renderer().briefing(repeated)
    assert text.count("Punto numero 1 con") == 1
    assert "## Summary" not in text
    assert "1. ★ 🇮🇹" in text and "2. ★ 🇮🇹" in text and "3. ★" not in text
    assert "★ marks the key points that make up the summary" in text
    other = Renderer().briefing(own)
    assert "## Summary" in other and "★" not in other


def test_names_in_the_readers_language_and_model_names_flagged(
    made: tuple[list[Briefing], Digest],
) -> None:
    text = Renderer().briefing(made[0][0])
    assert "**Places:** Moscow, Middle Orient †" in text
    assert "**Organisations:** Kremlin" in text
    assert "† name translated by the model" in text


def test_source_is_the_canonical_address_and_the_file_stays_as_provenance(
    made: tuple[list[Briefing], Digest],
) -> None:
    text = Renderer().briefing(made[0][0])
    html = MarkdownIt("commonmark").render(text)
    assert '<a href="https://www.esempio.it/uno">' in html
    assert "*Provenance:* `in/uno.html`" in text


# --- the seeds, end to end through the CLI -----------------------------------------------
@pytest.fixture(scope="module")
def seed_runs(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    runs = {}
    base = tmp_path_factory.mktemp("md")
    for lang, extra in (("it", []), ("en", ["--model", str(tiny_model), "--beams", "1"])):
        out = base / lang
        result = CliRunner().invoke(
            app, [str(SEEDS), "--lang", lang, "--full", "--no-cache", "--out", str(out), *extra]
        )
        assert result.exit_code == 0, result.output
        runs[lang] = out
    return runs


@pytest.mark.parametrize("preset", PRESETS)
def test_seed_briefings_show_every_translation_on_its_own_line(
    seed_runs: dict[str, Path], preset: str
) -> None:
    out = seed_runs["en"]
    data = json.loads((out / "digest.json").read_text())
    for article in data["articles"]:
        lines = visible_lines((out / article["briefing"]).read_text(), preset)
        pairs = [article["title"], *article["key_points"], *article["full_text"]]
        if not article["summary_key_points"]:
            pairs.append(article["summary"])
        for p in pairs:
            if _norm(p["en"]) and _norm(p["en"]) not in _norm(p["it"]):
                assert_pair_on_two_lines(lines, p["it"], p["en"])
    digest = visible_lines((out / "digest.md").read_text(), preset)
    for article in data["articles"]:
        assert_pair_on_two_lines(digest, article["title"]["en"], article["title"]["it"])
    told = [s for s in data["stories"] if s["summary"]]
    assert told, "the two seeds are one story, with one summary"
    for story in told:
        first = _norm(story["summary"][0]["en"])
        starts = [line for line in digest if line.startswith(first)]
        assert starts, "the story's summary is a paragraph of its own"
        assert all(_norm(story["headline"]["en"]) not in line for line in starts)


def test_seed_json_carries_what_readers_get(seed_runs: dict[str, Path]) -> None:
    for lang, out in seed_runs.items():
        data = json.loads((out / "digest.json").read_text())
        for article in data["articles"]:
            points = [p["it"] for p in article["key_points"]]
            if article["summary_key_points"]:
                # one joining rule: the sentences end with their stop, as in the Markdown
                chosen = [points[n - 1] for n in article["summary_key_points"]]
                assert article["summary"]["it"] == sentences(chosen)
            else:
                shown = visible_lines((out / article["briefing"]).read_text(), "commonmark")
                assert any(_norm(article["summary"]["it"]) in line for line in shown)
            body = [s for line in article["text"].split("\n") for s in split_sentences(line)]
            assert [p["it"] for p in article["full_text"]] == body, "--full reaches the JSON"
            keys = {"it"} if lang == "it" else {"it", "en"}
            assert all(set(p) == keys for p in article["full_text"])
            for key in ("url", "site", "author", "date"):
                assert key in article


def test_json_summary_joins_sentences_with_their_stop(made: tuple[list[Briefing], Digest]) -> None:
    from summarize.output.render import digest_json

    briefings, digest = made
    briefings[0].summary = [Pair("Prima frase senza punto"), Pair("Seconda frase.")]
    briefings[0].key_points = [*briefings[0].summary, Pair("Terza.")]
    briefings[0].lang = digest.lang = "it"
    data = json.loads(digest_json(digest))
    assert data["articles"][0]["summary"] == {"it": "Prima frase senza punto. Seconda frase."}


REALDATA = Path(__file__).resolve().parent.parent.parent / "shared" / "realdata" / "pages"


@pytest.mark.skipif(not REALDATA.is_dir(), reason="../shared/realdata is not here")
def test_an_html_page_is_sourced_by_its_canonical_address(tmp_path: Path) -> None:
    page = tmp_path / "in" / "03.html"
    page.parent.mkdir()
    page.write_bytes((REALDATA / "03.html").read_bytes())
    out = tmp_path / "out"
    result = CliRunner().invoke(app, [str(page), "--lang", "it", "--out", str(out)])
    assert result.exit_code == 0, result.output
    article = json.loads((out / "digest.json").read_text())["articles"][0]
    assert article["source"] == str(page), "the file read stays the source, as provenance"
    assert article["url"].startswith("https://roma.repubblica.it/")
    text = (out / article["briefing"]).read_text()
    assert f"- **Fonte:** <{article['url']}>" in text
    assert f"*Provenienza:* `{page}`" in text
    for key in ("site", "author", "date"):
        assert article[key] and str(article[key]) in text
