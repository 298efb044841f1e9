"""Calibrate the list-page test (summarize/cleaning/pagekind.py) on ../shared/realdata.

Every home/section page (nonarticle/, HTML and dump) and every real article page
(pages/, titles/, HTML and dump), and each HTML page rendered by w3m and lynx where
they are installed, is cleaned; the teasers and headline units among the paragraphs
kept are counted. Then, leave one site out: thresholds (teaser count, teaser share) are chosen
on the other sites (fewest errors, a refused article weighing twice a briefed list
page, ties to the middle of the gap) and tried on the site left out.

Run from the project root:  python devtools/pagekind_calibrate.py
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from summarize.cleaning.clean import read_page
from summarize.cleaning.options import CleanOptions
from summarize.cleaning.pagekind import (
    PAGE_UNITS_MIN_COUNT,
    PAGE_UNITS_PER_PARAGRAPH,
    TEASER_MIN_COUNT,
    TEASER_MIN_SHARE,
    UNITS_MIN_COUNT,
)
from summarize.errors import NotAnArticle
from summarize.inputs.sources import Candidate, read_document

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "realdata"
# pages/README.md: the sites of pages/01-09; titles/ are all repubblica.it.
PAGE_SITES = {
    "01": "corriere.it",
    "02": "ilgiornale.it",
    "03": "repubblica.it",
    "04": "repubblica.it",
    "05": "tcnewsnet.com",
    "06": "tcnewsnet.com",
    "07": "lastampa.it",
    "08": "parcoabruzzo.it",
    "09": "vegolosi.it",
}

# A video page (titles/README: "some are video or gallery pages") whose text (the dump,
# a rendering) holds no article at all, only the links to twelve other videos; its
# gold is a title only. Its HTML through trafilatura is one paragraph: an article.
TEXT_IS_A_LIST = frozenset({"titles/10"})


def cases(data: Path = DATA) -> list[tuple[str, str, bool, Path]]:
    """(name, site, is_list, file) for every page and dump of the development set."""
    found = []
    manifest = json.loads((data / "nonarticle" / "manifest.json").read_text())
    for entry in manifest:
        for name in ("page.html", "dump.txt"):
            path = data / "nonarticle" / entry["id"] / name
            found.append((f"nonarticle/{entry['id']}/{name}", entry["site"], True, path))
    for folder in ("pages", "titles"):
        for path in sorted((data / folder).glob("*.html")) + sorted(
            (data / folder).glob("*.dump.txt")
        ):
            key = path.name.split(".")[0]
            site = PAGE_SITES.get(key, "repubblica.it") if folder == "pages" else "repubblica.it"
            name = f"{folder}/{path.name}"
            listed = path.name.endswith(".dump.txt") and f"{folder}/{key}" in TEXT_IS_A_LIST
            found.append((name, site, listed, path))
    return found


# Text browsers at an unbounded width: a page as a reader copies it from a terminal.
RENDERERS = {
    "w3m": ["w3m", "-dump", "-cols", "2000", "-T", "text/html", "-I", "UTF-8", "-O", "UTF-8"],
    "lynx": ["lynx", "-dump", "-nolist", "-width", "1000", "-assume_charset=utf-8"],
}


def renderings(cases: list[tuple[str, str, bool, Path]], folder: Path) -> list:
    """Each HTML case rendered by every text browser installed, as more text cases."""
    found = []
    for name, site, is_list, path in cases:
        if path.suffix != ".html":
            continue
        for browser, command in RENDERERS.items():
            if shutil.which(command[0]) is None:
                continue
            out = folder / f"{name.replace('/', '_')}.{browser}.txt"
            done = subprocess.run(
                [*command, str(path)], capture_output=True, timeout=60, check=False
            )
            out.write_bytes(done.stdout)
            listed = is_list or name.split(".")[0] in TEXT_IS_A_LIST
            found.append((f"{name} ({browser})", site, listed, out))
    return found


Row = tuple[int, int, int, int]
"""(teasers, units, paragraphs, page units) of one case."""
Fit = tuple[int, float, int, int, float]
"""Teaser count, share, units; page units and page units per paragraph kept."""


def measure(path: Path) -> Row | None:
    """The evidence read off the article kept; None when none is kept."""
    doc = read_document(Candidate(str(path), path))
    try:
        _, kind = read_page(doc, CleanOptions())
    except NotAnArticle:
        return None
    return kind.teasers, kind.units, kind.paragraphs, kind.page_units


def refused(fit: Fit, row: Row) -> bool:
    count, share, units, page, per_paragraph = fit
    teasers, found, paragraphs, around = row
    by_teasers = teasers >= count and teasers >= share * paragraphs
    by_page = around >= page and around >= per_paragraph * paragraphs
    return by_teasers or (found >= units and found >= share * paragraphs) or by_page


def _low(values: list[float]) -> float:
    """The lower quartile: one odd list page does not set the bar for all the others."""
    return statistics.quantiles(values, n=4)[0] if len(values) >= 4 else min(values)


def choose(rows: list[tuple[bool, int, int, int, int]]) -> Fit:
    """Thresholds between the articles' most and the list pages' lower quartile.

    Lists whose teasers are too few to tell (one cut-off line in a hard-wrapped dump)
    are left out of the teaser fit rather than dragging the count down to an
    article's one datelined paragraph; the units are fitted on the pages the share
    lets through, above the articles' most. The page units (text only) are fitted on
    the list pages those leave briefed, the pages they are for: the count between the
    articles' most and those lists', the units per paragraph kept likewise.
    """
    articles = [(t, t / n) for is_list, t, _, n, _ in rows if not is_list and n]
    lists = [(t, t / n) for is_list, t, _, n, _ in rows if is_list and n and t >= 2]
    count = int(max(t for t, _ in articles) + 1 + _low([t for t, _ in lists])) // 2
    above = [share for t, share in articles if t >= count] or [0.0]
    share = round((max(above) + _low([share for _, share in lists])) / 2, 2)
    top = max((u for is_list, _, u, n, _ in rows if not is_list and u >= share * n), default=0)
    listed = [u for is_list, _, u, n, _ in rows if is_list and u > top and u >= share * n]
    units = int(top + 1 + _low(listed)) // 2 if listed else top + 1
    unmatched: Fit = (count, share, units, sys.maxsize, 0.0)
    missed = [row for row in rows if row[0] and not refused(unmatched, row[1:])]
    return (count, share, units, *_choose_page(rows, missed))


def _choose_page(
    rows: list[tuple[bool, int, int, int, int]], missed: list[tuple[bool, int, int, int, int]]
) -> tuple[int, float]:
    articles = [(p, p / max(1, n)) for is_list, _, _, n, p in rows if not is_list]
    most = max(p for p, _ in articles)
    most_ratio = max(r for _, r in articles)
    lists = [(p, p / max(1, n)) for _, _, _, n, p in missed if p > most]
    if not lists:
        return most + 1, round(most_ratio + 0.01, 2)
    count = int(most + 1 + _low([p for p, _ in lists])) // 2
    per_paragraph = round((most_ratio + _low([r for _, r in lists])) / 2, 2)
    return count, per_paragraph


def _describe(fit: Fit) -> str:
    count, share, units, page, per_paragraph = fit
    return (
        f"teasers >= {count}, share >= {share:.2f}, units >= {units}, "
        f"page units >= {page} and >= {per_paragraph:.2f}/paragraph"
    )


def main() -> int:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        found = cases()
        for name, site, is_list, path in [*found, *renderings(found, Path(tmp))]:
            got = measure(path)
            label = "list" if is_list else "article"
            if got is None:
                print(f"{name:44} {site:22} {label:8} refused before")
                continue
            rows.append((name, site, is_list, got))
            print(
                f"{name:44} {site:22} {label:8} teasers {got[0]:3} units {got[1]:3} "
                f"of {got[2]:3}, page units {got[3]:3}"
            )
    in_force: Fit = (
        TEASER_MIN_COUNT,
        TEASER_MIN_SHARE,
        UNITS_MIN_COUNT,
        PAGE_UNITS_MIN_COUNT,
        PAGE_UNITS_PER_PARAGRAPH,
    )
    fitted = choose([(r[2], *r[3]) for r in rows])
    for label, fit in (("in force", in_force), ("in sample", fitted)):
        ok = sum(refused(fit, r[3]) == r[2] for r in rows)
        wrong = [r[0] for r in rows if refused(fit, r[3]) != r[2]]
        print(f"{label}: {_describe(fit)}: {ok}/{len(rows)} right; wrong: {wrong}")
    right = 0
    for site in sorted({r[1] for r in rows}):
        fit = choose([(r[2], *r[3]) for r in rows if r[1] != site])
        test = [r for r in rows if r[1] == site]
        ok = sum(refused(fit, r[3]) == r[2] for r in test)
        right += ok
        print(f"left out {site:22} {_describe(fit)}: {ok}/{len(test)} right")
    print(f"leave-one-site-out: {right}/{len(rows)} pages judged right")
    return 0


if __name__ == "__main__":
    sys.exit(main())
