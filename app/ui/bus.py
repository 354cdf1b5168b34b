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


class RefreshOnChange:
    """Mixin for pages: after a change to a ``WATCHED`` topic, refresh now if visible,
    otherwise when next shown. The page's ``refresh()`` must clear ``_dirty``."""

    WATCHED: frozenset[str] = frozenset()
    _dirty = False

    def _on_changed(self, changed: set) -> None:
        if changed & self.WATCHED:
            if self.isVisible():
                self.refresh()
            else:
                self._dirty = True

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._dirty:
            self.refresh()
        super().showEvent(event)
