"""People, places and organisations: found on the seeds, and no false people."""

from __future__ import annotations

import pytest
from seed_articles import seed_000, seed_001

from summarize.language.entities import mentions
from summarize.records import Article, Mentions


def _of(text: str) -> Mentions:
    return mentions(Article(source="x", title="Notizie", lede=text))


def test_seed_000_people_places_organisations() -> None:
    m = mentions(seed_000())
    assert {"Lloyd Austin", "Andrei Belousov", "Vladimir Putin"} <= set(m.people)
    assert {"Pat Ryder", "Dmitri Peskov", "Lynne Tracy", "Sergei Shoigu"} <= set(m.people)
    assert {"Ucraina", "Russia", "Mosca", "Washington", "Kiev", "Crimea"} <= set(m.places)
    assert {"Pentagono", "Cremlino", "Nato", "Casa Bianca"} <= set(m.organisations)
    # Austin is named five times, alone or in full; nobody else as often
    assert m.people[0] == "Lloyd Austin"
    assert m.roles["Andrei Belousov"] == "ministro della Difesa russo"
    assert m.roles["Dmitri Peskov"] == "portavoce del Cremlino"


def test_seed_001_people_places_organisations() -> None:
    m = mentions(seed_001())
    assert {"Lloyd Austin", "Sergey Shoigu", "Vladimir Putin"} <= set(m.people)
    assert {"John Kirby", "Mark Milley", "Valery Gerasimov"} <= set(m.people)
    assert {"Ucraina", "Russia", "Mosca", "Washington", "Siria", "Polonia"} <= set(m.places)
    assert {"Pentagono", "Cremlino", "Nato"} <= set(m.organisations)
    assert m.roles["Mark Milley"] == "capo dello Stato maggiore congiunto"


@pytest.mark.parametrize("build", [seed_000, seed_001])
def test_seed_lists_are_clean(build: object) -> None:
    m = mentions(build())  # type: ignore[operator]
    people = set(m.people)
    # surnames merge into full names; no place, institution or heading word is a person
    assert not people & {"Austin", "Belousov", "Ryder", "Shoigu"}
    assert not people & (set(m.places) | set(m.organisations))
    for name in m.people:
        assert 2 <= len(name.split()) <= 3, name
        assert not {"Difesa", "Stato", "Stati", "Uniti", "Paesi", "Casa"} & set(name.split())
    for lst in (m.people, m.places, m.organisations):
        assert len(lst) == len(set(lst))
    # "Usa" and "Stati Uniti" are one place
    assert "Usa" not in m.places and "Stati Uniti" in m.places


def test_ranked_by_frequency_then_first_mention() -> None:
    m = _of(
        "A Berlino il cancelliere Olaf Scholz ha ricevuto Emmanuel Macron. "
        "Macron ha poi raggiunto Parigi, mentre Scholz è rimasto a Berlino. "
        "Il giorno dopo Macron era a Roma."
    )
    assert m.people == ["Emmanuel Macron", "Olaf Scholz"]
    assert m.places == ["Berlino", "Parigi", "Roma"]
    assert m.roles == {"Olaf Scholz": "cancelliere"}


def test_a_surname_after_a_role_is_a_person() -> None:
    m = _of("Lo ha confermato il presidente Mattarella al termine dell'incontro.")
    assert m.people == ["Mattarella"]
    assert m.roles == {"Mattarella": "presidente"}


def test_role_cues_find_names_with_unknown_first_names() -> None:
    m = _of(
        "Il ministro degli Esteri Tarquinio Brambilla ha incontrato l'ambasciatrice "
        "statunitense Lynne Tracy e il presidente della Repubblica Sergio Mattarella."
    )
    assert m.people == ["Tarquinio Brambilla", "Lynne Tracy", "Sergio Mattarella"]
    assert m.roles["Tarquinio Brambilla"] == "ministro degli Esteri"


@pytest.mark.parametrize(
    "text",
    [
        "Secondo il New York Times, la Banca centrale europea alzerà i tassi a giugno.",
        "Il Consiglio di Stato ha respinto il ricorso presentato dalla Regione Lazio.",
        "Esteri / Global Sumud Flotilla: una nuova spedizione salperà per Gaza a marzo.",
        "Nato a Roma nel 1950, ha vissuto a lungo a Milano.",
        "Alcuni attacchi aerei hanno colpito il confine. Similmente a quanto avviene altrove.",
        "Il capo della Protezione civile ha parlato con il Governo e con la Difesa.",
        "Lunedì e Martedì la Camera dei deputati discuterà la legge di Bilancio.",
    ],
)
def test_no_false_people(text: str) -> None:
    assert _of(text).people == []


def test_places_and_organisations_from_the_gazetteer() -> None:
    m = _of(
        "Il Cremlino e la Casa bianca hanno discusso a Ginevra; la Ue e l'Unione europea "
        "sono la stessa cosa, e l'Onu ha convocato il Consiglio di sicurezza sulla Striscia "
        "di Gaza e sul Medio Oriente."
    )
    # "Ue" and "Unione europea" are one organisation named twice, so it comes first
    assert m.organisations == [
        "Unione europea",
        "Cremlino",
        "Casa Bianca",
        "Onu",
        "Consiglio di sicurezza dell'Onu",
    ]
    assert m.places == ["Ginevra", "Gaza", "Medio Oriente"]
    assert m.people == []


def test_sentence_start_capital_counts_only_when_the_name_recurs() -> None:
    m = _of("Tajani invece è rimasto a Roma. Ieri il ministro Antonio Tajani ha parlato.")
    assert m.people == ["Antonio Tajani"]
    assert _of("Tajani invece è rimasto a Roma.").people == []


def test_empty_article() -> None:
    m = mentions(Article(source="x", title=""))
    assert m == Mentions(people=[], places=[], organisations=[])
