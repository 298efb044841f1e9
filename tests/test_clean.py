"""Unit tests of the cleaning stage and of language detection, on real files."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarize.cleaning.clean import CleanOptions, clean, normalize_text
from summarize.errors import InputError, NotAnArticle
from summarize.language.detect import detect_language
from summarize.records import Article, Document, Dropped

ROOT = Path(__file__).resolve().parent.parent
SEED_TPI = ROOT / "seeds" / "000_bb1a5722cba1163e.txt"
SEED_TOC = ROOT / "seeds" / "001_bd3492a82530cc41.txt"
GOLD = Path(__file__).resolve().parent / "gold"

PARAGRAPHS = [
    "Il consiglio comunale ha approvato ieri sera il nuovo piano del traffico, che entrerà "
    "in vigore dal primo settembre e cambierà la circolazione in tutto il centro storico.",
    "Secondo l'assessore alla Mobilità, le nuove zone pedonali ridurranno lo smog di un "
    "quinto nei prossimi due anni, mentre i commercianti temono un calo dei clienti.",
    "Le opposizioni hanno votato contro e chiedono un referendum cittadino, sostenendo che "
    "i residenti non sono stati ascoltati durante la preparazione del piano.",
]


def _document(path: Path) -> Document:
    kind = "html" if path.suffix in {".html", ".htm"} else "text"
    return Document(
        source=str(path), path=path, text=path.read_text("utf-8"), kind=kind, encoding="utf-8"
    )


def _write(tmp_path: Path, name: str, text: str, newline: str = "\n") -> Path:
    path = tmp_path / name
    with open(path, "w", encoding="utf-8", newline=newline) as handle:
        handle.write(text)
    return path


def _reasons(article: Article, line: str) -> list[str]:
    return [d.reason for d in article.dropped if d.line == line]


@pytest.fixture(scope="module")
def tpi() -> Article:
    return clean(_document(SEED_TPI))


@pytest.fixture(scope="module")
def toc() -> Article:
    return clean(_document(SEED_TOC))


# --- the seeds -----------------------------------------------------------------------


def test_breadcrumb_dropped(tpi: Article) -> None:
    assert _reasons(tpi, "Home » Esteri") == ["breadcrumb or menu"]
    assert all("Home" not in line for line in tpi.kept_lines())


def test_title_and_lede_found(tpi: Article, toc: Article) -> None:
    assert (
        tpi.title == "Guerra in Ucraina: primi contatti ufficiali tra Usa e Russia da oltre un anno"
    )
    assert tpi.lede is not None and tpi.lede.startswith("I ministri della Difesa di Mosca")
    assert toc.title.startswith("Prima chiamata tra Usa e Russia")
    assert toc.lede is not None and toc.lede.startswith("Washington e Mosca rompono il silenzio")


def test_app_banner_author_photos_and_credit_dropped(tpi: Article) -> None:
    kept = "\n".join(tpi.kept_lines())
    for furniture in ("Installa", "Immagine autore", "Mentana", "Credit:", "Immagine di copertina"):
        assert furniture not in kept
    assert _reasons(tpi, "Credit: Council Gov Ru / AGF") == ["image credit or photo caption"]


def test_repeated_related_block_dropped(tpi: Article) -> None:
    cue = _reasons(tpi, "Ti potrebbe interessare")
    assert len(cue) == 2
    repeated = [d for d in tpi.dropped if d.line.startswith("Esteri / Iran-Usa")]
    assert len(repeated) == 2
    assert all(d.reason == "link list" for d in repeated)
    assert not any(line.startswith("Esteri /") for line in tpi.kept_lines())
    assert tpi.blocks[-1].text.startswith("In questo contesto, la telefonata di ieri")


def test_table_of_contents_dropped_and_headings_kept_in_order(toc: Article) -> None:
    headings = [b.text for b in toc.blocks if b.kind == "heading"]
    assert headings == [
        "Di cosa hanno parlato i ministri della Difesa di Usa e Russia",
        "C’è una linea telefonica speciale tra Mosca e il Pentagono",
        "Cosa è cambiato dopo la chiamata per il cessate il fuoco",
    ]
    toc_lines = [d for d in toc.dropped if d.line.startswith("- ")]
    assert len(toc_lines) == 3
    assert {d.reason for d in toc_lines} == {"repeats a heading (table of contents)"}
    # Each heading is followed by its paragraphs, not by another heading.
    kinds = [b.kind for b in toc.blocks]
    assert "heading" not in {kinds[i + 1] for i, k in enumerate(kinds[:-1]) if k == "heading"}


def test_every_line_is_kept_or_explained(tpi: Article, toc: Article) -> None:
    for path, article in ((SEED_TPI, tpi), (SEED_TOC, toc)):
        lines = [line for line in path.read_text("utf-8").splitlines() if line.strip()]
        assert len(article.kept_lines()) + len(article.dropped) == len(lines)
        assert all(isinstance(d, Dropped) and d.reason for d in article.dropped)
        assert not any(d.line == "" for d in article.dropped)


# --- synthetic dumps ----------------------------------------------------------------


def _dump(*, byline: str = "di Mario Rossi", date: str = "12 marzo 2024") -> str:
    return "\n".join(
        [
            "Home",
            "Cronaca",
            "Politica",
            "Accedi",
            "Cronaca » Città",
            "Piano del traffico, via libera in consiglio: zone pedonali dal primo settembre",
            byline,
            date,
            "Condividi",
            "Facebook",
            PARAGRAPHS[0],
            "Leggi anche: Parcheggi, le nuove tariffe in vigore da lunedì",
            PARAGRAPHS[1],
            "Il sindaco in conferenza stampa a Palazzo civico (Foto Ansa)",
            PARAGRAPHS[2],
            "Tag: traffico, mobilità, centro storico",
            "© Riproduzione riservata",
            "Iscriviti alla nostra newsletter per ricevere ogni mattina le notizie della città.",
            "Questo sito utilizza cookie tecnici e di profilazione: accetta o rifiuta.",
        ]
    )


def test_metadata_recorded_and_dropped_from_the_body(tmp_path: Path) -> None:
    article = clean(_document(_write(tmp_path, "a.txt", _dump())))
    assert article.author == "Mario Rossi"
    assert article.date == "2024-03-12"
    assert _reasons(article, "di Mario Rossi") == ["byline (Mario Rossi)"]
    assert _reasons(article, "12 marzo 2024") == ["date line (2024-03-12)"]
    assert [b.text for b in article.blocks] == PARAGRAPHS


def test_metadata_variants(tmp_path: Path) -> None:
    text = _dump(
        byline="A cura di Giulia Neri e Paolo Sala", date="Pubblicato il 05/11/2023 ore 10:30"
    )
    article = clean(_document(_write(tmp_path, "b.txt", text)))
    assert article.author == "Giulia Neri e Paolo Sala"
    assert article.date == "2023-11-05"
    combined = _dump(byline="Di Anna Bini · 3 aprile 2024 · 18:40", date="")
    article = clean(_document(_write(tmp_path, "c.txt", combined)))
    assert (article.author, article.date) == ("Anna Bini", "2024-04-03")


def test_site_from_copyright_line(tmp_path: Path) -> None:
    text = _dump() + "\nCopyright © 2024 Gazzetta di Provincia S.r.l. Tutti i diritti riservati"
    article = clean(_document(_write(tmp_path, "d.txt", text)))
    assert article.site == "Gazzetta di Provincia"


def test_furniture_inside_and_around_the_body_explained(tmp_path: Path) -> None:
    article = clean(_document(_write(tmp_path, "e.txt", _dump())))
    kept = "\n".join(article.kept_lines())
    expected = {
        "Leggi anche: Parcheggi, le nuove tariffe in vigore da lunedì": "related-articles link",
        "Il sindaco in conferenza stampa a Palazzo civico (Foto Ansa)": (
            "image credit or photo caption"
        ),
        "Tag: traffico, mobilità, centro storico": "tag list",
        "© Riproduzione riservata": "copyright or legal footer",
        "Condividi": "share buttons",
        "Cronaca » Città": "breadcrumb or menu",
        "Questo sito utilizza cookie tecnici e di profilazione: accetta o rifiuta.": (
            "cookie notice"
        ),
    }
    for line, reason in expected.items():
        assert _reasons(article, line) == [reason]
        assert line not in kept
    newsletter = [d for d in article.dropped if d.line.startswith("Iscriviti")]
    assert [d.reason for d in newsletter] == ["newsletter or subscription prompt"]


def test_duplicate_paragraph_dropped(tmp_path: Path) -> None:
    text = "\n".join(["Un titolo qualsiasi per il consiglio comunale", *PARAGRAPHS, PARAGRAPHS[1]])
    article = clean(_document(_write(tmp_path, "f.txt", text)))
    assert [b.text for b in article.blocks] == PARAGRAPHS
    assert _reasons(article, PARAGRAPHS[1]) == ["duplicate block"]


def test_heading_needs_prose_after_it(tmp_path: Path) -> None:
    text = "\n".join(
        [
            "Piano del traffico approvato in consiglio comunale",
            PARAGRAPHS[0],
            "Le reazioni in città",
            PARAGRAPHS[1],
            PARAGRAPHS[2],
            "Guarda il video",
            "Altre notizie dalla provincia",
        ]
    )
    article = clean(_document(_write(tmp_path, "g.txt", text)))
    assert [b.kind for b in article.blocks] == ["paragraph", "heading", "paragraph", "paragraph"]
    assert article.blocks[1].text == "Le reazioni in città"
    assert "Altre notizie dalla provincia" not in article.kept_lines()


def test_long_unpunctuated_first_paragraph_is_the_lede(tmp_path: Path) -> None:
    standfirst = (
        "Dal primo settembre zone pedonali in tutto il centro storico e nuove corsie per gli "
        "autobus lungo i viali mentre il consiglio comunale discute le richieste dei "
        "commercianti che temono di perdere clienti nei mesi invernali e chiedono più "
        "parcheggi vicino alle mura"
    )
    text = "\n".join(["Piano del traffico approvato in consiglio", standfirst, *PARAGRAPHS])
    article = clean(_document(_write(tmp_path, "lede.txt", text)))
    assert article.lede == standfirst
    assert [b.text for b in article.blocks] == PARAGRAPHS


def test_comment_thread_not_glued_to_the_article() -> None:
    article = clean(_document(GOLD / "blog_local_council.txt"))
    kept = "\n".join(article.kept_lines())
    assert "Finalmente qualcuno si ricorda della biblioteca" not in kept
    assert article.author is None  # comment authors are not the article's author
    assert article.date == "2024-03-03"


# --- errors -------------------------------------------------------------------------


def test_boilerplate_only_file_is_not_an_article(tmp_path: Path) -> None:
    text = "\n".join(
        [
            "Home",
            "Cronaca",
            "Accedi",
            "Questo sito utilizza cookie per migliorare la navigazione.",
            "Iscriviti alla newsletter",
            "Chi siamo",
            "© 2024 Sito Esempio srl - P.IVA 01234567890",
        ]
    )
    path = _write(tmp_path, "menu.txt", text)
    with pytest.raises(NotAnArticle) as error:
        clean(_document(path))
    assert isinstance(error.value, InputError)
    assert error.value.source == str(path)
    assert "no article text found after cleaning (7 lines dropped)" in str(error.value)
    assert error.value.setting == "explain" and "--" not in str(error.value)


def test_too_little_prose_is_not_an_article(tmp_path: Path) -> None:
    text = "Un titolo che sembra un titolo vero\nUna sola frase di testo, troppo breve."
    with pytest.raises(NotAnArticle):
        clean(_document(_write(tmp_path, "short.txt", text)))


def test_options_are_honoured(tmp_path: Path) -> None:
    path = _write(tmp_path, "h.txt", _dump())
    clean(_document(path))
    with pytest.raises(NotAnArticle):
        clean(_document(path), CleanOptions(min_article_words=1000))


# --- normalisation ------------------------------------------------------------------


def test_crlf_nbsp_and_tabs_normalised(tmp_path: Path) -> None:
    plain = clean(_document(_write(tmp_path, "lf.txt", _dump())))
    messy_text = _dump().replace(" di ", "\u00a0di\t").replace("  ", " ")
    messy = clean(_document(_write(tmp_path, "crlf.txt", messy_text, newline="\r\n")))
    assert messy.kept_lines() == plain.kept_lines()
    for line in messy.kept_lines():
        assert "\r" not in line and "\u00a0" not in line and "\t" not in line


def test_control_characters_removed_and_quotes_kept(tmp_path: Path) -> None:
    quoted = (
        "«Il piano è pronto», ha detto l’assessore, “e partirà a settembre” per tutta la città."
    )
    text = "\n".join(
        [
            "Piano del\x07 traffico approvato\u200b in consiglio comunale",
            PARAGRAPHS[0].replace("consiglio", "consi\x00glio"),
            quoted,
            PARAGRAPHS[1] + "\x1b",
        ]
    )
    article = clean(_document(_write(tmp_path, "ctrl.txt", text)))
    assert article.title == "Piano del traffico approvato in consiglio comunale"
    assert article.blocks[0].text == PARAGRAPHS[0]
    assert article.blocks[1].text == quoted
    assert all(ch.isprintable() for line in article.kept_lines() for ch in line)


def test_normalize_text_directly() -> None:
    assert normalize_text("a\u00a0\u00a0b\tc\r\nd\re\u2028f\x0c") == "a b c\nd\ne\nf\n"


def test_markdown_hard_wrapped_is_unwrapped_and_unmarked() -> None:
    article = clean(_document(GOLD / "readlater_export_housing.md"))
    assert article.title.startswith("Affitti brevi, arriva il codice")
    assert article.lede is not None and article.lede.endswith("chi non si adegua")
    assert [b.text for b in article.blocks if b.kind == "heading"] == [
        "Chi deve richiederlo",
        "Le nuove regole sulla sicurezza",
    ]
    first = article.blocks[0].text
    assert first.startswith("Dal primo settembre") and first.endswith("devono registrarsi.")
    assert not any(mark in line for line in article.kept_lines() for mark in ("**", "](", "# "))
    assert (article.author, article.date) == ("Roberto Gallo", "2024-08-22")


# --- HTML ---------------------------------------------------------------------------


def test_html_through_trafilatura_with_metadata() -> None:
    article = clean(_document(GOLD / "science_portal_glaciers.html"))
    assert article.title == "Ghiacciai alpini, in vent'anni perso un terzo del volume"
    assert article.date == "2024-09-18"
    assert article.author == "Elena Marchetti"
    assert article.site == "ScienzaViva"
    assert article.lede is not None and article.lede.startswith("Uno studio basato")
    headings = [b.text for b in article.blocks if b.kind == "heading"]
    assert headings == ["Le quote più basse le più colpite", "Cosa significa per l'acqua"]
    kept = "\n".join(article.kept_lines())
    for furniture in ("cookie", "Potrebbero interessarti", "Iscriviti", "Leggi anche", "Ambiente"):
        assert furniture not in kept


def test_html_div_layout_cleaned_by_the_text_pass(tmp_path: Path) -> None:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    html = (
        "<html><head><title>Piano del traffico approvato - Gazzetta Locale</title>"
        '<meta property="article:published_time" content="2024-03-12T10:00:00+01:00">'
        "</head><body><div class='menu'><a href='/'>HOME</a> <a href='/c'>CRONACA</a></div>"
        "<div class='art'><div class='tit'>Piano del traffico approvato</div>"
        "<div class='firma'>di Mario Rossi</div>"
        f"<div class='txt'>{body}"
        "<p><b>LEGGI ANCHE:</b> <a href='/x'>Parcheggi, le nuove tariffe</a></p>"
        "<p class='didascalia'>Il sindaco in aula (foto Rossi)</p></div></div>"
        "<div class='footer'>Gazzetta Locale - P.IVA 0123</div></body></html>"
    )
    article = clean(_document(_write(tmp_path, "page.html", html)))
    assert article.title == "Piano del traffico approvato"
    assert article.date == "2024-03-12"
    assert [b.text for b in article.blocks] == PARAGRAPHS
    assert "LEGGI ANCHE: Parcheggi, le nuove tariffe" not in article.kept_lines()


def test_html_without_article_is_not_an_article(tmp_path: Path) -> None:
    html = "<html><body><nav><a href='/'>Home</a><a href='/b'>Blog</a></nav></body></html>"
    with pytest.raises(NotAnArticle):
        clean(_document(_write(tmp_path, "empty.html", html)))


# --- other languages ----------------------------------------------------------------


SENTENCES = {
    "it": "Il governo ha approvato ieri la legge di bilancio, che ora passa al Senato per il "
    "voto finale prima della fine dell'anno.",
    "en": "The government approved the budget law yesterday, and it now goes to the Senate for "
    "a final vote before the end of the year.",
    "de": "Die Regierung hat gestern das Haushaltsgesetz beschlossen, das nun vor dem Ende des "
    "Jahres zur Schlussabstimmung an den Senat geht.",
    "fr": "Le gouvernement a approuvé hier la loi de finances, qui passe maintenant au Sénat "
    "pour le vote final avant la fin de l'année.",
    "es": "El gobierno aprobó ayer la ley de presupuestos, que ahora pasa al Senado para la "
    "votación final antes del fin del año.",
}


@pytest.mark.parametrize("lang", sorted(SENTENCES))
def test_detect_language(lang: str) -> None:
    assert detect_language(SENTENCES[lang]) == lang


def test_detect_language_on_the_seeds() -> None:
    assert detect_language(SEED_TPI.read_text("utf-8")) == "it"
    assert detect_language(SEED_TOC.read_text("utf-8")) == "it"


@pytest.mark.parametrize("text", ["", "Ciao", "Roma, Milano, Torino", "12 34 56 78 90 11 22 33"])
def test_detect_language_none_when_too_little(text: str) -> None:
    assert detect_language(text) is None


def test_non_italian_page_still_cleans_and_is_detectable(tmp_path: Path) -> None:
    text = "\n".join(
        [
            "Home",
            "World",
            "Share",
            "Budget law approved by the government ahead of the Senate vote",
            "By John Smith",
            SENTENCES["en"],
            "The opposition said the plan would cut spending on schools and hospitals, and "
            "promised to fight it in both chambers of parliament in the coming weeks.",
            "Related",
            "Budget: what changes for families",
        ]
    )
    article = clean(_document(_write(tmp_path, "en.txt", text)))
    assert article.title.startswith("Budget law approved")
    assert article.author == "John Smith"
    assert len(article.blocks) == 2
    assert detect_language(" ".join(article.body_lines())) == "en"


def test_one_long_line_without_breaks_still_gets_a_title(tmp_path: Path) -> None:
    seed = next((Path(__file__).resolve().parent.parent / "seeds").glob("001_*.txt"))
    line = " ".join(seed.read_text(encoding="utf-8").split())[:5000]
    path = tmp_path / "one-line.txt"
    path.write_text(line, encoding="utf-8")
    article = clean(Document(str(path), path, line, "text", "utf-8"))
    assert article.title
    assert line.startswith(article.title.rstrip("…"))
