"""Propor acordo: tick the installments, compare three editable options, close or copy."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from app.services.configuration.settings import load_settings
from app.services.core.dates import format_date
from app.services.core.money import format_brl, format_percent
from app.services.core.text import plural
from app.services.negotiation.agreement_plans import (
    AgreementBasis,
    agreement_basis,
    open_installments,
    proposals,
)
from app.services.negotiation.agreement_text import agreement_text
from app.services.negotiation.agreements import (
    agreement_text_of,
    close_agreement,
)
from app.services.people.customers import get_customer
from app.services.receivables.payments import METHODS
from app.ui.kit.fitting import resize_to_fit
from app.ui.kit.ops import Op, validation_or_message
from app.ui.kit.style import set_flag, set_role
from app.ui.kit.tables.table_model import CheckableRowModel, Column
from app.ui.kit.widgets import ErrorLabel, let_go, row_table
from app.ui.negotiation.agreement_option_box import AgreementOptionBox

OPTIONS = 3


class AgreementInstallmentTableModel(CheckableRowModel):
    """Her open installments with a tick box: overdue ones ticked at first."""

    COLUMNS = (
        Column("Incluir", lambda r: ""),
        Column("Parcela", lambda r: r.label, stretch=True),
        Column("Vencimento", lambda r: format_date(r.due_date)),
        Column("Atraso", lambda r: plural(r.days_late, "dia") if r.days_late > 0 else "a vencer"),
        Column("Em aberto", lambda r: format_brl(r.principal_cents), align_right=True),
        Column("Multa e juros", lambda r: format_brl(r.fees_cents), align_right=True),
    )

    def row_key(self, row):
        return row.installment_id


class AgreementDialog(QDialog):
    """Propose and close an agreement for one customer."""

    def __init__(self, customer_id: int, today: date, parent=None):
        super().__init__(parent)
        self.customer_id = customer_id
        self.today = today
        self.settings = load_settings()
        self.basis: AgreementBasis | None = None
        self.saved_id: int | None = None
        self.setWindowTitle(f"Propor acordo — {get_customer(customer_id).name}")
        resize_to_fit(self, 1040, 600)  # issue 13: never larger than the screen
        layout = QVBoxLayout(self)
        self.model = AgreementInstallmentTableModel(self)
        self.table = row_table(self.model, "agreementInstallments", sortable=False)
        self.table.setMaximumHeight(170)
        layout.addWidget(self.table)
        self.summary = QLabel()
        self.summary.setObjectName("agreementSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        room = QLabel(self._room_text())
        set_role(room, "hint")
        room.setWordWrap(True)
        layout.addWidget(room)
        layout.addLayout(self._options(), 1)
        layout.addLayout(self._entrada_row())
        self.error = ErrorLabel()
        self.error.setObjectName("agreementError")
        layout.addWidget(self.error)
        layout.addLayout(self._buttons())
        self._load_installments()
        self.model.dataChanged.connect(self._propose)
        self._propose()

    def _room_text(self) -> str:
        s = self.settings
        return (f"Margem de negociação (Configurações → Acordos e fidelidade): até "
                f"{format_percent(s.agreement_max_fee_discount_bp)} de desconto na multa e "
                f"juros, {format_percent(s.agreement_max_principal_discount_bp)} no valor "
                f"principal; parcela mínima {format_brl(s.agreement_min_installment_cents)}; "
                f"até {plural(s.agreement_max_installments, 'parcela')}. Multa e juros "
                "perdoados: "
                f"{format_percent(s.agreement_cash_fee_waiver_bp)} à vista, "
                f"{format_percent(s.agreement_two_fee_waiver_bp)} em 2x, "
                f"{format_percent(s.agreement_three_fee_waiver_bp)} em 3x. Vencimentos em dia "
                "útil.")

    def _options(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.choice = QButtonGroup(self)
        self.boxes = []
        for n in range(OPTIONS):
            box = AgreementOptionBox(n, self.settings)
            self.choice.addButton(box.choose, n)
            box.changed.connect(self._update_buttons)
            box.edited.connect(lambda n: self.boxes[n].choose.setChecked(True))
            row.addWidget(box, 1)
            self.boxes.append(box)
        self.choice.idToggled.connect(lambda *_: self._update_buttons())
        return row

    def _entrada_row(self) -> QHBoxLayout:
        """"Entrada paga agora": the entrada received in the same step as closing (issue 19)."""
        row = QHBoxLayout()
        self.entrada_paid = QCheckBox()
        self.entrada_paid.setObjectName("entradaPaidCheck")
        self.entrada_method = QComboBox()
        self.entrada_method.setObjectName("entradaMethodCombo")
        for key, label in METHODS.items():
            self.entrada_method.addItem(label, key)
        self.entrada_method.setEnabled(False)
        self.entrada_paid.toggled.connect(self.entrada_method.setEnabled)
        row.addWidget(self.entrada_paid)
        row.addWidget(self.entrada_method)
        row.addStretch(1)
        return row

    def _update_entrada(self) -> None:
        option = self.chosen()
        cents = option.down_payment_cents if option is not None else 0
        what = "Entrada paga" if option is not None and option.count else "Valor pago"
        self.entrada_paid.setText(f"{what} agora ({format_brl(cents)}), em")
        for widget in (self.entrada_paid, self.entrada_method):
            widget.setVisible(cents > 0)

    def entrada_method_code(self) -> str | None:
        """The payment method when she said the entrada was paid now (else None)."""
        if not self.entrada_paid.isHidden() and self.entrada_paid.isChecked():
            return self.entrada_method.currentData()
        return None

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.feedback = QLabel()
        self.feedback.setObjectName("agreementFeedback")
        row.addWidget(self.feedback, 1)
        self.copy_button = QPushButton("Copiar texto")
        self.copy_button.setObjectName("copyAgreementButton")
        self.copy_button.clicked.connect(self.copy_text)
        cancel = QPushButton("Cancelar")
        cancel.clicked.connect(self.reject)
        self.close_button = QPushButton("Fechar acordo")
        self.close_button.setObjectName("closeAgreementButton")
        self.close_button.clicked.connect(self.close_chosen)
        self.close_button.setDefault(True)
        for button in (self.copy_button, cancel, self.close_button):
            row.addWidget(button)
        return row

    def _load_installments(self) -> None:
        ids = [i.id for i in open_installments(self.customer_id, self.today)]
        rows = list(agreement_basis(self.customer_id, self.today, self.settings,
                                    ids).items) if ids else []
        self.model.checked = {r.installment_id for r in rows if r.days_late > 0}
        self.model.set_rows(rows)

    def _propose(self) -> None:
        """New proposals for the ticked installments (edits are reset)."""
        self.error.show_error(None)
        ids = self.model.checked_ids()
        if not ids:
            self.basis = None
            self.summary.setText("Marque pelo menos uma parcela para propor o acordo.")
            for box in self.boxes:
                box.setEnabled(False)
            self._update_buttons()
            return
        self.basis = agreement_basis(self.customer_id, self.today, self.settings, ids)
        b = self.basis
        self.summary.setText(
            f"<b>{plural(len(ids), 'parcela')}</b>: principal "
            f"<b>{format_brl(b.principal_cents)}</b> + multa e juros até hoje "
            f"<b>{format_brl(b.fees_cents)}</b> = <b>{format_brl(b.owed_cents)}</b>")
        options = proposals(b, self.settings)
        for n, box in enumerate(self.boxes):
            box.setEnabled(n < len(options))
            box.setVisible(n < len(options))
            if n < len(options):
                box.load(b, options[n])
        self.boxes[min(1, len(options) - 1)].choose.setChecked(True)
        self._update_buttons()

    def chosen(self):
        box = self.boxes[self.choice.checkedId()] if self.choice.checkedId() >= 0 else None
        return box.option if box is not None and box.isEnabled() else None

    def _update_buttons(self) -> None:
        for n, box in enumerate(self.boxes):
            set_flag(box, "chosen", n == self.choice.checkedId())
        ok = self.basis is not None and self.chosen() is not None
        self.close_button.setEnabled(ok)
        self.copy_button.setEnabled(ok)
        self._update_entrada()

    def text(self) -> str:
        """The chosen option's agreement text (before closing it has no number)."""
        return agreement_text(self.saved_id, self.basis, self.chosen(), self.today,
                              self.settings, entrada_paid=self.entrada_method_code() is not None)

    def copy_text(self) -> None:
        QGuiApplication.clipboard().setText(self.text())
        self.feedback.setText("Texto copiado. Cole no WhatsApp da cliente.")

    def close_chosen(self) -> None:
        option, ids, paid = self.chosen(), self.model.checked_ids(), self.entrada_method_code()
        if option is None:
            return
        Op(self, lambda _: close_agreement(self.customer_id, option, self.today, ids,
                                           entrada_method=paid),
           busy=self.close_button).success(self._closed).failure(
               validation_or_message(self, lambda exc: self.error.show_error(str(exc)))).run()

    def _closed(self, agreement_id) -> None:
        self.saved_id = agreement_id
        QGuiApplication.clipboard().setText(agreement_text_of(agreement_id))
        self.accept()


def open_agreement_dialog(parent, customer_id: int, today: date) -> bool:
    """Open "Propor acordo" for her; True when an agreement was closed."""
    dialog = AgreementDialog(customer_id, today, parent)
    made = bool(dialog.exec())
    let_go(dialog)
    return made
