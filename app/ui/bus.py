"""One change broadcast: a write says what it changed; open screens refresh themselves."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

CUSTOMERS = "customers"
SALES = "sales"
PAYMENTS = "payments"
SETTINGS = "settings"
CONTACTS = "contacts"


class ChangeBus(QObject):
    """Emits ``changed(set_of_topics)`` after every write made through the UI."""

    changed = Signal(object)

    def notify(self, *topics: str) -> None:
        self.changed.emit(set(topics))


bus = ChangeBus()
