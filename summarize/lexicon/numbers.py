"""Number words in Italian and English."""

from __future__ import annotations

# Numbers an article may spell out that a summary writes in digits ("due anni" -> "2
# years"). Italian and English up to twenty plus round ones; enough for news prose.
NUMBER_WORDS: dict[str, str] = {
    word: str(value)
    for words, value in (
        ("zero", 0), ("uno una un one", 1), ("due two", 2), ("tre three", 3),
        ("quattro four", 4), ("cinque five", 5), ("sei six", 6), ("sette seven", 7),
        ("otto eight", 8), ("nove nine", 9), ("dieci ten", 10), ("undici eleven", 11),
        ("dodici twelve", 12), ("tredici thirteen", 13), ("quattordici fourteen", 14),
        ("quindici fifteen", 15), ("sedici sixteen", 16), ("diciassette seventeen", 17),
        ("diciotto eighteen", 18), ("diciannove nineteen", 19), ("venti twenty", 20),
        ("trenta thirty", 30), ("quaranta forty", 40), ("cinquanta fifty", 50),
        ("cento hundred", 100), ("mille thousand", 1000), ("milione million", 1_000_000),
        ("miliardo billion", 1_000_000_000), ("doppio double twice", 2),
        ("metà half", 0.5), ("dozzina dozen", 12),
    )
    for word in words.split()
}  # fmt: skip
