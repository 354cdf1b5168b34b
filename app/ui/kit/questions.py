"""Yes/no questions with our own words on the buttons, where Enter presses the safe answer and
the box shows which one that is (issue 20: "every question shows which button Enter presses")."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget


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
