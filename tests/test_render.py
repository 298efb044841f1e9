"""Markdown safety (article text can neither inject HTML nor links nor break structure)
and counted words in their right form."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from summarize.output.labels import COUNTED, LABELS, count
from summarize.output.render import Renderer, code, md
from summarize.records import (
    Article,
    Block,
    Briefing,
    Digest,
    Dropped,
    Failure,
    Mentions,
    Pair,
    RunFacts,
    Story,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<script>alert(1)</script>", r"\<script\>alert(1)\</script\>"),
        ("[clicca](http://evil.example)", r"\[clicca\](http:\/\/evil.example)"),
        ("# titolo", r"\# titolo"),
        ("1. primo", r"1\. primo"),
        ("- voce", r"\- voce"),
        ("*grassetto* e _corsivo_", r"\*grassetto\* e \_corsivo\_"),
        ("riga uno\n\n# riga due", "riga uno # riga due"),
        ("a | b", r"a \| b"),
        ("AT&T e &amp;", r"AT&T e \&amp;"),
        ("visita www.example.com", r"visita www\.example.com"),
        ("tab\tcontrol\x07", "tab control"),
        ("L’Italia “cresce”", "L’Italia “cresce”"),
    ],
)
def test_md_escapes(text: str, expected: str) -> None:
    assert md(text) == expected


def test_code_survives_backticks() -> None:
    assert code("a`b.txt") == "``a`b.txt``"
    assert code("plain.txt") == "`plain.txt`"


# --- counts: the right form of every counted word, in every language ----------------------
def _one_of_everything(lang: str) -> Digest:
    article = Article(
        source="a.txt", title="Titolo", lede="Attacco.", blocks=[Block("paragraph", "Corpo.")]
    )
    article.dropped.append(Dropped("menu", "menu"))
    pair = Pair("Una frase.", None if lang == "it" else "A sentence.")
    briefing = Briefing(
        source="a.txt",
        slug="a",
        lang=lang,
        article=article,
        title=Pair("Titolo", None if lang == "it" else "Title"),
        key_points=[pair],
        summary=[pair],
        mentions=Mentions([], [], []),
        words=1,
        reading_minutes=1,
        model="m",
        engine="transformers",
    )
    return Digest(
        lang=lang,
        generated_at=datetime(2026, 1, 1, tzinfo=timezone.utc),
        briefings=[briefing],
        stories=[Story(briefing.title, [briefing])],
        whos_who=[],
        failures=[Failure("b.txt", "broken")],
        facts=RunFacts(model="m", engine="transformers", translated=1, cached=1),
    )


@pytest.mark.parametrize("lang", sorted(LABELS))
def test_one_of_everything_is_singular(lang: str) -> None:
    digest = _one_of_everything(lang)
    renderer = Renderer()
    shown = renderer.digest(digest) + renderer.briefing(digest.briefings[0])
    shown += renderer.digest_html(digest) + renderer.briefing_html(digest.briefings[0])
    for one, many in COUNTED[lang].values():
        if one != many:
            assert f"1 {many}" not in shown, f"{lang}: 1 {many}"
    assert f"1 {COUNTED[lang]['failures'][0]}" in shown
    assert f"1 {COUNTED[lang]['articles'][0]}" in shown
    assert f"1 {COUNTED[lang]['stories'][0]}" in shown


@pytest.mark.parametrize("lang", sorted(LABELS))
def test_every_language_has_every_word(lang: str) -> None:
    assert set(LABELS[lang]) == set(LABELS["en"])
    assert set(COUNTED[lang]) == set(COUNTED["en"])
    assert count(lang, 2, "stories").endswith(COUNTED[lang]["stories"][1])


def test_french_zero_is_singular() -> None:
    assert count("fr", 0, "articles") == "0 article"
    assert count("en", 0, "articles") == "0 articles"
    assert count("it", 0, "failures") == "0 errori"


def test_compiled_templates_are_cached_and_a_damaged_entry_is_a_miss(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Compiling the templates cost more than a warm rerun's whole work; a damaged
    compiled copy must never break a run."""
    from summarize.output.templates import TEMPLATE_CACHE_DIR, environment

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    prompts = tmp_path / "prompts"
    prompts.mkdir()
    (prompts / "hello.md.j2").write_text("{% for i in range(n) %}{{ i }}{% endfor %}!")

    def render() -> str:
        return environment(prompts, autoescape=False).get_template("hello.md.j2").render(n=3)

    assert render() == "012!"
    entries = list((tmp_path / "cache" / "brief" / TEMPLATE_CACHE_DIR).iterdir())
    assert len(entries) == 1
    good = entries[0].read_bytes()
    assert render() == "012!"
    entries[0].write_bytes(good[:40])
    assert render() == "012!"
    assert entries[0].read_bytes() == good
