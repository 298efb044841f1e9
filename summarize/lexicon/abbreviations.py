"""Italian abbreviations by how often they end a sentence, and words that open one.

``language.segment`` decides sentence boundaries with these tables; a new abbreviation
is a one-line change here.
"""

from __future__ import annotations

# Titles and references: a name, a number or a lower-case word always follows, so a
# boundary after them is never real ("il dott. Rossi", "art. 3", "cfr. Rossi 2003").
ABBREVIATIONS_NEVER_FINAL: frozenset[str] = frozenset(
    {
        # titles and roles
        "sig.", "sigg.", "sig.ra", "sig.na", "dott.", "dott.ssa", "dr.", "dott.sa",
        "prof.", "prof.ssa", "avv.", "ing.", "arch.", "geom.", "rag.", "on.", "sen.",
        "mons.", "gen.", "col.", "magg.", "ten.", "cap.", "amm.", "cav.", "comm.",
        "card.", "rev.", "pres.", "segr.", "dir.", "dep.", "mr.", "mrs.", "ms.", "st.",
        "sac.", "fra.", "gr.uff.", "uff.",
        # references inside a text
        "art.", "artt.", "n.", "nn.", "nr.", "num.", "pag.", "pagg.", "pp.", "vol.",
        "voll.", "par.", "fig.", "figg.", "tab.", "cfr.", "ca.", "es.", "p.es.", "ad.es.",
        "vs.", "vd.", "tel.", "lett.", "cod.", "sez.", "cpv.", "all.", "d.lgs.", "dlgs.",
        "d.l.", "d.p.r.", "d.m.", "l.r.", "c.d.", "c.a.", "c.c.", "c.p.", "c.p.c.",
        "c.p.p.", "s.s.", "int.", "loc.", "fraz.", "prov.", "reg.", "circ.", "approx.",
        "max.", "min.", "tot.", "rif.", "pt.", "cit.p.", "ecc.mo", "ill.mo",
    }
)  # fmt: skip

# These often end a sentence; a following capital letter is enough to split
# ("... Fiat S.p.A. Il gruppo", "treni, aerei ecc. Il governo").
ABBREVIATIONS_OFTEN_FINAL: frozenset[str] = frozenset(
    {
        "ecc.", "etc.", "s.p.a.", "s.r.l.", "s.r.l.s.", "s.n.c.", "s.a.s.", "s.a.",
        "s.c.a.r.l.", "s.c.", "inc.", "ltd.", "co.", "corp.", "plc.", "spa.", "srl.",
    }
)  # fmt: skip

# Could end a sentence or precede a name: split only if a typical sentence opener
# follows ("nel 44 a.C. Il senato" vs "a.C. Cesare"). Single letters (initials) and
# dotted acronyms not listed anywhere are treated the same way.
ABBREVIATIONS_MAYBE_FINAL: frozenset[str] = frozenset(
    {
        "a.c.", "d.c.", "jr.", "sr.", "cit.", "op.", "ss.", "seg.", "sgg.", "a.m.",
        "p.m.", "feb.", "mar.", "apr.", "mag.", "giu.", "lug.", "ago.", "set.", "sett.",
        "ott.", "nov.", "dic.", "u.s.a.", "u.s.", "u.k.", "u.e.", "o.n.u.",
    }
)  # fmt: skip

# Capitalised words that almost only appear as the first word of a sentence: after an
# ambiguous abbreviation or an initial, one of these means a new sentence starts.
SENTENCE_OPENERS: frozenset[str] = frozenset(
    {
        "il", "lo", "la", "i", "gli", "le", "l", "un", "uno", "una", "e", "ed", "ma",
        "però", "poi", "anche", "non", "nel", "nello", "nella", "nei", "negli", "nelle",
        "del", "dello", "della", "dei", "degli", "delle", "di", "da", "dal", "dallo",
        "dalla", "dai", "dagli", "dalle", "dopo", "prima", "per", "con", "su", "sul",
        "sullo", "sulla", "sui", "sugli", "sulle", "in", "a", "al", "allo", "alla", "ai",
        "agli", "alle", "questo", "questa", "questi", "queste", "quello", "quella",
        "quelli", "quelle", "secondo", "tra", "fra", "se", "che", "chi", "cosa", "come",
        "quando", "dove", "perché", "perciò", "ci", "si", "mi", "ti", "vi", "ne", "è",
        "era", "sono", "sarà", "oggi", "ieri", "domani", "intanto", "inoltre", "infatti",
        "tuttavia", "quindi", "allora", "così", "ora", "adesso", "già", "mentre",
        "nessuno", "tutti", "tutto", "ogni", "alcuni", "alcune", "molti", "molte",
        "lui", "lei", "loro", "noi", "voi", "io", "sì", "no", "invece", "infine",
        "insomma", "eppure", "anzi", "oltre", "senza", "contro", "verso", "durante",
    }
)  # fmt: skip
