"""Small shared widgets: form rows with an error line, money and date inputs, page titles, and
the yes/no question whose default (what Enter presses, drawn as such) is the safe answer."""

from __future__ import annotations

from datetime import date

import shiboken6
from PySide6.QtCore import QDate, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.services.core.money import format_brl, parse_brl
from app.ui.kit.style import money_font, set_role
from app.ui.kit.tables.columns import fit_columns  # noqa: F401 (where the screens find it)


class ErrorLabel(QLabel):
    """A red line under a field; hidden while empty."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        set_role(self, "error")
        self.setWordWrap(True)
        self.hide()

    def show_error(self, text: str | None) -> None:
        self.setText(text or "")
        self.setVisible(bool(text))


class FieldForm(QFormLayout):
    """A form whose fields each get an error label right under them. Editing a field hides
    its error (she fixed it; Salvar checks again) and emits ``edited``, so a screen can drop
    a "salvos" line that no longer describes what is on screen."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.errors: dict[str, ErrorLabel] = {}
        self.fields: dict[str, QWidget] = {}
        self.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)

    def add(self, key: str, label: str, widget: QWidget) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        error = ErrorLabel()
        column.addWidget(error)
        self.addRow(label, box)
        self.errors[key] = error
        self.fields[key] = widget
        signals = ("textEdited", "valueChanged", "dateChanged", "currentIndexChanged", "toggled")
        changed = next((getattr(widget, n) for n in signals if hasattr(widget, n)), None)
        if changed is not None:
            changed.connect(lambda *_: self._edited(error))
        return widget

    def _edited(self, error: ErrorLabel) -> None:
        error.show_error(None)
        self.edited.emit()

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show each message next to its field and focus the first field with a problem."""
        first = None
        for key, label in self.errors.items():
            label.show_error(errors.get(key))
            if key in errors and first is None:
                first = self.fields[key]
        if first is not None:
            first.setFocus()

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.show_error(None)

    def show_refusal(self, errors: dict[str, str], feedback: QLabel) -> None:
        """A settings tab's refusal: each message next to its field, and those about fields
        of other tabs (the whole settings are checked on every save) in ``feedback`` — a
        refused save is never silent."""
        self.show_errors(errors)
        others = [m for k, m in errors.items() if k not in self.errors]
        feedback.setText("Corrija antes nas outras abas: " + " ".join(others) if others else "")


class MoneyEdit(QLineEdit):
    """A line edit for R$ amounts that keeps what was typed and parses on demand."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText("0,00")
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setFont(money_font(self.font()))

    def cents(self) -> int:
        """The amount typed, in centavos (ValueError with a Portuguese message)."""
        return parse_brl(self.text())

    def cents_or_zero(self) -> int:
        text = self.text().strip()
        return self.cents() if text else 0

    def set_cents(self, cents: int | None) -> None:
        self.setText("" if cents is None else format_brl(cents, symbol=False))


class DateEdit(QDateEdit):
    """A dd/MM/yyyy date input with a calendar. Tab goes to the next field (Qt's own date
    edit walks day, month and year first: four presses to leave it); the arrows and typing
    still move from day to month to year."""

    def __init__(self, value: date | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setDisplayFormat("dd/MM/yyyy")
        self.setCalendarPopup(True)
        self.setMinimumDate(QDate(1900, 1, 1))
        if value:
            self.set_date(value)

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802 - Qt override
        return QAbstractSpinBox.focusNextPrevChild(self, forward)

    def value(self) -> date:
        return self.date().toPython()

    def set_date(self, value: date) -> None:
        self.setDate(QDate(value.year, value.month, value.day))


class ElidedLabel(QLabel):
    """One line that gives up width when the window is narrow: the middle of a long text
    (a file path) becomes "…"; ``text()`` and the tooltip keep the whole of it."""

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt override
        self._full = text
        self.setToolTip(text)
        self._elide()

    def text(self) -> str:
        return self._full

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(self.fontMetrics().horizontalAdvance(self._full) + 8,
                     super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(80, super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideMiddle,
                                              max(self.width(), 1))
        super().setText(shown)


def title_label(text: str) -> QLabel:
    """A page title."""
    label = QLabel(text)
    set_role(label, "title")
    label.setWordWrap(True)
    return label


def named_button(text: str, name: str, slot) -> QPushButton:
    """A push button with an object name (tests and screenshots find it) wired to ``slot``."""
    button = QPushButton(text)
    button.setObjectName(name)
    button.clicked.connect(slot)
    return button


def message_label(role: str, name: str = "", hidden: bool = True) -> QLabel:
    """A word-wrapped line of text with a look from the stylesheet (``warning``,
    ``banner``, ``suggestion``…), hidden until there is something to say."""
    label = set_role(QLabel(), role)
    label.setObjectName(name)
    label.setWordWrap(True)
    if hidden:  # never setVisible(True) here: a label without a parent yet would open as a
        label.hide()  # window of its own and take the focus from hers
    return label


def row_table(model, name: str, sortable: bool = True, parent: QWidget | None = None):
    """A read-only, row-selecting table view the way every list screen wants it; with
    ``parent``, made in place (its columns are measured with the style sheet's font, and a
    styled table moved to another parent is styled all over again)."""
    from PySide6.QtWidgets import QAbstractItemView, QTableView

    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    table.setSortingEnabled(sortable)
    if sortable:
        from app.ui.kit.style import arrows_the_right_way

        arrows_the_right_way(table.horizontalHeader())
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # "Conceição Ap…Souza": both ends
    table.setTabKeyNavigation(False)  # Tab goes on to the next control; the arrows walk rows
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(26)
    columns = getattr(_source(model), "COLUMNS", ())
    if any(getattr(c, "elide_right", False) for c in columns):
        from app.ui.kit.tables.row_delegate import ColumnElideDelegate

        table.setItemDelegate(ColumnElideDelegate(table, columns))
    fit_columns(table)
    return table


def _source(model):
    from PySide6.QtCore import QSortFilterProxyModel

    while isinstance(model, QSortFilterProxyModel):
        model = model.sourceModel()
    return model


def question(parent: QWidget | None, title: str, text: str, yes: str,
             no: str = "Voltar") -> tuple[QMessageBox, QPushButton]:
    """A question with our own words on its two buttons; Enter presses ``no`` (the safe
    answer), which is drawn as the default so she sees what Enter does; Esc presses it too.
    Returns the box and its ``yes`` button (ask with ``box.exec()`` and compare
    ``box.clickedButton()``, or use ``ask``)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    accept = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    back = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(back)
    box.setEscapeButton(back)
    return box, accept


def ask(parent: QWidget | None, title: str, text: str, yes: str,
        no: str = "&Cancelar") -> bool:
    """Ask ``question`` and wait; True only when she pressed ``yes``."""
    box, accept = question(parent, title, text, yes, no)
    box.exec()
    box.deleteLater()
    return box.clickedButton() is accept


class MadeWhenShown(QWidget):
    """A tab's page whose content is made the first time it is shown (or asked for), by
    ``make``: the tabs she has not opened cost nothing on the click that opens their page
    (issue 18, the window's 80 ms). A widget of its own, so nothing is connected to the page
    that holds it (a slot on a page being destroyed fails while its tabs are taken apart)."""

    def __init__(self, make, parent=None):
        super().__init__(parent)
        self._make, self._content = make, None
        QVBoxLayout(self).setContentsMargins(0, 0, 0, 0)

    def made(self) -> QWidget:
        if self._content is None:
            self._content = self._make()
            self.layout().addWidget(self._content)
            if self.isVisible():  # shown now, not at the next turn of the event loop
                self._content.show()
        return self._content

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.made()
        super().showEvent(event)


def let_go(dialog: QWidget | None) -> None:
    """Delete a dialog she has closed (``deleteLater``) instead of leaving it hidden inside
    its parent. After ``exec()`` PySide no longer holds a dialog's wrapper through its parent
    (after ``show()`` it does), so Python lets go of it as soon as nothing of ours refers to
    it, but Qt keeps the hidden dialog, and an event still sent to it or to one of its fields
    reached a Python override (an event filter) with no Python object behind it any more:
    an error, or a crash (seen once in the suite, while a badge was restyled). Call it once
    what the dialog gave back has been read; a dialog still on screen is left alone."""
    if dialog is not None and shiboken6.isValid(dialog) and not dialog.isVisible():
        dialog.deleteLater()
