"""What she does with one reminder of Cobranças de hoje: send it by her channel (WhatsApp,
e-mail, SMS, a call) or copy it, copy the Pix, log a promise or a skip, with "Desfazer" for a
few seconds after sending. A link that did not open is a copy, never a message sent."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QGuiApplication

from app.services.collection.contacts import undo_contact
from app.services.collection.worklist import (
    WorklistEntry,
    log_entry_action,
    promise_entry,
    skip_entry,
)
from app.services.configuration.first_run import confirm_store_name
from app.services.core.changes import Changes
from app.services.core.codes import Channel
from app.services.core.money import format_brl
from app.ui.collection.channel_widgets import not_opened_text, opened_text, sms_copied_text
from app.ui.collection.worklist_widgets import PromiseDialog, first_name_of
from app.ui.kit import links
from app.ui.kit.ops import Op, announce, validation_or_message
from app.ui.kit.widgets import let_go
from app.ui.negotiation.agreement_dialog import open_agreement_dialog


class WorklistActionsMixin:
    """The action buttons of ``WorklistPage`` (its table, model, labels, undo bar, call
    panel and clock functions come from the page). The question (``ask_promise``) is a
    method so tests can answer it; links open through ``kit.links``."""

    def copy_message(self) -> None:
        entry = self._entry_for_sending()
        if entry is None:
            return
        QGuiApplication.clipboard().setText(entry.message)
        self._done_with_undo(entry, "copy", f"Mensagem {first_name_of(entry.name)} copiada.")

    def send_by(self, code: str) -> None:
        """One of her channels' buttons (issue 24)."""
        {Channel.WHATSAPP: self.send_whatsapp, Channel.EMAIL: self.send_email,
         Channel.SMS: self.copy_sms, Channel.PHONE: self.start_call}[Channel(code)]()

    def send_whatsapp(self) -> None:
        entry = self._entry_for_sending()
        if entry is None or not entry.whatsapp:
            return
        url = entry.whatsapp_url
        if url is None:  # too long for a link: copy instead
            QGuiApplication.clipboard().setText(entry.message)
            whose = first_name_of(entry.name)
            self._done_with_undo(entry, "copy", f"Mensagem {whose} copiada: era longa demais "
                                 "para o link, abra a conversa e cole.", channel="whatsapp")
            return
        self._open(entry, Channel.WHATSAPP, url)

    def send_email(self) -> None:
        """"Abrir e-mail": her mail program on a new message with the subject and the text."""
        entry = self._entry_for_sending()
        if entry is not None and entry.email_url:
            self._open(entry, Channel.EMAIL, entry.email_url)

    def _open(self, entry: WorklistEntry, channel: Channel, url: str) -> None:
        """Open the link; when it does not open, the message is copied and logged as a copy
        on that channel (with Desfazer), never as sent (issue 20)."""
        if links.open_or_copy(url, entry.message):
            self._done_with_undo(entry, channel.value, opened_text(channel, entry.name,
                                                                   entry.email))
        else:
            self._done_with_undo(entry, "copy", not_opened_text(channel, entry.email),
                                 channel=channel.value)

    def copy_sms(self) -> None:
        """"Copiar para SMS": the short version, and where to paste it."""
        entry = self._entry_for_sending()
        if entry is None or not entry.whatsapp:
            return
        QGuiApplication.clipboard().setText(entry.sms_text)
        self._done_with_undo(entry, "copy", sms_copied_text(entry.name, entry.phone_display),
                             channel="sms", sent=entry.sms_text)

    def start_call(self) -> None:
        """"Ligação": her number large, the note, "Liguei"."""
        entry = self.selected_entry()
        if entry is not None and entry.phone:
            self.call_panel.show_number(entry.name, entry.phone_display)
            self.call_panel.note.setFocus()

    def copy_pix(self) -> None:
        """Only the Pix code (nothing is logged: it goes with a message already sent)."""
        entry = self.selected_entry()
        if entry is None or not entry.pix_code:
            return
        QGuiApplication.clipboard().setText(entry.pix_code)
        whose = first_name_of(entry.name)
        self._note(f"Código Pix {whose} copiado ({format_brl(entry.total_cents)}).")

    def _entry_for_sending(self) -> WorklistEntry | None:
        """The selected entry, unless the store name that signs it was never seen."""
        self.undo_bar.settle_now()
        entry = self.selected_entry()
        if entry is not None and self._store_unconfirmed:  # as read with the list
            self.error_label.show_error(
                "Antes de enviar: confirme o nome da loja que assina a mensagem (aviso no alto "
                "da página).")
            return None
        return entry

    def keep_store_name(self) -> None:
        """"Está certo": she saw the name that signs her messages."""
        self.store_banner.hide()
        self._store_unconfirmed = False
        self.error_label.show_error(None)
        Op(self, lambda _: confirm_store_name()).run()

    def ask_promise(self, entry: WorklistEntry) -> tuple[date, str] | None:
        """The promised date and a note (None: cancelled)."""
        dialog = PromiseDialog(entry.name, self._today_fn(), self)
        answer = (dialog.date_edit.value(), dialog.note_edit.text()) if dialog.exec() else None
        let_go(dialog)
        return answer

    def log_call(self, note: str = "") -> None:
        """"Liguei" with what was said: logged as a call; she leaves the list."""
        entry = self.selected_entry()
        if entry is not None and entry.phone:
            self.call_panel.hide()
            self._done(entry, "call", note=note)

    def log_promise(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        answer = self.ask_promise(entry)
        if answer is None:
            return
        today, now = self._today_fn(), self._now_fn()
        self._log(lambda _: promise_entry(entry, answer[0], today, note=answer[1], now=now))

    def skip(self) -> None:
        entry = self.selected_entry()
        if entry is not None:
            today, now = self._today_fn(), self._now_fn()
            self._log(lambda _: skip_entry(entry, today, now=now))

    def _done(self, entry: WorklistEntry, action: str, note: str = "") -> None:
        today, now = self._today_fn(), self._now_fn()
        self._log(lambda _: log_entry_action(entry, action, today, note=note, now=now))

    def _log(self, work) -> None:
        """Write the contact on a worker; she leaves the list (the bus refreshes the page
        and every other screen that shows contacts)."""
        Op(self, work).failure(validation_or_message(
            self, lambda exc: self.error_label.show_error(str(exc)))).run()

    def _done_with_undo(self, entry: WorklistEntry, action: str, text: str, *,
                        channel: str | None = None, sent: str | None = None) -> None:
        """Log the contact (on the ``channel`` actually used, with the text ``sent``, the
        message by default), say so with her name, and offer "Desfazer" for a few seconds;
        she leaves the list (and the next one is selected) only when the time is up."""
        today, now = self._today_fn(), self._now_fn()
        row = max(self.table.currentIndex().row(), 0)
        # the contact is told to the screens only when the "Desfazer" time is up
        op = Op(self, lambda _: log_entry_action(entry, action, today, channel=channel,
                                                 text=sent, now=now), announce=False)
        op.success(lambda contact_id: self._offer_undo(entry, contact_id, row, text, op.changes))
        op.failure(validation_or_message(
            self, lambda exc: self.error_label.show_error(str(exc)))).run()

    def _offer_undo(self, entry: WorklistEntry, contact_id: int, row: int, text: str,
                    changes: Changes) -> None:
        def undo() -> None:
            Op(self, lambda _: undo_contact(contact_id), announce=False).success(
                lambda _: self._note(f"Desfeito: {entry.name} continua na lista.")).run()

        def settle() -> None:
            """The contact stays: tell every screen (she leaves this list, her history
            grows)."""
            self._resume_row = row
            announce(changes)

        self.undo_bar.show_done(text, undo, settle)

    def _open_selected_customer(self) -> None:
        entry = self.selected_entry()
        if entry is not None:
            self.open_customer.emit(entry.customer_id)

    def _propose_agreement(self) -> None:
        entry = self.selected_entry()
        if entry is not None:
            open_agreement_dialog(self, entry.customer_id, self._today_fn())

    def _on_double_clicked(self, index) -> None:
        self.open_customer.emit(self.model.row_at(index.row()).customer_id)

