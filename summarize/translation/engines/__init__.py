"""The translation engines: one module each, found by looking in this folder.

An engine module defines one :class:`summarize.translation.base.Engine` subclass with a
``name``; adding an engine is adding a file here. Engine modules import their heavy
packages (torch, ctranslate2) only inside functions, so finding them costs nothing.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil

from summarize.translation.base import Engine


@functools.cache
def engine_classes() -> dict[str, type[Engine]]:
    """Every engine by name, in module order."""
    found: dict[str, type[Engine]] = {}
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        loaded = importlib.import_module(f"{__name__}.{module.name}")
        for value in vars(loaded).values():
            if (
                isinstance(value, type)
                and issubclass(value, Engine)
                and value.__module__ == loaded.__name__
                and getattr(value, "name", None)
            ):
                found[value.name] = value
    return found
