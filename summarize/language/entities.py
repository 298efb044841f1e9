"""People, places and organisations an article mentions, found without a model.

Precision matters more than recall here: the lists are printed as "people/places
mentioned" and merged into the digest's who's who, where a wrong person is worse than
a missing one. So a place or an organisation must be in the built-in gazetteer, and a
person needs a name shape (two or three capitalised words) plus evidence: a known
first name, a role just before it ("il ministro della Difesa russo Andrei Belousov"),
or the surname recurring on its own. A lone surname only counts after a role
("il generale Ryder") or when it matches a full name found elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from summarize.language.segment import SENTENCE_OPENERS, split_sentences
from summarize.records import Article

__all__ = [
    "COUNTRY_OF",
    "ORGANISATIONS",
    "PLACES",
    "Mentions",
    "mentions",
]


def _words(text: str) -> list[str]:
    return text.split()


@dataclass
class Mentions:
    """Names in the article, most mentioned first (ties: first mentioned first).

    ``roles`` maps a person to the role the article first gives them
    ("ministro della Difesa russo"), when it does.
    """

    people: list[str]
    places: list[str]
    organisations: list[str]
    roles: dict[str, str] = field(default_factory=dict)


# --- gazetteer ---------------------------------------------------------------------------
# country | capital | demonym stems (word minus its final vowel) | other names
_COUNTRY_TABLE = """
Afghanistan|Kabul|afghan|
Albania|Tirana|albanes|
Algeria|Algeri|algerin|
Arabia Saudita|Riad|saudit|
Argentina|Buenos Aires|argentin|
Armenia|Erevan|armen|
Australia|Canberra|australian|
Austria|Vienna|austriac|
Azerbaigian|Baku|azer|
Belgio|Bruxelles|belg|
Bielorussia|Minsk|bielorus|
Bosnia|Sarajevo|bosniac|Bosnia-Erzegovina
Brasile|Brasilia|brasilian|
Bulgaria|Sofia|bulgar|
Canada|Ottawa|canades|
Cile|Santiago|cilen|
Cina|Pechino|cines|Repubblica popolare cinese
Colombia|Bogotà|colombian|
Corea del Nord|Pyongyang|nordcorean|
Corea del Sud|Seul|sudcorean|
Croazia|Zagabria|croat|
Cuba|L'Avana|cuban|
Danimarca|Copenaghen|danes|
Egitto|Il Cairo|egizian|Cairo
Emirati Arabi Uniti|Abu Dhabi|emiratin|Emirati
Estonia|Tallinn|eston|
Etiopia|Addis Abeba|etiop|
Filippine|Manila|filippin|
Finlandia|Helsinki|finlandes|
Francia|Parigi|frances|
Georgia|Tbilisi|georgian|
Germania|Berlino|tedesc|
Giappone|Tokyo|giappones|
Giordania|Amman|giordan|
Grecia|Atene|grec|
India|Nuova Delhi|indian|Delhi
Indonesia|Giacarta|indonesian|
Iran|Teheran|iranian|
Iraq|Baghdad|irachen|
Irlanda|Dublino|irlandes|
Israele|Gerusalemme|israelian|
Italia|Roma|italian|
Kazakistan|Astana|kazak|
Kosovo|Pristina|kosovar|
Lettonia|Riga|letton|
Libano|Beirut|libanes|
Libia|Tripoli|libic|
Lituania|Vilnius|lituan|
Marocco|Rabat|marocchin|
Messico|Città del Messico|messican|
Moldavia|Chisinau|moldav|Moldova
Nigeria|Abuja|nigerian|
Norvegia|Oslo|norveges|
Paesi Bassi|Amsterdam|oland|Olanda
Pakistan|Islamabad|pakistan|
Palestina||palestines|
Polonia|Varsavia|polacc|
Portogallo|Lisbona|portoghes|
Qatar|Doha|qatarin|
Regno Unito|Londra|britannic|Gran Bretagna
Repubblica Ceca|Praga|cec|
Romania|Bucarest|romen|
Russia|Mosca|russ|Federazione Russa
Serbia|Belgrado|serb|
Siria|Damasco|sirian|
Slovacchia|Bratislava|slovacc|
Slovenia|Lubiana|sloven|
Spagna|Madrid|spagnol|
Stati Uniti|Washington|statunitens american|Usa,Stati Uniti d'America,America
Sudafrica|Pretoria|sudafrican|
Sudan|Khartum|sudanes|
Svezia|Stoccolma|svedes|
Svizzera|Berna|svizzer|
Taiwan|Taipei|taiwanes|
Thailandia|Bangkok|thailandes|
Tunisia|Tunisi|tunisin|
Turchia|Ankara|turc|
Ucraina|Kiev|ucrain|Kyiv
Ungheria|Budapest|unghere|
Venezuela|Caracas|venezuelan|
Vietnam|Hanoi|vietnamit|
Yemen|Sana'a|yemenit|
"""

# Cities, regions and areas that are not capitals in the table above
# (comma separated; "|" separates a canonical name from its other spellings).
_OTHER_PLACES = """
Milano, Napoli, Torino, Palermo, Genova, Bologna, Firenze, Bari, Catania, Venezia, Verona,
Messina, Padova, Trieste, Brescia, Parma, Modena, Perugia, Cagliari, Ancona, Pescara,
Trento, Bolzano, Aosta, Potenza, Catanzaro, Campobasso, L'Aquila, Lampedusa, Lombardia,
Piemonte, Veneto, Liguria, Toscana, Lazio, Campania, Puglia, Calabria, Sicilia, Sardegna,
Abruzzo, Marche, Umbria, Basilicata, Molise, Friuli-Venezia Giulia|Friuli,
Trentino-Alto Adige|Trentino, Emilia-Romagna, Valle d'Aosta,
New York, Los Angeles, Chicago, San Francisco, Miami, Boston, Houston, Seattle,
Philadelphia, Minneapolis, Atlanta, Dallas, Texas, California, Florida, Alaska, Hawaii,
Kharkiv|Kharkov, Odessa, Leopoli|Lviv, Dnipro, Zaporizhzhia|Zaporizhia|Zaporozhye,
Kherson, Donetsk, Luhansk|Lugansk, Mariupol, Bakhmut, Avdiivka, Kursk, Belgorod,
San Pietroburgo, Crimea, Donbass|Donbas, Transnistria, Cecenia, Siberia, Caucaso,
Gaza|Striscia di Gaza, Cisgiordania, Rafah, Tel Aviv, Haifa, Golan, Sinai, Aleppo, Idlib,
Mosul, Hong Kong, Shanghai, Xinjiang, Tibet, Osaka, Mumbai, Dubai, Gedda,
Monaco di Baviera, Francoforte, Amburgo, Colonia, Barcellona, Marsiglia, Lione, Nizza,
Strasburgo, Ginevra, Zurigo, Istanbul, Smirne, Salonicco, Cracovia, Danzica,
Europa, Asia, Africa, Oceania, America Latina|Sudamerica, Nord America|Nordamerica,
Medio Oriente, Vicino Oriente, Estremo Oriente, Balcani, Scandinavia, Sahel, Maghreb,
Artico, Antartide, Mediterraneo, Mar Nero, Mar Rosso, Mar Baltico|Baltico, Mare del Nord,
Golfo Persico, Indo-Pacifico, Pacifico, Atlantico, Oceano Indiano, Canale di Suez|Suez,
Stretto di Hormuz|Hormuz, Mar Cinese Meridionale, Bosforo, Oman, Kuwait, Bahrein, Cipro,
Malta, Lussemburgo, Islanda, Montenegro, Macedonia del Nord, Groenlandia, Vaticano,
San Marino, Andorra, Principato di Monaco, Ciad, Mali, Niger, Somalia, Kenya, Congo, Ruanda,
Sud Sudan, Eritrea, Ghana, Senegal, Angola, Mozambico, Zimbabwe, Uganda, Tanzania, Camerun,
Perù, Bolivia, Ecuador, Paraguay, Uruguay, Nicaragua, Honduras, Guatemala, Haiti, Panama,
Myanmar|Birmania, Cambogia, Laos, Malesia, Singapore, Nepal, Bangladesh, Sri Lanka,
Mongolia, Uzbekistan, Turkmenistan, Tagikistan, Kirghizistan, Nuova Zelanda
"""

# canonical | aliases (comma separated) | country it can stand for in prose, if any
_ORGANISATION_TABLE = """
Nato|Alleanza atlantica,Patto atlantico|
Unione europea|Ue,Unione Europea|
Onu|Nazioni Unite|
Consiglio di sicurezza dell'Onu|Consiglio di sicurezza|
Commissione europea|Commissione Ue|
Parlamento europeo|Europarlamento|
Consiglio europeo||
Bce|Banca centrale europea|
Fmi|Fondo monetario internazionale|
Banca mondiale||
Oms|Organizzazione mondiale della sanità|
Ocse||
Opec||
Wto|Organizzazione mondiale del commercio|
Aiea|Agenzia internazionale per l'energia atomica,Iaea|
Unicef||
Unesco||
Unhcr||
Croce Rossa||
Amnesty International|Amnesty|
Corte penale internazionale|Cpi|
G7||
G20||
Brics||
Cremlino||Russia
Pentagono||Stati Uniti
Casa Bianca||Stati Uniti
Dipartimento di Stato||Stati Uniti
Congresso||Stati Uniti
Fed|Federal Reserve|Stati Uniti
Cia||Stati Uniti
Fbi||Stati Uniti
Nasa||Stati Uniti
Fsb||Russia
Duma||Russia
Wagner|Gruppo Wagner|Russia
Eliseo||Francia
Downing Street||Regno Unito
Bundestag||Germania
Knesset||Israele
Mossad||Israele
Idf|Tsahal|Israele
Hamas||
Hezbollah||
Houthi|Huthi|
Talebani||
Isis|Stato islamico,Daesh|
Quirinale||Italia
Palazzo Chigi||Italia
Farnesina||Italia
Viminale||Italia
Montecitorio||Italia
Camera dei deputati|Camera dei Deputati|
Senato||
Consulta|Corte costituzionale|Italia
Banca d'Italia|Bankitalia|Italia
Consob||Italia
Istat||Italia
Inps||Italia
Protezione civile||Italia
Guardia di Finanza||Italia
Carabinieri||Italia
Confindustria||Italia
Cgil||Italia
Cisl||Italia
Uil||Italia
Pd|Partito democratico|Italia
M5s|M5S,Movimento 5 stelle,Movimento 5 Stelle|Italia
Fratelli d'Italia|FdI|Italia
Forza Italia||Italia
Lega||Italia
Rai||Italia
Ansa||Italia
Eni||Italia
Enel||Italia
Stellantis||
Santa Sede||Vaticano
Reuters||
Apple||
Google||
Amazon||
Microsoft||
Meta||
Tesla||
OpenAI||
"""

# Gazetteer words that are also ordinary words when they open a sentence
# ("Nato a Roma...", "Usa il telefono...", "Lega i due fili...").
_AMBIGUOUS_AT_START = frozenset({"nato", "usa", "lega", "mosca", "meta", "consulta", "congresso"})

FIRST_NAMES: frozenset[str] = frozenset(
    _words(
        """
    Abdel Abdul Abu Adam Adolfo Adriana Adriano Agnese Ahmed Alberto Alessandra
    Alessandro Alessio Alex Alexander Alexei Alexey Alfonso Ali Alice Alina Amanda Amir
    Ana Anastasia Andrea Andrei Andrej Andrew Andrey Andrzej Angela Angelo Anna Anne
    Annalena Antonella Antonio Antony Anthony Ariel Arturo Barack Barbara Ben Benedetto
    Benjamin Benny Bernard Bernie Beppe Bill Bob Boris Brian Bruno Camilla Carla Carlo
    Carlos Carmen Caterina Cecilia Charles Chiara Chris Christian Christine Claudia
    Claudio Corrado Cristina Daniel Daniela Daniele Dario Dave David Davide Debora Denis
    Dmitri Dmitrij Dmitriy Dmitry Domenico Donald Donatella Edoardo Elena Elisa
    Elisabetta Elizabeth Elly Elon Emanuele Emmanuel Enrico Enzo Eric Erik Ettore
    Fabio Fabrizio Federica Federico Filippo Francesca Francesco Franco Frank Friedrich
    Gabriele Gabriel Gavin Gennaro George Georgia Gerhard Giacomo Giancarlo Gianfranco
    Gianluca Gianni Giorgia Giorgio Giovanna Giovanni Giulia Giuliano Giulio Giuseppe
    Giuseppina Gordon Greta Guido Hans Hassan Heinz Helmut Hillary Hunter Hussein Igor
    Ilaria Irina Isabella Ivan Jack Jacques James Jane Janet Javier Jean Jeff Jennifer
    Jens Jerome Jim Joe John Jonathan Jorge Jose José Joseph Josep Josh Kamala Karl Kate
    Keir Kevin Kim Kristalina Laura Lavrov Leo Leonid Lisa Lloyd Lorenzo Luca Luciano
    Lucia Luigi Luisa Lynne Manuel Marcello Marco Margaret Maria Mariano Marina Mario
    Mark Marta Martin Mary Massimo Matteo Mattia Maurizio Max Maxim Michael Michel
    Michela Michele Mike Mikhail Mohamed Mohammad Mohammed Muhammad Nancy Nathan Nicola
    Nicolas Nicolás Nikolai Nikolaj Nicolò Nikki Olaf Oleg Olena Olga Oliver Paola Paolo
    Pat Patrick Paul Pavel Pedro Peter Petro Piero Pier Pierluigi Pietro Raffaele
    Ramzan Recep Riccardo Richard Rishi Robert Roberta Roberto Romano Ron Ronald Rosa
    Rustem Salvatore Sam Samuel Sandro Sara Sarah Scott Sebastian Sergei Sergej Sergey
    Sergio Serhiy Silvio Simona Simone Stefania Stefano Stephen Steve Steven Susanna
    Tatiana Teresa Thomas Tim Tom Tommaso Tony Ulf Umberto Ursula Valentina Valeria
    Valerio Valery Valeriy Valerij Vasily Veronica Viktor Vincenzo Vitaly Vittoria
    Vittorio Vladimir Volodymyr Walter Wang William Xi Yevgeny Yulia Yuri Yury Zelensky
    """
    )
) - {"Lavrov", "Zelensky", "Georgia", "Rosa"}

# Words that introduce a person's name: roles, titles, honorifics.
_ROLES = frozenset(
    _words(
        """
    ministro ministra presidente presidentessa vicepresidente premier vicepremier
    segretario segretaria sottosegretario sottosegretaria portavoce generale ammiraglio
    colonnello comandante ambasciatore ambasciatrice capo leader cancelliere
    cancelliera sindaco sindaca governatore governatrice senatore senatrice deputato
    deputata onorevole direttore direttrice amministratore fondatore fondatrice
    dottor dottore dottoressa professor professore professoressa avvocato avvocata
    giudice procuratore procuratrice papa re regina principe principessa zar emiro
    consigliere consigliera commissario commissaria inviato inviata negoziatore
    analista esperto esperta giornalista scrittore scrittrice autore autrice cantante
    attore attrice regista allenatore ceo patron magnate miliardario imprenditore
    imprenditrice economista storico storica politologo sig signor signora signore
    dott prof avv ing on sen gen mons monsignor don padre suor cardinale arcivescovo
    vescovo rabbino imam ayatollah dittatore oppositore oppositrice dissidente attivista
    """
    )
)
# They introduce a name but say nothing about the person worth repeating as a role.
_RELATIONAL_CUES = frozenset(
    _words("collega controparte omologo omologa predecessore successore successora")
)
# Words that may sit between a role and the name: "il capo dello Stato maggiore
# congiunto Mark Milley", "l'allora ministro della Difesa russo Sergei Shoigu".
_ROLE_FILLERS = frozenset(
    _words(
        """
    dipartimento ministero governo maggiore congiunto uscente designato designata ex
    vice attuale nuovo nuova allora stampa esteri difesa interno interni economia
    generale delegato delegata aggiunto aggiunta federale regionale nazionale
    """
    )
)
# How many words may separate a role from a full name (a single surname must follow
# its role directly, or with only a nationality in between). Six covers the longest
# role phrases in the seeds ("capo dello Stato maggiore congiunto") with one to spare.
ROLE_WINDOW = 6

# Capitalised words that are part of institutions, events and headlines, not names.
_NOT_NAMES = frozenset(
    _words(
        """
    Difesa Esteri Interno Interni Stato Stati Governo Ministero Ministro Presidente
    Presidenza Camera Senato Consiglio Corte Banca Casa Repubblica Partito Unione Paese
    Paesi Nord Sud Est Ovest Occidente Oriente Medio Guerra Mondiale Commissione
    Parlamento Tribunale Procura Polizia Esercito Marina Aeronautica Forze Armate
    Università Ospedale Comune Regione Provincia Città Piazza Via Viale Palazzo Premio
    Festival Coppa Serie Lega Fondazione Associazione Agenzia Istituto Centro Museo
    Teatro Chiesa Santa Santo San Papa Dio Natale Pasqua Capodanno Ferragosto Global
    New Post Times News Online App Home Credit Immagine Foto Video Cronaca Politica
    Economia Sport Cultura Spettacoli Tecnologia Gennaio Febbraio Marzo Aprile Maggio
    Giugno Luglio Agosto Settembre Ottobre Novembre Dicembre Lunedì Martedì Mercoledì
    Giovedì Venerdì Sabato Domenica Pace Flotilla Sumud Ice Nucleare Leggi Cerca
    Installa Banner Icona Ultimo Aggiornamento Protezione Guardia Croce Federazione
    Comitato Autorità Procuratore Segretario Generale Ambasciata Consolato
    """
    )
)
# "New York Times", "Washington Post": a place name inside a newspaper's name.
_MEDIA_WORDS = frozenset(_words("Times Post Journal Herald Tribune Daily Today Observer Gazette"))
_ORG_HEADS = frozenset(
    _words(
        """
    Ministero Banca Corte Partito Università Consiglio Agenzia Fondazione Associazione
    Commissione Tribunale Procura Istituto Comitato Federazione Confederazione Autorità
    Dipartimento Ufficio Gruppo Fondo Organizzazione Movimento Alleanza
    """
    )
)
_PARTICLES = frozenset(
    _words("de di da del della dei van von der den bin ben al el dos das du ter")
)
_ELISIONS = frozenset(
    _words("l d dell all nell sull dall coll degl dagl negl sugl un quest quell c s m t v n")
)
_ELISIONS_AT_START = frozenset(_words("l dell all nell sull dall un quest quell"))


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 4 and word[-1] in "aeiouàèéìòóù" else word


def _key(name: str) -> tuple[str, ...]:
    return tuple(t.lower for t in _tokenise(name) if t.word)


PLACES: dict[tuple[str, ...], str] = {}
"""Token keys (lower case, elisions dropped) -> canonical place name."""
COUNTRY_OF: dict[str, str] = {}
"""Capital, institution or demonym stem -> the country it stands for in news prose."""
ORGANISATIONS: dict[tuple[str, ...], str] = {}


def _build_gazetteer() -> None:
    for line in _COUNTRY_TABLE.strip().splitlines():
        country, capital, demonyms, aliases = line.split("|")
        PLACES[_key(country)] = country
        for alias in filter(None, aliases.split(",")):
            PLACES[_key(alias)] = country
        if capital:
            PLACES[_key(capital)] = capital
            COUNTRY_OF[capital.lower()] = country
        for stem in demonyms.split():
            COUNTRY_OF[stem] = country
    for entry in _OTHER_PLACES.replace("\n", " ").split(","):
        names = [name.strip() for name in entry.split("|")]
        for name in names:
            PLACES.setdefault(_key(name), names[0])
    for line in _ORGANISATION_TABLE.strip().splitlines():
        canonical, aliases, country = line.split("|")
        for name in [canonical, *filter(None, aliases.split(","))]:
            ORGANISATIONS[_key(name)] = canonical
        if country:
            COUNTRY_OF[canonical.lower()] = country


# --- tokens ------------------------------------------------------------------------------
_TOKEN = re.compile(r"[^\W\d_]+(?:[’'][^\W\d_]+)*(?:-[^\W\d_]+)*|\d+(?:[.,]\d+)*|\S")
_NAME_SHAPE = re.compile(r"^[^\W\d_a-zà-ÿ][a-zà-ÿ]+(?:[-’'][^\W\d_][a-zà-ÿ]+)*$")


@dataclass(frozen=True)
class _Token:
    text: str
    lower: str
    start: int
    end: int
    word: bool
    cap: bool
    initial: bool
    elided: str = ""


def _tokenise(sentence: str) -> list[_Token]:
    tokens: list[_Token] = []
    seen_word = False
    for match in _TOKEN.finditer(sentence):
        text, start = match.group(), match.start()
        word = text[0].isalpha()
        elided = ""
        parts = re.split(r"[’']", text, maxsplit=1)
        if word and len(parts) == 2 and parts[1]:
            head = parts[0]
            if (head.islower() and head in _ELISIONS) or (
                not seen_word and head.lower() in _ELISIONS_AT_START
            ):
                elided = head.lower()
                start += len(head) + 1
                text = parts[1]
        tokens.append(
            _Token(
                text=text,
                lower=text.lower(),
                start=start,
                end=match.end(),
                word=word,
                cap=word and text[0].isupper(),
                initial=word and not seen_word,
                elided=elided,
            )
        )
        seen_word = seen_word or word
    return tokens


# --- finding names -----------------------------------------------------------------------
@dataclass
class _Tally:
    count: int = 0
    first: int = 0


@dataclass
class _Found:
    places: dict[str, _Tally] = field(default_factory=dict)
    organisations: dict[str, _Tally] = field(default_factory=dict)
    people: dict[str, _Tally] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    # lone capitalised words, and lone words right after a role
    singles: list[tuple[str, int]] = field(default_factory=list)
    cued_singles: list[tuple[str, int, str]] = field(default_factory=list)


def _add(table: dict[str, _Tally], name: str, order: int) -> None:
    tally = table.get(name)
    if tally is None:
        table[name] = _Tally(1, order)
    else:
        tally.count += 1


def mentions(article: Article) -> Mentions:
    """People, places and organisations named in the title and body of ``article``."""
    sentences: list[str] = []
    for text in (article.title, *article.body_lines()):
        sentences.extend(split_sentences(text))
    tokenised = [_tokenise(s) for s in sentences]
    recurring = {t.text for toks in tokenised for t in toks if t.cap and not t.initial}
    lone = {
        toks[i].text
        for toks in tokenised
        for i in range(len(toks))
        if toks[i].cap
        and not toks[i].initial
        and not (i > 0 and toks[i - 1].cap)
        and not (i + 1 < len(toks) and toks[i + 1].cap)
    }
    found = _Found()
    order = 0
    for sentence, tokens in zip(sentences, tokenised, strict=True):
        order = _scan(sentence, tokens, recurring, lone, found, order)
    return _resolve(found)


def _scan(
    sentence: str,
    tokens: list[_Token],
    recurring: set[str],
    lone: set[str],
    found: _Found,
    order: int,
) -> int:
    used = [False] * len(tokens)
    i = 0
    while i < len(tokens):
        hit = _gazetteer_hit(tokens, i)
        if hit is None:
            i += 1
            continue
        length, kind, name = hit
        table = found.places if kind == "place" else found.organisations
        _add(table, name, order + i)
        for k in range(i, i + length):
            used[k] = True
        i += length
    for run in _runs(tokens, used, recurring):
        _classify(sentence, tokens, run, lone, found, order)
    return order + len(tokens)


def _gazetteer_hit(tokens: list[_Token], i: int) -> tuple[int, str, str] | None:
    token = tokens[i]
    if not token.cap:
        return None
    if token.initial and token.lower in _AMBIGUOUS_AT_START:
        return None
    # "George Washington": a first name before a place makes it a person.
    if i > 0 and tokens[i - 1].text in FIRST_NAMES and token.lower in {"washington", "jordan"}:
        return None
    words = [t.lower if t.word else None for t in tokens[i : i + 5]]
    for length in range(min(5, len(words)), 0, -1):
        key = tuple(words[:length])
        if None in key:
            continue
        if i + length < len(tokens) and tokens[i + length].text in _MEDIA_WORDS:
            return None
        if key in ORGANISATIONS:
            return length, "organisation", ORGANISATIONS[key]
        if key in PLACES:
            return length, "place", PLACES[key]
    return None


def _runs(tokens: list[_Token], used: list[bool], recurring: set[str]) -> Iterable[list[int]]:
    """Maximal sequences of capitalised words, joined by name particles ("Leonardo da
    Vinci") or by an elided "d'" ("Banca d'Italia")."""
    run: list[int] = []
    for i, token in enumerate(tokens):
        if used[i] or not token.cap:
            after = i + 1
            while after < len(tokens) and tokens[after].lower in _PARTICLES:
                after += 1
            joins = (
                run
                and not used[i]
                and token.lower in _PARTICLES
                and after < len(tokens)
                and tokens[after].cap
                and not used[after]
            )
            if joins:
                run.append(i)
            elif run:
                yield _trim(tokens, run, recurring)
                run = []
            continue
        if run and token.elided and token.elided != "d":
            yield _trim(tokens, run, recurring)
            run = []
        run.append(i)
    if run:
        yield _trim(tokens, run, recurring)


def _trim(tokens: list[_Token], run: list[int], recurring: set[str]) -> list[int]:
    """Drop leading words that are capitalised only because they open a sentence."""
    while run:
        first = tokens[run[0]]
        if (
            first.lower in SENTENCE_OPENERS
            or first.lower in _PARTICLES
            or (
                first.initial
                and first.text not in recurring
                and not (first.text in FIRST_NAMES and len(run) > 1)
            )
        ):
            run = run[1:]
        else:
            break
    while run and tokens[run[-1]].lower in _PARTICLES:
        run = run[:-1]
    return run


def _classify(
    sentence: str,
    tokens: list[_Token],
    run: list[int],
    lone: set[str],
    found: _Found,
    order: int,
) -> None:
    if not run:
        return
    names = [tokens[k] for k in run if tokens[k].lower not in _PARTICLES]
    text = sentence[tokens[run[0]].start : tokens[run[-1]].end]
    position = order + run[0]
    if names[0].text in _ORG_HEADS and len(run) >= 2:
        _add(found.organisations, text, position)
        return
    # "Repubblica Sergio Mattarella", "premio Pulitzer Nathan Thrall": the name is the tail.
    while len(run) > 1 and (
        tokens[run[0]].text in _NOT_NAMES
        or tokens[run[0]].lower in _PARTICLES
        or (
            any(tokens[k].text in FIRST_NAMES for k in run[1:-1])
            and tokens[run[0]].text not in FIRST_NAMES
        )
    ):
        run = run[1:]
    names = [tokens[k] for k in run if tokens[k].lower not in _PARTICLES]
    text = sentence[tokens[run[0]].start : tokens[run[-1]].end]
    position = order + run[0]
    if not all(_NAME_SHAPE.match(t.text) and t.text not in _NOT_NAMES for t in names):
        return
    if len(names) == 1:
        cue = _role_before(tokens, run[0], strict=True)
        if cue is not None:
            found.cued_singles.append((names[0].text, position, cue))
        else:
            found.singles.append((names[0].text, position))
        return
    if len(names) > 3:
        return
    cue = _role_before(tokens, run[0], strict=False)
    if names[0].text in FIRST_NAMES or cue is not None or names[-1].text in lone:
        _add(found.people, text, position)
        if cue:
            found.roles.setdefault(text, cue)


def _role_before(tokens: list[_Token], start: int, *, strict: bool) -> str | None:
    """The role phrase that introduces the name at ``start``, '' for a bare cue, or None."""
    gap = 0
    k = start - 1
    while k >= 0 and gap <= ROLE_WINDOW:
        token = tokens[k]
        lower = token.lower
        if lower in _ROLES or lower in _RELATIONAL_CUES:
            if lower in _RELATIONAL_CUES:
                return ""
            while k > 0 and tokens[k - 1].lower in _ROLES:
                k -= 1
            return _join([t for t in tokens[k:start] if t.text != "."])
        if token.text == "." and k > 0 and tokens[k - 1].lower in _ROLES:
            k -= 1
            continue
        allowed = _stem(lower) in COUNTRY_OF or (
            not strict
            and (
                token.cap
                or lower in _ROLE_FILLERS
                or lower in {"del", "della", "dello", "dei", "degli", "delle", "di", "e"}
            )
        )
        if not token.word or not allowed:
            return None
        gap += 1
        k -= 1
    return None


def _join(tokens: list[_Token]) -> str:
    parts = [tokens[0].text]
    for t in tokens[1:]:
        parts.append(f"{t.elided}’{t.text}" if t.elided else t.text)
    return " ".join(parts)


def _resolve(found: _Found) -> Mentions:
    people = found.people
    by_surname: dict[str, list[str]] = {}
    for name in people:
        by_surname.setdefault(name.split()[-1], []).append(name)

    def owner(surname: str) -> str | None:
        names = by_surname.get(surname)
        if not names:
            return None
        return max(names, key=lambda n: (people[n].count, -people[n].first))

    for surname, position, cue in found.cued_singles:
        name = owner(surname)
        if name is None:
            _add(people, surname, position)
            by_surname.setdefault(surname, []).append(surname)
            name = surname
        else:
            people[name].count += 1
            people[name].first = min(people[name].first, position)
        if cue:
            found.roles.setdefault(name, cue)
    for surname, position in found.singles:
        name = owner(surname)
        if name is not None:
            people[name].count += 1
            people[name].first = min(people[name].first, position)

    def ranked(table: dict[str, _Tally]) -> list[str]:
        return [n for n, _ in sorted(table.items(), key=lambda x: (-x[1].count, x[1].first))]

    person_list = ranked(people)
    return Mentions(
        people=person_list,
        places=ranked(found.places),
        organisations=ranked(found.organisations),
        roles={p: found.roles[p] for p in person_list if found.roles.get(p)},
    )


_build_gazetteer()
