"""The condicional (malinha, issue 23): pieces lent on approval, the acerto that turns what she
kept into one sale, the malinha's own régua in Cobranças de hoje.

``from app.services import conditional`` finds this room (its name is the module's): every
name of the module ``conditional`` — the named API ``send``, ``open_conditionals``,
``settle`` and the rest — is answered here by that module's own object.
"""

from __future__ import annotations

import importlib


def __getattr__(name: str):
    if name.startswith("__"):
        raise AttributeError(name)
    module = importlib.import_module(f"{__name__}.conditional")
    try:
        return getattr(module, name)
    except AttributeError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
