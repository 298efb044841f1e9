"""Markdown safety: article text can neither inject HTML nor links nor break structure."""

from __future__ import annotations

import pytest

from summarize.output.render import code, md


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
