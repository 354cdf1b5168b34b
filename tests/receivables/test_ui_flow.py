"""The reseller's first day, driven through the real widgets: customer, sale, payment."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.models.people import Customer
from app.models.receivables import Installment, Payment, Sale
from app.services.people.customers import CustomerInput, save_customer
from app.ui.kit import ops
from app.ui.people.customer_dialog import CustomerDialog
from app.ui.receivables.payment_dialog import PaymentDialog
from app.ui.receivables.sale_dialog import SaleDialog
from app.ui.shell.main_window import MainWindow
from tests.typing_helpers import type_text


def _type_customer(qtbot, today, **fields) -> CustomerDialog:
    dialog = CustomerDialog(today, "11")
    qtbot.addWidget(dialog)
    for key, text in fields.items():
        type_text(qtbot, dialog.inputs[key], text)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    return dialog


def _status_texts(window) -> list[str]:
    model = window.customer_page.installments
    return [model.data(model.index(r, 6)) for r in range(model.rowCount())]


def test_customer_sale_payment_and_statuses(qtbot, db, today):
    window = MainWindow(today_fn=lambda: today)
    qtbot.addWidget(window)
    window.show()
    dialog = _type_customer(qtbot, today, name="José da Conceição", phone="98765-4321",
                            cpf="529.982.247-25")
    assert dialog.result() == CustomerDialog.DialogCode.Accepted
    customer = Customer.get()
    assert customer.name == "José da Conceição"
    assert customer.phone == "+5511987654321"  # default DDD from settings

    sale = SaleDialog(today, customer.id)
    qtbot.addWidget(sale)
    qtbot.keyClicks(sale.description, "Vestido midi")
    qtbot.keyClicks(sale.variant, "M azul")
    qtbot.keyClicks(sale.price, "100,00")
    qtbot.keyClick(sale.price, Qt.Key.Key_Return)
    assert sale.total_label.text() == "Total: R$\xa0100,00"
    assert sale.plan_form.count.value() == 3
    preview = [sale.plan_form.preview.data(sale.plan_form.preview.index(r, 2)) for r in range(3)]
    assert preview == ["R$\xa033,34", "R$\xa033,33", "R$\xa033,33"]
    qtbot.mouseClick(sale.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    assert sale.result() == SaleDialog.DialogCode.Accepted
    assert Installment.select().count() == 3

    window.open_customer(customer.id)
    qtbot.waitUntil(ops.idle)  # her page is read on a worker
    assert _status_texts(window) == ["a vencer"] * 3
    assert "deve <b>R$\xa0100,00</b>" in window.customer_page.info_label.text()

    pay = PaymentDialog(customer.id, today)
    qtbot.addWidget(pay)
    pay.amount.clear()
    qtbot.keyClicks(pay.amount, "50,00")
    assert "R$\xa033,34" in pay.allocation_label.text()
    qtbot.mouseClick(pay.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    assert pay.result() == PaymentDialog.DialogCode.Accepted
    # the open customer page refreshes itself through the change broadcast
    assert _status_texts(window) == ["paga", "parcialmente paga", "a vencer"]
    assert "deve <b>R$\xa050,00</b>" in window.customer_page.info_label.text()
    assert window.customers._dirty  # hidden behind her page: refreshed when shown, not now
    window.show_customer_list()
    qtbot.waitUntil(ops.idle)  # shown again: it reads its list now
    customers = window.customers.model.rows()
    assert customers[0].balance_cents == 5000


def test_bad_customer_input_keeps_typing_and_saves_nothing(qtbot, db, today):
    dialog = CustomerDialog(today, "11")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.inputs["phone"], "11 9abc")
    qtbot.keyClicks(dialog.inputs["cpf"], "123.456.789-00")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    assert dialog.isVisible()
    assert dialog.form.errors["name"].text() == "Informe o nome da cliente."
    assert "letras" in dialog.form.errors["phone"].text()
    assert "CPF inválido" in dialog.form.errors["cpf"].text()
    assert dialog.inputs["phone"].text() == "11 9abc"
    assert dialog.inputs["cpf"].text() == "123.456.789-00"
    assert Customer.select().count() == 0


def test_shared_phone_needs_a_second_click(qtbot, db, today):
    save_customer(CustomerInput(name="Maria Souza", phone="(11) 98765-4321"), today)
    dialog = _type_customer(qtbot, today, name="Ana Souza", phone="11987654321")
    assert "já está cadastrado para Maria Souza" in dialog.form.errors["phone"].text()
    assert dialog.save_button.text() == "Salvar mesmo assim"
    assert Customer.select().count() == 1
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    assert dialog.result() == CustomerDialog.DialogCode.Accepted
    assert Customer.select().count() == 2


def test_sale_bad_input_is_explained_and_nothing_saved(qtbot, db, today):
    cid = save_customer(CustomerInput(name="Ana"), today)
    sale = SaleDialog(today, cid)
    qtbot.addWidget(sale)
    qtbot.keyClicks(sale.description, "Blusa")
    qtbot.keyClicks(sale.price, "abc")
    qtbot.mouseClick(sale.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    assert "não é um valor" in sale.item_error.text()
    assert sale.description.text() == "Blusa"  # what she typed is kept
    sale.price.clear()
    qtbot.keyClicks(sale.price, "80")
    qtbot.mouseClick(sale.add_button, Qt.MouseButton.LeftButton)
    sale.plan_form.count.setValue(0)
    assert "pelo menos 1" in sale.plan_form.plan_error.text()
    sale.plan_form.count.setValue(1000)
    qtbot.mouseClick(sale.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    assert "No máximo 48" in sale.plan_form.plan_error.text()
    assert Sale.select().count() == 0
    sale.plan_form.count.setValue(2)
    qtbot.mouseClick(sale.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    assert [i.amount_cents for i in Installment.select()] == [4000, 4000]


def test_cash_sale_has_no_installments(qtbot, db, today):
    cid = save_customer(CustomerInput(name="Bia"), today)
    sale = SaleDialog(today, cid)
    qtbot.addWidget(sale)
    type_text(qtbot, sale.description, "Biquíni")
    qtbot.keyClicks(sale.price, "84,90")
    qtbot.mouseClick(sale.add_button, Qt.MouseButton.LeftButton)
    sale.plan_form.cash.setChecked(True)
    assert not sale.plan_form.plan_area.isVisibleTo(sale)  # à vista: no plan, no empty preview
    qtbot.mouseClick(sale.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    assert Installment.select().count() == 0
    assert Payment.get().amount_cents == 8490


def test_overpayment_asks_to_keep_credit(qtbot, db, today):
    from app.services.receivables.sales import ItemInput, PlanInput, create_sale

    cid = save_customer(CustomerInput(name="Carla"), today)
    create_sale(cid, today, [ItemInput("Saia", 1, 6000)], today, PlanInput(2, today))
    pay = PaymentDialog(cid, today)
    qtbot.addWidget(pay)
    pay.show()
    pay.amount.clear()
    qtbot.keyClicks(pay.amount, "70")
    assert "Sobram R$\xa010,00" in pay.allocation_label.text()
    qtbot.mouseClick(pay.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    assert pay.isVisible()
    assert "crédito" in pay.form.errors["amount"].text()
    assert Payment.select().count() == 0
    pay.credit_ok.setChecked(True)
    qtbot.mouseClick(pay.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    assert pay.result() == PaymentDialog.DialogCode.Accepted
    from app.services.people.customers import credit_cents

    assert credit_cents(cid) == 1000


def test_ticked_installment_is_paid_first(qtbot, db, today):
    from app.services.receivables.sales import ItemInput, PlanInput, create_sale

    cid = save_customer(CustomerInput(name="Dora"), today)
    create_sale(cid, today, [ItemInput("Saia", 1, 9000)], today, PlanInput(3, today))
    pay = PaymentDialog(cid, today)
    qtbot.addWidget(pay)
    index = pay.model.index(2, 0)
    pay.model.setData(index, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    pay.amount.clear()
    qtbot.keyClicks(pay.amount, "30")
    qtbot.mouseClick(pay.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)
    paid = [i.paid_cents for i in Installment.select().order_by(Installment.number)]
    assert paid == [0, 0, 3000]


def test_copy_receipt_and_reverse_payment(qtbot, db, today):
    from app.services.receivables.payments import record_payment
    from app.services.receivables.sales import ItemInput, PlanInput, create_sale

    cid = save_customer(CustomerInput(name="Eva Lima"), today)
    create_sale(cid, today, [ItemInput("Blazer", 1, 10000)], today, PlanInput(2, today))
    record_payment(cid, 5000, today, "pix", today)
    window = MainWindow(today_fn=lambda: today)
    qtbot.addWidget(window)
    window.show()
    window.open_customer(cid)
    qtbot.waitUntil(ops.idle)  # her page is read on a worker
    page = window.customer_page
    page.tabs.setCurrentIndex(2)
    page.payments_table.selectRow(0)
    qtbot.mouseClick(page.receipt_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)  # the receipt is written on a worker, then copied
    receipt = QApplication.clipboard().text()
    assert "Eva Lima" in receipt and "R$\xa050,00" in receipt and "23/11/2026" in receipt
    assert "“Minha Loja”" in page.payment_feedback.text()  # never sent unseen
    page.reverse(page.selected_payment().id, "lançado em dobro")
    qtbot.waitUntil(ops.idle)
    assert page.payment_feedback.text().startswith("Pagamento estornado")
    assert _status_texts(window) == ["vence hoje", "a vencer"]
    assert page.payments.rows()[0].reversed
    assert "Estornado: lançado em dobro" in page.payments.data(page.payments.index(0, 4))
