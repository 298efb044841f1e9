from __future__ import annotations

import pytest

from summarize.translation.checks import (
    missing_numbers,
    number_values,
    repeated_phrase,
    translation_warnings,
)

GOOD_PAIRS = [
    (
        "Il ministro della Difesa russo Andrei Belousov e il segretario del Pentagono Lloyd "
        "Austin hanno tenuto ieri un colloquio telefonico: non succedeva dal 15 marzo 2023.",
        "Russian Defence Minister Andrei Belousov and Pentagon Secretary Lloyd Austin held a "
        "telephone conversation yesterday: it had not happened since March 15, 2023.",
    ),
    (
        "Le forze armate hanno ricevuto 3.000 proiettili e un aiuto di 2,5 miliardi, il 12% "
        "in più dell'anno scorso.",
        "The armed forces received 3,000 shells and 2.5 billion in aid, 12% more than last year.",
    ),
    ("Lloyd Austin", "Lloyd Austin"),  # names pass through unchanged, and rightly so
]


@pytest.mark.parametrize(("source", "target"), GOOD_PAIRS)
def test_a_good_translation_raises_no_warning(source: str, target: str) -> None:
    assert translation_warnings(source, target) == ()


def test_numbers_match_across_separator_conventions() -> None:
    assert missing_numbers("3.000 soldati e 2,5 milioni", "3,000 soldiers and 2.5 million") == []
    assert missing_numbers("3.000 soldati", "3000 soldiers") == []
    assert missing_numbers("3.000 soldati", "3.000 Soldaten") == []  # German
    assert missing_numbers("15.000 persone", "15 000 personnes") == []  # French grouping
    assert missing_numbers("il 40% degli elettori", "40 per cent of voters") == []


def test_a_changed_number_is_named_as_written_in_the_source() -> None:
    warnings = translation_warnings(
        "Sono morte 1.200 persone nel 2023, il 15% in più.",
        "1,300 people died in 2022, 15% more.",
    )
    assert warnings == ("numbers missing from the translation: 1.200, 2023",)


def test_a_decimal_is_not_mistaken_for_thousands() -> None:
    # 2,5 is two and a half: a translation that made it 25 (or 5) has lost the decimal.
    assert missing_numbers("un aumento di 2,5 punti", "an increase of 25 points") == ["2,5"]
    assert missing_numbers("un aumento di 12,5 punti", "an increase of 12 points") == ["12,5"]
    assert number_values("2,5") == {2.5}
    assert number_values("3.000") == {3000.0, 3.0}


def test_single_digits_are_not_checked_because_translators_spell_them() -> None:
    assert missing_numbers("da 2 anni", "for two years") == []


def test_an_untranslated_output_is_flagged() -> None:
    source = "Il segretario del Pentagono ha parlato con il collega russo."
    (warning,) = translation_warnings(source, source)
    assert warning.startswith("translation identical to the source: “Il segretario")


def test_short_identical_text_is_not_flagged() -> None:
    assert translation_warnings("Lloyd Austin", "Lloyd Austin") == ()


def test_a_decoding_loop_is_flagged_with_the_phrase() -> None:
    loop = "The minister said that the war the war the war the war continues."
    assert repeated_phrase(loop) == ("the war", 4)
    warnings = translation_warnings("Il ministro ha detto che la guerra continua.", loop)
    assert "translation repeats “the war” 4 times in a row" in warnings


def test_three_repeats_are_not_a_loop() -> None:
    assert repeated_phrase("no, no, no, I said") is None


def test_a_loop_already_in_the_source_is_not_blamed_on_the_translation() -> None:
    source = "Gridavano: basta basta basta basta guerra, davanti al ministero."
    target = "They shouted: enough enough enough enough war, in front of the ministry."
    assert translation_warnings(source, target) == ()


def test_a_translation_that_lost_half_the_sentence_is_flagged() -> None:
    source = (
        "Gli Stati Uniti e la Russia hanno ripreso i contatti ufficiali sulla guerra in "
        "Ucraina per la prima volta da oltre un anno."
    )
    (warning,) = translation_warnings(source, "The United States and Russia.")
    assert warning.startswith("translation is 0.2x the length of the source")


def test_a_translation_twice_as_long_is_flagged() -> None:
    source = "Il ministro ha parlato ieri."
    target = "The minister spoke yesterday, and then he spoke again, and again, at length."
    (warning,) = translation_warnings(source, target)
    assert warning.startswith("translation is 2.7x the length")


def test_length_is_not_judged_on_very_short_texts() -> None:
    assert translation_warnings("Esteri", "Foreign affairs news") == ()


def test_blank_source_gives_no_warning() -> None:
    assert translation_warnings("  ", "") == ()
