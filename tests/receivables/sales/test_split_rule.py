"""One split rule for sales and agreements (issue 19), as the README states it: the centavos
left over go to the first installments, one each; the installments add up exactly."""

from __future__ import annotations

import random
import re
from datetime import date

from app.models.receivables import Installment
from app.services.configuration.settings import load_settings
from app.services.negotiation.agreement_plans import agreement_basis, build_option
from app.services.people.customers import CustomerInput, save_customer
from app.services.receivables.installments import split_amount
from app.services.receivables.sales import ItemInput, PlanInput, create_sale
from tests.places import ROOT

TODAY = date(2026, 11, 23)


def sale_amounts(cid: int, total: int, count: int) -> list[int]:
    sale = create_sale(cid, TODAY, [ItemInput("Conjunto", 1, total)], TODAY,
                       plan=PlanInput(count, date(2026, 12, 10), "monthly"))
    return [Installment.get_by_id(i).amount_cents for i in sale.installment_ids]


def agreement_amounts(cid: int, count: int) -> list[int]:
    """The same debt renegotiated (every installment of her sale; fees off: all principal)."""
    ids = [i.id for i in Installment.select().where(Installment.customer == cid)]
    basis = agreement_basis(cid, date(2027, 1, 20), load_settings(), ids)
    option = build_option(basis, load_settings(), down_payment_cents=0, count=count,
                          first_due=date(2027, 2, 1), interval="monthly", discount_cents=0)
    return [cents for _, cents in option.installments]


def test_528_89_in_three_is_176_30_176_30_176_29_for_a_sale_and_for_an_agreement(db):
    assert split_amount(52_889, 3) == [17_630, 17_630, 17_629]
    cid = save_customer(CustomerInput("Gabi Luz"), TODAY)
    assert sale_amounts(cid, 52_889, 3) == [17_630, 17_630, 17_629]
    # the same R$ 528,89, overdue in January, renegotiated in 3
    assert agreement_amounts(cid, 3) == [17_630, 17_630, 17_629]


def test_sales_and_agreements_split_alike_on_random_amounts(db):
    rng = random.Random(19)
    for n in range(25):
        cid = save_customer(CustomerInput(f"Cliente {n}"), TODAY)
        total, count = rng.randint(3_000, 500_000), rng.randint(1, 6)
        expected = split_amount(total, count)
        base, left = divmod(total, count)
        assert expected == [base + 1] * left + [base] * (count - left)
        assert sale_amounts(cid, total, count) == expected
        if total // count >= load_settings().agreement_min_installment_cents:
            assert agreement_amounts(cid, count) == expected


def test_the_readme_states_the_same_rule():
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert ("Os centavos que sobram da divisão vão para as primeiras parcelas, um centavo em "
            "cada (R$ 528,89 em 3 = R$ 176,30 + R$ 176,30 + R$ 176,29)") in readme
    # never the old wording, "vão para a primeira" (parcela or not): the first ones, one each
    assert not re.search(r"vão para a primeira\b", readme, re.IGNORECASE)
    assert readme.count("centavos que sobram") == len(re.findall(
        r"centavos que sobram(?: da divisão)? vão para as primeiras parcelas, um centavo em "
        r"cada", readme))
