"""Acordos on screen: propose and close through the dialog, see it on the Acordos page, undo;
the loyalty discount in Nova venda, the early-payment line in Receber pagamento, birthdays."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from app.models.receivables import Installment, Sale
from app.services.collection.contacts import list_contacts
from app.services.configuration.settings import load_settings, save_settings
from app.services.people.customers import CustomerInput, save_customer
from app.services.receivables.payments import record_payment
from app.services.receivables.sales import ItemInput, PlanInput, create_sale
from app.ui.kit import ops
from app.ui.negotiation.agreement_dialog import AgreementDialog
from app.ui.negotiation.agreements_page import AgreementsPage
from app.ui.people.birthdays_panel import BirthdaysPanel
from app.ui.receivables.payment_dialog import PaymentDialog
from app.ui.receivables.sale_dialog import SaleDialog
from tests.typing_helpers import type_text

TODAY = date(2026, 11, 23)
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def ana(db) -> int:
    """Ana owes 3 × R$ 100,00 due 14/10, 13/11 (late) and 13/12; multa 2%, juros 1% a.m."""
    save_settings(load_settings(), late_fee_bp=200, late_interest_bp=100)
    cid = save_customer(CustomerInput("Ana Souza", phone="(11) 98765-4321"), TODAY)
    days = (date(2026, 10, 14), date(2026, 11, 13), date(2026, 12, 13))
    create_sale(cid, date(2026, 9, 10), [ItemInput("Vestido", 3, 10_000)], TODAY,
                plan=PlanInput(3, days[0], "custom", custom_dates=days))
    return cid


def retype(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    type_text(qtbot, widget, text)


def test_propose_edit_and_close_an_agreement_then_see_it_on_the_acordos_page(qtbot, ana):
    dialog = AgreementDialog(ana, TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.model.checked_ids() == [1, 2]  # the overdue ones, not the one due 13/12
    assert "R$\xa0205,66" in dialog.summary.text()
    three = dialog.boxes[2]  # no fees waived in 3x; 30/01/2027 is a Saturday
    assert "Parcela 3/3: <b>R$\xa068,55</b> · 01/02/2027" in three.schedule.text()
    assert three.choose.text() == "3x"
    retype(qtbot, three.count.lineEdit(), "4")
    qtbot.waitUntil(lambda: "Parcela 4/4: <b>R$\xa051,41</b>" in three.schedule.text())
    assert three.total.text() == "Total: R$\xa0205,66"
    assert three.choose.isChecked()  # editing an option chooses it
    qtbot.mouseClick(dialog.boxes[0].choose, LEFT, pos=QPoint(8, 9))
    assert dialog.boxes[0].choose.isChecked()
    qtbot.mouseClick(three.choose, LEFT, pos=QPoint(8, 9))
    QApplication.clipboard().setText("")
    qtbot.mouseClick(dialog.close_button, LEFT)
    qtbot.waitUntil(ops.idle)
    assert dialog.saved_id is not None
    assert "R$\xa051,41 até 01/03/2027" in QApplication.clipboard().text()  # 28/02 is a Sunday

    page = AgreementsPage(lambda: TODAY)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(ops.idle)  # the agreements are read on a worker
    (row,) = page.model.rows()
    assert (row.name, row.progress, row.total_cents) == ("Ana Souza", "0/4 pagas", 20_566)
    assert "1</b> em dia" in page.summary.text()
    page.table.selectRow(0)
    page.undo(row.id)
    qtbot.waitUntil(ops.idle)
    assert page.model.rows() == []
    assert page.empty.isVisible()


def test_unticking_and_the_minimum_installment_are_shown_in_the_dialog(qtbot, ana):
    save_settings(load_settings(), agreement_min_installment_cents=4_000)
    dialog = AgreementDialog(ana, TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    two = dialog.boxes[1]
    retype(qtbot, two.count.lineEdit(), "6")
    qtbot.waitUntil(lambda: two.option is None)
    assert "parcela mínima de R$\xa040,00" in two.form.errors["count"].text()
    assert two.choose.isChecked() and not dialog.close_button.isEnabled()
    retype(qtbot, two.count.lineEdit(), "5")
    qtbot.waitUntil(lambda: dialog.close_button.isEnabled())
    dialog.model.setData(dialog.model.index(0, 0), Qt.CheckState.Unchecked,
                         Qt.ItemDataRole.CheckStateRole)
    assert "1 parcela</b>: principal <b>R$\xa0100,00</b>" in dialog.summary.text()


def test_the_loyalty_discount_is_one_click_and_stored_on_the_sale(qtbot, db):
    save_settings(load_settings(), loyalty_bronze_min=2, loyalty_silver_min=3, loyalty_gold_min=4)
    cid = save_customer(CustomerInput("Dora Reis"), TODAY)
    create_sale(cid, date(2026, 6, 1), [ItemInput("Bolsa", 3, 5_000)], TODAY,
                plan=PlanInput(3, date(2026, 7, 1), "monthly"))
    for month in (7, 8, 9):
        record_payment(cid, 5_000, date(2026, month, 1), "pix", date(2026, month, 1))
    dialog = SaleDialog(TODAY, cid)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(qtbot, dialog.description, "Vestido")
    type_text(qtbot, dialog.price, "200,00")
    qtbot.mouseClick(dialog.add_button, LEFT)
    assert dialog.loyalty.isVisible()
    assert dialog.loyalty.button.text() == "Dar desconto de 3%"
    qtbot.mouseClick(dialog.loyalty.button, LEFT)
    assert dialog.loyalty.line.text() == "Desconto fidelidade (Prata 3%): −R$\xa06,00"
    assert dialog.total_label.text() == "Total: R$\xa0194,00 (com desconto de R$\xa06,00)"
    assert [r[2] for r in dialog.plan_form.preview.rows()] == [6_467, 6_467, 6_466]
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(ops.idle)
    sale = Sale.get_by_id(dialog.saved_sale_id)
    assert (sale.total_cents, sale.discount_cents) == (19_400, 600)
    from app.services.receivables.statement import customer_detail, statement_html

    extrato = statement_html(customer_detail(cid, TODAY), "Loja", TODAY)
    assert "desconto fidelidade R$\xa06,00" in extrato


def _early_payer_dialog(qtbot):
    """Eva owes R$ 100,00 due 10/12 with 5% off for paying 5+ days early: Receber pagamento."""
    save_settings(load_settings(), early_discount_bp=500, early_discount_days=5)
    cid = save_customer(CustomerInput("Eva Melo"), TODAY)
    create_sale(cid, TODAY, [ItemInput("Blusa", 1, 10_000)], TODAY,
                plan=PlanInput(1, date(2026, 12, 10), "monthly"))
    dialog = PaymentDialog(cid, TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    return cid, dialog


def test_the_early_payment_discount_is_its_own_removable_line(qtbot, db):
    cid, dialog = _early_payer_dialog(qtbot)
    assert dialog.amount.text() == "95,00"
    line = dialog.discount_line
    assert line.isVisible() and "−R$\xa05,00" in line.text()
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(ops.idle)
    assert Installment.get(Installment.customer == cid).paid_date == TODAY  # quitada


def test_unticking_the_discount_charges_full_price(qtbot, db):
    cid, dialog = _early_payer_dialog(qtbot)
    qtbot.mouseClick(dialog.discount_line, LEFT, pos=QPoint(8, 8))
    assert not dialog.discount_line.wanted()
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(ops.idle)
    inst = Installment.get(Installment.customer == cid)
    assert (inst.paid_cents, inst.paid_date) == (9_500, None)  # R$ 5,00 still to pay


def test_customer_page_shows_the_tier_and_a_broken_agreement(qtbot, ana):
    from app.services.negotiation.agreements import close_agreement, propose_options
    from app.ui.people.customer_page import CustomerPage

    close_agreement(ana, propose_options(ana, TODAY)[1], TODAY)
    later = date(2026, 12, 3)
    page = CustomerPage(lambda: later)
    qtbot.addWidget(page)
    page.show()
    page.show_customer(ana)
    qtbot.waitUntil(ops.idle)  # her page is read on a worker
    badge = page.rewards.agreement_badge
    assert badge.isVisible() and badge.text() == "Acordo nº 1 quebrado"
    assert "3 dias de atraso" in badge.toolTip()
    assert not page.rewards.tier_badge.isVisible()  # late: no loyalty tier
    assert "Acordo nº 1" in [r.sale_label for r in page.installments.rows()]


def test_birthday_message_copied_and_logged(qtbot, db):
    cid = save_customer(CustomerInput("Bia Lima", phone="(21) 99999-1111",
                                      birthday="24/11/1990"), TODAY)
    panel = BirthdaysPanel(lambda: TODAY)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(ops.idle)  # the birthdays are read on a worker
    assert panel.model.rows()[0].when == "amanhã"
    assert panel.preview.toPlainText().startswith("Feliz aniversário, Bia!")
    qtbot.mouseClick(panel.copy_button, LEFT)
    qtbot.waitUntil(ops.idle)
    assert QApplication.clipboard().text().startswith("Feliz aniversário, Bia!")
    qtbot.waitUntil(lambda: panel.model.rows()[0].sent)
    assert list_contacts(cid)[0].stage_name == "Aniversário"


def test_settings_tab_saves_the_room_and_refuses_bad_values_by_the_field(qtbot, db):
    from app.ui.configuration.agreement_loyalty_settings import AgreementSettingsTab

    tab = AgreementSettingsTab()
    qtbot.addWidget(tab)
    tab.show()
    retype(qtbot, tab.edits["agreement_min_installment_cents"], "45,50")
    retype(qtbot, tab.edits["early_discount_bp"], "5")
    qtbot.mouseClick(tab.save_button, LEFT)
    qtbot.waitUntil(ops.idle)
    saved = load_settings()
    assert (saved.agreement_min_installment_cents, saved.early_discount_bp) == (4_550, 500)
    assert tab.feedback.text() == "Acordos e fidelidade salvos."
    retype(qtbot, tab.edits["loyalty_gold_min"], "2")
    qtbot.mouseClick(tab.save_button, LEFT)
    qtbot.waitUntil(ops.idle)
    assert "Bronze < Prata < Ouro" in tab.form.errors["loyalty_gold_min"].text()
    assert load_settings().loyalty_gold_min == 12


def test_broken_agreement_is_flagged_in_em_atraso_and_cobrancas(qtbot, ana):
    from app.services.negotiation.agreements import close_agreement, propose_options
    from app.ui.collection.overdue_page import OverduePage
    from app.ui.collection.worklist_page import WorklistPage

    close_agreement(ana, propose_options(ana, TODAY)[1], TODAY)
    later = date(2026, 12, 3)
    overdue = OverduePage(lambda: later)
    worklist = WorklistPage(lambda: later)
    for page in (overdue, worklist):
        qtbot.addWidget(page)
        page.show()
    qtbot.waitUntil(ops.idle)  # both pages read on workers
    (row,) = overdue.model.rows()
    column = overdue.model.COLUMNS[-1]
    assert column.display(row) == "Inadimplente recorrente · acordo quebrado"  # 3rd episode
    assert "Acordo nº 1 quebrado" in column.tooltip(row)
    (entry,) = worklist.model.rows()
    assert worklist.model.COLUMNS[-1].display(entry) == "acordo quebrado"
    assert "Do nosso acordo, ainda está em aberto" in worklist.preview.toPlainText()


def test_the_painel_card_opens_the_birthdays_tab(qtbot, db):
    from app.ui.shell.main_window import MainWindow

    save_customer(CustomerInput("Bia Lima", birthday="23/11/1990"), TODAY)
    window = MainWindow(today_fn=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(ops.idle)
    card = window.dashboard.birthday_card
    assert card.isVisible() and card.text() == "Aniversariantes da semana: Bia (hoje)"
    qtbot.mouseClick(card, LEFT)
    assert window.stack.currentWidget() is window.worklist
    assert window.worklist.tabs.currentWidget() is window.worklist.birthdays_tab
    qtbot.waitUntil(ops.idle)  # the tab reads on a worker
    assert window.worklist.birthdays.model.rows()[0].name == "Bia Lima"
    assert window.stack.indexOf(window.agreements) == 4  # "Acordos" is a real page now


def test_the_new_table_models_pass_the_model_tester(qtmodeltester, ana):
    from app.services.negotiation.agreements import (
        close_agreement,
        list_agreements,
        propose_options,
    )
    from app.services.people.birthdays import upcoming_birthdays
    from app.ui.negotiation.agreement_dialog import AgreementInstallmentTableModel
    from app.ui.negotiation.agreements_page import AgreementTableModel
    from app.ui.people.birthdays_panel import BirthdayTableModel

    save_customer(CustomerInput("Bia Lima", birthday="24/11/1990"), TODAY)
    close_agreement(ana, propose_options(ana, TODAY)[2], TODAY)
    agreements = AgreementTableModel()
    agreements.set_rows(list_agreements(TODAY))
    birthdays = BirthdayTableModel()
    birthdays.set_rows(upcoming_birthdays(TODAY, load_settings()))
    dialog = AgreementDialog(ana, TODAY)
    for model in (agreements, birthdays, dialog.model):
        assert model.rowCount() > 0
        qtmodeltester.check(model, force_py=True)
    assert isinstance(dialog.model, AgreementInstallmentTableModel)


def test_em_atraso_proposes_an_agreement_and_she_leaves_the_list(qtbot, ana):
    from PySide6.QtCore import QTimer

    from app.ui.collection.overdue_page import OverduePage

    page = OverduePage(lambda: TODAY)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(ops.idle)  # the report is read on a worker
    page.table.selectRow(0)
    seen = []

    def close_the_dialog():
        dialog = QApplication.activeModalWidget()
        seen.append(dialog.windowTitle())
        qtbot.mouseClick(dialog.close_button, LEFT)  # the proposal chosen at first: 2x

    QTimer.singleShot(0, close_the_dialog)
    qtbot.mouseClick(page.agreement_button, LEFT)
    qtbot.waitUntil(ops.idle)
    assert seen == ["Propor acordo — Ana Souza"]
    assert page.model.rows() == []  # renegotiated: no longer overdue
    assert "0 clientes" in page.footer.text()


def test_paying_the_full_price_with_the_discount_on_says_where_the_rest_goes(qtbot, db):
    save_settings(load_settings(), early_discount_bp=500, early_discount_days=5)
    cid = save_customer(CustomerInput("Eva Melo"), TODAY)
    create_sale(cid, TODAY, [ItemInput("Blusa", 2, 10_000)], TODAY,
                plan=PlanInput(2, date(2026, 12, 10), "monthly"))
    dialog = PaymentDialog(cid, TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    retype(qtbot, dialog.amount, "100,00")
    assert dialog.allocation_label.text() == (
        "Vai pagar Blusa 1/2 (10/12/2026): R$\xa095,00; Blusa 2/2 (10/01/2027): R$\xa05,00")
    qtbot.mouseClick(dialog.discount_line, LEFT, pos=QPoint(8, 8))  # removed
    assert dialog.allocation_label.text() == "Vai pagar Blusa 1/2 (10/12/2026): R$\xa0100,00"


def test_acordos_keeps_the_agreement_she_chose_when_it_is_read_again(qtbot, db):
    """A change elsewhere (an agreement closed for another customer) reads the list again on
    a worker; the agreement she chose stays chosen wherever its row moved."""
    from app.services.negotiation.agreements import close_agreement, propose_options

    def owing(name: str) -> int:
        cid = save_customer(CustomerInput(name), TODAY)
        create_sale(cid, date(2026, 9, 10), [ItemInput("Vestido", 1, 10_000)], TODAY,
                    plan=PlanInput(1, date(2026, 10, 14)))
        return cid

    def agree(cid: int) -> int:
        return close_agreement(cid, propose_options(cid, TODAY)[0], TODAY)

    customers = [owing(name) for name in ("Bia Lima", "Cris Dias", "Dora Reis", "Eva Melo")]
    ids = [agree(cid) for cid in customers[:3]]
    page = AgreementsPage(lambda: TODAY)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 3 and ops.idle())
    shown = [page.table.model().index(r, 0) for r in range(3)]
    chosen = next(r for r in range(3)
                  if page.model.row_at(page.table.model().mapToSource(shown[r]).row()).id
                  == ids[1])
    page.table.selectRow(chosen)
    ops.Op(page, lambda _p: agree(customers[3])).run()
    qtbot.waitUntil(lambda: page.model.rowCount() == 4 and ops.idle())
    (index,) = page.table.selectionModel().selectedRows()
    assert page.model.row_at(page.table.model().mapToSource(index).row()).id == ids[1]
