"""Devolução / Troca: which pieces of a sale came back (and which she takes instead), and what
happens to the money — shown before she confirms, computed by the service's own rule
(``returns.preview_return``), never by this screen. After saving: the sentence to tell her
customer, the carnê to reprint, and the recibo de devolução."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.core.dates import format_date
from app.services.core.errors import LateReturnConfirmation, ValidationError
from app.services.core.money import format_brl
from app.services.core.text import plural
from app.services.pieces import returns
from app.services.pieces.return_history import return_context, return_view
from app.ui.kit.fitting import resize_to_fit, scrolling
from app.ui.kit.ops import Op, show_failure
from app.ui.kit.style import set_primary, set_role
from app.ui.kit.widgets import DateEdit, ErrorLabel, message_label, named_button
from app.ui.pieces.return_parts import ExchangeBox, MoneyChoice, ReturnedItems
from app.ui.pieces.sale_prints import print_carne, print_return

PREVIEW_DELAY_MS = 120  # typing a quantity asks once, not at every arrow press


class ReturnDialog(QDialog):
    """The returns (or exchange) of one sale; ``result`` holds what was saved."""

    def __init__(self, sale_id: int, today: date, parent=None, exchange: bool = False):
        super().__init__(parent)
        self.today = today
        self.context = c = return_context(sale_id, today)
        self.result: returns.ReturnResult | None = None
        self.preview: returns.ReturnResult | None = None
        self._asked = 0  # the newest preview wins
        self._built = False
        self._timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.ask_preview)
        self.setWindowTitle(f"Devolução ou troca — {c.customer_name}")
        self.pages = QStackedWidget()
        self.pages.addWidget(self._form_page(exchange))
        self.pages.addWidget(self._done_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)  # Enter in a field never presses a button here
        resize_to_fit(self, 860, 560)
        self._built = True
        if not c.returnable:
            self._nothing_left()
        self._changed()

    # building ---------------------------------------------------------------------------
    def _form_page(self, exchange: bool) -> QWidget:
        c = self.context
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        own = len(c.installments)
        column.addWidget(set_role(QLabel(
            f"{c.customer_name} · compra de {format_date(c.sale_date)} · "
            f"{format_brl(c.total_cents)}"
            + (f" · entrada {format_brl(c.entrada_cents)}" if c.entrada_cents else "")
            + (f" · {plural(own, 'parcela')}" if own
               else " · parcelas renegociadas em acordo" if c.renegotiated else " · à vista")),
            "emphasis"))
        self.sale_notice = message_label("notice_error", "saleNotice",
                                         hidden=not (c.in_agreement or not c.returnable))
        self.sale_notice.setText(returns.agreement_refusal(c.open_agreement) if c.in_agreement
                                 else "Todas as peças desta compra já voltaram.")
        column.addWidget(self.sale_notice)
        column.addWidget(self._withdrawal_notice())
        column.addWidget(self._items_box())
        column.addLayout(self._when_row())
        column.addWidget(self._mode_box(exchange))
        self.preview_label = message_label("notice_info", "returnPreview", hidden=False)
        column.addWidget(self.preview_label)
        self.general_error = ErrorLabel()
        column.addWidget(self.general_error)
        column.addStretch(1)
        page = QWidget()
        outer = QVBoxLayout(page)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolling(body, "returnScroll"), 1)
        outer.addLayout(self._buttons())
        return page

    def _withdrawal_notice(self) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        days = (self.today - self.context.sale_date).days
        notice = message_label("notice_info", "withdrawalNotice", hidden=False)
        notice.setText(f"Compra feita há {plural(days, 'dia')}, fora da loja: "
                       "pelo Código de Defesa do Consumidor (art. 49), ela pode desistir em até "
                       "7 dias e receber de volta tudo o que pagou.")
        row.addWidget(notice, 1)
        row.addWidget(named_button("Ela desistiu: devolver tudo", "withdrawAllButton",
                                   self.withdraw_all))
        box.setVisible(self.context.withdrawal and self.context.returnable > 0)
        return box

    def _items_box(self) -> QGroupBox:
        box = QGroupBox("Peças que voltaram")
        column = QVBoxLayout(box)
        self.items = ReturnedItems(self.context.items)
        self.items.changed.connect(self._changed)
        column.addWidget(self.items)
        self.items_error = ErrorLabel()
        self.items_error.setObjectName("itemsError")
        column.addWidget(self.items_error)
        return box

    def _when_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel("Data"))
        self.day = DateEdit(self.today)
        self.day.setObjectName("returnDate")
        self.day.dateChanged.connect(self._changed)
        row.addWidget(self.day)
        row.addWidget(QLabel("Motivo"))
        self.reason = QLineEdit(placeholderText="Ficou apertado, zíper com defeito, desistiu…")
        self.reason.setObjectName("returnReason")
        row.addWidget(self.reason, 1)
        self.date_error = ErrorLabel()
        self.late = QCheckBox("Aceitar a devolução mesmo assim")
        self.late.setObjectName("acceptLateReturn")
        self.late.setVisible(self.context.late)
        self.late.toggled.connect(self._changed)
        holder = QVBoxLayout()
        holder.addLayout(row)
        holder.addWidget(self.date_error)
        holder.addWidget(self.late)
        outer = QHBoxLayout()
        outer.addLayout(holder)
        return outer

    def _mode_box(self, exchange: bool) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        modes = QHBoxLayout()
        self.only_return = QRadioButton("Só devolução")
        self.only_return.setObjectName("onlyReturnRadio")
        self.swap = QRadioButton("Troca: ela leva outras peças")
        self.swap.setObjectName("exchangeRadio")
        group = QButtonGroup(self)
        for button in (self.only_return, self.swap):
            group.addButton(button)
            modes.addWidget(button)
        modes.addStretch(1)
        column.addLayout(modes)
        self.exchange = ExchangeBox()
        self.exchange.changed.connect(self._changed)
        column.addWidget(self.exchange)
        self.difference = MoneyChoice("a diferença entra nas parcelas", "ela paga agora",
                                      "difference")
        self.difference.changed.connect(self._changed)
        self.difference_label = QLabel("Se as peças novas custarem mais:")
        column.addWidget(self.difference_label)
        column.addWidget(self.difference)
        self.difference_error = ErrorLabel()
        column.addWidget(self.difference_error)
        column.addWidget(QLabel("O que passar do que ela ainda deve nesta compra:"))
        self.refund = MoneyChoice("vira crédito dela", "devolver o dinheiro a ela", "refund")
        self.refund.changed.connect(self._changed)
        if self.context.withdrawal:
            self.refund.second.setChecked(True)  # art. 49: the money goes back
        column.addWidget(self.refund)
        (self.swap if exchange else self.only_return).setChecked(True)
        self.swap.toggled.connect(self._changed)
        return box

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addStretch(1)
        cancel = named_button("Cancelar", "cancelReturnButton", self.reject)
        self.confirm_button = set_primary(QPushButton("Confirmar devolução"))
        self.confirm_button.setObjectName("confirmReturnButton")
        self.confirm_button.clicked.connect(self.confirm)
        for button in (cancel, self.confirm_button):
            button.setAutoDefault(False)
            row.addWidget(button)
        return row

    def _done_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        self.done_title = set_role(QLabel(), "title")
        column.addWidget(self.done_title)
        self.done_what = set_role(QLabel(), "emphasis")
        self.done_what.setObjectName("returnDoneWhat")
        self.done_what.setWordWrap(True)
        column.addWidget(self.done_what)
        self.done_text = message_label("toast", "returnDone", hidden=False)
        column.addWidget(self.done_text)
        self.done_hint = message_label("hint", "returnDoneHint", hidden=False)
        column.addWidget(self.done_hint)
        column.addStretch(1)
        row = QHBoxLayout()
        self.carne_button = named_button("Imprimir carnê", "printCarneAfterReturn",
                                         lambda: print_carne(self, self.context.sale_id))
        self.receipt_button = named_button("Recibo de devolução", "printReturnReceipt",
                                           lambda: print_return(self, self.result.return_id))
        close = set_primary(named_button("Fechar", "closeReturnButton", self.accept))
        for button in (self.carne_button, self.receipt_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(close)
        column.addLayout(row)
        return page

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return  # a plain Enter adds a piece or chooses one, never confirms by surprise
        super().keyPressEvent(event)

    def _nothing_left(self) -> None:
        """Every piece already came back: the notice says so and nothing can be confirmed."""
        self.confirm_button.setEnabled(False)
        self.confirm_button.setToolTip("Todas as peças desta compra já voltaram.")
        self.preview_label.hide()

    # behaviour --------------------------------------------------------------------------
    def withdraw_all(self) -> None:
        """Art. 49: every piece back and the money paid back to her."""
        self.only_return.setChecked(True)
        self.items.take_all()
        self.refund.second.setChecked(True)
        self.reason.setText(self.reason.text() or "Desistiu da compra (CDC art. 49)")

    def _changed(self, *_args) -> None:
        if not self._built:
            return
        swapping = self.swap.isChecked()
        for widget in (self.exchange, self.difference, self.difference_label):
            widget.setVisible(swapping)
        self.confirm_button.setText("Confirmar troca" if swapping else "Confirmar devolução")
        self._timer.start()

    def _args(self) -> dict:
        return dict(quantities=self.items.quantities(),
                    new_items=self.exchange.items() if self.swap.isChecked() else [],
                    refund="cash" if self.refund.by_hand() else "installments",
                    difference="now" if self.difference.by_hand() else "installments",
                    day=self.day.value(), confirm_late=self.late.isChecked())

    def ask_preview(self) -> None:
        """What confirming would do, asked of the service (the newest answer wins)."""
        self._asked += 1
        if not self.context.returnable:
            return  # nothing left to come back: nothing to foresee
        asked, args, sale, today = self._asked, self._args(), self.context.sale_id, self.today
        quantities = args.pop("quantities")
        self._clear_errors()
        self.preview = None
        if not quantities:
            self.preview_label.setText("Marque quantas peças voltaram de cada item.")
            return
        if self.swap.isChecked() and not args["new_items"]:
            self.preview_label.setText("Escolha as peças novas que ela leva e clique em "
                                       "Adicionar.")
            return
        Op(self, lambda _p: returns.preview_return(sale, quantities, today, **args),
           write=False).success(lambda r: self._previewed(r, asked)).failure(
               lambda exc: self._refused(exc, asked)).run()

    def _previewed(self, result, asked: int) -> None:
        if asked != self._asked:
            return
        self.preview = result
        self.preview_label.setText(f"Ao confirmar: {result.foreseen}{self._installments(result)}")

    def _installments(self, result) -> str:
        """The sale's installments after it, for her to read out: "2/3 · 10/01: R$ 16,56"."""
        changed = dict(result.changed)
        if not changed:
            return ""
        lines = []
        for inst in self.context.installments:
            if inst.id not in changed:
                continue
            after = inst.amount_cents + changed[inst.id]
            what = "cancelada" if after == 0 else f"{format_brl(after)} (era " \
                                                  f"{format_brl(inst.amount_cents)})"
            lines.append(f"parcela {inst.number}/{inst.count} de {format_date(inst.due_date)}: "
                         f"{what}")
        return "\n" + "; ".join(lines) + "."

    def _clear_errors(self) -> None:
        for label in (self.items_error, self.date_error, self.exchange.error,
                      self.difference_error, self.general_error):
            label.show_error(None)

    def _refused(self, exc: BaseException, asked: int | None = None) -> None:
        if asked is not None and asked != self._asked:
            return
        if not isinstance(exc, ValidationError):
            show_failure(self, exc)
            return
        self.preview = None
        self.preview_label.setText("Corrija o que está em vermelho para ver o que acontece.")
        if isinstance(exc, LateReturnConfirmation):
            self.late.show()
        self._show_errors(exc.errors)

    def _show_errors(self, errors: dict[str, str]) -> None:
        places = {"items": self.items_error, "stock": self.items_error,
                  "date": self.date_error, "new_items": self.exchange.error,
                  "difference": self.difference_error}
        shown: dict = {}
        for key, text in errors.items():
            label = places.get(key) or (self.exchange.error if key.startswith("item")
                                        else self.general_error)
            shown.setdefault(label, []).append(text)
        for label, texts in shown.items():
            label.show_error(" ".join(texts))

    def confirm(self) -> None:
        """Save it (one transaction in the service), or say what is wrong next to it."""
        self._timer.stop()
        args, sale, today = self._args(), self.context.sale_id, self.today
        quantities, new_items = args.pop("quantities"), args.pop("new_items")
        reason, defective = self.reason.text(), self.items.defective_ids()
        paid_now = self.preview is not None and self.preview.paid_now_cents > 0
        method = (self.difference if paid_now else self.refund).method.currentData()
        if new_items:
            refund = args.pop("refund")

            def save():
                return returns.exchange(sale, quantities, new_items, today, refund=refund,
                                        reason=reason, defective=defective, method=method,
                                        **args)
        else:
            args.pop("difference")

            def save():
                return returns.return_items(sale, quantities, today, reason=reason,
                                            defective=defective, refund_method=method, **args)

        def work(_progress):
            result = save()
            return result, return_view(result.return_id)

        self._clear_errors()
        Op(self, work, busy=self.confirm_button).success(
            self._saved).failure(lambda exc: self._refused(exc)).run()

    def _saved(self, saved) -> None:
        result, view = saved
        self.result = result
        self.done_what.setText(f"{view.label}." if view else "")
        kind = "Troca registrada" if result.added_cents else "Devolução registrada"
        self.done_title.setText(kind)
        self.done_text.setText(result.summary)
        hint = []
        if result.refund_cents:
            hint.append(f"Devolva {format_brl(result.refund_cents)} a ela e imprima o recibo "
                        "de devolução para ela assinar.")
        if result.changed:
            hint.append("O carnê mudou: imprima o novo para ela (as parcelas canceladas não "
                        "aparecem mais).")
        self.done_hint.setText(" ".join(hint))
        self.carne_button.setVisible(bool(result.changed))
        self.receipt_button.setText("Recibo de devolução" if result.refund_cents
                                    else "Comprovante da troca" if result.added_cents
                                    else "Comprovante da devolução")
        self.pages.setCurrentIndex(1)
