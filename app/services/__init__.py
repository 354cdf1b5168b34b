"""The product without a window: one package per domain (see the README's map of rooms).

Scripts written before the rooms import a service by its module name alone
(``from app.services import payments``, ``app.services.worklist.todays_worklist``): each such
name is answered by the module in its room, the very same module object, so both spellings
see and patch the same functions.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys

# module name → the room that holds it (app/services/<room>/<module>.py)
ROOMS = {
    "core": ("money", "dates", "text", "codes", "errors", "changes", "progress", "sql",
             "row_order"),
    "br": ("documents", "phones", "holidays", "pix", "qr"),
    "configuration": ("settings", "validation", "first_run"),
    "people": ("customers", "channels", "standing", "loyalty", "birthdays", "privacy",
               "erasure"),
    "receivables": ("sales", "installments", "payments", "payment_guards", "fees", "discounts",
                    "statement", "ledger", "naming", "sale_summary", "lateness", "asked",
                    "stored_checks"),
    "collection": ("worklist", "overdue", "cadence", "messages", "contacts", "dashboard",
                   "tone", "sms"),
    "negotiation": ("agreements", "agreement_plans", "agreement_text", "agreement_undo",
                    "agreement_reminder"),
    "spreadsheets": ("spreadsheet_read", "spreadsheet_guard", "import_clean", "import_columns",
                     "import_files", "import_plan", "import_rows", "import_store", "import_write",
                     "importer", "exporter", "xlsx_writer", "piece_sheet", "import_pieces"),
    "storage": ("backup", "restore", "dbhealth", "dberrors", "lockfile", "paths", "opening",
                "copy_rewrite", "whole_files", "scratch"),
    "pieces": ("catalog", "piece_list", "stock", "returns", "return_history", "piece_search",
               "catalog_match"),
    "conditional": ("conditional", "conditional_list", "conditional_undo", "malinha_cadence",
                    "malinha_reminders"),
}
_HOME = {module: f"{__name__}.{room}.{module}" for room, modules in ROOMS.items()
         for module in modules}


class _ShortNames(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds ``app.services.<module>`` for a module that lives in a room, and hands back the
    room's module itself (one module object under two names)."""

    def find_spec(self, fullname, path=None, target=None):
        package, _, module = fullname.rpartition(".")
        if package != __name__ or module not in _HOME:
            return None
        return importlib.util.spec_from_loader(fullname, self)

    def create_module(self, spec):
        return importlib.import_module(_HOME[spec.name.rpartition(".")[2]])

    def exec_module(self, module):
        pass  # already executed under its room's name


if not any(isinstance(finder, _ShortNames) for finder in sys.meta_path):
    sys.meta_path.append(_ShortNames())


def __getattr__(name: str):
    if name in _HOME:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
