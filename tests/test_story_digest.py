"""The digest organised by story: one entry per story with its outlets and one summary,
stories that continue across dated digests, and the root's Atom feed and index.

Real CLI runs on pages of several outlets (tests/story_pages.py) and on the real
multi-outlet stories of ../shared/realdata (skipped when absent); the feed is checked
against RFC 4287 and read back by feedparser; the page is opened in headless Chromium.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
import pytest
from browser import CHROMIUM, chromium
from lxml import etree
from story_pages import DAY_ONE, DAY_TWO, write_pages
from typer.testing import CliRunner

from summarize.briefing.story_summary import same_fact, story_summary, terms
from summarize.briefing.storyline import headline_of, outlet_of
from summarize.cli import app
from summarize.records import Article, Briefing, Mentions, Pair

REALDATA = Path(__file__).resolve().parent.parent.parent / "shared" / "realdata"
ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def brief(inputs: list[Path], out: str | Path, *extra: str) -> None:
    args = [*map(str, inputs), "--lang", "it", "--no-cache", "--out", str(out), *extra]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output


def story_of(data: dict, name: str) -> dict:  # type: ignore[type-arg]
    return next(s for s in data["stories"] if any(Path(x).name == name for x in s["sources"]))


@pytest.fixture(scope="module")
def one_day(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both days' pages in one run: the landslide from four outlets, two other stories."""
    base = tmp_path_factory.mktemp("stories")
    inbox = write_pages(base / "in", DAY_ONE + DAY_TWO)
    brief([inbox], base / "out")
    return base / "out"


@pytest.fixture(scope="module")
def two_days(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two dated runs into one tree (out/d1-YYYY, then out/d2-YYYY): the root."""
    base = tmp_path_factory.mktemp("dated")
    brief([write_pages(base / "in1", DAY_ONE)], base / "out" / "d1-%Y")
    brief([write_pages(base / "in2", DAY_TWO)], base / "out" / "d2-%Y")
    return base / "out"


def test_a_story_is_one_entry_with_its_outlets_summary_and_days(one_day: Path) -> None:
    data = json.loads((one_day / "digest.json").read_text())
    story = story_of(data, "frana-ansa.html")
    names = [o["name"] for o in story["outlets"]]
    assert {"ANSA", "Corriere della Sera", "Il Post"} <= set(names)
    titles = {a["source"]: a["title"]["it"] for a in data["articles"]}
    assert story["headline"]["it"] in {titles[s] for s in story["sources"]}
    for outlet in story["outlets"]:
        for article in outlet["articles"]:
            assert (one_day / article["briefing"]).is_file()
            assert (one_day / article["briefing_html"]).is_file()
    assert story["first_seen"] == "2024-10-02" and story["last_seen"] == "2024-10-03"
    # every fact once; where outlets disagree on figures both versions, each credited
    points = story["summary"]
    for a, b in itertools.combinations(points, 2):
        assert a["it"] != b["it"]
        if not (a["differs"] and b["differs"]):
            assert not same_fact(terms(a["it"]), terms(b["it"])), (a["it"], b["it"])
    rain = {o: p for p in points if "millimetri" in p["it"] for o in p["outlets"]}
    assert {"ANSA", "Il Post"} <= set(rain), points
    assert "200" in rain["ANSA"]["it"] and "250" in rain["Il Post"]["it"]
    assert all(p["differs"] and p["attributed"] for p in rain.values())
    assert any(p["attributed"] and len(p["outlets"]) == 1 for p in points if not p["differs"])


def test_stories_by_coverage_then_single_articles_and_every_article_once(one_day: Path) -> None:
    data = json.loads((one_day / "digest.json").read_text())
    sources = [s for story in data["stories"] for s in story["sources"]]
    assert sorted(sources) == sorted(a["source"] for a in data["articles"])
    sizes = [(len(s["outlets"]), len(s["sources"])) for s in data["stories"]]
    multi = [size for size in sizes if size[1] > 1]
    assert sizes[: len(multi)] == multi and multi == sorted(multi, reverse=True)
    assert all(size[1] == 1 for size in sizes[len(multi) :]) and len(multi) < len(sizes)


def test_markdown_and_html_show_what_the_json_says(one_day: Path) -> None:
    data = json.loads((one_day / "digest.json").read_text())
    story = story_of(data, "frana-ansa.html")
    md = (one_day / "digest.md").read_text()
    html = (one_day / "digest.html").read_text()
    outlets = ", ".join(o["name"] for o in story["outlets"])
    assert f"**Coperta da:** {outlets}" in md
    assert f'id="story-{story["id"]}"' in html
    for point in story["summary"]:
        assert point["it"][:60] in md
        assert point["it"][:60].replace("'", "&#39;") in html
    assert md.index("## Notizie") < md.index("## Anche in questa rassegna")
    single = data["stories"][-1]
    assert len(single["sources"]) == 1 and single["headline"]["it"] in md.split("## Anche")[1]


def _briefing(source: str, site: str, title: str, points: list[str]) -> Briefing:
    article = Article(source=source, title=title, site=site)
    pairs = [Pair(p) for p in points]
    return Briefing(
        source, Path(source).stem, "it", article, Pair(title), pairs, pairs[:1],
        Mentions([], [], []), words=100, reading_minutes=1,
    )  # fmt: skip


def test_the_summary_says_each_fact_once_and_credits_whose_it_is() -> None:
    wire = "Il treno regionale per Bergamo è deragliato alla stazione di Carnate senza feriti."
    a = _briefing("a.txt", "ANSA", "Deraglia un treno a Carnate", [
        wire,
        "Sul treno viaggiavano 120 pendolari diretti a Bergamo secondo Trenord.",
        "La linea resterà chiusa fino a stasera per i controlli dei tecnici di Rfi.",
    ])  # fmt: skip
    b = _briefing("b.txt", "Il Giorno", "Treno deragliato a Carnate, nessun ferito", [
        "Il treno regionale per Bergamo è deragliato nella stazione di Carnate, senza feriti.",
        "Sul treno viaggiavano 200 pendolari diretti a Bergamo secondo Trenord.",
        "Il sindaco di Carnate ha chiesto a Regione Lombardia di rinnovare i binari.",
    ])  # fmt: skip
    points = story_summary([(outlet_of(a), a), (outlet_of(b), b)])
    texts = [p.text.it for p in points]
    assert texts[0] == wire and points[0].outlets == ("ANSA", "Il Giorno")
    assert not points[0].attributed, "a fact every outlet gives needs no credit"
    assert sum("Carnate" in t and "deragliato" in t for t in texts) == 1
    counts = {p.outlets: p for p in points if "pendolari" in p.text.it}
    assert set(counts) == {("ANSA",), ("Il Giorno",)} and all(p.differs for p in counts.values())
    mayor = next(p for p in points if "sindaco" in p.text.it)
    assert mayor.attributed and mayor.outlets == ("Il Giorno",) and not mayor.differs


def test_the_headline_is_the_most_representative_title_not_the_longest() -> None:
    facts = ["Un incendio ha distrutto un capannone di rifiuti a Rho, alle porte di Milano."]
    central = _briefing("a.txt", "A", "Incendio in un capannone di rifiuti a Rho", facts)
    angle = "Il fumo nero visto da tutta la città, la paura dei residenti e le polemiche"
    long = _briefing("b.txt", "B", angle + " sui controlli mancati: cosa sappiamo", facts)
    short = _briefing("c.txt", "C", "Rho, incendio", facts)
    assert headline_of([long, short, central]) is central


def test_the_outlet_of_a_file_without_a_site_is_its_name_or_folder() -> None:
    def outlet(source: str, site: str | None = None, url: str | None = None) -> str:
        b = _briefing(source, "", "Titolo", ["Frase."])
        b.article.site, b.article.url = site, url
        return outlet_of(b)

    assert outlet("in/01_ansa.txt") == "ansa"
    assert outlet("seeds/000_bb1a5722cba1163e.txt") == "seeds"
    assert outlet("in/x.html", url="https://www.ilpost.it/2024/x/") == "ilpost.it"
    assert outlet("https://www.ansa.it/a.html", site="ANSA") == "ANSA"


def test_real_multi_outlet_stories_read_as_one_entry_each(tmp_path: Path) -> None:
    """Full-text stories of ANSA and Il Post: each story's summary never says a fact
    twice, credits single-outlet facts and names both outlets. Prints the table."""
    base = REALDATA / "stories"
    if not base.is_dir():
        pytest.skip(f"{base} is absent (the development set lives outside the repository)")
    inbox = tmp_path / "in"
    chosen = ["sep2024_istat_pil", "sep2024_maggie_smith", "sep2024_referendum_cittadinanza"]
    for story in chosen:
        shutil.copytree(base / story, inbox / story, ignore=shutil.ignore_patterns("*.md"))
    brief([inbox], tmp_path / "out")
    data = json.loads((tmp_path / "out" / "digest.json").read_text())
    print("\nstory | outlets | articles | points | credited")
    told = [s for s in data["stories"] if len(s["outlets"]) > 1]
    for s in told:
        points = s["summary"]
        credited = sum(p["attributed"] for p in points)
        names = ", ".join(o["name"] for o in s["outlets"])
        print(f"{Path(s['sources'][0]).parent.name} | {names} | {len(s['sources'])} | "
              f"{len(points)} | {credited}")  # fmt: skip
        assert {"ansa", "ilpost"} <= {o["name"] for o in s["outlets"]}
        assert 2 <= len(points) <= 6 + sum(p["differs"] for p in points)
        for a, b in itertools.combinations(points, 2):
            if not (a["differs"] and b["differs"]):
                assert not same_fact(terms(a["it"]), terms(b["it"]))
        assert any(p["attributed"] for p in points)
    assert len(told) >= 2, "the real stories are covered by two outlets each"


def test_a_story_continuing_from_an_earlier_digest_links_to_it(two_days: Path) -> None:
    (first,) = two_days.glob("d1-*")
    (second,) = two_days.glob("d2-*")
    before = story_of(json.loads((first / "digest.json").read_text()), "frana-ansa.html")
    today = json.loads((second / "digest.json").read_text())
    story = story_of(today, "frana-ilpost.html")
    assert story["id"] == before["id"], "the story keeps its id from day to day"
    continues = story["continues"]
    assert continues["folder"] == first.name and continues["first_seen"] == "2024-10-02"
    assert story["first_seen"] == "2024-10-02"
    link = continues["digest_html"]
    assert link == f"../{first.name}/digest.html#story-{before['id']}"
    target = (second / unquote(urlsplit(link).path)).resolve()
    assert target == (first / "digest.html").resolve() and target.is_file()
    assert f'id="story-{before["id"]}"' in target.read_text()
    assert (second / continues["digest"]).resolve() == (first / "digest.json").resolve()
    assert story_of(today, "maratona-venezia.html")["continues"] is None
    md = (second / "digest.md").read_text()
    assert f"(../{first.name}/digest.md)" in md and "↻" in md


def _check_atom(path: Path) -> etree._Element:
    """RFC 4287 as a reader needs it: well-formed, the Atom namespace, the required
    elements once, unique ids, RFC 3339 dates; and feedparser reads it cleanly."""
    feed = etree.parse(str(path)).getroot()
    assert feed.tag == f"{ATOM}feed"
    for parent in [feed, *feed.iterfind(f"{ATOM}entry")]:
        for tag in ("id", "title", "updated"):
            assert len(parent.findall(f"{ATOM}{tag}")) == 1, (parent.tag, tag)
        stamp = parent.findtext(f"{ATOM}updated") or ""
        assert RFC3339.match(stamp) and datetime.fromisoformat(stamp).tzinfo is not None
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None
    assert feed.find(f"{ATOM}link[@rel='self']") is not None
    entries = feed.findall(f"{ATOM}entry")
    ids = [e.findtext(f"{ATOM}id") for e in [feed, *entries]]
    assert len(set(ids)) == len(ids) and all(i and i.startswith("urn:uuid:") for i in ids)
    for e in entries:
        assert len(e.findall(f"{ATOM}content")) + len(e.findall(f"{ATOM}summary")) == 1
        assert e.find(f"{ATOM}link[@rel='alternate']") is not None
    parsed = feedparser.parse(path.read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert len(parsed.entries) == len(entries)
    return feed


def test_the_root_has_an_atom_feed_and_an_index_of_dated_digests(two_days: Path) -> None:
    feed = _check_atom(two_days / "digest.atom")
    entries = feed.findall(f"{ATOM}entry")
    hrefs = [e.find(f"{ATOM}link").get("href") for e in entries]  # type: ignore[union-attr]
    (first,) = two_days.glob("d1-*")
    (second,) = two_days.glob("d2-*")
    assert hrefs == [f"{second.name}/digest.html", f"{first.name}/digest.html"]
    assert all((two_days / h).is_file() for h in hrefs)
    content = entries[0].findtext(f"{ATOM}content") or ""
    assert "Notizia che continua" in content and f"{second.name}/briefings/" in content
    index = (two_days / "index.html").read_text()
    assert index.index(hrefs[0]) < index.index(hrefs[1]), "newest first"
    assert 'type="application/atom+xml" href="digest.atom"' in index


def test_a_rerun_replaces_its_entry_and_keeps_the_ids(tmp_path: Path) -> None:
    out = tmp_path / "out"
    brief([write_pages(tmp_path / "in", DAY_ONE[:2])], out)
    first = _check_atom(out / "digest.atom")
    write_pages(tmp_path / "in", DAY_TWO[:1])
    brief([tmp_path / "in"], out)
    again = _check_atom(out / "digest.atom")
    assert [e.findtext(f"{ATOM}id") for e in again.iter(f"{ATOM}entry")] == [
        e.findtext(f"{ATOM}id") for e in first.iter(f"{ATOM}entry")
    ]
    assert first.findtext(f"{ATOM}id") == again.findtext(f"{ATOM}id")
    (entry,) = again.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}link").get("href") == "digest.html"  # type: ignore[union-attr]
    assert "digest.html" in (out / "index.html").read_text()


def test_a_damaged_feed_is_started_anew(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "digest.atom").write_text("<feed><entry>cut off")
    brief([write_pages(tmp_path / "in", DAY_ONE[:1])], out)
    _check_atom(out / "digest.atom")


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium not installed (apt chromium)")
def test_the_story_digest_in_chromium(two_days: Path, tmp_path: Path) -> None:
    (second,) = two_days.glob("d2-*")
    with chromium() as page:
        for width, height in ((1280, 900), (390, 844)):
            page.open((second / "digest.html").as_uri(), width, height, mobile=width < 500)
            assert page.console_errors() == []
            shown = page.evaluate(
                """(() => {
                  const story = document.querySelector('article.story');
                  const link = story.querySelector('.continuing a[rel=prev]');
                  return {
                    outlets: [...story.querySelectorAll('.story-meta .outlet')]
                               .map(e => e.textContent),
                    summary: story.querySelector('.story-summary').offsetHeight,
                    link: link && link.href,
                    singles: document.querySelectorAll('.singles li').length,
                    overflow: document.documentElement.scrollWidth > window.innerWidth,
                  };
                })()"""
            )
            assert len(shown["outlets"]) >= 2 and shown["summary"] > 0
            assert shown["link"].endswith("/digest.html#story-" + shown["link"].split("-")[-1])
            assert Path(unquote(urlsplit(shown["link"]).path)).is_file()
            assert shown["singles"] >= 1 and not shown["overflow"]
        page.screenshot(tmp_path / "digest.png")
    index = two_days / "index.html"
    with chromium() as page:
        page.open(index.as_uri(), 1280, 900)
        assert page.console_errors() == []
        links = page.evaluate("[...document.querySelectorAll('ol.digests a')].map(a => a.href)")
        assert len(links) == 2 and all(Path(unquote(urlsplit(u).path)).is_file() for u in links)


def test_a_feed_that_cannot_be_written_leaves_the_digest_and_the_exit_code(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    (out / "digest.atom").mkdir(parents=True)  # a folder in the way
    brief([write_pages(tmp_path / "in", DAY_ONE[:1])], out)
    assert (out / "digest.json").is_file() and (out / "digest.atom").is_dir()
