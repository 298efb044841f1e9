"""The two seeds as Articles built by hand, independent of the cleaner, for the tests of
the stages after it (summary, mentions)."""

from __future__ import annotations

from pathlib import Path

from summarize.records import Article, Block

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _seed_lines(prefix: str) -> list[str]:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def seed_001() -> Article:
    """Almost clean: title, lede, a table of contents ("- ..."), headings and paragraphs."""
    lines = _seed_lines("001")
    blocks = []
    for line in lines[2:]:
        if line.startswith("- "):
            continue
        heading = line[-1] not in '.!?”»"' and len(line.split()) < 15
        blocks.append(Block("heading" if heading else "paragraph", line))
    return Article(source="001", title=lines[0], lede=lines[1], blocks=blocks)


def seed_000() -> Article:
    """A page dump: the article sits between the breadcrumb and the related links."""
    lines = _seed_lines("000")
    body = lines[lines.index("Home » Esteri") + 1 : lines.index("Ti potrebbe interessare")]
    body = [x for x in body if x != "Immagine di copertina" and not x.startswith("Credit:")]
    return Article(
        source="000",
        title=body[0],
        lede=body[1],
        blocks=[Block("paragraph", x) for x in body[2:]],
    )
