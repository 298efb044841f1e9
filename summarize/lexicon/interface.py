"""Words of a page's interface talking to its reader, not of an article's headline.

Session and paywall messages, cookie and login prompts address the reader in the second
person singular ("devi scollegare un'altra sessione", "hai raggiunto il limite", "il tuo
abbonamento") or tell them what to click; Italian news headlines speak of third parties.
None of the 42 real headlines of ../shared/realdata (pages/, titles/) holds one; 24 of
its 5,267 news sentences do, all quotes and interviews: a penalty, never a veto.
"""

from __future__ import annotations

# Only forms no headline uses in another sense: not "sei" (six), "registrati" and
# "abbonati" (registered, subscribers), "continua" (it goes on).
READER_ADDRESS: frozenset[str] = frozenset(
    {
        "devi", "puoi", "hai", "vuoi", "potrai", "dovrai", "riceverai",
        "tuo", "tua", "tuoi", "tue",
        "clicca", "accedi", "iscriviti", "scollega", "scollegare",
    }
)  # fmt: skip
