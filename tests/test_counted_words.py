"""Counted words agree with their number everywhere: "1 article", "2 articles".

One helper words every count in brief's messages (``summarize/wording.py``); a scan of the
package fails when a count is worded by hand beside a plural noun, and real runs of the
CLI show the singular where the number is one."""

from __future__ import annotations

import ast
import itertools
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from child import run_brief
from loopback import Loopback, Route, article_page, deadline, gold_articles

from summarize.output.labels import count
from summarize.runtime.cache import CACHE_FILE, Entry, ResultCache
from summarize.wording import counted, is_one, plural

PACKAGE = Path(__file__).resolve().parents[1] / "summarize"
SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))

# --- the helper ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "noun", "said"),
    [
        (1, "article", "1 article"),
        (2, "article", "2 articles"),
        (0, "article", "0 articles"),
        (1, "entry", "1 entry"),
        (2, "entry", "2 entries"),
        (1, "copy", "1 copy"),
        (3, "copy", "3 copies"),
        (2, "story", "2 stories"),
        (2, "key", "2 keys"),  # a vowel before the y
        (2, "batch", "2 batches"),
        (2, "address", "2 addresses"),
        (2, "box", "2 boxes"),
        (2, "person", "2 people"),
        (1, "feed item", "1 feed item"),
        (4, "feed item", "4 feed items"),
        (2, "partial summary", "2 partial summaries"),
        (2, "CPU", "2 CPUs"),
        (1, "hop", "1 hop"),
        (1, "request", "1 request"),
    ],
)
def test_a_count_and_its_noun_agree(n: int, noun: str, said: str) -> None:
    assert counted(n, noun) == said


def test_an_explicit_plural_and_grouped_digits() -> None:
    assert counted(1, "line dropped", "lines dropped") == "1 line dropped"
    assert counted(2, "line dropped", "lines dropped") == "2 lines dropped"
    assert counted(12288, "byte", grouped=True) == "12,288 bytes"
    assert counted(1, "byte", grouped=True) == "1 byte"
    assert plural("Entry") == "Entries"


def test_the_output_labels_take_the_same_plural_rule() -> None:
    assert is_one(1) and not is_one(0) and not is_one(2)
    assert is_one(0, "fr") and not is_one(0, "it")
    assert count("en", 1, "dropped_lines") == "1 line dropped"
    assert count("fr", 0, "articles") == "0 article"
    assert count("it", 2, "failures") == "2 errori"


# --- the scan: no count worded by hand beside a plural noun ---------------------------------

PLURAL_NOUNS = (
    "articles|lines|requests|hops|items|pages|files|stories|briefings|words|entries|bytes|"
    "failures|copies|errors|seconds|tokens|parts|blocks|headlines|paragraphs|tags|attempts|"
    "records|actors|texts|batches|workers|characters|times|results|summaries|points|"
    "sentences|feeds|urls|digests|outlets|chunks|days|hours|minutes"
)
# A number, then a plural noun, perhaps after one adjective: "{n} articles", "%d old
# records"; the "(s)" dodge ("file(s)", not "http(s)"); and the "s"-suffix trick
# ("%d article%s", f"{n} file{'s' if n != 1 else ''}").
_NOUN = rf"(?:[a-z]+ )?(?:{PLURAL_NOUNS})\b"
_AFTER_NUMBER = re.compile(rf"^ {_NOUN}")
_PERCENT = re.compile(rf"%[-+ 0#,]*\d*[di] {_NOUN}")
_MAYBE_PLURAL = re.compile(r"(?<!http)(?<=[a-z])\(s\)")
_SUFFIX_TRICK = re.compile(r"%[-+ 0#,]*\d*[di] [a-z]+%s")
# A value with a float format ("{wait:.1f} seconds") is a measure, not a count.
_MEASURE = re.compile(r"[eEfFgG%]$")


def _spec(value: ast.FormattedValue) -> str:
    spec = value.format_spec
    if not isinstance(spec, ast.JoinedStr):
        return ""
    return "".join(str(v.value) for v in spec.values if isinstance(v, ast.Constant))


def _is_s_choice(node: ast.expr) -> bool:
    """``'s' if n != 1 else ''`` and its mirror: a plural made by hand."""
    if not isinstance(node, ast.IfExp):
        return False
    ends = {getattr(node.body, "value", None), getattr(node.orelse, "value", None)}
    return ends in ({"s", ""}, {"es", ""}, {"ies", "y"})


def worded_by_hand(source: str, name: str = "<source>") -> list[str]:
    """Counts beside a plural noun in the f-strings and %-strings of ``source``."""
    found = []
    for node in ast.walk(ast.parse(source, name)):
        if isinstance(node, ast.JoinedStr):
            parts = node.values
            for value, after in itertools.pairwise(parts):
                if not (isinstance(value, ast.FormattedValue) and isinstance(after, ast.Constant)):
                    continue
                if _MEASURE.search(_spec(value)):
                    continue
                if _AFTER_NUMBER.match(str(after.value)):
                    shown = f"{{{ast.unparse(value.value)}}}{after.value}"
                    found.append(f"{name}:{node.lineno}: {shown}")
        elif isinstance(node, ast.FormattedValue) and _is_s_choice(node.value):
            found.append(f"{name}:{node.lineno}: {{{ast.unparse(node.value)}}}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
            if _PERCENT.search(text) or _MAYBE_PLURAL.search(text) or _SUFFIX_TRICK.search(text):
                found.append(f"{name}:{node.lineno}: {text!r}")
    return found


def package_sources() -> Iterator[Path]:
    return iter(sorted(PACKAGE.rglob("*.py")))


def test_no_message_words_a_count_by_hand() -> None:
    found = [
        hit
        for path in package_sources()
        for hit in worded_by_hand(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE)))
    ]
    assert not found, "use summarize.wording.counted for:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "line",
    [
        'f"{len(articles)} articles"',
        'f"kept {n} lines, dropped {m:,} bytes"',
        'f"({len(seen)} hops back to {url})"',
        '"%d entries removed"',
        '"removed %d briefing file(s)"',
        '"%s: %d copies"',
        '"run state: %d old records removed"',
        '"the previous digest (%d article%s) is kept"',
        "f\"{n} file{'s' if n != 1 else ''}\"",
        'f"{n:,} unused entries"',
    ],
)
def test_the_scan_finds_a_count_worded_by_hand(line: str) -> None:
    assert worded_by_hand(f"message = {line}\n")


@pytest.mark.parametrize(
    "line",
    [
        "f\"{counted(len(articles), 'article')} briefed\"",
        'f"{wait:.1f} seconds"',
        'f"{ratio:g} times"',
        'f"{path} is not a file"',
        'f"{host} connected to {address}"',
        '"%s: kept %s, dropped %s"',
        '"articles (s) of the %s"',
        "f\"the {counted(n, 'story')} of {name}\"",
    ],
)
def test_the_scan_leaves_legitimate_code_alone(line: str) -> None:
    assert not worded_by_hand(f"message = {line}\n")


# --- real runs: the singular where the number is one --------------------------------------


def brief(*args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return run_brief(*args, "--lang", "it", timeout=timeout)


def test_one_article_is_said_one_article(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEEDS[0], folder / SEEDS[0].name)
    out = tmp_path / "out"
    first = brief(folder, "--out", out)
    assert first.returncode == 0, first.stderr

    again = brief(folder, "--out", out)

    assert again.returncode == 0, again.stderr
    assert "digest unchanged (1 article, 0 failed" in again.stdout
    explained = brief(folder, "--out", tmp_path / "explained", "--explain")
    assert re.search(r": kept \d+ blocks?, dropped \d+ lines?\n", explained.stdout)
    assert not re.search(r"\b1 (blocks|lines)\b", explained.stdout)


@pytest.fixture
def server() -> Iterator[Loopback]:
    srv = Loopback()
    with deadline(90, "counted words web test"):
        yield srv
    srv.close()


def test_one_request_is_said_one_request(server: Loopback, tmp_path: Path) -> None:
    title, paragraphs = gold_articles()[0]
    server.routes["/robots.txt"] = Route(status=404)
    server.routes["/a.html"] = Route(body=article_page(title, paragraphs))
    out = tmp_path / "out"
    first = brief(server.url("/a.html"), "--out", out, "--allow-private")
    assert first.returncode == 0, first.stderr
    server.reset_log()

    # robots.txt is remembered: the page is the one request of this run
    again = brief(server.url("/a.html"), "--out", out, "--allow-private", "--all")

    assert again.returncode == 0, again.stderr
    assert server.paths() == ["/a.html"]
    assert "brief: 1 briefed, 0 failed, 0 new" in again.stdout
    assert ", 1 request, " in again.stdout, again.stdout


def test_a_refusal_counts_its_dropped_lines_in_agreement(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "one.txt").write_text("Notizie\n", encoding="utf-8")
    (folder / "three.txt").write_text("Notizie\n\nSport\n\nMeteo di oggi\n", encoding="utf-8")

    run = brief(folder, "--out", tmp_path / "out")

    assert run.returncode == 1, run.stderr
    one, three = sorted(line for line in run.stderr.splitlines() if "failed:" in line)
    assert "(1 line dropped); 0 words of prose" in one
    assert "short line outside the body (1 line)" in one
    assert "(3 lines dropped)" in three
    assert "short line outside the body (3 lines)" in three
    assert "0 failed" not in run.stdout and "2 failed" in run.stdout


def test_a_one_hop_redirect_loop_is_said_one_hop(server: Loopback, tmp_path: Path) -> None:
    server.routes["/robots.txt"] = Route(status=404)
    server.routes["/loop"] = Route(status=302, headers={"Location": "/loop"})

    run = brief(server.url("/loop"), "--out", tmp_path / "out", "--allow-private")

    assert run.returncode == 1, run.stderr
    assert "redirect loop (1 hop back to" in run.stderr, run.stderr


def test_brief_cache_prune_counts_in_agreement(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    cache = ResultCache(cache_dir)
    cache.put_many("summary|local:abc", {"una frase " * 30: Entry("a sentence " * 20)})
    cache.close()
    db = sqlite3.connect(cache_dir / CACHE_FILE, isolation_level=None)
    try:
        db.execute("UPDATE translations SET created = created - ?", (45 * 86400,))
    finally:
        db.close()

    pruned = subprocess.run(
        [sys.executable, "-m", "summarize", "cache", "prune", "--cache", str(cache_dir)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert pruned.returncode == 0, pruned.stderr
    assert "removed 1 unused entry;" in pruned.stdout, pruned.stdout
