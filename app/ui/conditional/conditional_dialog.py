"""Nova condicional: the customer, the pieces from the catalogue with their quantities, the
return date (Configurações' default, changeable) and a note; then the termo, printed or sent.

Nothing is written until "Salvar condicional" and every field is right: problems show next to
their field and what she typed stays. Enter in the piece search adds the piece; Ctrl+Enter
saves; Esc with pieces chosen asks before throwing them away. Once saved, the dialog offers
the termo (A4, the 80 mm roll, WhatsApp or its text) before closing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.conditional.conditional import default_return_by, send
from app.services.conditional.conditional_list import late_conditional, pieces_text
from app.services.core.dates import format_date, weekday_name
from app.services.core.errors import NotFound, ValidationError
from app.services.core.money import format_brl
from app.services.pieces.catalog import VariantView
from app.ui.conditional.piece_search import PieceSearch
from app.ui.conditional.termo_actions import (
    copy_termo,
    preview_termo,
    save_termo_pdf,
    saved_termo_text,
    whatsapp_termo,
)
from app.ui.kit.customer_picker import CustomerPicker
from app.ui.kit.fitting import resize_to_fit
from app.ui.kit.ops import Op, validation_or_message
from app.ui.kit.saved_file import SavedFileBar
from app.ui.kit.style import set_primary, set_role
from app.ui.kit.tables.table_model import Column, RowTableModel
from app.ui.kit.widgets import (
    DateEdit,
    ErrorLabel,
    MadeWhenShown,
    message_label,
    named_button,
    row_table,
)


@dataclass(frozen=True)
class ChosenPiece:
    variant: VariantView
    quantity: int

    @property
    def total_cents(self) -> int:
        return self.quantity * self.variant.price_cents


class ChosenPiecesTableModel(RowTableModel):
    COLUMNS = (
        Column("Peça", lambda c: c.variant.name, stretch=True),
        Column("Qtd.", lambda c: str(c.quantity), align_right=True),
        Column("Preço", lambda c: format_brl(c.variant.price_cents), align_right=True),
        Column("Total", lambda c: format_brl(c.total_cents), align_right=True),
    )


class ConditionalDialog(QDialog):
    """Record a malinha; ``saved_id`` is its id once saved."""

    def __init__(self, today: date, customer_id: int | None = None, parent=None):
        super().__init__(parent)
        self.today = today
        self.saved_id: int | None = None
        self.setWindowTitle("Nova condicional")
        self.chosen = ChosenPiecesTableModel(self)
        self.pages = QStackedWidget()
        outer = QVBoxLayout(self)  # built from the dialog down (see ``_form``)
        outer.addWidget(self.pages, 1)
        form = QWidget()
        self.pages.addWidget(form)
        self._form(QVBoxLayout(form))
        self.done_page = MadeWhenShown(self._done_page)  # after "Salvar" (``_saved``)
        self.pages.addWidget(self.done_page)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
        resize_to_fit(self, 1060, 600)
        if customer_id:
            self.picker.select_id(customer_id)
        (self.pieces.search if customer_id else self.picker.search).setFocus()

    # -- building -------------------------------------------------------------------------
    def _form(self, layout: QVBoxLayout) -> None:
        """The form, each part placed in the dialog before it is filled: a widget polished by
        the style sheet (shown, measured) is polished again each time it changes parent, and
        the form built apart, then placed, was styled two or three times (issue 18)."""
        layout.setContentsMargins(0, 0, 0, 0)
        top = QGridLayout()
        layout.addLayout(top)
        self.picker = CustomerPicker.reading(self.today, self)  # on a worker
        self.picker.setObjectName("customerPicker")
        self.picker.chosen.connect(self._on_customer)
        self.customer_error = ErrorLabel()
        self.late_warning = message_label("warning", "lateMalinhaWarning")
        top.addWidget(QLabel("Cliente *"), 0, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.picker, 0, 1)
        top.addWidget(self.customer_error, 1, 1)
        top.addWidget(self.late_warning, 2, 1)
        top.setColumnStretch(1, 1)
        columns = QHBoxLayout()
        layout.addLayout(columns, 1)
        box = QGroupBox("Peças do catálogo")
        columns.addWidget(box, 3)  # the search shows more columns than the malinha
        column = QVBoxLayout(box)
        self.pieces = PieceSearch(box)
        self.pieces.chosen.connect(self.add_piece)
        column.addWidget(self.pieces)
        self._malinha_box(columns)
        layout.addLayout(self._buttons())

    def _malinha_box(self, columns: QHBoxLayout) -> None:
        box = QGroupBox("Na malinha")
        columns.addWidget(box, 2)
        column = QVBoxLayout(box)
        self.chosen_table = row_table(self.chosen, "chosenPieces", sortable=False, parent=box)
        self.chosen_table.setMinimumHeight(90)
        column.addWidget(self.chosen_table, 1)
        row = QHBoxLayout()
        self.total_label = set_role(QLabel(), "lead")
        self.total_label.setObjectName("malinhaTotal")
        self.total_label.setWordWrap(True)  # wraps on a small laptop: the search keeps its room
        row.addWidget(self.total_label, 1)
        row.addWidget(named_button("Tirar peça", "removePieceButton", self.remove_selected))
        column.addLayout(row)
        self.items_error = ErrorLabel()
        column.addWidget(self.items_error)
        grid = QGridLayout()
        self.return_by = DateEdit(default_return_by(self.today))
        self.return_by.setObjectName("returnByDate")
        self.return_by.dateChanged.connect(self._update)
        self.return_day = set_role(QLabel(), "hint")
        self.note = QLineEdit(placeholderText="Opcional (ex.: leva para a festa de sábado)")
        self.note.setObjectName("conditionalNote")
        self.date_error = ErrorLabel()
        grid.addWidget(QLabel("Devolver até"), 0, 0)
        grid.addWidget(self.return_by, 0, 1)
        grid.addWidget(self.return_day, 0, 2)
        grid.addWidget(self.date_error, 1, 1, 1, 2)
        grid.addWidget(QLabel("Observação"), 2, 0)
        grid.addWidget(self.note, 2, 1, 1, 2)
        grid.setColumnStretch(2, 1)
        column.addLayout(grid)
        self._update()

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(set_role(QLabel("Enter na busca adiciona a peça · Ctrl+Enter salva"),
                               "hint"))
        row.addStretch(1)
        row.addWidget(named_button("Cancelar", "cancelConditionalButton", self.reject))
        self.save_button = set_primary(named_button("Salvar condicional",
                                                    "saveConditionalButton", self.save))
        row.addWidget(self.save_button)
        return row

    def _done_page(self) -> QWidget:
        """What she sees once it is saved (made then: most openings never get there)."""
        page = QWidget()
        column = QVBoxLayout(page)
        self.done_label = set_role(QLabel(), "lead")
        self.done_label.setObjectName("conditionalSaved")
        self.done_label.setWordWrap(True)
        column.addWidget(self.done_label)
        column.addWidget(QLabel("Agora, o termo para ela assinar (ou receber no WhatsApp):"))
        for text, name, slot in (
                ("Imprimir termo (A4)…", "doneTermoA4",
                 lambda: preview_termo(self, self.saved_id, self.today)),
                ("Imprimir em bobina 80 mm…", "doneTermoRoll", self._print_roll),
                ("Salvar termo em PDF…", "doneTermoPdf", self._save_pdf),
                ("Enviar termo pelo WhatsApp", "doneTermoWhatsapp",
                 lambda: self.done_feedback.setText(whatsapp_termo(self.saved_id, self.today))),
                ("Copiar texto do termo", "doneTermoCopy", self._copy)):
            column.addWidget(named_button(text, name, slot), 0, Qt.AlignmentFlag.AlignLeft)
        self.done_feedback = set_role(QLabel(), "hint")
        self.done_feedback.setObjectName("doneFeedback")
        column.addWidget(self.done_feedback)
        self.saved_pdf = SavedFileBar()  # Abrir PDF, Abrir pasta
        column.addWidget(self.saved_pdf)
        column.addStretch(1)
        close = set_primary(named_button("Fechar", "closeConditionalButton", self.accept))
        column.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        return page

    def _print_roll(self) -> None:
        from app.services.reports.document import PageFormat

        preview_termo(self, self.saved_id, self.today, PageFormat.ROLL_80MM)

    def _save_pdf(self) -> None:
        k = self.saved_id
        save_termo_pdf(self, k, self.today, on_saved=lambda path: self.saved_pdf.show_saved(
            path, saved_termo_text(k, path)))

    def _copy(self) -> None:
        copy_termo(self.saved_id)
        self.done_feedback.setText("Texto do termo copiado: cole na conversa com ela.")

    # -- behaviour ------------------------------------------------------------------------
    def _on_customer(self, customer_id) -> None:
        self.customer_error.show_error(None)
        late = late_conditional(customer_id, self.today) if customer_id else None
        self.late_warning.setText(
            f"Ela está com a malinha nº {late.id} atrasada desde "
            f"{format_date(late.return_by)} ({pieces_text(late.pieces_out)})."
            if late else "")
        self.late_warning.setVisible(late is not None)

    def add_piece(self, variant: VariantView, quantity: int) -> None:
        """Put ``quantity`` of ``variant`` in the malinha (added to the same line if there)."""
        rows = self.chosen.all_rows()
        for n, row in enumerate(rows):
            if row.variant.id == variant.id:
                rows[n] = ChosenPiece(variant, row.quantity + quantity)
                break
        else:
            rows.append(ChosenPiece(variant, quantity))
        self.items_error.show_error(
            f"{variant.name}: só há {variant.stock} em estoque."
            if sum(r.quantity for r in rows if r.variant.id == variant.id) > variant.stock
            else None)
        self.chosen.set_rows(rows)
        self._update()

    def remove_selected(self) -> None:
        picked = self.chosen_table.selectionModel().selectedRows()
        if picked:
            rows = self.chosen.all_rows()
            del rows[picked[0].row()]
            self.chosen.set_rows(rows)
            self.items_error.show_error(None)
            self._update()

    def _update(self) -> None:
        rows = self.chosen.all_rows() if hasattr(self, "chosen") else []
        count, total = sum(r.quantity for r in rows), sum(r.total_cents for r in rows)
        self.total_label.setText(
            f"{pieces_text(count)} · se ficar com tudo: {format_brl(total)}"
            if rows else "Nenhuma peça ainda: busque ao lado e tecle Enter.")
        day = self.return_by.value()
        self.return_day.setText(weekday_name(day) + (" (hoje)" if day == self.today else ""))

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier and not self.saved_id:
                self.save()
            return  # a plain Enter never presses a button here
        super().keyPressEvent(event)

    def reject(self) -> None:
        """Esc or Cancelar: after saving it just closes; with pieces chosen, asks first."""
        if self.saved_id is not None:
            self.accept()
            return
        if self.chosen.rowCount() and not self.confirm_discard():
            return
        super().reject()

    def done(self, result: int) -> None:
        """Closed: the customers and the catalogue it read are let go now
        (``CustomerPicker.release``); the one chosen and the malinha stay."""
        super().done(result)
        self.picker.release()
        self.pieces.release()

    def confirm_discard(self) -> bool:
        """Whether to throw the chosen pieces away (tests replace this question)."""
        answer = QMessageBox.question(
            self, "Descartar a condicional?", "Você já escolheu peças para esta malinha. "
            "Fechar sem salvar?", QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Discard

    def save(self) -> None:
        """Save the malinha in one transaction, or show what is wrong and keep everything."""
        for label in (self.customer_error, self.items_error, self.date_error):
            label.show_error(None)
        cid = self.picker.customer_id()
        if cid is None:
            self.customer_error.show_error(
                "Escolha a cliente: digite parte do nome e tecle Enter.")
            self.picker.search.setFocus()
            return
        items = [(r.variant.id, r.quantity) for r in self.chosen.all_rows()]
        today, back, note = self.today, self.return_by.value(), self.note.text()
        Op(self, lambda _: send(cid, items, today, return_by=back, note=note),
           busy=self.save_button).success(self._saved).failure(self._failed).run()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, NotFound):  # the customer or a piece was removed meanwhile
            self.items_error.show_error(str(exc))
            return
        validation_or_message(self, self._refused)(exc)

    def _refused(self, exc: ValidationError) -> None:
        self.customer_error.show_error(exc.errors.get("customer"))
        self.items_error.show_error(exc.errors.get("items"))
        self.date_error.show_error(exc.errors.get("return_by"))

    def _saved(self, conditional_id: int) -> None:
        self.saved_id = conditional_id
        self.done_page.made()
        rows = self.chosen.all_rows()
        day = self.return_by.value()
        self.done_label.setText(
            f"Condicional nº {conditional_id} registrada para {self.picker.customer.name}: "
            f"{pieces_text(sum(r.quantity for r in rows))} "
            f"({format_brl(sum(r.total_cents for r in rows))}), devolução até "
            f"{format_date(day)} ({weekday_name(day)}).")
        self.pages.setCurrentIndex(1)
