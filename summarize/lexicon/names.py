"""Words around people's names: first names, roles, words that are never names.

Read by ``language.entities`` (finding names in Italian articles) and
``summaries.faithfulness`` (checking the names a summary writes).
"""

from __future__ import annotations


def _wordlist(text: str) -> list[str]:
    return text.split()


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


FIRST_NAMES: frozenset[str] = frozenset(
    _wordlist(
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
ROLES = frozenset(
    _wordlist(
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
RELATIONAL_CUES = frozenset(
    _words("collega controparte omologo omologa predecessore successore successora")
)
# Words that may sit between a role and the name: "il capo dello Stato maggiore
# congiunto Mark Milley", "l'allora ministro della Difesa russo Sergei Shoigu".
ROLE_FILLERS = frozenset(
    _wordlist(
        """
    dipartimento ministero governo maggiore congiunto uscente designato designata ex
    vice attuale nuovo nuova allora stampa esteri difesa interno interni economia
    generale delegato delegata aggiunto aggiunta federale regionale nazionale
    """
    )
)
# Small words that join the words of a role phrase: "ministro della Difesa e degli Esteri".
ROLE_JOINERS = frozenset(_wordlist("del della dello dei degli delle di e"))
# Capitalised words that are part of institutions, events and headlines, not names.
NOT_NAMES = frozenset(
    _wordlist(
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
MEDIA_WORDS = frozenset(_wordlist("Times Post Journal Herald Tribune Daily Today Observer Gazette"))
ORG_HEADS = frozenset(
    _wordlist(
        """
    Ministero Banca Corte Partito Università Consiglio Agenzia Fondazione Associazione
    Commissione Tribunale Procura Istituto Comitato Federazione Confederazione Autorità
    Dipartimento Ufficio Gruppo Fondo Organizzazione Movimento Alleanza
    """
    )
)
PARTICLES = frozenset(_words("de di da del della dei van von der den bin ben al el dos das du ter"))
ELISIONS = frozenset(
    _words("l d dell all nell sull dall coll degl dagl negl sugl un quest quell c s m t v n")
)
ELISIONS_AT_START = frozenset(_wordlist("l dell all nell sull dall un quest quell"))

# Capitalised words that are not names in the languages a summary is written in: titles,
# institutions, demonyms and function words that English capitalises mid-sentence or
# that follow a colon. A name in the article is found whatever this list says; this only
# stops common words of the target language being reported as invented names.
COMMON_CAPITALISED: frozenset[str] = _words(
    """
    i i'm i've i'd i'll mr mrs ms dr prof sir madam
    minister ministers ministry prime president presidents vice secretary secretaries
    general chancellor premier deputy senator senators governor mayor king queen prince
    pope cardinal bishop chief head leader spokesman spokeswoman spokesperson
    defence defense foreign affairs interior justice finance economy health
    government parliament senate chamber house council commission committee court
    army navy air force forces military police ministry's
    state states republic union kingdom federation national international european
    western eastern northern southern north south east west central
    american americans russian russians ukrainian ukrainians italian italians french
    german germans british english spanish chinese european europeans israeli
    palestinian iranian turkish polish
    the a an and or but of in on at to for with by from as this that these those
    according however meanwhile also after before during while when where which who
    il lo la le gli un una e ma di da in con su per tra fra
    der die das ein eine und le la les un une et des du
    el los las y
    """
)
