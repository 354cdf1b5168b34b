"""One change broadcast: operations publish what they changed; open screens refresh themselves.

Only ``app.ui.kit.ops`` publishes (what an operation's services wrote, or ``ops.announce``); a
page lists the topics it shows in ``WATCHED`` and, through ``RefreshOnChange``, refreshes now if
visible or when next shown (its ``refresh()`` reads on a worker: ``ops.Reader``).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.services.core.changes import Changes, Topic

CUSTOMERS = Topic.CUSTOMERS
SALES = Topic.SALES
PAYMENTS = Topic.PAYMENTS
SETTINGS = Topic.SETTINGS
CONTACTS = Topic.CONTACTS
AGREEMENTS = Topic.AGREEMENTS
BACKUPS = Topic.BACKUPS


class ChangeBus(QObject):
    """Emits ``changed(frozenset_of_topics)`` once per operation that changed something."""

    changed = Signal(object)

    def publish(self, changes: Changes) -> None:
        if changes:
            self.changed.emit(frozenset(changes.topics))


bus = ChangeBus()


class RefreshOnChange:
    """Mixin for pages: after a change to a ``WATCHED`` topic, refresh now if visible,
    otherwise when next shown. The page's ``refresh()`` must clear ``_dirty``."""

    WATCHED: frozenset[str] = frozenset()
    _dirty = False

    def _on_changed(self, changed: frozenset) -> None:
        if changed & self.WATCHED:
            if self.isVisible():
                self.refresh()
            else:
                self._dirty = True

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._dirty:
            self.refresh()
        super().showEvent(event)
