"""The summary of a sale to send the customer (issue 20's "Copiar resumo para a cliente")."""

from __future__ import annotations

from datetime import date

import pytest

from app.services.core.errors import NotFound
from app.services.people.customers import CustomerInput, save_customer
from app.services.receivables.payments import record_payment
from app.services.receivables.sale_summary import sale_summary_text
from app.services.receivables.sales import ItemInput, PlanInput, create_sale


def test_a_sale_on_the_caderneta_lists_pieces_entrada_and_each_installment(db, today):
    cid = save_customer(CustomerInput("Joana D'Arc Silva"), today)
    sale = create_sale(cid, today, [ItemInput("Biquíni", 2, 8_490, "M estampado"),
                                    ItemInput("Saída de praia", 1, 11_990)], today,
                       PlanInput(3, date(2026, 12, 10)), down_payment_cents=5_000,
                       payment_method="dinheiro").sale_id
    assert sale_summary_text(sale, "Natália Modas") == (
        "Oi, Joana! Segue o resumo da sua compra de 23/11/2026:\n"
        "• 2× Biquíni (M estampado): R$\xa0169,80\n"
        "• Saída de praia: R$\xa0119,90\n"
        "Total: R$\xa0289,70\n"
        "Entrada: R$\xa050,00 (Dinheiro)\n"
        "Na caderneta, em 3 parcelas:\n"
        "• 1/3: R$\xa079,90, vence em 10/12/2026\n"
        "• 2/3: R$\xa079,90, vence em 10/01/2027\n"
        "• 3/3: R$\xa079,90, vence em 10/02/2027\n"
        "Obrigada pela compra! Natália Modas")


def test_a_cash_sale_and_credit_that_already_paid_part(db, today):
    cid = save_customer(CustomerInput("Bia Souza"), today)
    cash = create_sale(cid, today, [ItemInput("Blusa", 1, 8_000)], today,
                       payment_method="pix").sale_id
    assert sale_summary_text(cash, "Loja").splitlines()[-2:] == [
        "Pago à vista (Pix).", "Obrigada pela compra! Loja"]
    first = create_sale(cid, today, [ItemInput("Saia", 1, 10_000)], today,
                        PlanInput(1, date(2026, 12, 1))).sale_id
    record_payment(cid, 13_000, today, "pix", today, accept_credit=True)  # R$ 30,00 credit
    later = create_sale(cid, today, [ItemInput("Vestido", 1, 10_000)], today,
                        PlanInput(2, date(2026, 12, 20))).sale_id
    lines = sale_summary_text(later, "Loja").splitlines()
    assert "• 1/2: R$\xa050,00, vence em 20/12/2026 (R$\xa030,00 já pagos com o seu crédito)" \
        in lines
    assert first != later


def test_an_unknown_sale_is_not_found(db):
    with pytest.raises(NotFound):
        sale_summary_text(999, "Loja")
