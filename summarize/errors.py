"""Domain exceptions. Only the CLI turns them into messages and exit codes.

Every message is one line that names the thing at fault and what to do about it.
"""

from __future__ import annotations


class BriefError(Exception):
    """Base of every error ``brief`` reports to a user."""


class InputError(BriefError):
    """One input file cannot be used (binary, empty, too large, unreadable)."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class NotAnArticle(InputError):
    """The file is text but no article survives cleaning."""


class ModelUnavailable(BriefError):
    """A model cannot be loaded: not cached while offline, wrong path, unknown language."""


class EngineUnavailable(BriefError):
    """An optional engine (ctranslate2) is not installed or cannot run here."""


class OutputError(BriefError):
    """The output folder cannot be written."""


class LockTimeout(BriefError):
    """Another run holds the lock on the output folder."""
