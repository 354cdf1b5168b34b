"""LGPD: everything about one customer in an xlsx; anonymising keeps the books intact."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from app.models.people import Customer, PrivacyLog
from app.models.receivables import Installment, Payment, Sale
from app.services.collection.contacts import log_contact
from app.services.people.customers import CustomerInput, save_customer
from app.services.people.privacy import PrivacyError, anonymize_customer, export_customer_data
from app.services.receivables.payments import record_payment
from app.services.receivables.sales import ItemInput, PlanInput, create_sale

NOW = datetime(2026, 11, 23, 15, 0)


@pytest.fixture
def ana(db, today):
    cid = save_customer(CustomerInput(
        "Ana Souza", phone="11987654321", cpf="529.982.247-25", birthday="05/03/1990",
        address="Rua A, 1", neighbourhood="Centro", city="Campinas", notes="filha da Rosa"),
        today)
    create_sale(cid, date(2026, 9, 1), [ItemInput("Vestido", 1, 20_000)], today,
                PlanInput(2, date(2026, 10, 1)), notes="Ana levou para a filha")
    log_contact(cid, "copy", date(2026, 10, 2), text="Oi Ana, tudo bem?")
    return cid


def test_export_has_everything_stored_about_her_and_is_logged(ana, tmp_path):
    result = export_customer_data(ana, tmp_path / "ana.xlsx", NOW)
    wb = load_workbook(tmp_path / "ana.xlsx")
    assert wb.sheetnames == ["Dados", "Vendas", "Parcelas", "Pagamentos", "Contatos",
                             "Promessas", "Condicionais", "Registro LGPD"]
    data = {r[0].value: r[1].value for r in wb["Dados"].iter_rows(min_row=2)}
    assert data["Nome"] == "Ana Souza" and data["CPF"] == "52998224725"
    assert data["Deve hoje"] == "R$\xa0200,00"
    assert wb["Contatos"]["E2"].value == "Oi Ana, tudo bem?"
    assert dict(result.sheets)["Parcelas"] == 2
    assert PrivacyLog.get().action == "exported"


def test_a_customer_who_owes_cannot_be_anonymised(ana):
    with pytest.raises(PrivacyError) as err:
        anonymize_customer(ana, NOW)
    assert err.value.code == "owes" and "R$\xa0200,00" in str(err.value)
    assert Customer.get_by_id(ana).name == "Ana Souza"


def _money(cid):
    return (Sale.get(Sale.customer == cid).total_cents,
            sum(i.paid_cents for i in Installment.select().where(Installment.customer == cid)),
            sum(p.amount_cents for p in Payment.select().where(Payment.customer == cid)),
            [i.due_date for i in Installment.select().where(Installment.customer == cid)])


def test_anonymising_erases_her_data_and_keeps_the_money(ana, today):
    record_payment(ana, 20_000, today, "pix", today)
    sums = _money(ana)
    result = anonymize_customer(ana, NOW)
    c = Customer.get_by_id(ana)
    assert c.name == result.new_name == f"Cliente anonimizada nº {ana}"
    assert (c.phone, c.cpf, c.birthday, c.address, c.neighbourhood, c.city, c.notes) == (
        None, None, None, "", "", "", "")
    assert c.archived
    assert Sale.get(Sale.customer == ana).notes == ""
    assert _money(ana) == sums
    assert PrivacyLog.get(PrivacyLog.action == "anonymized").customer_id == ana
    with pytest.raises(PrivacyError) as err:
        anonymize_customer(ana, NOW)
    assert err.value.code == "already"


@pytest.mark.parametrize(("name", "offered"), [
    ("Joana D’Arc", "dados-joana-d-arc.xlsx"),
    ('Ana "Bia" / Souza: 2ª vez?', "dados-ana-bia-souza-2a-vez.xlsx"),
    ("Maria <Vizinha> | C:\\loja.", "dados-maria-vizinha-c-loja.xlsx"),
    ("Zoë Łukasz 💛", "dados-zoe-lukasz.xlsx"),
    ("***", "dados-cliente.xlsx"),
])
def test_the_file_name_offered_for_her_data_holds_only_what_windows_accepts(name, offered):
    """Windows refuses ``: ? * / \\ " < > |`` and a trailing dot in a file name (and ``/`` is
    a folder anywhere): the name "Exportar dados desta cliente" offers keeps only the
    letters and digits of hers."""
    from app.ui.people.privacy_actions import export_file_name

    assert export_file_name(name) == offered
