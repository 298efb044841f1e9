"""HTML that no article needs: millions of tags (memory stays bounded by the input, the
page refused with a reason) and wrappers nested deeper than libxml2's 256 levels (the
article is still briefed). The memory case is measured in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from summarize.cleaning.markup import FLAT_DEPTH, _depth_estimate

REALDATA = Path(__file__).resolve().parent.parent.parent / "shared" / "realdata"
SENTENCE = (
    "Il consiglio comunale di Bologna ha approvato ieri sera il nuovo piano per il "
    "trasporto pubblico, che prevede tre linee di tram entro il 2030."
)
MIB = 1024 * 1024


def nested_page(depth: int) -> str:
    body = "".join(f"<p>{SENTENCE} Paragrafo {i}.</p>" for i in range(6))
    return (
        "<!DOCTYPE html><html lang='it'><head><meta charset='utf-8'><title>Tram a Bologna"
        "</title></head><body>" + "<div class='w'>" * depth
        + f"<article><h1>Tram a Bologna, approvato il piano</h1>{body}</article>"
        + "</div>" * depth + "</body></html>"
    )  # fmt: skip


def brief(*args: str | Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "summarize", *map(str, args), "--lang", "it"],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.mark.parametrize("depth", [10, 300, 2000])
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


def test_megabytes_of_tags_are_refused_within_a_small_multiple_of_the_input(
    tmp_path: Path,
) -> None:
    size = 40 * MIB
    page = tmp_path / "in" / "tags.html"
    page.parent.mkdir()
    unit = "<b><i>x</i></b>"
    page.write_text("<html><body>" + unit * (size // len(unit)) + "</body></html>")
    measure = (
        "import resource, subprocess, sys\n"
        "proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "print(proc.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "sys.stderr.write(proc.stderr)\n"
    )
    args = ["-m", "summarize", page.parent, "--out", tmp_path / "out", "--lang", "it"]
    proc = subprocess.run(
        [sys.executable, "-c", measure, sys.executable, *map(str, args), "--max-size", "200"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    code, peak_kib = map(int, proc.stdout.split())
    peak = peak_kib * 1024
    print(f"{size / MIB:.0f} MiB of tags: peak RSS {peak / MIB:.0f} MiB, exit {code}")
    assert code == 1, proc.stderr
    assert "tags, more than any article page" in proc.stderr
    # README 'Running from cron': at most ~4x the input on top of ~250 MiB of program
    assert peak < 250 * MIB + 4 * size, f"peak {peak / MIB:.0f} MiB"
