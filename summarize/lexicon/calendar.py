"""Month and weekday names: Italian for reading dates, five languages for comparing them.

One table, two views: ``ITALIAN_MONTHS`` (name or three-letter abbreviation -> month
number) is what the cleaner reads dates with; ``CALENDAR`` (a name in any of the
languages brief writes most -> one key per month or weekday) is how the faithfulness
check finds "March" in an English summary when the article says "marzo".
"""

from __future__ import annotations

# Italian first, then the other spellings, one row per month.
MONTH_NAMES: tuple[str, ...] = (
    "gennaio january januar janvier enero",
    "febbraio february februar février fevrier febrero",
    "marzo march märz marz mars",
    "aprile april avril abril",
    "maggio may mai mayo",
    "giugno june juni juin junio",
    "luglio july juli juillet julio",
    "agosto august août aout",
    "settembre september septembre septiembre",
    "ottobre october oktober octobre octubre",
    "novembre november noviembre",
    "dicembre december dezember décembre decembre diciembre",
)
# Monday first, Italian first (with and without the accent).
WEEKDAY_NAMES: tuple[str, ...] = (
    "lunedì lunedi monday montag lundi lunes",
    "martedì martedi tuesday dienstag mardi martes",
    "mercoledì mercoledi wednesday mittwoch mercredi miércoles miercoles",
    "giovedì giovedi thursday donnerstag jeudi jueves",
    "venerdì venerdi friday freitag vendredi viernes",
    "sabato saturday samstag samedi sábado",
    "domenica sunday sonntag dimanche domingo",
)

_ITALIAN = [row.split()[0] for row in MONTH_NAMES]
# "gennaio" -> 1 ... and the newsroom abbreviations "gen", "feb" ... "dic".
ITALIAN_MONTHS: dict[str, int] = {name: n for n, name in enumerate(_ITALIAN, 1)} | {
    name[:3]: n for n, name in enumerate(_ITALIAN, 1)
}
CALENDAR: dict[str, str] = {
    word: f"{prefix}{n}"
    for prefix, rows in (("m", MONTH_NAMES), ("d", WEEKDAY_NAMES))
    for n, row in enumerate(rows, 1)
    for word in row.split()
}
