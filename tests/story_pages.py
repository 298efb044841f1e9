"""Small news pages for the story-digest tests: one landslide told by several outlets
over two days (each page with its site name and publication date, as real pages carry
them), and an unrelated article of the same day."""

from __future__ import annotations

from html import escape
from pathlib import Path

PAGE = """<!doctype html>
<html lang="it"><head><meta charset="utf-8"><title>{title} - {site}</title>
<meta property="og:site_name" content="{site}">
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{date}T08:00:00+02:00">
</head><body><header><nav><a href="/">Home</a> <a href="/cronaca">Cronaca</a></nav></header>
<article><h1>{title}</h1>
{paragraphs}
</article><footer>© {site} - Riproduzione riservata</footer></body></html>
"""

# (file, site, date, title, paragraphs)
DAY_ONE = [
    (
        "frana-ansa.html",
        "ANSA",
        "2024-10-02",
        "Frana sulla statale 36 in Valtellina, strada chiusa e 40 famiglie evacuate",
        [
            "Una frana si è staccata nella notte dalla montagna sopra la statale 36 in "
            "Valtellina, all'altezza di Colico, e ha invaso la carreggiata per circa cento metri.",
            "I vigili del fuoco hanno evacuato quaranta famiglie dalle case vicine e la strada "
            "resterà chiusa almeno fino a domenica, secondo quanto comunicato dall'Anas.",
            "Il sindaco di Colico, Monica Gilardi, ha detto che nessuno è rimasto ferito e che "
            "i tecnici stanno controllando il versante della montagna.",
            "Le piogge degli ultimi tre giorni hanno superato i 200 millimetri secondo le "
            "misure dell'Arpa Lombardia nelle stazioni della Valtellina.",
        ],
    ),
    (
        "frana-corriere.html",
        "Corriere della Sera",
        "2024-10-02",
        "Valtellina, frana sulla statale 36: evacuate 40 famiglie a Colico",
        [
            "Quaranta famiglie sono state evacuate a Colico dopo che una frana ha invaso nella "
            "notte la statale 36 in Valtellina, bloccando il traffico in entrambe le direzioni.",
            "L'Anas ha fatto sapere che la strada resterà chiusa almeno fino a domenica per "
            "permettere la messa in sicurezza del versante della montagna.",
            "La Regione Lombardia ha chiesto lo stato di emergenza per i comuni della provincia "
            "di Sondrio e di Lecco colpiti dal maltempo di questi giorni.",
        ],
    ),
    (
        "bilancio-bologna.html",
        "Il Resto del Carlino",
        "2024-10-02",
        "Bologna approva il bilancio: più fondi per asili e trasporto pubblico",
        [
            "Il consiglio comunale di Bologna ha approvato ieri sera il bilancio di previsione "
            "per il prossimo anno con i voti della maggioranza di centrosinistra.",
            "Il sindaco Matteo Lepore ha spiegato che la spesa per gli asili nido crescerà di "
            "dodici milioni di euro e che le tariffe degli autobus resteranno invariate.",
            "L'opposizione ha criticato l'aumento della tassa di soggiorno per i turisti, che "
            "passerà da cinque a sei euro a notte negli alberghi del centro storico.",
        ],
    ),
]

DAY_TWO = [
    (
        "frana-ilpost.html",
        "Il Post",
        "2024-10-03",
        "La frana che ha bloccato la statale 36 in Valtellina",
        [
            "Nella notte tra martedì e mercoledì una frana si è staccata dalla montagna sopra la "
            "statale 36 in Valtellina, vicino a Colico, e ha invaso la carreggiata per circa "
            "cento metri.",
            "Secondo le misure dell'Arpa Lombardia negli ultimi tre giorni in Valtellina sono "
            "caduti 250 millimetri di pioggia, un valore eccezionale per la stagione.",
            "La Valtellina è collegata al resto della Lombardia soprattutto dalla statale 36, "
            "percorsa ogni giorno da migliaia di veicoli: il traffico è stato deviato sulla "
            "provinciale 72 lungo il lago di Como.",
        ],
    ),
    (
        "frana-ilgiorno.html",
        "Il Giorno",
        "2024-10-03",
        "Frana sulla statale 36 in Valtellina, la strada resta chiusa a Colico",
        [
            "Una frana si è staccata nella notte tra martedì e mercoledì dalla montagna sopra "
            "la statale 36 in Valtellina, vicino a Colico, e ha invaso la carreggiata per "
            "circa cento metri.",
            "Secondo l'Arpa Lombardia negli ultimi tre giorni in Valtellina sono caduti 250 "
            "millimetri di pioggia, un valore eccezionale per la stagione.",
            "La Valtellina è collegata al resto della Lombardia soprattutto dalla statale 36: "
            "il traffico è stato deviato sulla provinciale 72 lungo il lago di Como.",
            "Le quaranta famiglie evacuate a Colico restano ospiti di parenti e degli alberghi "
            "della zona in attesa dei controlli sul versante della montagna.",
        ],
    ),
    (
        "frana-tgcom.html",
        "TGCom24",
        "2024-10-03",
        "Statale 36, riaperta una corsia dopo la frana di Colico in Valtellina",
        [
            "L'Anas ha riaperto una corsia della statale 36 in Valtellina, chiusa da mercoledì "
            "per la frana che si è staccata dalla montagna sopra Colico.",
            "Il traffico procede a senso alternato regolato da un semaforo mentre i tecnici "
            "continuano a controllare il versante della montagna.",
            "Le quaranta famiglie evacuate a Colico potranno rientrare nelle loro case nel fine "
            "settimana, ha detto il sindaco Monica Gilardi.",
        ],
    ),
    (
        "maratona-venezia.html",
        "Il Gazzettino",
        "2024-10-03",
        "Maratona di Venezia, iscritti da quaranta paesi per la corsa sul ponte della Libertà",
        [
            "La maratona di Venezia di domenica avrà iscritti da quaranta paesi e partirà come "
            "ogni anno dalla riviera del Brenta per arrivare in riva Sette Martiri.",
            "Gli organizzatori hanno detto che il percorso passerà ancora sul ponte della "
            "Libertà e sulle passerelle costruite sopra i canali del centro storico.",
            "Le iscrizioni resteranno aperte fino a venerdì sera sul sito della manifestazione, "
            "con una quota di ottanta euro per la gara completa.",
        ],
    ),
]


def write_pages(folder: Path, pages: list[tuple[str, str, str, str, list[str]]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, site, day, title, paragraphs in pages:
        body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
        page = PAGE.format(title=escape(title), site=escape(site), date=day, paragraphs=body)
        (folder / name).write_text(page, encoding="utf-8")
    return folder
