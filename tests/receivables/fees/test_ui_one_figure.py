"""With multa and juros on, she is asked one figure everywhere on the same day: customer page,
its Pix, Em atraso, the reminder and the payment dialog; the dialog only shows the fees the
payment service computes for the payment's date, and lets her waive them."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt

from app.models.receivables import Installment, Payment
from app.services.br.pix import parse_payload
from app.services.collection.overdue import overdue_report
from app.services.collection.worklist import todays_worklist
from app.services.configuration.settings import load_settings, save_settings
from app.services.people.customers import CustomerInput, save_customer
from app.services.receivables.sales import ItemInput, PlanInput, create_sale
from app.ui.collection import pix_actions
from app.ui.kit import ops
from app.ui.receivables.payment_dialog import PaymentDialog
from app.ui.shell.main_window import MainWindow


def _late(today) -> int:
    """R$ 200,00 in two: R$ 100,00 due Sunday 08/11 (grace to Monday: 14 days late on 23/11,
    multa R$ 2,00 + juros R$ 0,47) and R$ 100,00 due in 15 days."""
    save_settings(load_settings(), late_fee_bp=200, late_interest_bp=100,
                  pix_key="rita@loja.com", pix_name="Loja", pix_city="Santos")
    cid = save_customer(CustomerInput(name="Rita Lima", phone="11987654321"), today)
    create_sale(cid, today - timedelta(days=60), [ItemInput("Vestido", 1, 20000)], today,
                PlanInput(2, today - timedelta(days=15), "custom",
                          custom_dates=(today - timedelta(days=15), today + timedelta(days=15))))
    return cid


def test_the_same_figure_on_every_screen(qtbot, db, today):
    cid = _late(today)
    settings = load_settings()
    window = MainWindow(today_fn=lambda: today)
    qtbot.addWidget(window)
    window.show()
    window.open_customer(cid)
    qtbot.waitUntil(ops.idle)  # her page is read on a worker
    assert ("em atraso <b>R$\xa0102,47 com multa e juros</b>"
            in window.customer_page.info_label.text())
    pix = pix_actions.pix_overdue(window.customer_page)
    qtbot.addWidget(pix)
    assert parse_payload(pix.payload).amount_cents == 10_247
    assert overdue_report(today, settings).rows[0].total_cents == 10_247
    assert todays_worklist(today, settings).entries[0].total_cents == 10_247
    dialog = PaymentDialog(cid, today)
    qtbot.addWidget(dialog)
    assert dialog.amount.text() == "102,47"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    payment = Payment.get(Payment.kind == "payment")
    assert (payment.amount_cents, payment.fee_cents) == (10_000, 247)
    assert [i.paid_cents for i in Installment.select().order_by(Installment.due_date)] == [
        10_000, 0]  # the fees did not become principal of the next installment


def test_a_payment_dated_earlier_is_charged_fees_for_that_date(qtbot, db, today):
    cid = _late(today)
    dialog = PaymentDialog(cid, today)
    qtbot.addWidget(dialog)
    ten_days_ago = today - timedelta(days=10)  # 4 days late then (13/11; grace to 09/11)
    dialog.date.setDate(QDate(ten_days_ago.year, ten_days_ago.month, ten_days_ago.day))
    assert (dialog.preview.late_fee_cents, dialog.preview.interest_cents) == (200, 13)
    assert "juros R$\xa00,13" in dialog.fees_label.text()
    dialog.amount.set_cents(10_213)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    payment = Payment.get(Payment.kind == "payment")
    assert (payment.payment_date, payment.amount_cents, payment.fee_cents) == (
        ten_days_ago, 10_000, 213)
    assert payment.payment_date == date(2026, 11, 13)
