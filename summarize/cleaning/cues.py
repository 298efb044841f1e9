"""Vocabulary and shapes of page furniture and metadata lines: data, not algorithm.

A few generic cue words catch the furniture whose only tell is its vocabulary; the
shapes (breadcrumbs, credits, bylines, dates) are regular expressions. Every reason a
line can be dropped for is named here, so ``--explain`` speaks one vocabulary.
"""

from __future__ import annotations

import re

from summarize.lexicon.calendar import ITALIAN_MONTHS

# --- line features --------------------------------------------------------------------

CLOSERS = re.escape("\"'”’»)]*")
TERMINAL = re.compile(r"[.!?…:][" + CLOSERS + r"]*$|[" + CLOSERS + r"][.!?…:]$")
BULLET = re.compile(r"^[-–—•*·▪►+□◦▸‣○■]\s+")
NUMBERED = re.compile(r"^\d{1,2}[.)]\s+\S")
BARE_NUMBER = re.compile(r"^\d{1,3}[.)]?$")
# A rule, an ornament or a row of marks: box-drawing lines, "* * *", "———".
NO_WORD = re.compile(r"^[\W_]+$")
BARE_TIME = re.compile(r"^(?:ore\s+)?\d{1,2}[:.]\d{2}$", re.I)
TIMESTAMP_HEADLINE = re.compile(r"^\d{1,2}[:.]\d{2}\s+\S")
# A results ticker: "Juventus 3 - 2 Inter | FINALE", "Lecce 0 - 1 Cagliari 90+2'".
SCORE_LINE = re.compile(
    r"^[^\W\d][\w.'’ -]{0,30}?\s\d{1,2}\s*[-–:]\s*\d{1,2}\s+[^\W\d][\w.'’ -]{0,30}?"
    r"(?:\s*[|·-]?\s*(?:finale|fine|live|intervallo|\d{1,3}(?:\+\d)?['’]|[12]°?\s*t(?:empo)?))?$",
    re.I,
)
# "Stai utilizzando un browser obsoleto", "Abilita JavaScript": the page talking about
# the reader's software, never the article.
BROWSER = re.compile(r"\b(?:browser|javascript|internet explorer)\b", re.I)
SECTION_SLASH = re.compile(
    r"^(?:\d{1,2}[:.]\d{2}\s+)?[^\W\d][\w’'.&-]*(?:\s[\w’'.&-]+){0,2}\s/\s\S"
)
SEPARATORS = re.compile(r"\s*[»›]\s*|\s+[|/>•·]\s+|^\|$")
CREDIT_GROUP = re.compile(r"\((?:[A-ZÀ-Ý][\w&.’'-]*)(?:\s[A-ZÀ-Ý/][\w&.’'/-]*){0,3}\)\s*$")
CREDIT_PAREN = re.compile(r"\((?:foto|photo|ph\.?|credits?|fonte)\b[^)]*\)\s*$", re.I)
CREDIT_INLINE = re.compile(r"\b(?:foto|photo|ph\.?|credits?|crediti)\s*(?::|di\b|by\b)\s*\S", re.I)
CREDIT_START = re.compile(r"^(?:foto|photo|credits?|crediti|immagine|immagini|video)\b", re.I)
# News headlines open with a topic and a comma or colon: "Irpef, come cambiano...".
HEADLINE = re.compile(r"^[\w«\"“'‘][^\s,:;.!?]*(?:\s[^\s,:;.!?]+){0,4}[,:]\s")
HANDLE = re.compile(r"(?<![\w.])@\w{2,}")
TAG_LIST = re.compile(r"^(?:tag|tags|argomenti|categorie|categoria|parole chiave)\s*:", re.I)
READING_TIME = re.compile(
    r"\b(?:tempo di lettura|\d+\s*(?:'|’|min\.?|minuti)\s*(?:di lettura)?|di lettura)\b", re.I
)

MONTH_ALTERNATIVES = "|".join(sorted(ITALIAN_MONTHS, key=len, reverse=True))
DATE_TEXT = re.compile(r"\b(\d{1,2})\s+(" + MONTH_ALTERNATIVES + r")\.?\s+(\d{4})\b", re.I)
DATE_NUMERIC = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")
DATE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\b")
DATE_FILLER = re.compile(
    r"\b(?:lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica|pubblicat[oa]|"
    r"aggiornat[oa]|aggiornamento|ultimo|modificat[oa]|modifica|il|alle|ore|del|"
    r"updated|published)\b",
    re.I,
)
PUBLISHED = re.compile(
    r"^(?:pubblicat[oa]|aggiornat[oa]|postat[oa]|inserit[oa]|scritt[oa])\b", re.I
)
BYLINE = re.compile(
    r"^(?:di|by|a cura di|testo di|intervista di|articolo di|autore:?|autrice:?|scritto da)"
    r"\s+(?P<name>.+)$",
    re.I,
)
BYLINE_GENERIC = re.compile(
    r"^(?:a cura d\w*|articolo d\w*|scritto da|servizio d\w*|"
    r"dal(?:la)? nostr[oa] (?:inviat[oa]|corrispondente|redazione))\s+\S",
    re.I,
)
NAME_TOKEN = re.compile(r"^(?:[A-ZÀ-Ý][\w’'.-]*|de|di|del|della|van|von|da|d[’']\w+)$")
META_SEPARATORS = re.compile(r"\s+[·|•–—-]\s+")
COPYRIGHT = re.compile(r"©|\(c\)|\bcopyright\b", re.I)
COPYRIGHT_NAME = re.compile(
    r"(?:(?:©|\b[Cc]opyright\b|\bCOPYRIGHT\b|\d{4}(?:\s*[-–]\s*\d{4})?)\s*)+"
    r"(?P<name>[A-ZÀ-Ý0-9][\w’'&.-]*(?:\s+(?:[A-ZÀ-Ý0-9&][\w’'&.-]*|di|del|della|e))*)"
)
NAME_STOP = re.compile(r"(?:^|\s+)(?:Tutti|All|P\.?\s?IVA|Partita|Riproduzione|RIPRODUZIONE)\b.*$")
COMPANY_SUFFIX = re.compile(r"\s+(?:s\.?r\.?l\.?|s\.?p\.?a\.?|spa|srl|ltd|inc)\.?$", re.I)

REASON_SHORT_OUTSIDE = "short line outside the body"
REASON_PROSE_OUTSIDE = "prose outside the body"
REASON_SHORT_INSIDE = "short line inside the body"
REASON_LONE_HEADING = "heading-like line not followed by prose"
REASON_TOC = "repeats a heading (table of contents)"
REASON_DUPLICATE = "duplicate block"
REASON_TITLE_REPEAT = "repeats the title"
REASON_LINK_LIST = "link list"
REASON_RELATED = "related-articles link"
REASON_CREDIT = "image credit or photo caption"
REASON_IMAGE = "image"
REASON_MENU = "breadcrumb or menu"
REASON_TAGS = "tag list"
REASON_COOKIE = "cookie notice"
REASON_PROMPT = "newsletter or subscription prompt"
REASON_COMMENTS = "comment section"
REASON_SHARE = "share buttons"
REASON_SOCIAL = "social media embed"
REASON_SCORES = "live score ticker"
REASON_OTHER_STORIES = "teaser of another story (no word in common with the article)"
REASON_BROWSER = "browser notice"
REASON_LEGAL = "copyright or legal footer"
REASON_READING = "reading time"
REASON_HANDLE = "author handle"
REASON_SPONSORED = "sponsored content"
REASON_BIO = "author bio"
REASON_RULE = "rule or ornament (no word in it)"

# Generic vocabulary of page furniture. Strong cues drop any line that is not long
# prose; weak cues only drop short lines.
LEGAL = re.compile(
    r"riproduzione riservata|diritti (?:sono )?riservati|\bp\.?\s?iva\b|partita iva|"
    r"testata giornalistica|registrazione (?:del )?tribunale|registrata presso",
    re.I,
)
COOKIE = re.compile(r"\bcookie", re.I)
CONSENT = re.compile(r"consenso|accett|navigazione|policy|preferenze|privacy|rifiut", re.I)
PROMPT = re.compile(
    r"\b(?:iscriviti|newsletter|sostienici|abbonati ora|dona ora|continua(?:re)? a leggere|"
    r"riservat[oa] agli abbonati|sei già abbonat[oa])\b",
    re.I,
)
SPONSORED = re.compile(r"\b(?:sponsorizzat\w*|sponsored|contenuti promossi|promosso da)\b", re.I)
COMMENTS = re.compile(
    r"^(?:\d+\s+)?commenti\b|^commenti\s*\(\d+\)|\blascia un commento\b|\bcommenta\b", re.I
)
RELATED_CUE = re.compile(
    r"^(?:leggi anche|leggi pure|guarda anche|vedi anche|per approfondire|approfondisci|"
    r"(?:ti )?potrebbe(?:ro)? interessar\w*|articoli correlati|correlat[ie]|"
    r"per saperne di più|da non perdere|(?:le |i )?più lett[ie]|ultime notizie|"
    r"ultim['’]?ora|ultima ora|articoli recenti|articolo (?:precedente|successivo)|"
    r"altre notizie|altri articoli|dalla stessa sezione|in primo piano|potrebbe piacerti|"
    r"ti consigliamo|consigliati per te|scelti per te|leggi gli altri)\b",
    re.I,
)
SHARE_WORDS = frozenset(
    {
        "condividi", "condivisioni", "share", "facebook", "twitter", "x", "whatsapp",
        "telegram", "linkedin", "pinterest", "email", "e-mail", "mail", "stampa", "copia",
        "link", "invia", "per", "su", "altri",
    }
)  # fmt: skip
WEAK_CUES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bcomment[ai]\w*|\brispondi\b", re.I), "comment counter or link"),
    (re.compile(r"\b(?:video|ascolta|audio|podcast|guarda|gallery|galleria|fotogallery|"
                r"foto|immagini|sfoglia)\b", re.I),
     "media player link"),
    (re.compile(r"\b(?:accedi|login|registrati|abbonati|abbonamento|dona|sostieni)\b", re.I),
     "login or subscription prompt"),
    (re.compile(r"\b(?:pubblicità|sponsor\w*|advertising|privacy)\b", re.I),
     "advertising or legal link"),
    (re.compile(r"\b(?:instagram|tiktok|youtube|facebook|twitter|telegram)\b", re.I),
     REASON_SOCIAL),
)  # fmt: skip

GALLERY_COUNTER = re.compile(r"^(?:foto|immagine|slide)\s+\d+\s*(?:di|/)\s*\d+$", re.I)

# Reasons that mark the end of an article: crossing them costs opts.boundary_cost.
BOUNDARY_REASONS = frozenset(
    {REASON_LEGAL, REASON_COMMENTS, REASON_COOKIE, REASON_PROMPT, REASON_SPONSORED}
)

# Shapes of a teaser of another story on a list page: cut off mid-sentence with an
# ellipsis ("...il giudice ha anc..."), or opening with its own dateline ("LECCE –",
# "GALATONE (Lecce) –").
CUT_TEASER = re.compile(r"\w(?:\.\.\.|…)\s*$")
DATELINE = re.compile(r"^[A-ZÀ-Ý][A-ZÀ-Ý'’ /.]{2,}(?:\s*\([^)]{1,30}\))?\s*[–—-]\s")
