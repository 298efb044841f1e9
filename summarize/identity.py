"""What the run state knows an article by, and how a stored article is written.

A file is known by the hash of its cleaned text. A page from the web is known by its
address: the one it was fetched from (tracking parameters removed, after redirects), or
the canonical address it declares for itself. That claim is the page's own word, so it
is believed only when it names the page's own address or is borne out by the text: the
article known at the claimed address reads the same (a near-duplicate). Believed
unchecked, a page could claim another article's address and hide it (that one would
count as seen and never be fetched) and be shown as coming from a site it is not on.
A page whose text is exactly a known article's is known whatever its address (the state
looks texts up too), so an exact copy needs no claim at all.

A claim that cannot be checked yet (nothing is known at the claimed address) is kept as
the claimer's word: when a page later arrives at that address, it is the claimer's
article if it reads the same (``claimed_by``), and a different article otherwise. The
claim never stands in for a fetch: the page at the address is always read and compared.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from summarize.briefing.duplicates import near_duplicate_groups
from summarize.inputs.feeds import normalize_url
from summarize.records import Article, Block, Dropped

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Fetched:
    """A web article's addresses, normalised: asked for, arrived at after redirects, and
    the one the page claims (its own when it claims none)."""

    requested: str
    final: str
    claimed: str

    @property
    def own(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(u for u in (self.requested, self.final) if u))


@dataclass(frozen=True)
class WebIdentity:
    """The address the state knows a web article by, and every address leading to it
    (a link to any of them is not fetched again)."""

    url: str
    aliases: tuple[str, ...]


def web_identity(
    fetched: Fetched, article: Article, stored_at: Callable[[str], Article | None]
) -> WebIdentity:
    """The claimed address when it is the page's own or ``stored_at`` finds a
    near-duplicate of ``article`` there; else the address the page came from."""
    claimed, own = fetched.claimed, fetched.own
    if not claimed or claimed in own:
        return WebIdentity(claimed or fetched.final, own)
    known = stored_at(claimed)
    if known is not None and len(near_duplicate_groups([known, article])) == 1:
        log.info("%s: the same article as %s, which it names as its address", own[0], claimed)
        return WebIdentity(claimed, (*own, claimed))
    log.debug("%s: canonical address %s not borne out by the text; not used", own[0], claimed)
    return WebIdentity(fetched.final, own)


def unchecked_claim(fetched: Fetched, identity: WebIdentity) -> str | None:
    """The address a page named as its own and was not believed about (nothing known
    there yet, or a different article), to compare with whatever later arrives there."""
    claimed = fetched.claimed
    return (
        claimed if claimed and claimed != identity.url and claimed not in identity.aliases else None
    )


def claimed_by(
    identity: WebIdentity, article: Article, claimer_at: Callable[[str], tuple[str, Article] | None]
) -> str | None:
    """The identity of an earlier page that named one of this page's addresses as its own
    (``claimer_at``) and reads the same as ``article``; None when there is none, or when
    the text differs (then this page is a different article, whatever was claimed)."""
    for url in dict.fromkeys((identity.url, *identity.aliases)):
        found = claimer_at(url)
        if found is None:
            continue
        claimer, known = found
        if len(near_duplicate_groups([known, article])) == 1:
            log.info(
                "%s: the same article as %s, which named this address as its own", url, known.source
            )
            return claimer
        log.debug("%s: named as its address by %s, but a different article", url, known.source)
    return None


def show_as(article: Article, fetched: Fetched, identity: WebIdentity) -> None:
    """Give a web article the address it is known by (in the page's own spelling when it
    is that one), never a claim that was not believed; a site name read off such a claim
    (trafilatura names a page's site by its canonical host when its markup names none)
    is read off the page's own address instead."""
    if not (article.url and normalize_url(article.url) == identity.url):
        article.url = identity.url
    if identity.url != fetched.claimed and article.site == _domain(fetched.claimed):
        article.site = _domain(identity.url)


def _domain(url: str) -> str:
    return urlsplit(url).netloc.lower().removeprefix("www.")


def text_hash(article: Article) -> str:
    """The identity of a text: its cleaned lines, whitespace-normalised, hashed."""
    text = "\n".join(" ".join(line.split()) for line in article.kept_lines())
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_to_json(article: Article) -> str:
    return json.dumps(dataclasses.asdict(article), ensure_ascii=False)


def article_from_json(text: str) -> Article:
    data = json.loads(text)
    known = {f.name for f in dataclasses.fields(Article)}
    data = {k: v for k, v in data.items() if k in known}
    data["blocks"] = [Block(**b) for b in data.get("blocks", [])]
    data["dropped"] = [Dropped(**d) for d in data.get("dropped", [])]
    return Article(**data)
