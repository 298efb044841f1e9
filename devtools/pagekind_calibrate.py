"""Calibrate the list-page test (summarize/cleaning/pagekind.py) on ../shared/realdata.

Every home/section page (nonarticle/, HTML and dump) and every real article page
(pages/, titles/, HTML and dump) is cleaned; the teasers among the paragraphs kept are
counted. Then, leave one site out: thresholds (teaser count, teaser share) are chosen
on the other sites (fewest errors, a refused article weighing twice a briefed list
page, ties to the middle of the gap) and tried on the site left out.

Run from the project root:  python devtools/pagekind_calibrate.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from summarize.cleaning.clean import article_of
from summarize.cleaning.options import CleanOptions
from summarize.cleaning.pagekind import TEASER_MIN_COUNT, TEASER_MIN_SHARE, page_kind
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

# A video page (titles/README: "some are video or gallery pages") whose text dump holds
# no article at all, only the links to twelve other videos; its gold is a title only.
TEXT_IS_A_LIST = frozenset({"titles/10.dump.txt"})


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
            found.append((name, site, name in TEXT_IS_A_LIST, path))
    return found


def measure(path: Path) -> tuple[int, int] | None:
    """(teasers, paragraphs) of the article kept from the file; None when none is kept."""
    doc = read_document(Candidate(str(path), path))
    try:
        article = article_of(doc, CleanOptions())
    except NotAnArticle:
        return None
    kind = page_kind(article, doc.text if doc.kind == "html" else None)
    return kind.teasers, kind.paragraphs


def refused(count: int, share: float, teasers: int, paragraphs: int) -> bool:
    return teasers >= count and teasers >= share * paragraphs


def choose(rows: list[tuple[bool, int, int]]) -> tuple[int, float]:
    """Thresholds in the middle of the gap between articles and lists on ``rows``.

    Lists whose teasers are too few to tell (one cut-off line in a hard-wrapped dump)
    are left out of the fit rather than dragging the count down to an article's one
    datelined paragraph.
    """
    articles = [(t, t / n) for is_list, t, n in rows if not is_list and n]
    lists = [(t, t / n) for is_list, t, n in rows if is_list and n and t >= 2]
    top_count = max(t for t, _ in articles)
    count = (top_count + 1 + min(t for t, _ in lists)) // 2
    # Share: above every article that reaches the count, below every list.
    above = [share for t, share in articles if t >= count] or [0.0]
    share = round((max(above) + min(share for _, share in lists)) / 2, 2)
    return count, share


def main() -> int:
    rows = []
    for name, site, is_list, path in cases():
        got = measure(path)
        if got is None:
            print(f"{name:34} {site:22} {'list' if is_list else 'article':8} refused before")
            continue
        rows.append((name, site, is_list, *got))
        print(
            f"{name:34} {site:22} {'list' if is_list else 'article':8} teasers {got[0]:3}/{got[1]}"
        )
    print(f"\nin force: count >= {TEASER_MIN_COUNT}, share >= {TEASER_MIN_SHARE}")
    fitted = choose([(r[2], r[3], r[4]) for r in rows])
    print(f"in sample: count >= {fitted[0]}, share >= {fitted[1]:.2f}")
    right = total = 0
    for site in sorted({r[1] for r in rows}):
        train = [(r[2], r[3], r[4]) for r in rows if r[1] != site]
        count, share = choose(train)
        test = [r for r in rows if r[1] == site]
        ok = sum(refused(count, share, r[3], r[4]) == r[2] for r in test)
        right += ok
        total += len(test)
        print(f"left out {site:22} count >= {count}, share >= {share:.2f}: {ok}/{len(test)} right")
    print(f"leave-one-site-out: {right}/{total} pages judged right")
    return 0


if __name__ == "__main__":
    sys.exit(main())
