"""After a sale, after a payment (issue 20): the next step is offered where she is."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QPushButton

from app.services.people.customers import CustomerInput, save_customer
from app.services.receivables.sales import ItemInput, PlanInput, create_sale
from app.ui.kit import ops
from app.ui.receivables.payment_dialog import PaymentDialog
from app.ui.receivables.sale_dialog import SaleDialog
from app.ui.shell.main_window import MainWindow
from tests.typing_helpers import type_text


def _window(qtbot, today) -> MainWindow:
    window = MainWindow(today_fn=lambda: today)
    qtbot.addWidget(window)
    window.show()
    return window


def _when_open(kind, then) -> None:
    """Run ``then(dialog)`` once a dialog of ``kind`` is the window in front (its exec()
    holds the test meanwhile)."""
    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible():
            then(dialog)
        else:
            QTimer.singleShot(5, look)

    QTimer.singleShot(0, look)


def _button(window, name: str) -> QPushButton:
    button = window.next_steps.findChild(QPushButton, name)
    assert button is not None and button.isVisibleTo(window), name
    return button


def _sell_a_blouse_for_cash(qtbot, dialog: SaleDialog) -> None:
    """Nova venda filled as she would: à vista, "Blusa" for R$ 80, Ctrl+Enter."""
    dialog.plan_form.cash.setChecked(True)
    type_text(qtbot, dialog.description, "Blusa")
    type_text(qtbot, dialog.price, "80")
    qtbot.keyClick(dialog.price, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def test_after_a_sale_on_the_caderneta_the_carne_and_the_summary(qtbot, db, today):
    cid = save_customer(CustomerInput("Ana Lima", phone="(11) 98765-4321"), today)
    window = _window(qtbot, today)
    window.open_customer(cid)

    def sell(dialog: SaleDialog) -> None:
        type_text(qtbot, dialog.description, "Vestido midi")
        type_text(qtbot, dialog.variant, "M azul")
        type_text(qtbot, dialog.price, "150,00")
        qtbot.keyClick(dialog.price, Qt.Key.Key_Return)
        dialog.plan_form.count.setValue(3)
        qtbot.keyClick(dialog.price, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    _when_open(SaleDialog, sell)
    window.new_sale(cid)
    qtbot.waitUntil(ops.idle)
    bar = window.next_steps
    assert bar.isVisible()
    assert bar.label.text() == "Venda registrada para Ana Lima, na caderneta, em 3 parcelas."
    qtbot.mouseClick(_button(window, "copySaleSummary"), Qt.MouseButton.LeftButton)
    summary = QApplication.clipboard().text()
    assert summary.startswith("Oi, Ana! Segue o resumo da sua compra de 23/11/2026:")
    assert "• Vestido midi (M azul): R$\xa0150,00" in summary
    assert "Na caderneta, em 3 parcelas:" in summary
    assert "• 1/3: R$\xa050,00, vence em 23/12/2026" in summary
    assert summary.endswith("Obrigada pela compra! Minha Loja")
    assert "copiado" in bar.label.text()
    qtbot.mouseClick(_button(window, "printCarneNext"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    preview = window._preview_dialog
    assert preview.isVisible() and preview.windowTitle() == "Visualizar — Carnê — Ana Lima"
    preview.close()
    window.show_page("painel")  # another page: the strip spoke about the one she left
    assert not bar.isVisible()


def test_a_cash_sale_offers_the_summary_but_no_carne(qtbot, db, today):
    cid = save_customer(CustomerInput("Bia Souza"), today)
    window = _window(qtbot, today)
    _when_open(SaleDialog, lambda dialog: _sell_a_blouse_for_cash(qtbot, dialog))
    window.new_sale(cid)
    qtbot.waitUntil(ops.idle)
    assert window.next_steps.label.text() == "Venda registrada para Bia Souza, à vista."
    assert window.next_steps.findChild(QPushButton, "printCarneNext") is None
    qtbot.mouseClick(_button(window, "copySaleSummary"), Qt.MouseButton.LeftButton)
    assert "Pago à vista (Pix)." in QApplication.clipboard().text()


def test_after_a_payment_the_receipt_to_copy_or_print(qtbot, db, today):
    cid = save_customer(CustomerInput("Carla Dias", phone="(11) 91234-5678"), today)
    due = today - timedelta(days=3)
    create_sale(cid, due - timedelta(days=30), [ItemInput("Saia", 1, 20_000)], today,
                PlanInput(2, due))
    window = _window(qtbot, today)
    window.open_customer(cid)

    def pay(dialog: PaymentDialog) -> None:
        dialog.amount.selectAll()
        type_text(qtbot, dialog.amount, "100,00")
        qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)  # "Registrar pagamento" is default

    _when_open(PaymentDialog, pay)
    window.receive_payment(cid)
    qtbot.waitUntil(ops.idle)
    bar = window.next_steps
    assert bar.label.text() == "Pagamento de R$\xa0100,00 registrado para Carla Dias."
    qtbot.mouseClick(_button(window, "copyReceiptNext"), Qt.MouseButton.LeftButton)
    receipt = QApplication.clipboard().text()
    assert "Recebi de Carla Dias o valor de R$\xa0100,00 em 23/11/2026" in receipt
    assert bar.label.text() == "Recibo copiado: cole na conversa com Carla Dias."
    qtbot.mouseClick(_button(window, "printReceiptNext"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    assert window._preview_dialog.windowTitle() == "Visualizar — Recibo — Carla Dias"
    window._preview_dialog.close()
    qtbot.mouseClick(_button(window, "closeNextSteps"), Qt.MouseButton.LeftButton)
    assert not bar.isVisible()


def test_qt_speaks_portuguese_file_dialog_and_dates(qapp, tmp_path):
    """Qt's own pt_BR translations are loaded at start-up: her file dialog says "Procurar em"
    and "Salvar", and Qt writes dates as dd/mm/aaaa."""
    from datetime import date

    from PySide6.QtCore import QCoreApplication, QDate, QLocale
    from PySide6.QtWidgets import QFileDialog, QLabel

    from app.ui.shell.app import _setup_locale

    before = QLocale()
    translator = _setup_locale(qapp)
    try:
        assert translator is not None
        dialog = QFileDialog(None, "Salvar PDF", str(tmp_path))
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        labels = [label.text() for label in dialog.findChildren(QLabel)]
        assert "Procurar em:" in labels and "Arquivos do tipo:" in labels, labels
        assert QCoreApplication.translate("QFileDialog", "&Save") == "&Salvar"
        assert QLocale().toString(QDate(date(2026, 3, 5)), QLocale.FormatType.ShortFormat) \
            == "05/03/2026"
        dialog.deleteLater()
    finally:
        if translator is not None:
            QCoreApplication.removeTranslator(translator)
            QCoreApplication.removeTranslator(translator.fallback)
        QLocale.setDefault(before)


def test_a_closed_nova_venda_is_deleted_not_left_hidden_in_the_window(qtbot, db, today):
    """Python lets go of a closed dialog's wrapper; Qt kept the hidden dialog, and a later
    event to its "Peça" field reached an event filter with no Python object behind it (an
    error in the event loop, and once a crash in the suite). Now the dialog is deleted once
    closed, so a restyle of the whole window afterwards meets nothing of it."""
    import gc

    from PySide6.QtCore import QCoreApplication, QEvent

    cid = save_customer(CustomerInput("Dora Reis"), today)
    window = _window(qtbot, today)
    _when_open(SaleDialog, lambda dialog: _sell_a_blouse_for_cash(qtbot, dialog))
    window.new_sale(cid)
    qtbot.waitUntil(ops.idle)
    assert window.next_steps.label.text() == "Venda registrada para Dora Reis, à vista."
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert window.findChildren(SaleDialog) == []
    gc.collect()  # what Python let go of is gone now (the suite collects by itself too)
    app = QApplication.instance()
    app.setStyleSheet(app.styleSheet() + " ")  # every widget restyled, hidden ones too
    qtbot.keyClick(window, Qt.Key.Key_A)  # and a key: no error reaches the event loop
