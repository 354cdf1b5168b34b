"""Customers: validation, duplicates, balances in the list, search, archive instead of delete."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.models.entities import ALL_MODELS
from app.models.people import Customer
from app.models.receivables import Installment, Payment, Sale
from app.services.core.errors import NotFound, ValidationError
from app.services.people.customers import (
    CustomerInput,
    customer_row,
    get_customer,
    list_customers,
    remove_customer,
    save_customer,
    set_archived,
)
from app.services.receivables.payments import record_payment
from app.services.receivables.sales import ItemInput, PlanInput, create_sale


def counts() -> dict[str, int]:
    return {m.__name__: m.select().count() for m in ALL_MODELS}


def new_customer(today, name="Ana Souza", **fields) -> int:
    return save_customer(CustomerInput(name=name, **fields), today)


def sale(customer_id, today, total, count, first_due, sale_date=None):
    return create_sale(
        customer_id, sale_date or today, [ItemInput("Vestido midi", 1, total)], today,
        plan=PlanInput(count, first_due),
    )


def row_of(customer_id, today, **kw):
    return next(r for r in list_customers(today, **kw) if r.id == customer_id)


def test_name_with_accents_apostrophe_and_emoji_kept_exactly(db, today):
    cid = new_customer(today, "  Joana D'Arc 👗  ", phone="(11) 98765-4321",
                       cpf="529.982.247-25", birthday="05/03/1990", city="São Paulo")
    data = get_customer(cid)
    assert data.name == "Joana D'Arc 👗"
    assert data.phone == "+5511987654321"
    assert data.phone_display == "(11) 98765-4321"
    assert data.has_whatsapp
    assert data.cpf == "52998224725"
    assert data.birthday == date(1990, 3, 5)
    assert data.city == "São Paulo"
    assert Customer.get_by_id(cid).search_key == "joana d'arc 👗"


def test_phone_without_ddd_uses_the_resellers_ddd(db, today):
    cid = save_customer(CustomerInput("Bia", phone="98765-4321"), today, default_ddd="21")
    assert get_customer(cid).phone == "+5521987654321"


def test_all_problems_reported_at_once_and_nothing_written(db, today):
    before = counts()
    with pytest.raises(ValidationError) as info:
        new_customer(today, "   ", phone="(11) 9876A-4321", cpf="529.982.247-24",
                     birthday=(today + timedelta(days=1)).strftime("%d/%m/%Y"),
                     credit_limit="abc")
    errors = info.value.errors
    assert set(errors) == {"name", "phone", "cpf", "birthday", "credit_limit"}
    assert "nome" in errors["name"]
    assert "letras" in errors["phone"]
    assert "CPF inválido" in errors["cpf"]
    assert "aniversário" in errors["birthday"]
    assert counts() == before


@pytest.mark.parametrize(
    ("field", "value", "key"),
    [
        ("cpf", "111.111.111-11", "cpf"),
        ("birthday", "31/02/1990", "birthday"),
        ("birthday", "01/01/1850", "birthday"),
        ("phone", "123", "phone"),
        ("credit_limit", "-10,00", "credit_limit"),
    ],
)
def test_single_bad_field(db, today, field, value, key):
    with pytest.raises(ValidationError) as info:
        new_customer(today, **{field: value})
    assert set(info.value.errors) == {key}
    assert Customer.select().count() == 0


def test_name_too_long(db, today):
    with pytest.raises(ValidationError) as info:
        new_customer(today, "A" * 121)
    assert "longo" in info.value.errors["name"]


def test_duplicate_cpf_refused_naming_the_other_customer(db, today):
    new_customer(today, "Maria Lima", cpf="529.982.247-25")
    with pytest.raises(ValidationError) as info:
        new_customer(today, "Mariana Costa", cpf="52998224725")
    assert "Maria Lima" in info.value.errors["cpf"]
    assert Customer.select().count() == 1


def test_duplicate_cpf_refused_even_with_shared_phone_accepted(db, today):
    new_customer(today, "Maria Lima", cpf="529.982.247-25")
    with pytest.raises(ValidationError):
        save_customer(CustomerInput("Outra", cpf="529.982.247-25"), today,
                      accept_shared_phone=True)


def test_duplicate_phone_refused_unless_accepted(db, today):
    new_customer(today, "Mãe Rosa", phone="(11) 98765-4321")
    with pytest.raises(ValidationError) as info:
        new_customer(today, "Filha Rosa", phone="11987654321")
    assert set(info.value.errors) == {"phone"}
    assert "Mãe Rosa" in info.value.errors["phone"]
    assert Customer.select().count() == 1
    cid = save_customer(CustomerInput("Filha Rosa", phone="11987654321"), today,
                        accept_shared_phone=True)
    assert get_customer(cid).phone == "+5511987654321"
    assert Customer.select().count() == 2


def test_editing_keeps_id_and_own_phone_and_cpf_are_not_duplicates(db, today):
    cid = new_customer(today, "Ana", phone="(11) 98765-4321", cpf="529.982.247-25")
    same = save_customer(CustomerInput("Ana Paula", phone="(11) 98765-4321",
                                       cpf="529.982.247-25", notes="prefere Pix"),
                         today, customer_id=cid)
    assert same == cid
    assert Customer.select().count() == 1
    data = get_customer(cid)
    assert data.name == "Ana Paula"
    assert data.notes == "prefere Pix"
    assert Customer.get_by_id(cid).search_key == "ana paula"


def test_editing_to_another_customers_cpf_refused(db, today):
    new_customer(today, "Maria Lima", cpf="529.982.247-25")
    cid = new_customer(today, "Ana")
    with pytest.raises(ValidationError) as info:
        save_customer(CustomerInput("Ana", cpf="52998224725"), today, customer_id=cid)
    assert "Maria Lima" in info.value.errors["cpf"]
    assert get_customer(cid).cpf is None


def test_editing_unknown_customer(db, today):
    with pytest.raises(NotFound):
        save_customer(CustomerInput("Ninguém"), today, customer_id=999)


def test_search_key_folds_accents(db, today):
    cid = new_customer(today, "José Conceição")
    assert Customer.get_by_id(cid).search_key == "jose conceicao"
    row = row_of(cid, today)
    assert "jose" in row.search_key


@pytest.mark.parametrize(
    ("typed", "cents"),
    [("1.500,00", 150000), ("R$ 300", 30000), ("250,5", 25050), ("", None), ("0", 0)],
)
def test_credit_limit_parsing(db, today, typed, cents):
    cid = new_customer(today, credit_limit=typed)
    assert get_customer(cid).credit_limit_cents == cents


def test_list_sorted_by_name_ignoring_accents(db, today):
    for name in ("Bruna", "Ângela", "carla", "Alice"):
        new_customer(today, name)
    assert [r.name for r in list_customers(today)] == ["Alice", "Ângela", "Bruna", "carla"]


def test_list_balance_overdue_next_due_oldest_overdue(db, today):
    ana = new_customer(today, "Ana")
    # Sale of R$ 300,00 in 3x on 10/09, 10/10, 10/11: all overdue on 23/11.
    sale(ana, today, 30000, 3, date(2026, 9, 10), sale_date=date(2026, 8, 10))
    # Sale of R$ 100,00 in 2x on 23/11 (due today) and 23/12.
    sale(ana, today, 10000, 2, today, sale_date=date(2026, 11, 1))
    # She pays R$ 150,00: installment 1 of the first sale and half of the second.
    record_payment(ana, 15000, today, "pix", today)

    row = row_of(ana, today)
    assert row.balance_cents == 30000 + 10000 - 15000
    assert row.overdue_cents == 5000 + 10000  # rest of 10/10 and all of 10/11
    assert row.oldest_overdue == date(2026, 10, 10)
    assert row.next_due == today  # due today is not overdue yet
    assert row.phone_display == ""


def test_her_row_read_alone_is_her_line_of_the_list(db, today):
    """A dialog opened for her shows her before the list is read: the same figures."""
    ana, bia = new_customer(today, "Ana"), new_customer(today, "Bia")
    sale(ana, today, 30000, 3, date(2026, 9, 10), sale_date=date(2026, 8, 10))
    sale(bia, today, 10000, 2, today, sale_date=date(2026, 11, 1))
    record_payment(ana, 5000, today, "pix", today)
    set_archived(bia, True)
    assert customer_row(ana, today) == row_of(ana, today)
    assert customer_row(bia, today) == row_of(bia, today, include_archived=True)
    assert customer_row(ana, today).overdue_cents == 25000
    assert customer_row(999, today) is None


def test_list_customer_without_sales(db, today):
    cid = new_customer(today, "Nova", phone="(11) 98765-4321")
    row = row_of(cid, today)
    assert (row.balance_cents, row.overdue_cents) == (0, 0)
    assert row.next_due is None and row.oldest_overdue is None
    assert row.phone_display == "(11) 98765-4321"


def test_list_depends_on_today(db, today):
    cid = new_customer(today, "Ana")
    sale(cid, today, 10000, 1, date(2026, 12, 10))
    assert row_of(cid, today).overdue_cents == 0
    later = date(2026, 12, 22)
    row = row_of(cid, later)
    assert row.overdue_cents == 10000
    assert row.oldest_overdue == date(2026, 12, 10)
    assert row.next_due is None


def test_fully_paid_customer_owes_nothing(db, today):
    cid = new_customer(today, "Ana")
    sale(cid, today, 10000, 2, date(2026, 10, 1), sale_date=date(2026, 9, 1))
    record_payment(cid, 10000, today, "dinheiro", today)
    row = row_of(cid, today)
    assert (row.balance_cents, row.overdue_cents, row.oldest_overdue, row.next_due) == (
        0, 0, None, None)


def test_remove_customer_without_history_deletes(db, today):
    cid = new_customer(today, "Engano")
    assert remove_customer(cid) == "deleted"
    assert Customer.select().count() == 0
    with pytest.raises(NotFound):
        get_customer(cid)


def test_remove_customer_with_history_only_archives(db, today):
    cid = new_customer(today, "Ana")
    sale(cid, today, 10000, 2, date(2026, 12, 10))
    record_payment(cid, 2000, today, "pix", today)
    assert remove_customer(cid) == "archived"
    assert get_customer(cid).archived
    assert Sale.select().where(Sale.customer == cid).count() == 1
    assert Installment.select().where(Installment.customer == cid).count() == 2
    assert Payment.select().where(Payment.customer == cid).count() == 1
    assert cid not in [r.id for r in list_customers(today)]
    archived = row_of(cid, today, include_archived=True)
    assert archived.archived
    assert archived.balance_cents == 8000


def test_customer_with_only_a_payment_is_archived(db, today):
    cid = new_customer(today, "Ana")
    sale(cid, today, 10000, 1, date(2026, 12, 10))
    record_payment(cid, 10000, today, "pix", today)
    assert remove_customer(cid) == "archived"


def test_unarchive_brings_her_back(db, today):
    cid = new_customer(today, "Ana")
    set_archived(cid, True)
    assert list_customers(today) == []
    set_archived(cid, False)
    assert [r.id for r in list_customers(today)] == [cid]


def test_the_list_rows_are_the_rows_the_dataclass_makes(db, today):
    """The list builds its rows without ``CustomerRow.__init__`` (issue 18): each one equals
    the row made field by field, searches the same text and shows her phone formatted."""
    import dataclasses

    from app.services.people.customers import CustomerRow

    save_customer(CustomerInput("Ana Souza", phone="11987654321", email="ana@x.com"), today)
    save_customer(CustomerInput("Bia Lima"), today)
    for row in list_customers(today):
        made = CustomerRow(**{f.name: getattr(row, f.name)
                              for f in dataclasses.fields(CustomerRow) if f.init})
        assert row == made and row.search_text == made.search_text
        assert vars(row).keys() >= {f.name for f in dataclasses.fields(CustomerRow)}
    ana, bia = list_customers(today)
    assert ana.phone_display == "(11) 98765-4321" and bia.phone_display == ""
