"""Development cases from every real HTML page: each page rendered the ways text arrives.

Every HTML page of ``../shared/realdata`` (pages/, titles/, nonarticle/) is rendered as
w3m and lynx dumps at 80, 200 and unbounded columns and as a browser copy (one block a
line), into a temporary folder (never the repository). Each rendering is cleaned in
process and scored the way ``../shared/tools/realdata-score`` scores the CLI: title right
(word F1 >= 0.8 against the title or its alternate), body word P/R/F1 of title + text
against title + gold, mis-decoded text (mojibake) in any output, non-article pages
briefed. Gold is the page's gold files where they exist, else plain trafilatura's text
and the page's title file (or og:title).

``--tune FIELD=V1,V2,...`` (repeatable) scores a grid of ``CleanOptions`` values and
reports, per site, the figure with the values chosen on the *other* sites
(leave-one-site-out) beside the in-sample best: a threshold that helps only the site it
was fitted on shows as a gap between the two.

    python -m devtools.realpages                      # the table, default options
    python -m devtools.realpages --tune wrap_min_breaks=1,2 --tune title.NAME_PENALTY=0,0.5
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import itertools
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from devtools.wordscore import prf, words
from summarize.cleaning.clean import clean
from summarize.cleaning.metadata import strip_site
from summarize.cleaning.options import CleanOptions
from summarize.errors import NotAnArticle
from summarize.records import Article, Document

REALDATA = Path(__file__).resolve().parent.parent.parent / "shared" / "realdata"
MOJIBAKE = re.compile("Ã|Â|â€")
TITLE_RIGHT_F1 = 0.8  # realdata-score's threshold

# lynx refuses widths over 1024: its "unbounded" is its widest.
RENDERINGS: dict[str, list[str] | None] = {
    "html": None,
    "copy": None,
    "w3m-80": ["w3m", "-dump", "-cols", "80", "-T", "text/html", "-O", "UTF-8"],
    "w3m-200": ["w3m", "-dump", "-cols", "200", "-T", "text/html", "-O", "UTF-8"],
    "w3m-wide": ["w3m", "-dump", "-cols", "100000", "-T", "text/html", "-O", "UTF-8"],
    "lynx-80": ["lynx", "-dump", "-nolist", "-width", "80", "-display_charset=utf-8"],
    "lynx-200": ["lynx", "-dump", "-nolist", "-width", "200", "-display_charset=utf-8"],
    "lynx-wide": ["lynx", "-dump", "-nolist", "-width", "1024", "-display_charset=utf-8"],
}
WRAPPED = ("w3m-80", "w3m-200", "lynx-80", "lynx-200")
UNWRAPPED = ("copy", "w3m-wide", "lynx-wide")
_BLOCKS = frozenset(
    {
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
        "br", "tr", "table", "section", "article", "header", "footer", "nav", "aside",
        "blockquote", "figure", "figcaption", "pre", "form", "main", "hr", "title", "address",
    }
)  # fmt: skip
_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe"})


@dataclass
class Page:
    key: str
    site: str
    html: Path
    titles: list[str]
    body: str | None
    article: bool = True
    renders: dict[str, Path] = field(default_factory=dict)


def _site(html: str) -> str:
    """The registered domain of the page's canonical address (roma.repubblica.it ->
    repubblica.it): leave-one-site-out leaves a publisher out, not a subdomain."""
    found = re.search(
        r"""(?:rel=["']canonical["'][^>]*href|property=["']og:url["'][^>]*content)"""
        r"""=["'](https?://[^"']+)""",
        html,
    )
    host = urlsplit(found.group(1)).hostname if found else None
    return ".".join(host.split(".")[-2:]) if host else "unknown"


def declared_charset(head: bytes) -> str | None:
    found = re.search(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", head, re.I)
    return found.group(1).decode("ascii").lower() if found else None


def _decoded(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode(declared_charset(data[:8192]) or "cp1252", errors="replace")


def collect(root: Path = REALDATA) -> list[Page]:
    import trafilatura

    pages: list[Page] = []
    for folder in ("pages", "titles"):
        for html in sorted((root / folder).glob("*.html")):
            key = html.name.split(".")[0]
            text = _decoded(html)
            titles = [
                (root / folder / f"{key}.{n}.txt").read_text(encoding="utf-8").strip()
                for n in ("title", "alt")
                if (root / folder / f"{key}.{n}.txt").exists()
            ]
            gold = root / folder / f"{key}.gold.txt"
            extracted = trafilatura.bare_extraction(text, with_metadata=True)
            body = gold.read_text(encoding="utf-8") if gold.exists() else None
            if body is None and extracted is not None:
                body = extracted.text or ""
            if not titles and extracted is not None and extracted.title:
                full = extracted.title
                titles = [strip_site(full, [extracted.sitename or ""]), full.split(" | ")[0]]
            pages.append(Page(f"{folder}/{key}", _site(text), html, titles, body))
    manifest = root / "nonarticle" / "manifest.json"
    sites = (
        {m["id"]: m["site"] for m in json.loads(manifest.read_text())} if manifest.exists() else {}
    )
    for html in sorted((root / "nonarticle").glob("*/page.html")):
        key = html.parent.name
        pages.append(Page(f"nonarticle/{key}", sites.get(key, "unknown"), html, [], None, False))
    return pages


def browser_copy(html: str) -> str:
    """What selecting a page in a browser and copying gives: one block a line."""
    import lxml.html

    tree = lxml.html.fromstring(html.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    out: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = " ".join(" ".join(current).split())
        if line:
            out.append(line)
        current.clear()

    def walk(node: object) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""  # type: ignore[attr-defined]
        if tag in _SKIP:
            if node.tail:  # type: ignore[attr-defined]
                current.append(node.tail)  # type: ignore[attr-defined]
            return
        block = tag in _BLOCKS
        if block:
            flush()
        if node.text and tag:  # type: ignore[attr-defined]
            current.append(node.text)  # type: ignore[attr-defined]
        for child in node:  # type: ignore[attr-defined]
            walk(child)
        if block:
            flush()
        if node.tail:  # type: ignore[attr-defined]
            current.append(node.tail)  # type: ignore[attr-defined]

    body = tree.find(".//body")
    walk(body if body is not None else tree)
    flush()
    return "\n".join(out) + "\n"


def render(pages: Iterable[Page], cache: Path) -> None:
    """Every rendering of every page as a file under ``cache`` (content-addressed)."""
    for page in pages:
        data = page.html.read_bytes()
        digest = hashlib.sha1(data).hexdigest()[:16]
        charset = declared_charset(data[:8192])
        text = _decoded(page.html)
        for name, command in RENDERINGS.items():
            if command is not None and shutil.which(command[0]) is None:
                continue
            suffix = ".html" if name == "html" else ".txt"
            path = cache / f"{digest}.{name}{suffix}"
            page.renders[name] = path
            if path.exists():
                continue
            if name == "html":
                path.write_bytes(data)
            elif name == "copy":
                path.write_text(browser_copy(text), encoding="utf-8")
            else:
                assert command is not None
                args = list(command)
                if charset and command[0] == "w3m":
                    args += ["-I", charset]
                if charset and command[0] == "lynx":
                    args += [f"-assume_charset={charset}"]
                if command[0] == "lynx":
                    args += ["-force_html"]
                result = subprocess.run(
                    [*args, str(page.html)], capture_output=True, timeout=120, check=False
                )
                path.write_text(result.stdout.decode("utf-8", "replace"), encoding="utf-8")


@dataclass
class Score:
    page: str
    site: str
    render: str
    article: bool
    briefed: bool
    title_ok: bool
    p: float
    r: float
    f: float
    mojibake: bool
    title: str


def score(page: Page, name: str, opts: CleanOptions) -> Score:
    path = page.renders[name]
    kind = "html" if name == "html" else "text"
    doc = Document(
        page.key, path, path.read_text(encoding="utf-8", errors="replace"), kind, "utf-8"
    )  # type: ignore[arg-type]
    article: Article | None
    try:
        article = clean(doc, opts)
    except NotAnArticle:
        article = None
    title = article.title if article else ""
    text = "\n".join(article.body_lines()) if article else ""
    meta = " ".join(x or "" for x in (article.author, article.site)) if article else ""
    ok = any(prf(words(title), words(t))[2] >= TITLE_RIGHT_F1 for t in page.titles)
    p = r = f = 0.0
    if page.body is not None and page.titles:
        p, r, f = prf(words(title + "\n" + text), words(page.titles[0] + "\n" + page.body))
    bad = bool(MOJIBAKE.search(title + text + meta))
    return Score(
        page.key, page.site, name, page.article, article is not None, ok, p, r, f, bad, title
    )


def run_all(pages: list[Page], opts: CleanOptions, names: Iterable[str]) -> list[Score]:
    return [score(page, name, opts) for page in pages for name in names if name in page.renders]


def summary(scores: list[Score]) -> dict[str, float]:
    arts = [s for s in scores if s.article]
    bodies = [s for s in arts if s.p or s.r or s.briefed]
    return {
        "titles": sum(s.title_ok for s in arts) / max(1, len(arts)),
        "f1": sum(s.f for s in bodies) / max(1, len(bodies)),
        "n": len(arts),
    }


def report(scores: list[Score]) -> None:
    by_render: dict[str, list[Score]] = defaultdict(list)
    for s in scores:
        by_render[s.render].append(s)
    head = f"{'rendering':<10} {'titles right':>14} {'mean F1':>8} {'mojibake':>9}"
    print(f"{head} {'non-articles briefed':>21}")
    for name in RENDERINGS:
        group = by_render.get(name, [])
        if not group:
            continue
        arts = [s for s in group if s.article]
        nons = [s for s in group if not s.article]
        sm = summary(group)
        print(
            f"{name:<10} {sum(s.title_ok for s in arts):>4}/{len(arts):<4} ({sm['titles']:.0%})"
            f" {sm['f1']:>8.3f} {sum(s.mojibake for s in group):>9}"
            f" {sum(s.briefed for s in nons):>10}/{len(nons)}"
        )
    print("\nby site (all renderings): titles right, mean F1")
    by_site: dict[str, list[Score]] = defaultdict(list)
    for s in scores:
        if s.article:
            by_site[s.site].append(s)
    for site, group in sorted(by_site.items()):
        sm = summary(group)
        print(f"  {site:<22} {sm['titles']:.0%} of {len(group):<4} F1 {sm['f1']:.3f}")
    pairs = _wrap_gaps(scores)
    if pairs:
        worst = max(pairs, key=lambda x: x[1])
        mean = sum(g for _, g in pairs) / len(pairs)
        print(f"\nwrapped vs unwrapped (same browser): mean |F1 gap| {mean:.3f}", end="")
        print(f", worst {worst[1]:.3f} ({worst[0]})")
    misses = [s for s in scores if s.article and not s.title_ok]
    for s in misses:
        print(f"  title miss {s.page} {s.render}: {s.title[:70]!r}")


def _wrap_gaps(scores: list[Score]) -> list[tuple[str, float]]:
    """Per page and browser, the F1 gap between its wrapped and its unbounded dump."""
    f = {(s.page, s.render): s.f for s in scores if s.article}
    gaps = []
    for (page, name), value in f.items():
        if name in WRAPPED:
            wide = f.get((page, name.split("-")[0] + "-wide"))
            if wide is not None:
                gaps.append((f"{page} {name}", abs(value - wide)))
    return gaps


def _objective(scores: list[Score]) -> float:
    sm = summary(scores)
    return sm["titles"] + sm["f1"]


def _typed(base: CleanOptions, name: str, value: str) -> object:
    if "." in name:
        module, attr = name.rsplit(".", 1)
        current = getattr(importlib.import_module(f"summarize.cleaning.{module}"), attr)
        return type(current)(value)
    return type(getattr(base, name))(value)


def leave_one_site_out(pages: list[Page], grid: dict[str, list[str]], names: list[str]) -> None:
    """For each site: the grid point best on the other sites, scored on it; beside the
    grid point best on all sites (in-sample)."""
    base = CleanOptions()
    points = [dict(zip(grid, values, strict=True)) for values in itertools.product(*grid.values())]
    results = []
    for point in points:
        typed = {k: _typed(base, k, v) for k, v in point.items()}
        fields = {k: v for k, v in typed.items() if "." not in k}
        for name, value in typed.items():
            if "." in name:  # a module constant: "title.NAME_PENALTY"
                module, attr = name.rsplit(".", 1)
                setattr(importlib.import_module(f"summarize.cleaning.{module}"), attr, value)
        results.append((typed, run_all(pages, replace(base, **fields), names)))
        print(f"  {typed}: {summary(results[-1][1])}", file=sys.stderr)
    sites = sorted({p.site for p in pages if p.article})
    best_all = max(results, key=lambda r: _objective(r[1]))
    left_out: list[Score] = []
    print("\nleave-one-site-out: site, values chosen on the other sites, titles, F1 (in-sample)")
    for site in sites:
        chosen = max(results, key=lambda r: _objective([s for s in r[1] if s.site != site]))
        held = [s for s in chosen[1] if s.site == site]
        own = [s for s in best_all[1] if s.site == site]
        left_out += held
        sm, so = summary(held), summary(own)
        print(f"  {site:<22} {chosen[0]} titles {sm['titles']:.0%} F1 {sm['f1']:.3f}", end="")
        print(f" (in-sample {so['titles']:.0%}, {so['f1']:.3f})")
    sm, so = summary(left_out), summary(best_all[1])
    print(f"left-out overall: titles {sm['titles']:.1%} F1 {sm['f1']:.3f}")
    print(f"in-sample best {best_all[0]}: titles {so['titles']:.1%} F1 {so['f1']:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REALDATA)
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "brief-realpages"
    )
    parser.add_argument("--only", nargs="*", help="renderings to score (default: all)")
    parser.add_argument("--tune", action="append", default=[], help="FIELD=V1,V2,...")
    parser.add_argument("--json", type=Path, help="write every score here")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"realpages: {args.data} is absent (the development set)", file=sys.stderr)
        return 2
    args.cache.mkdir(parents=True, exist_ok=True)
    pages = collect(args.data)
    render(pages, args.cache)
    names = args.only or list(RENDERINGS)
    if args.tune:
        grid = {k: v.split(",") for k, v in (t.split("=", 1) for t in args.tune)}
        leave_one_site_out(pages, grid, names)
        return 0
    scores = run_all(pages, CleanOptions(), names)
    report(scores)
    if args.json:
        args.json.write_text(json.dumps([s.__dict__ for s in scores], ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
