"""Words of a page's interface talking to its reader, not of an article's headline.

Session and paywall messages, cookie and login prompts address the reader in the second
person singular ("devi scollegare un'altra sessione", "hai raggiunto il limite", "il tuo
abbonamento") or tell them what to click; Italian news headlines speak of third parties.
None of the 89 real headlines of ../shared/realdata (pages/, titles/) holds one.
"""

from __future__ import annotations

READER_ADDRESS: frozenset[str] = frozenset(
    {
        "devi", "puoi", "hai", "sei", "vuoi", "stai", "potrai", "dovrai", "riceverai",
        "tuo", "tua", "tuoi", "tue",
        "clicca", "accedi", "abbonati", "registrati", "iscriviti", "scollega", "scollegare",
        "effettua", "continua",
    }
)  # fmt: skip
