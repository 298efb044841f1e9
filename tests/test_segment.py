"""Italian sentence splitting: abbreviations, numbers, initials, quotes, ellipses, lines."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from summarize.language.segment import split_paragraphs, split_sentences

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

CASES: list[tuple[str, list[str]]] = [
    # abbreviations: titles
    (
        "Il sig. Rossi è arrivato in ritardo. Poi è andato via.",
        ["Il sig. Rossi è arrivato in ritardo.", "Poi è andato via."],
    ),
    (
        "La dott.ssa Bianchi e il prof. Verdi hanno firmato. Il Comune ha risposto.",
        ["La dott.ssa Bianchi e il prof. Verdi hanno firmato.", "Il Comune ha risposto."],
    ),
    (
        "La sig.ra Neri ha incontrato l'on. Gualtieri e l'avv. Conte. Non hanno parlato.",
        [
            "La sig.ra Neri ha incontrato l'on. Gualtieri e l'avv. Conte.",
            "Non hanno parlato.",
        ],
    ),
    (
        "Mons. Paglia e il gen. Figliuolo erano presenti. L'ing. Bianchi no.",
        ["Mons. Paglia e il gen. Figliuolo erano presenti.", "L'ing. Bianchi no."],
    ),
    ("Il Dott. Mario Rossi ha parlato a lungo.", ["Il Dott. Mario Rossi ha parlato a lungo."]),
    # abbreviations: references
    (
        "Lo prevede l'art. 3 del d.lgs. n. 50/2016. Cfr. Rossi 2003, pag. 12. Fine.",
        ["Lo prevede l'art. 3 del d.lgs. n. 50/2016.", "Cfr. Rossi 2003, pag. 12.", "Fine."],
    ),
    (
        "Ci sono voluti ca. 40 minuti, p.es. per il controllo. Poi si è ripartiti.",
        ["Ci sono voluti ca. 40 minuti, p.es. per il controllo.", "Poi si è ripartiti."],
    ),
    # abbreviations that may end the sentence
    (
        "Ha chiuso la Fiat S.p.A. ieri sera. La Alfa S.r.l. Il gruppo invece cresce.",
        ["Ha chiuso la Fiat S.p.A. ieri sera.", "La Alfa S.r.l.", "Il gruppo invece cresce."],
    ),
    (
        "Hanno portato pane, pasta, olio ecc. Il resto arriverà domani.",
        ["Hanno portato pane, pasta, olio ecc.", "Il resto arriverà domani."],
    ),
    (
        "Cesare morì nel 44 a.C. Il senato era diviso. Nel 44 a.C. Cesare fu ucciso.",
        ["Cesare morì nel 44 a.C.", "Il senato era diviso.", "Nel 44 a.C. Cesare fu ucciso."],
    ),
    # numbers, dates, times
    (
        "In piazza c'erano 3.000 persone, il 2,5% in più. Alle 21.00 era piena.",
        ["In piazza c'erano 3.000 persone, il 2,5% in più.", "Alle 21.00 era piena."],
    ),
    (
        "Il 15.03.2023 alle ore 9.30 è arrivata la nota. Era il 15 marzo 2023.",
        ["Il 15.03.2023 alle ore 9.30 è arrivata la nota.", "Era il 15 marzo 2023."],
    ),
    (
        "Si veda il paragrafo 1.2.3 del rapporto. Il testo è chiaro.",
        ["Si veda il paragrafo 1.2.3 del rapporto.", "Il testo è chiaro."],
    ),
    (
        "I morti sono stati 12. Altri 3 sono dispersi.",
        ["I morti sono stati 12.", "Altri 3 sono dispersi."],
    ),
    # initials
    (
        "J. F. Kennedy fu ucciso a Dallas nel 1963. G. Rossi lo ricorda ancora.",
        ["J. F. Kennedy fu ucciso a Dallas nel 1963.", "G. Rossi lo ricorda ancora."],
    ),
    (
        "Il Milan ha vinto la serie A. Il campionato è finito.",
        ["Il Milan ha vinto la serie A.", "Il campionato è finito."],
    ),
    (
        "Lo scrittore J.R.R. Tolkien nacque in Sudafrica.",
        ["Lo scrittore J.R.R. Tolkien nacque in Sudafrica."],
    ),
    # quotes
    (
        "«Non ci fermeremo», ha detto il ministro. «Andremo avanti.»",
        ["«Non ci fermeremo», ha detto il ministro.", "«Andremo avanti.»"],
    ),
    (
        "“Siamo pronti. Non ci fermeremo”, ha aggiunto Rossi. Poi è uscito.",
        ["“Siamo pronti. Non ci fermeremo”, ha aggiunto Rossi.", "Poi è uscito."],
    ),
    (
        "“Non rimarranno impunite.” Ha detto Peskov ai giornalisti. Poi è uscito.",
        ["“Non rimarranno impunite.” Ha detto Peskov ai giornalisti.", "Poi è uscito."],
    ),
    (
        'Ha gridato: "Basta!" Poi se n\'è andato.',
        ['Ha gridato: "Basta!"', "Poi se n'è andato."],
    ),
    (
        "Il Cremlino ha minacciato “conseguenze”. La Nato non ha risposto.",
        ["Il Cremlino ha minacciato “conseguenze”.", "La Nato non ha risposto."],
    ),
    (
        "«Chi pagherà?» si chiede il sindaco. Nessuno risponde.",
        ["«Chi pagherà?» si chiede il sindaco.", "Nessuno risponde."],
    ),
    # ellipses
    (
        "E poi... vedremo cosa succede. Ma... Rossi non c'era… Il giorno dopo sì.",
        ["E poi... vedremo cosa succede.", "Ma...", "Rossi non c'era…", "Il giorno dopo sì."],
    ),
    (
        "«Abbiamo deciso […] di restare» ha detto. Il voto è domani.",
        ["«Abbiamo deciso […] di restare» ha detto.", "Il voto è domani."],
    ),
    # ? and !
    (
        "Perché? Non lo so! Davvero?! Sì, davvero.",
        ["Perché?", "Non lo so!", "Davvero?!", "Sì, davvero."],
    ),
    # line breaks: headings, list items, hard-wrapped prose
    (
        "Cosa è cambiato dopo la chiamata\nLa chiamata non ha risolto nulla. Fino a oggi.",
        ["Cosa è cambiato dopo la chiamata", "La chiamata non ha risolto nulla.", "Fino a oggi."],
    ),
    (
        "- Di cosa hanno parlato\n- Cosa è cambiato\n\nIl testo comincia qui.",
        ["- Di cosa hanno parlato", "- Cosa è cambiato", "Il testo comincia qui."],
    ),
    (
        "Il ministro della Difesa ha detto che\nla situazione resta grave. Il vertice è domani.",
        [
            "Il ministro della Difesa ha detto che la situazione resta grave.",
            "Il vertice è domani.",
        ],
    ),
    (
        "Il segretario della Difesa statunitense Lloyd\n"
        "Austin ha parlato telefonicamente con il collega\n"
        "russo Sergey Shoigu, chiedendo un rapido cessate\n"
        "il fuoco. La conversazione è durata un'ora.",
        [
            "Il segretario della Difesa statunitense Lloyd Austin ha parlato telefonicamente "
            "con il collega russo Sergey Shoigu, chiedendo un rapido cessate il fuoco.",
            "La conversazione è durata un'ora.",
        ],
    ),
    # from the seeds
    (
        "Il presidente russo ha minacciato altri Paesi. Tra tutti la Finlandia, “colpevole” "
        "di voler entrare nella Nato, che potrebbe rischiare un’invasione. Ma a quel punto "
        "tutto il mondo entrerebbe in guerra.",
        [
            "Il presidente russo ha minacciato altri Paesi.",
            "Tra tutti la Finlandia, “colpevole” di voler entrare nella Nato, che potrebbe "
            "rischiare un’invasione.",
            "Ma a quel punto tutto il mondo entrerebbe in guerra.",
        ],
    ),
    (
        "“L’ultima volta che il segretario Austin ha parlato con la sua controparte russa, "
        "l’allora ministro della Difesa russo Sergei Shoigu”, ha precisato ieri in conferenza "
        "stampa il generale Ryder, “ era il 15 marzo 2023”.",
        [
            "“L’ultima volta che il segretario Austin ha parlato con la sua controparte russa, "
            "l’allora ministro della Difesa russo Sergei Shoigu”, ha precisato ieri in "
            "conferenza stampa il generale Ryder, “ era il 15 marzo 2023”."
        ],
    ),
    (
        "I due non si sentono dall’11 febbraio.",
        ["I due non si sentono dall’11 febbraio."],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "\n\n \n"])
def test_blank_text_has_no_sentences(text: str) -> None:
    assert split_sentences(text) == []


def test_text_without_final_punctuation_is_one_sentence() -> None:
    assert split_sentences("  Washington e Mosca rompono il silenzio  ") == [
        "Washington e Mosca rompono il silenzio"
    ]


def _seed_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    assert texts
    return texts


@pytest.mark.parametrize("index", [0, 1])
def test_seed_text_is_split_without_losing_words(index: int) -> None:
    text = _seed_texts()[index]
    sentences = split_sentences(text)
    assert " ".join(sentences).split() == text.split()
    assert all(s and s == s.strip() for s in sentences)
    assert len(sentences) > 20


def test_no_word_is_lost_on_shuffled_seed_lines() -> None:
    """Lines of the seeds recombined at random, with random breaks: the words survive."""
    lines = [line for text in _seed_texts() for line in text.splitlines()]
    rng = random.Random(7)
    for _ in range(200):
        picked = rng.sample(lines, 6)
        text = "".join(line + rng.choice(["\n", "\n\n", " ", "  \n"]) for line in picked)
        sentences = split_sentences(text)
        assert " ".join(sentences).split() == text.split()
        assert all(s.strip() == s and s for s in sentences)


def test_seed_paragraph_sentences() -> None:
    paragraph = next(
        line
        for line in _seed_texts()[1].splitlines()
        if line.startswith("La linea di deconfliction")
    )
    assert split_sentences(paragraph) == [
        "La linea di deconfliction è stata testata due volte al giorno dalla sua creazione, "
        "tuttavia non ci sono mai state comunicazione tra gli eserciti dei due Paesi.",
        "Fino a oggi.",
    ]


def test_split_paragraphs_keeps_one_list_per_line() -> None:
    lines = ["Primo. Secondo.", "", "Terzo senza punto"]
    assert split_paragraphs(lines) == [["Primo.", "Secondo."], [], ["Terzo senza punto"]]


# --- linear cost ------------------------------------------------------------------

_HUGE_INPUTS = """
import sys
from pathlib import Path
from summarize.language.segment import split_sentences

seed = Path(sys.argv[1]).read_text(encoding="utf-8").replace("\\n", " ")
line = (seed * (5_000_000 // len(seed) + 1))[:5_000_000]
texts = {
    "5 MB line of prose": line,
    "2 MB of dots": "." * 2_000_000,
    "unclosed quotes": "«a " * 500_000,
    "closed quotes": '"a. B ' * 300_000,
    "one word": "a.b" * 600_000,
    "a line wrapped 200,000 times": "Il governo,\\nha detto\\n" * 100_000,
}
for name, text in texts.items():
    sentences = split_sentences(text)
    assert " ".join(sentences).split() == text.split(), name
print(len(split_sentences(line)))
"""


def test_huge_paragraphs_split_in_linear_time() -> None:
    """A 4.9 MB line took 207 s when each candidate boundary copied the rest of the
    paragraph; linear, all these take a few seconds. A subprocess with a timeout, so a
    regression fails instead of hanging."""
    import subprocess
    import sys

    seed = sorted(SEEDS.glob("*.txt"))[0]
    done = subprocess.run(
        [sys.executable, "-c", _HUGE_INPUTS, str(seed)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 10_000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the word before a candidate is found across blanks: "sig ." is "sig."
        ("Lo ha detto il sig . Rossi arriva.", ["Lo ha detto il sig . Rossi arriva."]),
        ("Lo ha detto Rossi . Bianchi arriva.", ["Lo ha detto Rossi .", "Bianchi arriva."]),
        # a run of marks is one candidate
        ("Davvero?!... Sì.", ["Davvero?!...", "Sì."]),
        # a quote continued by speech is kept whole, the next one splits
        (
            "«Siamo pronti. Non ci fermeremo», ha detto. «Basta.» Poi è uscito.",
            ["«Siamo pronti. Non ci fermeremo», ha detto.", "«Basta.»", "Poi è uscito."],
        ),
        # an unclosed quote does not hide the boundaries after it
        (
            "«Siamo pronti. Non ci fermeremo. Poi basta.",
            ["«Siamo pronti.", "Non ci fermeremo.", "Poi basta."],
        ),
    ],
)
def test_boundaries_read_from_the_neighbouring_words(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected
