"""Parts of Nova venda: its two tables, the plan fields and the two questions it may ask."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QWidget,
)

from app.services.core.dates import add_months, format_date
from app.services.core.money import format_brl
from app.services.receivables.installments import INTERVAL_LABELS
from app.ui.kit.tables.table_model import Column, RowTableModel
from app.ui.kit.widgets import DateEdit, ErrorLabel, MoneyEdit, fit_columns


class SaleItemTableModel(RowTableModel):
    COLUMNS = (
        Column("Peça", lambda i: i.description + (" (sob encomenda)" if i.on_order else ""),
               stretch=True, tooltip=lambda i: "Do catálogo: sai do estoque ao salvar"
               if i.piece_variant_id and not i.on_order else ""),
        Column("Tam./cor", lambda i: i.variant),
        Column("Qtd.", lambda i: str(i.quantity), align_right=True),
        Column("Preço", lambda i: format_brl(i.unit_price_cents), align_right=True),
        Column("Total", lambda i: format_brl(i.total_cents), align_right=True),
    )


class PlanPreviewTableModel(RowTableModel):
    COLUMNS = (
        Column("Parcela", lambda r: f"{r[0]}/{r[3]}"),
        Column("Vencimento", lambda r: format_date(r[1])),
        Column("Valor", lambda r: format_brl(r[2]), align_right=True),
    )


def items_table(model) -> QTableView:
    table = QTableView()
    table.setTabKeyNavigation(False)  # Tab leaves the table for the next field, never cycles
    table.setModel(model)
    table.verticalHeader().hide()
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    fit_columns(table)
    table.verticalHeader().setDefaultSectionSize(24)
    return table




def question(parent: QWidget | None, title: str, text: str, yes: str,
             no: str = "Voltar") -> tuple[QMessageBox, QPushButton]:
    """A question with our own words on its two buttons; Enter presses ``no`` (the safe
    answer), which is drawn as the default so she sees what Enter does. Returns the box and
    its ``yes`` button (ask with ``box.exec()`` and compare ``box.clickedButton()``)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    accept = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    back = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(back)
    box.setEscapeButton(back)
    return box, accept


def ask_discard_sale(parent: QWidget) -> bool:
    """"Descartar a venda?" when she closes a sale with pieces typed in."""
    box, discard = question(
        parent, "Descartar a venda?",
        "Você já digitou peças nesta venda. Fechar sem salvar e perder o que foi digitado?\n\n"
        "Enter volta para a venda.", "&Descartar a venda", "&Voltar para a venda")
    box.exec()
    box.deleteLater()
    return box.clickedButton() is discard


def late_customer_question(parent: QWidget | None, text: str) -> tuple[QMessageBox, QPushButton]:
    """The warning before a credit sale to a customer with late installments (not a block):
    Enter means Cancelar, it exists to make her think."""
    return question(parent, "Cliente com parcelas em atraso",
                    f"{text}\n\nSalvar a venda a prazo mesmo assim? (Enter: Cancelar)",
                    "&Salvar a prazo", "&Cancelar")


def ask_sell_to_late_customer(parent: QWidget, text: str) -> bool:
    """Ask the question above; True when she chose "Salvar a prazo"."""
    box, save = late_customer_question(parent, text)
    box.exec()
    box.deleteLater()
    return box.clickedButton() is save


class PlanFieldsMixin:
    """The "na caderneta" fields of Nova venda: entrada, count, interval, dates, preview."""

    def _plan_fields(self, grid: QGridLayout) -> None:
        self.down = MoneyEdit()
        self.down.setObjectName("downPayment")
        self.down.setPlaceholderText("0,00 (opcional)")
        self.count = QSpinBox(minimum=0, maximum=9999, value=3)
        self.count.setObjectName("installmentCount")
        self.interval = QComboBox()
        self.interval.setObjectName("intervalCombo")
        for key, label in INTERVAL_LABELS.items():
            self.interval.addItem(label, key.value)
        self.first_due = DateEdit(add_months(self.today, 1))
        self.first_due.setObjectName("firstDue")
        self.day = QSpinBox(minimum=1, maximum=31, value=add_months(self.today, 1).day)
        self.day.setObjectName("dayOfMonth")
        self.custom = QLineEdit(placeholderText="dd/mm/aaaa; dd/mm/aaaa; …")
        self.custom.setObjectName("customDates")
        for n, (label, widget) in enumerate((
            ("Entrada (R$)", self.down), ("Parcelas", self.count),
            ("Intervalo", self.interval), ("1º vencimento", self.first_due),
            ("Todo dia", self.day),
        )):
            grid.addWidget(QLabel(label), n // 2, (n % 2) * 2)
            grid.addWidget(widget, n // 2, (n % 2) * 2 + 1)
        self.custom_label = QLabel("Datas escolhidas")
        grid.addWidget(self.custom_label, 3, 0)
        grid.addWidget(self.custom, 3, 1, 1, 3)
        self.day_label = grid.itemAtPosition(2, 0).widget()
        self.plan_error = ErrorLabel()
        self.plan_error.setObjectName("planError")
        grid.addWidget(self.plan_error, 4, 0, 1, 4)
        self.preview_table = items_table(self.preview)
        self.preview_table.setObjectName("previewTable")
        self.preview_table.setMinimumHeight(96)
        grid.addWidget(QLabel("Parcelas que serão lançadas:"), 5, 0, 1, 4)
        grid.addWidget(self.preview_table, 6, 0, 1, 4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        for signal in (self.count.valueChanged, self.interval.currentIndexChanged,
                       self.first_due.dateChanged, self.day.valueChanged,
                       self.custom.textChanged, self.down.textChanged):
            signal.connect(self._update)
        self.first_due.dateChanged.connect(lambda: self.day.setValue(self.first_due.value().day))

