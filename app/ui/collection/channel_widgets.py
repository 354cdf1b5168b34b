"""Her channels on a screen (issue 24): the four ways to reach her with hers first, the call
panel (the number large, "Liguei" and the note), and what each outcome says to the reseller.

Used by Cobranças de hoje and by the birthday list; the texts and links come from the
entries (``WorklistEntry``, ``BirthdayEntry``), the sentences from here, so both screens
say the same thing the same way.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.collection.sms import SMS_MAX, outside_gsm7, sms_parts
from app.services.core.codes import Channel
from app.services.core.text import first_name, plural
from app.services.people.channels import CHOICE_LABELS
from app.ui.kit.style import set_primary, set_role

ORDER = (Channel.WHATSAPP, Channel.EMAIL, Channel.SMS, Channel.PHONE)
BUTTON_TEXTS = {Channel.WHATSAPP: "Abrir WhatsApp", Channel.EMAIL: "Abrir e-mail",
                Channel.SMS: "Copiar para SMS", Channel.PHONE: "Ligação"}
BUTTON_NAMES = {Channel.WHATSAPP: "whatsappButton", Channel.EMAIL: "emailButton",
                Channel.SMS: "smsButton", Channel.PHONE: "callButton"}
WHY_NOT = {Channel.WHATSAPP: "Sem celular cadastrado: copie a mensagem ou ligue.",
           Channel.EMAIL: "Sem e-mail cadastrado: cadastre em Editar dados.",
           Channel.SMS: "SMS precisa de um celular cadastrado.",
           Channel.PHONE: "Sem telefone cadastrado."}


def whose(name: str) -> str:
    """"da Natália": whose message it is, by her first name."""
    return f"da {first_name(name)}" if name.strip() else "da cliente"


def opened_text(channel: Channel, name: str, email: str = "") -> str:
    """What she reads after the link opened."""
    if channel is Channel.EMAIL:
        return f"E-mail aberto para {name} ({email}): confira e clique em Enviar."
    return f"WhatsApp aberto para {name}."


def not_opened_text(channel: Channel, email: str = "") -> str:
    """What she reads when the link did not open: the message is on the clipboard."""
    if channel is Channel.EMAIL:
        return ("Não consegui abrir o programa de e-mail; a mensagem foi copiada — cole num "
                f"e-mail para {email}.")
    return "Não consegui abrir o WhatsApp; a mensagem foi copiada — cole na conversa dela."


def sms_copied_text(name: str, phone_display: str) -> str:
    """After "Copiar para SMS": where to paste it."""
    return (f"SMS {whose(name)} copiado: abra as mensagens (SMS) do celular, comece uma "
            f"conversa com {phone_display} e cole.")


def sms_count_text(text: str) -> str:
    """How the SMS goes, honestly (``sms.sms_parts``): "138 caracteres · 1 SMS"; "170
    caracteres · 2 SMS (passa de 160)"; with a character outside GSM-7 the phone sends it
    as UCS-2, and it says which: "137 caracteres · 2 SMS (por causa de ã, ç: 70 por SMS)"."""
    size, parts = len(text), sms_parts(text)
    count = f"{plural(size, 'caractere')} · {parts} SMS"
    if not text:
        return plural(0, "caractere")
    odd = outside_gsm7(text)
    if odd:
        shown = ", ".join("espaço especial" if ch.isspace() else ch for ch in odd[:4])
        return f"{count} (por causa de {shown}{'…' if len(odd) > 4 else ''}: 70 por SMS)"
    return f"{count} (passa de {SMS_MAX})" if parts > 1 else count


class ChannelButtons(QWidget):
    """"Abrir WhatsApp · Abrir e-mail · Copiar para SMS · Ligação", two by two, her channel
    first and highlighted; a channel her data cannot serve is disabled and says why."""

    chosen = Signal(str)  # the Channel code of the button clicked

    def __init__(self, parent=None):
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[Channel, QPushButton] = {}
        for channel in ORDER:
            button = QPushButton(BUTTON_TEXTS[channel])
            button.setObjectName(BUTTON_NAMES[channel])
            button.clicked.connect(lambda _checked=False, c=channel: self.chosen.emit(c.value))
            self.buttons[channel] = button
        self.first: Channel = Channel.NONE
        self._place(ORDER)

    def _place(self, order) -> None:
        for n, channel in enumerate(order):
            self.grid.addWidget(self.buttons[channel], n // 2, n % 2)

    def show_for(self, first: str, usable: dict[Channel, bool]) -> None:
        """Put ``first`` (her channel) first and highlighted; enable what ``usable`` allows."""
        self.first = Channel(first) if first in ORDER else Channel.NONE
        order = sorted(ORDER, key=lambda c: c is not self.first)
        self._place(order)
        for channel, button in self.buttons.items():
            ok = usable.get(channel, False)
            button.setEnabled(ok)
            set_primary(button, channel is self.first)
            mine = " (o canal dela)" if channel is self.first else ""
            button.setToolTip(f"{CHOICE_LABELS[channel]}{mine}" if ok else WHY_NOT[channel])
        self._tab_order(order)

    def _tab_order(self, order) -> None:
        """Tab goes through the buttons in the order they are shown."""
        for before, after in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(self.buttons[before], self.buttons[after])

    def disable_all(self) -> None:
        for button in self.buttons.values():
            button.setEnabled(False)
            set_primary(button, False)


class CallPanel(QFrame):
    """"Ligação": her number in large type, what was said, and "Liguei"."""

    called = Signal(str)  # the note
    closed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("callPanel")
        set_role(self, "card")
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 4, 8, 8)
        column.setSpacing(4)
        self.number = set_role(QLabel(), "phone_number")
        self.number.setObjectName("callNumber")
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.number)
        row = QHBoxLayout()
        self.note = QLineEdit(placeholderText="Como foi a ligação?")
        self.note.setObjectName("callNote")
        self.note.setToolTip("O que ela disse fica no histórico de contatos.")
        self.note.returnPressed.connect(self._called)
        row.addWidget(self.note, 1)
        self.called_button = set_primary(QPushButton("Liguei"))
        self.called_button.setObjectName("calledButton")
        self.called_button.clicked.connect(self._called)
        row.addWidget(self.called_button)
        self.back_button = QPushButton("Voltar")
        self.back_button.setObjectName("callBackButton")
        self.back_button.setToolTip("Fechar e voltar à mensagem, sem registrar nada.")
        self.back_button.clicked.connect(self.closed.emit)
        row.addWidget(self.back_button)
        column.addLayout(row)
        self.hide()

    def show_number(self, name: str, phone_display: str) -> None:
        """Show her number, ready for the note; the note box starts empty."""
        self.number.setText(phone_display)
        self.number.setToolTip(f"Ligar para {name}")
        self.note.clear()
        self.show()

    def _called(self) -> None:
        self.called.emit(self.note.text().strip())
