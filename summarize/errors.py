"""Domain exceptions. Only the CLI turns them into messages and exit codes.

Every message is one line of facts: the thing at fault (which model, which device, which
file) and what is wrong with it. The library never names a command-line flag: an error
says which run *setting* would fix it (``setting``, in the library's words: "model",
"device", "engine" ...), a value that would work when there is one (``suggestion``), and
for a model missing from the cache the name ``brief models pull`` takes (``download``).
``summarize.cli_errors`` turns those into the flag to use (docs/ARCHITECTURE.md, "Errors").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from summarize.records import Article


class BriefError(Exception):
    """Base of every error ``brief`` reports to a user."""

    def __init__(
        self,
        message: str,
        *,
        setting: str | None = None,
        suggestion: str | None = None,
        download: str | None = None,
    ) -> None:
        super().__init__(message)
        self.setting = setting
        self.suggestion = suggestion
        self.download = download


class InputError(BriefError):
    """One input file cannot be used (binary, empty, too large, unreadable)."""

    def __init__(
        self,
        source: str,
        problem: str,
        *,
        setting: str | None = None,
        suggestion: str | None = None,
    ) -> None:
        super().__init__(f"{source}: {problem}", setting=setting, suggestion=suggestion)
        self.source = source
        self.problem = problem


class NotAnArticle(InputError):
    """The file is text but no article survives cleaning. ``article``: what the cleaner
    made of it (its dropped lines and their reasons), so a refusal can be explained as
    fully as a briefing; None when the page was refused before it was read."""

    def __init__(
        self,
        source: str,
        problem: str,
        *,
        setting: str | None = None,
        article: Article | None = None,
    ) -> None:
        super().__init__(source, problem, setting=setting)
        self.article = article


class TemplateFailure(InputError):
    """A template cannot be rendered: every output, or every summary, would fail alike.
    Its problem names the template, since an article's failure line shows only that."""

    def __init__(self, template: str, problem: str, *, setting: str | None = None) -> None:
        super().__init__(f"template {template}", problem, setting=setting)
        self.problem = str(self)


class ModelUnavailable(BriefError):
    """A model cannot be loaded: not cached while offline, wrong path, unknown language."""


class EngineUnavailable(BriefError):
    """An optional engine (ctranslate2) is not installed or cannot run here."""


class OutputError(BriefError):
    """The output folder cannot be written."""


class LockTimeout(BriefError):
    """Another run holds the lock on the output folder."""
