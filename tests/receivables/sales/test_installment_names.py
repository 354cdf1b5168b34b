"""Installments named with their purchase: payment dialog, Pagamentos tab and receipt."""

from __future__ import annotations

from app.services.people.customers import CustomerInput, save_customer
from app.services.receivables.naming import installment_name, purchase_names
from app.services.receivables.payments import list_payments, receipt_text, record_payment
from app.services.receivables.sales import ItemInput, PlanInput, create_sale
from app.ui.people.customer_tables import PaymentTableModel
from app.ui.receivables.payment_dialog import PaymentDialog


def _customer_with_two_purchases(today) -> tuple[int, int, int]:
    cid = save_customer(CustomerInput("Natália Souza"), today)
    a = create_sale(cid, today, [ItemInput("Biquíni", 1, 40_000), ItemInput("Saída", 1, 100)],
                    today, PlanInput(4, today)).sale_id
    b = create_sale(cid, today, [ItemInput("Jaqueta jeans", 1, 60_000)], today,
                    PlanInput(6, today)).sale_id
    return cid, a, b


def test_names_come_from_the_first_item(db, today):
    _cid, a, b = _customer_with_two_purchases(today)
    assert purchase_names([a, b]) == {a: "Biquíni", b: "Jaqueta jeans"}
    assert installment_name("Biquíni", 1, 4) == "Biquíni 1/4"
    assert installment_name("", 2, 3) == "Parcela 2/3"


def test_payment_dialog_lists_and_allocates_by_purchase_name(qtbot, db, today):
    cid, _a, _b = _customer_with_two_purchases(today)
    dialog = PaymentDialog(cid, today)
    qtbot.addWidget(dialog)
    shown = {dialog.model.index(r, 1).data() for r in range(dialog.model.rowCount())}
    assert {"Biquíni 1/4", "Jaqueta jeans 1/6"} <= shown
    assert "Biquíni 1/4 (23/11/2026)" in dialog.allocation_label.text() or \
        "Jaqueta jeans 1/6 (23/11/2026)" in dialog.allocation_label.text()


def test_payments_tab_and_receipt_name_the_purchase(db, today):
    cid, _a, _b = _customer_with_two_purchases(today)
    result = record_payment(cid, 10_025, today, "pix", today)
    view = list_payments(cid)[0]
    assert view.paid_names and view.paid_names[0] in ("Biquíni 1/4", "Jaqueta jeans 1/6")
    model = PaymentTableModel()
    model.set_rows([view])
    assert model.index(0, 3).data() == ", ".join(view.paid_names)
    receipt = receipt_text(result.payment_id, "Natália Modas")
    assert f"• {view.paid_names[0]} da compra de 23/11/2026" in receipt
