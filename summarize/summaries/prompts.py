"""The summariser's prompt templates: ``summary_system.j2``, ``summary_user.j2`` and
``summary_combine.j2``, read at run time from the user's ``prompts_dir`` first, then from
the ones shipped in ``summarize/prompts/``, so an edited copy changes the house style
without code.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarize.errors import ModelUnavailable
from summarize.lexicon.languages import LANGUAGE_NAMES
from summarize.runtime import templating

SYSTEM_TEMPLATE = "summary_system.j2"
USER_TEMPLATE = "summary_user.j2"
COMBINE_TEMPLATE = "summary_combine.j2"
PROMPT_TEMPLATES = (SYSTEM_TEMPLATE, USER_TEMPLATE, COMBINE_TEMPLATE)


@dataclass
class Prompts:
    """The summariser's Jinja2 templates: the user's copies first, then the shipped ones."""

    env: Any
    digest: str  # hash of the three templates' sources as they will be used
    folders: list[Path] = field(default_factory=list)

    def system(self, **variables: Any) -> str:
        return self._render(SYSTEM_TEMPLATE, variables)

    def user(self, **variables: Any) -> str:
        return self._render(USER_TEMPLATE, variables)

    def combine(self, **variables: Any) -> str:
        return self._render(COMBINE_TEMPLATE, variables)

    def _render(self, name: str, variables: dict[str, Any]) -> str:
        """A failure names the template's file and line (a TemplateFailure, which the
        summariser does not take for a model fault to fall back from)."""
        return templating.render(self.env, name, variables, setting="prompts").strip()

    def check(self) -> None:
        """Render every prompt with the variables the summariser passes, so a name the
        templates use that it never passes is refused before any work."""
        sample: dict[str, Any] = {
            "language": "English",
            "language_code": "en",
            "sentences": 3,
            "words": 66,
            "title": "Titolo",
            "text": "Testo.",
            "part": 1,
            "parts": 2,
        }
        self.system(**sample)
        self.user(**sample)
        self.combine(summaries=["Uno.", "Due."], **sample)


def shipped_prompts_dir() -> Path:
    """Where the default prompt templates live: inside the package."""
    return Path(__file__).resolve().parent.parent / "prompts"


def load_prompts(prompts_dir: Path | None = None) -> Prompts:
    """The templates, looked up in ``prompts_dir`` then in the shipped ``prompts/``."""
    from jinja2 import TemplateNotFound

    folders = [Path(p) for p in (prompts_dir, shipped_prompts_dir()) if p is not None]
    env = templating.environment(folders, autoescape=False, setting="prompts")
    digest = hashlib.sha256()
    for name in PROMPT_TEMPLATES:
        try:
            source, _, _ = env.loader.get_source(env, name)
        except TemplateNotFound:
            where = " or ".join(str(f) for f in folders)
            raise ModelUnavailable(
                f"prompt template {name} is missing from {where}; restore it from brief's prompts/",
                setting="prompts",
            ) from None
        digest.update(name.encode() + b"\0" + source.encode("utf-8") + b"\0")
    return Prompts(env=env, digest=digest.hexdigest()[:16], folders=folders)


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code.strip().lower(), code)
