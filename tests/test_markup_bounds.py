"""HTML that no article needs: millions of tags (memory stays bounded by the input, the
page refused with a reason) and wrappers nested deeper than libxml2's 256 levels (the
article is still briefed). The memory case is measured in a subprocess."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from child import run_brief

from summarize.cleaning.markup import FLAT_DEPTH, _depth_estimate
from summarize.inputs.sources import MARKUP_TAGS, Candidate, read_document

REALDATA = Path(__file__).resolve().parent.parent.parent / "shared" / "realdata"
SENTENCE = (
    "Il consiglio comunale di Bologna ha approvato ieri sera il nuovo piano per il "
    "trasporto pubblico, che prevede tre linee di tram entro il 2030."
)
MIB = 1024 * 1024
# README 'Running from cron': a page refused for its tags peaks at the program's own
# ~100 MiB (measured: 60-110 MiB with trafilatura loaded) plus at most twice the input.
PROGRAM = 150 * MIB
# What a page under the tag limit may add: 100,000 tags of div/p (2.8 MB) peak at 263 MiB.
PER_TAG_LIMIT = 200 * MIB


def nested_page(depth: int) -> str:
    body = "".join(f"<p>{SENTENCE} Paragrafo {i}.</p>" for i in range(6))
    return (
        "<!DOCTYPE html><html lang='it'><head><meta charset='utf-8'><title>Tram a Bologna"
        "</title></head><body>" + "<div class='w'>" * depth
        + f"<article><h1>Tram a Bologna, approvato il piano</h1>{body}</article>"
        + "</div>" * depth + "</body></html>"
    )  # fmt: skip


def brief(*args: str | Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return run_brief(*args, "--lang", "it", timeout=timeout)


@pytest.mark.parametrize("depth", [10, 300, 5000])
def test_an_article_nested_deeper_than_libxml2_allows_is_briefed(
    depth: int, tmp_path: Path
) -> None:
    page = tmp_path / "in" / "tram.html"
    page.parent.mkdir()
    page.write_text(nested_page(depth), encoding="utf-8")
    proc = brief(page.parent, "--out", tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    [article] = json.loads((tmp_path / "out" / "digest.json").read_text())["articles"]
    assert "Bologna" in json.dumps(article)


def test_real_pages_are_never_flattened() -> None:
    """The flattening pass leaves every real page of the development set alone."""
    pages = sorted(REALDATA.rglob("*.htm*")) if REALDATA.is_dir() else []
    if not pages:
        pytest.skip("shared/realdata is not there")
    estimates = [_depth_estimate(p.read_text(encoding="utf-8", errors="replace")) for p in pages]
    print(f"depth estimate over {len(pages)} real pages: max {max(estimates)}")
    assert max(estimates) < FLAT_DEPTH


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Riga uno<br>\n" * (MARKUP_TAGS - 1) + "Fine.", "text"),
        ("Riga uno<br>\n" * MARKUP_TAGS + "Fine.", "html"),
        ("<?x?>" * MARKUP_TAGS, "html"),
        ("<!-- -->" * MARKUP_TAGS, "html"),
        ("a < b, " * 10 * MARKUP_TAGS, "text"),
        ("< span>" * 10 * MARKUP_TAGS, "text"),
        ("<https://www.ilpost.it/> " * 10 * MARKUP_TAGS, "text"),
    ],
)
def test_a_text_file_holding_markup_is_read_as_html(text: str, kind: str, tmp_path: Path) -> None:
    """Markup is told from prose by its tags, whatever the file is called; a browser
    shows ``< span>`` and autolinks as text, so they are not tags."""
    path = tmp_path / "page.md"
    path.write_text(text, encoding="utf-8")
    assert read_document(Candidate(str(path), path)).kind == kind


def peak_of_brief(folder: Path, out: Path, max_mib: int) -> tuple[int, int, str]:
    """Exit code, peak RSS in bytes and stderr of the real CLI on ``folder``, measured in a
    process of its own (RUSAGE_CHILDREN of a parent that runs nothing else)."""
    measure = (
        "import resource, subprocess, sys\n"
        "proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "print(proc.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "sys.stderr.write(proc.stderr)\n"
    )
    args = ["-m", "summarize", folder, "--out", out, "--lang", "it", "--max-size", max_mib]
    proc = subprocess.run(
        [sys.executable, "-c", measure, sys.executable, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    code, peak_kib = map(int, proc.stdout.split())
    return code, peak_kib * 1024, proc.stderr


def article_in_soup(size: int, unit: str, nested: bool) -> str:
    """A short article in ``size`` bytes of ``unit`` around it, or of its open tags
    around it and their ends after it (``nested``)."""
    body = "".join(f"<p>{SENTENCE} Paragrafo {i}.</p>" for i in range(6))
    article = f"<article><h1>Tram a Bologna, approvato il piano</h1>{body}</article>"
    count = size // len(unit) // 2
    if not nested:
        return unit * count + article + unit * count
    opening, closing = re.findall(r"(?:<!--.*?-->|<[^/][^>]*>)+|(?:</[^>]*>)+", unit)
    return opening * count + article + closing * count


SOUPS = {
    "empty inline": ("<span><i></i></span>", False),
    "nested": ("<span><i></i></span>", True),
    "attributes": ("<span class='a b' data-x='1'><i title='t'></i></span>", True),
    "comments": ("<!-- x --><b></b>", False),
    "astral": ("<span><i></i></span>", False),
}


@pytest.mark.parametrize(
    ("megabytes", "suffix", "soup"),
    [(5, ".txt", "empty inline"), (10, ".md", "nested"), (20, ".html", "attributes"),
     (10, ".txt", "comments"), (20, ".md", "astral")],
)  # fmt: skip
def test_an_article_in_megabytes_of_tag_soup_is_refused_within_a_small_multiple(
    megabytes: int, suffix: str, soup: str, tmp_path: Path
) -> None:
    """Tag soup named .txt or .md is markup too: before, it was read as prose and
    5 MB peaked at 1.7 GB. The bound is the bytes read plus the text decoded from them:
    twice the input, five times when one character outside the BMP ("astral") makes
    Python keep every character in 4 bytes."""
    unit, nested = SOUPS[soup]
    size = megabytes * MIB
    page = tmp_path / "in" / f"soup{suffix}"
    page.parent.mkdir()
    text = article_in_soup(size, unit, nested)
    page.write_text("🚋 " + text if soup == "astral" else text, encoding="utf-8")
    code, peak, stderr = peak_of_brief(page.parent, tmp_path / "out", 25)
    print(f"{megabytes} MiB of {soup} tags in {suffix}: peak RSS {peak / MIB:.0f} MiB, exit {code}")
    assert code == 1, stderr
    assert f"soup{suffix}: " in stderr and "tags, more than any article page holds" in stderr
    assert "remove it, or give the article's page or text alone" in stderr
    multiple = 5 if soup == "astral" else 2
    assert peak < PROGRAM + multiple * size, f"peak {peak / MIB:.0f} MiB"


@pytest.mark.parametrize("nested", [False, True])
def test_an_article_in_a_text_file_of_fewer_tags_is_read_as_a_page(
    nested: bool, tmp_path: Path
) -> None:
    """Under the tag limit, a text file of markup is briefed as the page it is: its
    article, not its tags; nested, 20,000 elements deep (a whole page: trafilatura finds
    nothing in a fragment that starts inside inline elements)."""
    page = tmp_path / "in" / "soup.txt"
    page.parent.mkdir()
    soup = article_in_soup(400_000, "<span><i></i></span>", nested)
    page.write_text(f"<html><body>{soup}</body></html>" if nested else soup, encoding="utf-8")
    code, peak, stderr = peak_of_brief(page.parent, tmp_path / "out", 5)
    print(f"0.4 MB of tags in .txt, nested {nested}: peak RSS {peak / MIB:.0f} MiB, exit {code}")
    assert code == 0, stderr
    [article] = json.loads((tmp_path / "out" / "digest.json").read_text())["articles"]
    assert article["title"]["it"] == "Tram a Bologna, approvato il piano"
    assert "<span>" not in json.dumps(article)
    assert peak < PROGRAM + 2 * 400_000 + PER_TAG_LIMIT


def test_megabytes_of_tags_are_refused_within_a_small_multiple_of_the_input(
    tmp_path: Path,
) -> None:
    size = 40 * MIB
    page = tmp_path / "in" / "tags.html"
    page.parent.mkdir()
    unit = "<b><i>x</i></b>"
    page.write_text("<html><body>" + unit * (size // len(unit)) + "</body></html>")
    code, peak, stderr = peak_of_brief(page.parent, tmp_path / "out", 200)
    print(f"{size / MIB:.0f} MiB of tags: peak RSS {peak / MIB:.0f} MiB, exit {code}")
    assert code == 1, stderr
    assert "tags, more than any article page" in stderr
    assert peak < PROGRAM + 2 * size, f"peak {peak / MIB:.0f} MiB"


def test_junk_that_is_no_tags_costs_a_small_multiple_of_the_input(tmp_path: Path) -> None:
    """Escaped markup and BBCode are text, not tags, so they reach the prose reader: it
    must not list a line's every word or character: 12 MB peaked at 451 MiB when it did,
    129 MiB now that it counts and keys them in place."""
    size = 12 * MIB
    page = tmp_path / "in" / "junk.txt"
    page.parent.mkdir()
    article = "\n\n".join(
        ["Tram a Bologna, approvato il piano", *(f"{SENTENCE} Paragrafo {i}." for i in range(6))]
    )
    escaped, bbcode = "&lt;span&gt;&lt;i&gt;&lt;/i&gt;&lt;/span&gt;", "[b][i][/i][/b]"
    junk = escaped * (size // 2 // len(escaped)) + "\n" + bbcode * (size // 2 // len(bbcode))
    page.write_text(article + "\n\n" + junk + "\n", encoding="utf-8")
    code, peak, stderr = peak_of_brief(page.parent, tmp_path / "out", 25)
    print(f"{size / MIB:.0f} MiB of escaped tags and BBCode: peak RSS {peak / MIB:.0f} MiB")
    assert code == 0, stderr
    [briefed] = json.loads((tmp_path / "out" / "digest.json").read_text())["articles"]
    assert briefed["title"]["it"] == "Tram a Bologna, approvato il piano"
    assert peak < PROGRAM + 8 * size, f"peak {peak / MIB:.0f} MiB"
