"""Language names by ISO 639-1 code, in English (the prompts and the warnings use them)."""

from __future__ import annotations

# Instruction models follow English instructions best, so prompts name languages in English.
LANGUAGE_NAMES: dict[str, str] = {
    "it": "Italian", "en": "English", "de": "German", "fr": "French", "es": "Spanish",
    "pt": "Portuguese", "nl": "Dutch", "ca": "Catalan", "ro": "Romanian", "pl": "Polish",
    "sv": "Swedish", "da": "Danish", "no": "Norwegian", "fi": "Finnish", "is": "Icelandic",
    "lt": "Lithuanian", "bg": "Bulgarian", "uk": "Ukrainian", "ru": "Russian",
    "el": "Greek", "tr": "Turkish", "ar": "Arabic", "he": "Hebrew", "zh": "Chinese",
    "ja": "Japanese", "ko": "Korean", "vi": "Vietnamese", "ms": "Malay", "eo": "Esperanto",
}  # fmt: skip
