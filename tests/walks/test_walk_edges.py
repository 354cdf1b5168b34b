"""Edges the date walks found: each test states the day and what the reseller would see."""

from __future__ import annotations

from datetime import date

from app.services.configuration.settings import Settings
from app.services.people.customers import CustomerInput, save_customer
from app.services.people.loyalty import Tier, tier_of
from app.services.people.standing import standing_all, standing_for
from app.services.receivables.payments import record_payment
from app.services.receivables.sales import ItemInput, PlanInput, create_sale


def _late_first_then_on_time(today: date) -> int:
    """R$ 300,00 in 3x (01/07, 01/08, 01/09/2027); the first paid 10 days late, on 11/07."""
    cid = save_customer(CustomerInput("Bia Souza", phone="(11) 93765-4331"), today)
    create_sale(cid, date(2027, 6, 14), [ItemInput("Vestido", 1, 30_000)], date(2027, 6, 14),
                plan=PlanInput(3, date(2027, 7, 1)))
    for day, cents in ((date(2027, 7, 11), 10_000), (date(2027, 8, 1), 10_000),
                       (date(2027, 9, 1), 10_000)):
        record_payment(cid, cents, day, "pix", day)
    return cid


def test_a_payment_leaves_the_12_month_window_with_its_delay(db):
    """The payment of 11/07/2027 was 10 days late. Until 10/07/2028 it counts as paid *and*
    late; on 11/07/2028 (12 months later, as the loyalty rule says) it leaves the window as a
    whole. Before the fix it stopped counting as late but still counted as paid that day, so
    she showed "Pontual — nenhum atraso; 3 parcelas pagas" and a loyalty tier with one of
    those three paid late (found by tests/walks/test_walk_caderneta.py)."""
    cid = _late_first_then_on_time(date(2027, 6, 14))
    before = standing_for(cid, date(2028, 7, 10))
    assert (before.late_episodes, before.paid_count, before.code) == (1, 3, "em_dia")
    day = date(2028, 7, 11)
    standing = standing_for(cid, day)
    assert (standing.late_episodes, standing.paid_count) == (0, 2)
    assert standing.code != "pontual" and standing_all(day)[cid] == standing
    assert tier_of(cid, day, Settings()).tier is Tier.NONE  # 2 on time: not yet Bronze


def test_a_reversal_takes_back_an_early_discount_the_payment_no_longer_earns(db):
    """R$ 300,00 in 3x (01/02, 01/03, 01/04/2027), 5% off paying 5+ days early. 01/02: she
    pays the first. 20/02: R$ 95,00 pays the second 9 days early, with R$ 5,00 off. 21/02:
    the first payment is reversed (typed by mistake). As if it had never existed, the R$ 95,00
    of 20/02 pays the first installment, 19 days late: no discount. Before the fix the
    R$ 5,00 stayed on the second installment, so she owed R$ 5,00 less than she did."""
    from datetime import datetime

    from app.models.receivables import PaymentDiscount
    from app.services.configuration.settings import load_settings, save_settings
    from app.services.people.customers import credit_cents, open_balance_cents
    from app.services.receivables.payments import receipt_text, reverse_payment

    settings = save_settings(load_settings(), early_discount_bp=500, early_discount_days=5)
    cid = save_customer(CustomerInput("Ana Souza", phone="(11) 98765-4321"), date(2027, 1, 1))
    create_sale(cid, date(2027, 1, 1), [ItemInput("Vestido", 1, 30_000)], date(2027, 1, 1),
                plan=PlanInput(3, date(2027, 2, 1)))
    first = record_payment(cid, 10_000, date(2027, 2, 1), "pix", date(2027, 2, 1),
                           settings=settings)
    early = record_payment(cid, 9_500, date(2027, 2, 20), "pix", date(2027, 2, 20),
                           settings=settings)
    assert open_balance_cents(cid) == 10_000  # the second one settled with R$ 5,00 off
    reverse_payment(first.payment_id, "digitado errado", datetime(2027, 2, 21, 10))
    assert open_balance_cents(cid) == 30_000 - 9_500
    assert credit_cents(cid) == 0
    assert not PaymentDiscount.select().where(PaymentDiscount.payment == early.payment_id)
    assert "desconto" not in receipt_text(early.payment_id, "Modas da Ana")


def test_a_partial_payment_removes_her_until_the_next_stage_of_what_it_paid(db):
    """Two sales: R$ 100,00 due 10/03/2027 and R$ 80,00 due 20/03/2027. 07/03 (D−3): she pays
    R$ 40,00 of the first. DESIGN.md: "a logged contact, a payment or a promise removes her
    until the next stage" — no "Lembrete" that day nor the next; on 10/03 "Vence hoje" asks
    R$ 60,00. On 15/03 the second sale's own D−5 brings her back for it (a payment only
    silences the installments it paid). Before the fix she stayed listed at D−5 after paying."""
    from app.services.collection.worklist import todays_worklist

    settings = Settings(store_name="Modas da Ana")
    cid = save_customer(CustomerInput("Lia Souza", phone="(11) 98765-4321"), date(2027, 2, 1))
    for total, due in ((10_000, date(2027, 3, 10)), (8_000, date(2027, 3, 20))):
        create_sale(cid, date(2027, 2, 1), [ItemInput("Blusa", 1, total)], date(2027, 2, 1),
                    plan=PlanInput(1, due))

    def stage_on(day: date):
        entries = todays_worklist(day, settings).entries
        return (entries[0].stage.code, entries[0].items) if entries else None

    assert stage_on(date(2027, 3, 7)) == ("D−5", ((date(2027, 3, 10), 10_000),))
    record_payment(cid, 4_000, date(2027, 3, 7), "pix", date(2027, 3, 7))
    assert stage_on(date(2027, 3, 7)) is None and stage_on(date(2027, 3, 9)) is None
    assert stage_on(date(2027, 3, 10)) == ("D0", ((date(2027, 3, 10), 6_000),))
    record_payment(cid, 6_000, date(2027, 3, 10), "pix", date(2027, 3, 10))
    assert stage_on(date(2027, 3, 15)) == ("D−5", ((date(2027, 3, 20), 8_000),))


def test_the_receipt_pix_asks_the_same_figure_as_em_atraso(db):
    """Multa 2% + juros 1% a.m. R$ 100,00 due 01/03/2027. 16/03 she hands over R$ 50,00: R$ 48,78
    of principal + R$ 1,22 of fees. The WhatsApp receipt offers a Pix for what is still open:
    R$ 51,22, 15 days late, is R$ 52,50 with multa and juros — the figure Em atraso and the
    payment dialog ask that day. Before the fix the receipt's Pix asked R$ 51,22."""
    from app.services.br.pix import parse_payload
    from app.services.collection.overdue import overdue_report
    from app.services.configuration.settings import load_settings, save_settings
    from app.services.receivables.asked import asked_today
    from app.services.receivables.payments import receipt_text

    settings = save_settings(load_settings(), late_fee_bp=200, late_interest_bp=100,
                             pix_key="loja@modasdaana.com.br", pix_name="Ana Modas",
                             pix_city="Campinas")
    cid = save_customer(CustomerInput("Rita Souza", phone="(11) 98765-4321"), date(2027, 2, 1))
    create_sale(cid, date(2027, 2, 1), [ItemInput("Saia", 1, 10_000)], date(2027, 2, 1),
                plan=PlanInput(1, date(2027, 3, 1)))
    day = date(2027, 3, 16)
    paid = record_payment(cid, 5_000, day, "pix", day, charge_fees=True, settings=settings)
    (row,) = overdue_report(day, settings).rows
    asked = asked_today(cid, day, settings).total_cents
    assert (paid.allocations[0][1], paid.fee_cents) == (4_878, 122)
    assert (row.principal_cents, row.total_cents, asked) == (5_122, 5_250, 5_250)
    receipt = receipt_text(paid.payment_id, "Modas da Ana", settings)
    lines = receipt.splitlines()
    code = lines[next(n for n, line in enumerate(lines) if line.startswith("Próxima")) + 1]
    assert parse_payload(code).amount_cents == asked
    assert "Próxima parcela: R$\xa052,50 com multa e juros (venc. 01/03/2027)." in receipt


def _in_agreement_setup(first_paid_cents: int, credit: bool):
    """R$ 100,00 due 01/02/2027 (after an earlier R$ 100,00 one when ``credit``). A payment
    pays part of it — directly, or as credit left by an overpayment — then on 20/03 what is
    still open goes into an agreement."""
    from app.services.negotiation.agreements import close_agreement, propose_options

    cid = save_customer(CustomerInput("Ana Souza", phone="(11) 98765-4321"), date(2027, 1, 1))
    if credit:
        create_sale(cid, date(2027, 1, 1), [ItemInput("Vestido", 1, 10_000)], date(2027, 1, 1),
                    plan=PlanInput(1, date(2027, 1, 20)))
        paid = record_payment(cid, 10_000 + first_paid_cents, date(2027, 1, 15), "pix",
                              date(2027, 1, 15), accept_credit=True)
    create_sale(cid, date(2027, 1, 16), [ItemInput("Saia", 1, 10_000)], date(2027, 1, 16),
                plan=PlanInput(1, date(2027, 2, 1)))
    if not credit:
        paid = record_payment(cid, first_paid_cents, date(2027, 2, 5), "pix", date(2027, 2, 5))
    option = propose_options(cid, date(2027, 3, 20))[-1]
    agreement = close_agreement(cid, option, date(2027, 3, 20))
    return cid, paid.payment_id, agreement


def _owed(cid: int) -> int:
    from app.services.people.customers import credit_cents, open_balance_cents

    return open_balance_cents(cid) - credit_cents(cid)


def test_a_payment_inside_an_agreement_is_reversed_only_after_undoing_it(db):
    """R$ 40,00 paid on 05/02 on a R$ 100,00 installment; the R$ 60,00 left went into an
    agreement. Reversing the R$ 40,00 would make them vanish (the agreement asks R$ 60,00,
    she would owe R$ 60,00 having paid nothing): it is refused, saying what to do; after the
    agreement is undone the reversal goes through and she owes the R$ 100,00."""
    from datetime import datetime

    import pytest

    from app.services.core.errors import ValidationError
    from app.services.negotiation.agreements import undo_agreement
    from app.services.receivables.payments import reverse_payment

    cid, pid, agreement = _in_agreement_setup(4_000, credit=False)
    assert _owed(cid) == 6_000
    with pytest.raises(ValidationError, match="desfaça o acordo primeiro") as refused:
        reverse_payment(pid, "digitado errado", datetime(2027, 3, 21, 9))
    assert refused.value.codes == {"reason": "in_agreement"} and _owed(cid) == 6_000
    undo_agreement(agreement, date(2027, 3, 21))
    reverse_payment(pid, "digitado errado", datetime(2027, 3, 21, 9))
    assert _owed(cid) == 10_000


def test_credit_used_inside_an_agreement_is_not_reversed_away(db):
    """She overpaid R$ 40,00 on 15/01 (credit), used at once on the next sale's installment;
    R$ 60,00 of it went into an agreement. Reversing the 15/01 payment would leave her with
    a credit of −R$ 40,00 and those R$ 40,00 owed nowhere: refused, nothing changes."""
    from datetime import datetime

    import pytest

    from app.models.receivables import Payment
    from app.services.core.errors import ValidationError
    from app.services.people.customers import credit_cents
    from app.services.receivables.payments import reverse_payment

    cid, pid, _ = _in_agreement_setup(4_000, credit=True)
    before = _owed(cid)
    with pytest.raises(ValidationError, match="virou crédito"):
        reverse_payment(pid, "digitado errado", datetime(2027, 3, 21, 9))
    assert Payment.get_by_id(pid).reversed_at is None
    assert credit_cents(cid) == 0 and _owed(cid) == before == 6_000


def test_a_back_dated_payment_never_leaves_paid_fees_without_lateness(db):
    """Multa 2% + juros 1% a.m.; R$ 200,00 in 2x (01/03 and 01/04/2027). 16/03 she pays
    R$ 102,50: the first installment, 15 days late, with R$ 2,50 of fees. 17/03 the reseller
    types a R$ 100,00 cash payment she forgot, dated 28/02. Re-applied oldest first, that
    one would pay the first installment on time and the 16/03 money the second one, early —
    R$ 2,50 of multa and juros kept for no lateness. Refused, saying what to do; dated 16/03
    it is accepted."""
    import pytest

    from app.services.configuration.settings import load_settings, save_settings
    from app.services.core.errors import ValidationError
    from app.services.people.customers import credit_cents, open_balance_cents

    settings = save_settings(load_settings(), late_fee_bp=200, late_interest_bp=100)
    cid = save_customer(CustomerInput("Rita Souza", phone="(11) 98765-4321"),
                        date(2027, 2, 1))
    create_sale(cid, date(2027, 2, 1), [ItemInput("Vestido", 1, 20_000)], date(2027, 2, 1),
                plan=PlanInput(2, date(2027, 3, 1)))
    late = record_payment(cid, 10_250, date(2027, 3, 16), "pix", date(2027, 3, 16),
                          charge_fees=True, settings=settings)
    assert late.fee_cents == 250
    with pytest.raises(ValidationError, match="a partir de 16/03/2027") as refused:
        record_payment(cid, 10_000, date(2027, 2, 28), "dinheiro", date(2027, 3, 17),
                       charge_fees=True, settings=settings)
    assert refused.value.codes == {"date": "before_paid_fees"}
    assert open_balance_cents(cid) == 10_000  # nothing of the refused payment stayed
    record_payment(cid, 10_000, date(2027, 3, 16), "dinheiro", date(2027, 3, 17),
                   charge_fees=True, settings=settings)
    assert open_balance_cents(cid) == credit_cents(cid) == 0


def test_a_back_dated_payment_takes_a_later_payments_discount_with_it(db):
    """5% off paying 5+ days early. R$ 300,00 in 3x (01/02, 01/03, 01/04/2027). 01/02: the
    first is paid. 20/02: R$ 95,00 settle the second with R$ 5,00 off. 25/02: the reseller
    types a R$ 100,00 payment she forgot, dated 10/02: oldest first, it pays the second
    installment, so the 20/02 money goes to the third and earns nothing. Before the fix the
    R$ 5,00 of 20/02 stayed recorded (receipt and money figures) on an installment that
    payment no longer paid."""
    from app.models.receivables import PaymentDiscount
    from app.services.configuration.settings import load_settings, save_settings
    from app.services.people.customers import credit_cents, open_balance_cents
    from app.services.receivables.payments import receipt_text

    settings = save_settings(load_settings(), early_discount_bp=500, early_discount_days=5)
    cid = save_customer(CustomerInput("Fabi Souza", phone="(11) 98765-4321"), date(2027, 1, 1))
    create_sale(cid, date(2027, 1, 1), [ItemInput("Vestido", 1, 30_000)], date(2027, 1, 1),
                plan=PlanInput(3, date(2027, 2, 1)))
    record_payment(cid, 10_000, date(2027, 2, 1), "pix", date(2027, 2, 1), settings=settings)
    early = record_payment(cid, 9_500, date(2027, 2, 20), "pix", date(2027, 2, 20),
                           settings=settings)
    record_payment(cid, 10_000, date(2027, 2, 10), "dinheiro", date(2027, 2, 25),
                   settings=settings)
    assert PaymentDiscount.select().count() == 0
    assert open_balance_cents(cid) == 500 and credit_cents(cid) == 0
    assert "desconto" not in receipt_text(early.payment_id, "Modas da Ana")


def test_a_back_dated_payment_never_lowers_the_lateness_fees_were_charged_on(db):
    """Juros 1% a.m., no multa. R$ 100,00 due 01/03 and R$ 100,00 due 10/03/2027. 31/03 she
    pays R$ 101,00: the first, 30 days late, with R$ 1,00 of juros. A forgotten R$ 100,00 dated
    05/03 would pay the first 4 days late and move the 31/03 money to the second, 21 days
    late: R$ 0,70 of juros for R$ 1,00 charged. Refused (before, the legal 2% multa counted as
    room, although this store charges none)."""
    import pytest

    from app.services.configuration.settings import load_settings, save_settings
    from app.services.core.errors import ValidationError

    settings = save_settings(load_settings(), late_fee_bp=0, late_interest_bp=100)
    cid = save_customer(CustomerInput("Rita Souza", phone="(11) 98765-4321"),
                        date(2027, 2, 1))
    create_sale(cid, date(2027, 2, 1), [ItemInput("Vestido", 1, 20_000)], date(2027, 2, 1),
                plan=PlanInput(2, date(2027, 3, 1), "custom",
                               custom_dates=(date(2027, 3, 1), date(2027, 3, 10))))
    late = record_payment(cid, 10_100, date(2027, 3, 31), "pix", date(2027, 3, 31),
                          charge_fees=True, settings=settings)
    assert late.fee_cents == 100
    with pytest.raises(ValidationError, match="a partir de 31/03/2027"):
        record_payment(cid, 10_000, date(2027, 3, 5), "dinheiro", date(2027, 4, 1),
                       charge_fees=True, settings=settings)


def test_credit_that_paid_an_installment_now_in_an_agreement_is_not_counted_twice(db):
    """05/01/2027 she pays R$ 150,00 for R$ 100,00: R$ 50,00 of credit. 06/01 a new sale, 2 ×
    R$ 30,00 (20/01 and 20/02): the credit pays the first and R$ 20,00 of the second. 01/03 the
    R$ 10,00 left of the second goes into an agreement. The credit use that paid both is
    split: its R$ 20,00 stay with the renegotiated installment, its R$ 30,00 are placed again.
    Before the fix the R$ 30,00 were placed a second time: her credit showed −R$ 30,00."""
    from app.services.negotiation.agreements import close_agreement, propose_options
    from app.services.people.customers import credit_cents, open_balance_cents

    cid = save_customer(CustomerInput("Carla Souza", phone="(11) 98765-4321"),
                        date(2027, 1, 1))
    create_sale(cid, date(2027, 1, 1), [ItemInput("Bolsa", 1, 10_000)], date(2027, 1, 1),
                plan=PlanInput(1, date(2027, 1, 10)))
    record_payment(cid, 15_000, date(2027, 1, 5), "pix", date(2027, 1, 5), accept_credit=True)
    create_sale(cid, date(2027, 1, 6), [ItemInput("Blusa", 1, 6_000)], date(2027, 1, 6),
                plan=PlanInput(2, date(2027, 1, 20)))
    assert (credit_cents(cid), open_balance_cents(cid)) == (0, 1_000)
    (option, *_) = propose_options(cid, date(2027, 3, 1))
    close_agreement(cid, option, date(2027, 3, 1))
    # the cash proposal's default 5% off the R$ 10,00: R$ 9,50, and no credit
    assert (credit_cents(cid), open_balance_cents(cid)) == (0, 950)


def test_a_reversal_never_leaves_fees_on_money_that_no_longer_pays_late(db):
    """Multa 2% + juros 1% a.m.; 2 × R$ 100,00 due 01/03 and 01/04/2027. 20/03: R$ 50,00 ticked
    on the second. 31/03: R$ 152,50 ticked on the second again — R$ 50,00 there, R$ 99,51 on the
    first (30 days late) + R$ 2,99 of fees. 01/04 the 20/03 Pix bounces and is reversed: the
    ticked second installment now takes R$ 100,00 of the 31/03 money, only R$ 49,51 pays the
    late one, which justifies R$ 1,49 of fees. The R$ 1,50 over that becomes principal of the
    31/03 payment (she owes R$ 48,99, not R$ 50,49). Found by the random walk with ticks."""
    from datetime import datetime

    from app.models.receivables import Payment
    from app.services.configuration.settings import load_settings, save_settings
    from app.services.people.customers import credit_cents, open_balance_cents
    from app.services.receivables.payments import reverse_payment

    settings = save_settings(load_settings(), late_fee_bp=200, late_interest_bp=100)
    cid = save_customer(CustomerInput("Rita Souza", phone="(11) 98765-4321"),
                        date(2027, 2, 1))
    ids = create_sale(cid, date(2027, 2, 1), [ItemInput("Vestido", 1, 20_000)],
                      date(2027, 2, 1), plan=PlanInput(2, date(2027, 3, 1))).installment_ids
    bounced = record_payment(cid, 5_000, date(2027, 3, 20), "pix", date(2027, 3, 20),
                             installment_ids=[ids[1]], settings=settings)
    late = record_payment(cid, 15_250, date(2027, 3, 31), "pix", date(2027, 3, 31),
                          installment_ids=[ids[1]], charge_fees=True, settings=settings)
    assert late.fee_cents == 299
    reverse_payment(bounced.payment_id, "Pix voltou", datetime(2027, 4, 1, 9))
    row = Payment.get_by_id(late.payment_id)
    assert (row.amount_cents, row.fee_cents) == (15_101, 149)  # R$ 152,50 handed over
    assert (open_balance_cents(cid), credit_cents(cid)) == (4_899, 0)
