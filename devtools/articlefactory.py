"""Generate Italian news articles in bulk, for the scaling benchmark and the grouping tests.

Real prose is scarce here (two seeds, a few gold pages), so articles are assembled from
the sentences of ``tests/gold`` and named people, places and organisations drawn from
tables below. Articles come in stories, one to five articles each: the articles of a
story share its protagonists and a few of its sentences, as two reports of one event
do, while unrelated articles share only common vocabulary. The stories' articles are
spread through the corpus, as a day's folder of files would have them.

Deterministic: the same ``count`` and ``seed`` give the same articles, and the first
``n`` articles are the same whatever ``count`` is, so growth series compare like with
like.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

GOLD = Path(__file__).resolve().parents[1] / "tests" / "gold"

FIRST_NAMES = (
    "Marco", "Giulia", "Luca", "Francesca", "Alessandro", "Chiara", "Andrea", "Sara",
    "Matteo", "Valentina", "Lorenzo", "Elena", "Davide", "Martina", "Simone", "Federica",
    "Stefano", "Paola", "Roberto", "Silvia", "Giorgio", "Laura", "Paolo", "Anna",
    "Riccardo", "Claudia", "Fabio", "Elisa", "Massimo", "Irene", "Antonio", "Serena",
    "Giovanni", "Beatrice", "Francesco", "Alessia", "Emanuele", "Roberta", "Nicola", "Ilaria",
    "Daniele", "Giorgia", "Tommaso", "Cristina", "Filippo", "Monica", "Gabriele", "Barbara",
    "Vincenzo", "Manuela", "Salvatore", "Daniela", "Pietro", "Veronica", "Enrico", "Sofia",
)  # fmt: skip
SURNAMES = (
    "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
    "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa",
    "Giordano", "Rizzo", "Lombardi", "Moretti", "Barbieri", "Fontana", "Santoro",
    "Mariani", "Rinaldi", "Caruso", "Ferrara", "Galli", "Martini", "Leone", "Longo",
    "Gentile", "Martinelli", "Vitale", "Lombardo", "Serra", "Coppola", "De Santis",
    "D'Angelo", "Marchetti", "Parisi", "Villa", "Conte", "Ferraro", "Ferri", "Fabbri",
    "Bianco", "Marini", "Grasso", "Valentini", "Messina", "Sala", "De Angelis", "Gatti",
    "Pellegrini", "Palumbo", "Sanna", "Farina", "Rizzi", "Monti", "Cattaneo", "Morelli",
    "Amato", "Silvestri", "Mazza", "Testa", "Grassi", "Pellegrino", "Carbone", "Giuliani",
    "Benedetti", "Barone", "Rossetti", "Caputo", "Montanari", "Guerra", "Palmieri", "Bernardi",
    "Martino", "Fiore", "De Rosa", "Ferretti", "Bellini", "Basile", "Riva", "Donati",
    "Piras", "Vitali", "Battaglia", "Sartori", "Neri", "Costantini", "Milani", "Pagano",
)  # fmt: skip
PLACES = (
    "Torino",
    "Milano",
    "Genova",
    "Bologna",
    "Firenze",
    "Napoli",
    "Bari",
    "Palermo",
    "Catania",
    "Cagliari",
    "Verona",
    "Padova",
    "Trieste",
    "Venezia",
    "Perugia",
    "Ancona",
    "Pescara",
    "Trento",
    "Bolzano",
    "Brescia",
    "Bergamo",
    "Parma",
    "Modena",
    "Livorno",
    "Pisa",
    "Salerno",
    "Lecce",
    "Taranto",
    "Messina",
    "Sassari",
    "Udine",
    "Como",
    "Varese",
    "Monza",
    "Novara",
    "Alessandria",
    "Asti",
    "Cuneo",
    "Biella",
    "Vercelli",
    "Aosta",
    "Savona",
    "Imperia",
    "Sanremo",
    "Cremona",
    "Mantova",
    "Pavia",
    "Lodi",
    "Lecco",
    "Sondrio",
    "Vicenza",
    "Treviso",
    "Rovigo",
    "Belluno",
    "Pordenone",
    "Gorizia",
    "Ferrara",
    "Ravenna",
    "Rimini",
    "Forlì",
    "Cesena",
    "Piacenza",
    "Arezzo",
    "Siena",
    "Grosseto",
    "Lucca",
    "Pistoia",
    "Prato",
    "Massa",
    "Carrara",
    "Viareggio",
    "Terni",
    "Foligno",
    "Spoleto",
    "Urbino",
    "Pesaro",
    "Fano",
    "Macerata",
    "Fermo",
    "Ascoli",
    "Teramo",
    "Chieti",
    "Avezzano",
    "Sulmona",
    "Campobasso",
    "Isernia",
    "Caserta",
    "Benevento",
    "Avellino",
    "Potenza",
    "Matera",
    "Foggia",
    "Andria",
    "Barletta",
    "Trani",
    "Brindisi",
    "Altamura",
    "Cosenza",
    "Crotone",
    "Catanzaro",
    "Vibo",
    "Siracusa",
    "Ragusa",
    "Agrigento",
    "Trapani",
    "Marsala",
    "Enna",
    "Caltanissetta",
    "Olbia",
    "Nuoro",
    "Oristano",
    "Iglesias",
    "Frosinone",
    "Latina",
    "Rieti",
    "Viterbo",
    "Civitavecchia",
    "Tivoli",
    "Anzio",
)
ORGANISATIONS = (
    "Confindustria", "Coldiretti", "Legambiente", "Codacons", "Federmeccanica",
    "Unioncamere", "Confcommercio", "Assolombarda", "Slow Food", "Caritas",
    "Croce Rossa", "Protezione Civile", "Guardia di Finanza", "Agenzia delle Entrate",
    "Cisl", "Uil", "Cgil", "Anci", "Inps", "Inail", "Istat", "Enel", "Eni", "Poste Italiane",
    "Ferrovie dello Stato", "Trenitalia", "Anas", "Acea", "Hera", "Iren", "A2A", "Fincantieri",
    "Leonardo", "Telecom Italia", "Mediobanca", "Unicredit", "Intesa Sanpaolo", "Generali",
)  # fmt: skip
ROLES = ("assessore", "sindaco", "presidente", "direttore", "portavoce", "segretario")

# The gold pages whose sentences make the articles: named, so that a gold page added
# later does not change the corpus (benchmark figures stay comparable). The seeds' pages
# are left out: their names would recur all through.
POOL_PAGES = (
    "agency_wire_heat", "blog_local_council", "business_paper_budget", "city_news_transport",
    "culture_magazine_interview", "gossip_site_wedding", "heldout_ansa_agenzia",
    "heldout_blog_commenti", "heldout_locale_meteo", "heldout_magazine_gallery",
    "heldout_quotidiano_nazionale", "heldout_sport_partita", "liveblog_election_night",
    "national_daily_politics", "readlater_export_housing", "regional_paper_court",
    "regional_site_flood", "science_portal_glaciers", "sports_daily_football", "tv_news_flu",
    "weekly_magazine_pensions",
)  # fmt: skip

STORY_SENTENCES = 5
NOISE_SENTENCES = (4, 9)
ARTICLES_PER_STORY = (1, 5)


@dataclass(frozen=True)
class GeneratedArticle:
    name: str
    text: str
    story: int
    people: tuple[str, ...]
    place: str
    organisation: str


@cache
def sentence_pool() -> tuple[str, ...]:
    """The body sentences of the gold articles (titles and standfirsts left out)."""
    from summarize.language.segment import split_sentences

    pool: list[str] = []
    for name in POOL_PAGES:
        lines = (GOLD / f"{name}.gold.txt").read_text(encoding="utf-8").splitlines()[2:]
        pool.extend(s for line in lines for s in split_sentences(line) if len(s.split()) >= 6)
    return tuple(dict.fromkeys(pool))


def articles(count: int, seed: int = 10) -> list[GeneratedArticle]:
    """``count`` articles; see the module docstring."""
    made: list[GeneratedArticle] = []
    for article in _stream(seed):
        if len(made) == count:
            break
        made.append(article)
    return made


def write_articles(folder: Path, count: int, seed: int = 10) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for article in articles(count, seed):
        path = folder / article.name
        path.write_text(article.text, encoding="utf-8")
        paths.append(path)
    return paths


def _stream(seed: int) -> Iterator[GeneratedArticle]:
    """Stories open one after another; each open story gets its next article at random
    moments, so a story's articles lie some way apart."""
    rng = random.Random(seed)
    pool = sentence_pool()
    open_stories: list[tuple[int, _Story, int]] = []
    story_number = 0
    n = 0
    while True:
        if not open_stories or rng.random() < 0.45:
            story = _story(rng, pool)
            size = rng.randint(*ARTICLES_PER_STORY)
            open_stories.append((story_number, story, size))
            story_number += 1
        pick = rng.randrange(len(open_stories))
        number, story, left = open_stories[pick]
        text = _article(rng, pool, story)
        yield GeneratedArticle(
            f"{n:06d}_{number:05d}.txt", text, number, story.people, story.place, story.organisation
        )
        n += 1
        if left > 1:
            open_stories[pick] = (number, story, left - 1)
        else:
            open_stories.pop(pick)


@dataclass(frozen=True)
class _Story:
    people: tuple[str, ...]
    place: str
    organisation: str
    sentences: tuple[str, ...]


def _story(rng: random.Random, pool: tuple[str, ...]) -> _Story:
    people = tuple(
        f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}" for _ in range(rng.randint(1, 3))
    )
    return _Story(
        people,
        rng.choice(PLACES),
        rng.choice(ORGANISATIONS),
        tuple(_spliced(rng, pool) for _ in range(STORY_SENTENCES)),
    )


def _article(rng: random.Random, pool: tuple[str, ...], story: _Story) -> str:
    lead = story.people[0]
    title = f"{lead} a {story.place}: " + " ".join(story.sentences[0].split()[:8]).rstrip(",.;:")
    own = rng.sample(story.sentences, rng.randint(2, STORY_SENTENCES))
    # Unrelated reports share words, not whole sentences: each filler sentence is the
    # head of one pool sentence joined to the tail of another.
    noise = [_spliced(rng, pool) for _ in range(rng.randint(*NOISE_SENTENCES))]
    quotes = [
        f"Lo ha detto {person}, {rng.choice(ROLES)} di {story.organisation}, a {story.place}."
        for person in story.people
    ]
    sentences = own + noise + quotes
    rng.shuffle(sentences)
    paragraphs = [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]
    return "\n\n".join([title, *paragraphs]) + "\n"


def _spliced(rng: random.Random, pool: tuple[str, ...]) -> str:
    """Filler names nobody: the pool's few names (Roma, ANSA) would otherwise recur in
    one article in ten and tie unrelated stories together."""
    head, tail = (sentence.split() for sentence in rng.sample(pool, 2))
    words = head[: rng.randint(3, len(head) - 2)] + tail[rng.randint(2, len(tail) - 3) :]
    return " ".join([words[0], *(w.lower() for w in words[1:])])
