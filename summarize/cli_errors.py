"""Library errors in the terminal's words: the facts an error carries, then the flag to use.

The library names run *settings* (``BriefError.setting``: "model", "max_size" ...), never
a flag; this is the one table from a setting to its flag, and the words that go with it
(docs/ARCHITECTURE.md, "Errors").
"""

from __future__ import annotations

from summarize.errors import BriefError, InputError

# The flag behind each run setting a library error can name (summarize.errors).
FLAGS = {
    "model": "--model",
    "revision": "--revision",
    "device": "--device",
    "engine": "--engine",
    "compute_type": "--compute-type",
    "quantize": "--quantize",
    "summarizer": "--summarizer",
    "lang": "--lang",
    "prompts": "--prompts",
    "templates": "--templates",
    "out": "--out",
    "wait": "--wait",
    "max_size": "--max-size",
    "allow_private": "--allow-private",
    "explain": "--explain",
    "offline": "--offline",
}


# How the fix is worded for a setting when it is more than "check FLAG".
ADVICE = {
    "out": "choose another with {flag}",
    "wait": "try again later or raise {flag}",
    "max_size": "raise it with {flag} if this really is one article",
    "explain": "run with {flag} to see why",
    "allow_private": "add {flag} to fetch them (an intranet, a test server)",
    "offline": "drop {flag} to fetch web inputs (HF_HUB_OFFLINE=1 alone keeps only the "
    "models offline)",
}


def describe(error: BriefError, facts: str | None = None) -> str:
    """A library error for the terminal: its facts (``facts`` when given, else its
    message), then the flag that would fix it."""
    message = str(error) if facts is None else facts
    if error.download:
        return (
            f"{message}; run `brief models pull {error.download}` on a connected machine "
            "(same HF_HOME), or pass --model PATH to a local copy"
        )
    if not error.setting:
        return message
    flag = FLAGS.get(error.setting, "--" + error.setting.replace("_", "-"))
    if error.setting == "quantize":
        return f"{message}; drop {flag} (--compute-type sets the precision)"
    if error.suggestion:
        verb = "pass" if error.setting == "model" else "use"
        return f"{message}; {verb} {flag} {error.suggestion}"
    return f"{message}; " + ADVICE.get(error.setting, "check {flag}").format(flag=flag)


def describe_failure(error: BriefError) -> str:
    """One input's failure, for its failure line and the digest: the problem (the source
    is said beside it), then the flag."""
    return describe(error, error.problem if isinstance(error, InputError) else None)
