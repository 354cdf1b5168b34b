"""A small crafted data set for the document and dashboard tests (no Qt)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.services.configuration.settings import load_settings, save_settings
from app.services.people.customers import CustomerInput, save_customer
from app.services.receivables.payments import record_payment
from app.services.receivables.sales import ItemInput, PlanInput, create_sale

PIX_KEY = "maria@modas.com.br"


@dataclass(frozen=True)
class Shop:
    joana: int
    bia: int
    joana_sale: int
    bia_sale: int
    payment: int  # Joana's second payment, with multa and juros


def make_shop(today: date) -> Shop:
    """Maria Modas with Pix and fees on; Joana pays late with fees, Bia is 40 days late."""
    save_settings(load_settings(), store_name="Maria Modas", owner_name="Maria Souza",
                  city="São Paulo", pix_key=PIX_KEY, store_document="11222333000181",
                  store_address="Rua das Flores, 12 - Centro, São Paulo", late_fee_bp=200,
                  late_interest_bp=100)
    joana = save_customer(CustomerInput("Joana D'Arc", phone="(11) 98765-4321",
                                        cpf="529.982.247-25", neighbourhood="Centro"), today)
    bia = save_customer(CustomerInput("Beatriz Lima", phone="(11) 91234-5678",
                                      neighbourhood="Vila Nova"), today)
    joana_sale = create_sale(
        joana, date(2026, 8, 10), [ItemInput("Vestido midi floral", 1, 30000, variant="M")], today,
        plan=PlanInput(3, date(2026, 9, 10))).sale_id  # 3 × 100,00: 10/09, 10/10, 10/11
    record_payment(joana, 10000, date(2026, 9, 10), "pix", today)
    payment = record_payment(joana, 10223, date(2026, 10, 20), "dinheiro", today,
                             charge_fees=True).payment_id  # multa 2,00 + juros 0,23: 10/10 was
    # a Saturday before the Aparecida holiday (Monday 12/10), so 7 days late, not 10
    bia_sale = create_sale(
        bia, date(2026, 9, 1), [ItemInput("Calça jeans", 2, 7525)], today,
        plan=PlanInput(2, date(2026, 10, 14))).sale_id  # 2 × 75,25: 14/10 (40 days), 14/11 (a
    # Saturday: 7 days late on 23/11)
    return Shop(joana, bia, joana_sale, bia_sale, payment)


def close_bia_agreement(shop: Shop, today: date):
    """Bia's two late installments go into the two-payment proposal; (agreement id, option)."""
    from app.services.negotiation.agreements import close_agreement, propose_options

    option = next(o for o in propose_options(shop.bia, today) if o.count == 2)
    return close_agreement(shop.bia, option, today), option
