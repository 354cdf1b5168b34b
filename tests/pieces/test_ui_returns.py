"""Devolução / troca through the customer page: the dialog shows what the money does before
she confirms (the service's preview, equal to what is then saved), refusals next to the
fields, the CDC art. 49 path, the late confirmation, exchanges, and Cancelar venda."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app.models.receivables import Installment
from app.services import catalog, returns
from app.services.configuration.settings import load_settings, save_settings
from app.services.people.customers import credit_cents, open_balance_cents
from app.services.receivables.payments import record_payment
from app.ui.kit import ops
from app.ui.people.customer_page import CustomerPage
from tests.pieces.conftest import sell
from tests.pieces.test_returns import _items
from tests.typing_helpers import type_text


@pytest.fixture
def page(qtbot, today):
    def make(customer_id: int) -> CustomerPage:
        page = CustomerPage(lambda: today)
        qtbot.addWidget(page)
        page.resize(1093, 560)
        page.show()
        page.show_customer(customer_id)
        qtbot.waitUntil(ops.idle)  # her page is read on a worker
        page.tabs.setCurrentWidget(page.sales_box)
        page.sales_table.selectRow(0)
        return page
    return make


def _click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(ops.idle)


def _preview(qtbot, dialog) -> str:
    dialog._timer.stop()
    dialog.ask_preview()
    qtbot.waitUntil(ops.idle)
    return dialog.preview_label.text()


def _open(qtbot, page, exchange=False):
    from app.ui.pieces.sale_actions import open_return

    if exchange:
        return open_return(page, exchange=True)
    assert page.sale_actions.isVisible() and page.return_button.isEnabled()
    _click(qtbot, page.return_button)
    return page.return_dialog


def test_a_return_shows_what_happens_before_and_does_exactly_that(qtbot, page, shelf, ana,
                                                                   today):
    save_settings(load_settings(), sales_outside_store=0)  # a shop: no art. 49 notice
    sale = sell(ana, today - timedelta(days=10), today,
                [(shelf["M"], 1, 18_990), (shelf["blusa"], 2, 5_990)])
    p = page(ana)
    dialog = _open(qtbot, p)
    assert not dialog.findChild(type(dialog.sale_notice), "withdrawalNotice").isVisibleTo(dialog)
    assert _preview(qtbot, dialog) == "Marque quantas peças voltaram de cada item."
    dialog.items.spins[_items(sale.sale_id)["Peça 1"]].setValue(1)
    type_text(qtbot, dialog.reason, "Ficou apertado")
    expected = returns.preview_return(sale.sale_id, {_items(sale.sale_id)["Peça 1"]: 1}, today)
    assert _preview(qtbot, dialog) == (
        f"Ao confirmar: {expected.foreseen}\nparcela 2/3 de "
        f"{Installment.get(number=2).due_date:%d/%m/%Y}: R$\xa016,56 (era R$\xa0103,23); "
        f"parcela 3/3 de {Installment.get(number=3).due_date:%d/%m/%Y}: cancelada.")
    assert expected.foreseen == "O carnê vai diminuir R$\xa0189,90; 1 parcela vai ser cancelada."
    _click(qtbot, dialog.confirm_button)
    assert dialog.pages.currentIndex() == 1
    assert dialog.done_what.text() == "Devolução de Peça 1 M rosa (R$\xa0189,90)."
    assert dialog.done_text.text() == "O carnê diminuiu R$\xa0189,90; 1 parcela cancelada."
    assert dialog.carne_button.isVisible() and dialog.receipt_button.text() == (
        "Comprovante da devolução")
    assert catalog.stock_of(shelf["M"]) == 3 and open_balance_cents(ana) == 11_980
    assert p.sales.rows()[0].returns[0].reason == "Ficou apertado"  # the page refreshed
    col = p.sales.column_named("Devolvido")
    assert p.sales.index(0, col).data() == "R$\xa0189,90"
    _click(qtbot, dialog.carne_button)
    assert "Carnê" in dialog._preview_dialog.windowTitle()
    dialog._preview_dialog.close()
    dialog.accept()


def test_within_seven_days_the_full_refund_is_offered_and_paid_back(qtbot, page, shelf, ana,
                                                                     today):
    sale = sell(ana, today - timedelta(days=2), today, [(shelf["M"], 1, 18_990)], count=2)
    record_payment(ana, 9_495, today, "pix", today)
    p = page(ana)
    dialog = _open(qtbot, p)
    notice = dialog.findChild(type(dialog.sale_notice), "withdrawalNotice")
    assert notice.isVisibleTo(dialog) and "art. 49" in notice.text()
    assert dialog.refund.by_hand()  # the money goes back by default
    _click(qtbot, dialog.findChild(type(dialog.confirm_button), "withdrawAllButton"))
    assert dialog.items.quantities() == {_items(sale.sale_id)["Peça 1"]: 1}
    dialog.refund.method.setCurrentIndex(dialog.refund.method.findData("pix"))
    assert _preview(qtbot, dialog).startswith(
        "Ao confirmar: O carnê vai diminuir R$\xa094,95; 1 parcela vai ser cancelada; devolver "
        "R$\xa094,95 a ela.")
    _click(qtbot, dialog.confirm_button)
    assert dialog.result.refund_cents == 9_495 and dialog.result.withdrawal
    assert "Devolva R$\xa094,95 a ela" in dialog.done_hint.text()
    assert dialog.receipt_button.text() == "Recibo de devolução"
    _click(qtbot, dialog.receipt_button)
    assert "Recibo de devolução" in dialog._preview_dialog.windowTitle()
    dialog._preview_dialog.close()
    assert credit_cents(ana) == 0 and open_balance_cents(ana) == 0
    dialog.accept()


def test_a_late_return_needs_her_word_and_a_refusal_stays_next_to_the_field(qtbot, page, shelf,
                                                                            ana, today):
    sale = sell(ana, today - timedelta(days=100), today, [(shelf["P"], 1, 18_990)], count=0)
    dialog = _open(qtbot, page(ana))
    assert dialog.late.isVisible() and not dialog.late.isChecked()
    dialog.items.spins[_items(sale.sale_id)["Peça 1"]].setValue(1)
    assert _preview(qtbot, dialog) == "Corrija o que está em vermelho para ver o que acontece."
    assert dialog.date_error.text() == ("Esta venda foi há 100 dias, mais de 90. Confirme se "
                                        "quer mesmo aceitar a devolução.")
    dialog.late.setChecked(True)
    assert _preview(qtbot, dialog) == "Ao confirmar: R$\xa0189,90 vão virar crédito dela."
    assert not dialog.date_error.isVisible()
    dialog.day.set_date(today + timedelta(days=1))
    _click(qtbot, dialog.confirm_button)
    assert dialog.date_error.text() == "A data da devolução não pode ser no futuro."
    assert dialog.pages.currentIndex() == 0 and dialog.late.isChecked()  # all kept
    dialog.reject()


def test_an_exchange_takes_new_pieces_through_the_picker_and_pays_the_difference(
        qtbot, page, shelf, ana, today):
    sale = sell(ana, today, today, [(shelf["blusa"], 1, 5_990)])
    p = page(ana)
    dialog = _open(qtbot, p, exchange=True)
    assert dialog.swap.isChecked() and dialog.confirm_button.text() == "Confirmar troca"
    dialog.items.spins[_items(sale.sale_id)["Peça 1"]].setValue(1)
    assert _preview(qtbot, dialog) == ("Escolha as peças novas que ela leva e clique em "
                                       "Adicionar.")
    type_text(qtbot, dialog.exchange.description, "lirio m")
    qtbot.keyClick(dialog.exchange.description, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.exchange.description, Qt.Key.Key_Return)
    assert dialog.exchange.price.text() == "189,90"
    qtbot.keyClick(dialog.exchange.price, Qt.Key.Key_Return)
    assert [i.piece_variant_id for i in dialog.exchange.items()] == [shelf["M"]]
    assert _preview(qtbot, dialog) == "Ao confirmar: R$\xa0130,00 vão entrar nas parcelas.\n" + \
        "; ".join(f"parcela {n}/3 de {Installment.get(number=n).due_date:%d/%m/%Y}: "
                  f"{after} (era {before})" for n, after, before in (
                      (1, "R$\xa063,31", "R$\xa019,97"), (2, "R$\xa063,30", "R$\xa019,97"),
                      (3, "R$\xa063,29", "R$\xa019,96"))) + "."
    dialog.difference.second.setChecked(True)
    dialog.difference.method.setCurrentIndex(dialog.difference.method.findData("pix"))
    assert _preview(qtbot, dialog) == "Ao confirmar: Ela paga R$\xa0130,00 de diferença agora."
    _click(qtbot, dialog.confirm_button)
    assert dialog.done_what.text() == ("Troca de Peça 1 (R$\xa059,90) por Vestido Lírio M rosa "
                                       "(R$\xa0189,90).")
    assert dialog.done_text.text() == "Ela pagou R$\xa0130,00 de diferença."
    assert catalog.stock_of(shelf["M"]) == 2 and catalog.stock_of(shelf["blusa"]) == 5
    assert [p.method for p in p.detail.payments] == ["pix"]
    dialog.accept()


def test_a_sale_in_an_open_agreement_says_so_and_is_not_returned(qtbot, page, shelf, ana,
                                                                 today):
    from app.services.negotiation.agreements import close_agreement, propose_options

    sale = sell(ana, today, today, [(shelf["M"], 1, 18_990)])
    ids = list(sale.installment_ids)
    agreement = close_agreement(ana, propose_options(ana, today, ids)[1], today, ids)
    dialog = _open(qtbot, page(ana))
    assert dialog.sale_notice.isVisibleTo(dialog)
    assert f"acordo nº {agreement}, ainda em aberto" in dialog.sale_notice.text()
    dialog.items.spins[_items(sale.sale_id)["Peça 1"]].setValue(1)
    _click(qtbot, dialog.confirm_button)
    assert "acordo" in dialog.general_error.text() and dialog.pages.currentIndex() == 0
    assert catalog.stock_of(shelf["M"]) == 2
    dialog.reject()


def test_once_every_piece_came_back_the_dialog_says_so_and_confirms_nothing(qtbot, page, shelf,
                                                                          ana, today):
    from app.models.pieces import SaleReturn

    save_settings(load_settings(), sales_outside_store=0)  # no art. 49 path on top
    sell(ana, today, today, [(shelf["M"], 1, 18_990), (shelf["blusa"], 2, 5_990)])
    p = page(ana)
    dialog = _open(qtbot, p)
    assert not dialog.sale_notice.isVisibleTo(dialog)
    dialog.items.take_all()  # every piece, by hand
    _click(qtbot, dialog.confirm_button)
    assert dialog.pages.currentIndex() == 1 and catalog.stock_of(shelf["M"]) == 3
    dialog.accept()
    qtbot.waitUntil(ops.idle)  # her page refreshed with the return
    again = _open(qtbot, p)
    qtbot.waitUntil(ops.idle)
    assert again.sale_notice.isVisibleTo(again)
    assert again.sale_notice.text() == "Todas as peças desta compra já voltaram."
    assert not any(spin.isEnabled() for spin in again.items.spins.values())
    assert {"1 (1 já voltou)", "2 (2 já voltaram)"} <= {
        label.text() for label in again.items.findChildren(QLabel)}
    assert not again.confirm_button.isEnabled()
    assert not again.preview_label.isVisibleTo(again)
    _click(qtbot, again.confirm_button)  # a click on it does nothing
    assert again.pages.currentIndex() == 0 and SaleReturn.select().count() == 1
    assert catalog.stock_of(shelf["M"]) == 3 and catalog.stock_of(shelf["blusa"]) == 5
    again.reject()


def test_a_sale_with_nothing_paid_is_cancelled_after_she_confirms(qtbot, page, shelf, ana,
                                                                  today):
    sell(ana, today, today, [(shelf["M"], 2, 18_990)])
    p = page(ana)
    assert p.undo_sale_button.isEnabled()
    asked = []
    p.confirm_cancel = lambda text: asked.append(text) or False
    _click(qtbot, p.undo_sale_button)
    assert catalog.stock_of(shelf["M"]) == 1  # she said no
    assert "As 2 peças voltam ao estoque e as parcelas em aberto (R$\xa0379,80) são " \
           "canceladas." in asked[0]
    p.confirm_cancel = lambda text: True
    _click(qtbot, p.undo_sale_button)
    assert catalog.stock_of(shelf["M"]) == 3 and open_balance_cents(ana) == 0
    assert p.payment_feedback.text() == ("Venda cancelada. O carnê diminuiu R$\xa0379,80; 3 "
                                         "parcelas canceladas.")
    p.tabs.setCurrentWidget(p.installments_table)
    assert not p.sale_actions.isVisible()
    col = p.installments.column_named("Situação")
    assert {p.installments.index(r, col).data() for r in range(3)} == {"cancelada (devolução)"}


def test_cancelar_venda_comes_back_once_the_entrada_is_reversed(qtbot, page, shelf, ana,
                                                                today):
    from datetime import datetime

    from app.models.receivables import Payment
    from app.services.receivables.payments import reverse_payment

    sell(ana, today, today, [(shelf["M"], 1, 18_990)], down=5_000)
    assert not page(ana).undo_sale_button.isEnabled()  # the entrada stands
    reverse_payment(Payment.get().id, "Pix não caiu", datetime(2026, 11, 23, 15, 0))
    p = page(ana)
    assert p.undo_sale_button.isEnabled()
    p.confirm_cancel = lambda text: True
    _click(qtbot, p.undo_sale_button)
    assert catalog.stock_of(shelf["M"]) == 3 and open_balance_cents(ana) == 0
    assert p.payment_feedback.text().startswith("Venda cancelada. O carnê diminuiu R$\xa0189,90")


def test_where_she_sells_and_the_return_limit_are_set_in_the_store_tab(qtbot, db, today):
    from app.ui.configuration.settings_page import SettingsPage

    settings_page = SettingsPage(lambda: today)
    qtbot.addWidget(settings_page)
    assert settings_page.outside_check.isChecked() and settings_page.return_limit.value() == 90
    settings_page.outside_check.setChecked(False)
    settings_page.return_limit.setValue(30)
    _click(qtbot, settings_page.store_save)
    saved = load_settings()
    assert (saved.sales_outside_store, saved.return_limit_days) == (0, 30)
    with pytest.raises(Exception, match="3.650 dias"):
        save_settings(saved, return_limit_days=0)
