"""One person per debt in an import: who is who (CPF, phone and name, name alone), and
re-importing the app's own export changes nothing."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from openpyxl import Workbook

from app.cli import main
from app.models.people import Customer
from app.models.receivables import Installment
from app.services.people.customers import (
    CustomerInput,
    credit_cents,
    open_balance_cents,
    save_customer,
)
from app.services.receivables.payments import record_payment
from app.services.receivables.sales import ItemInput, PlanInput, create_sale
from app.services.spreadsheets.exporter import export_xlsx
from app.services.spreadsheets.import_columns import guess_mapping
from app.services.spreadsheets.import_plan import name_key
from app.services.spreadsheets.importer import Action, preview_import, run_import
from app.services.spreadsheets.spreadsheet_read import read_table

TODAY_ARGS = ["--today", "2026-11-23"]


def _sheet(tmp_path, rows, name="lista.xlsx"):
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(tmp_path / name)
    return tmp_path / name


def _preview(path, today):
    table = read_table(path)
    return preview_import(table, guess_mapping(table.headers), today, "11")


def _owed(name: str) -> int:
    return open_balance_cents(Customer.get(Customer.name == name).id)


def test_mother_and_daughter_on_one_phone_are_two_customers_each_with_her_own_debt(
        db, today, tmp_path):
    path = _sheet(tmp_path, [["Nome", "WhatsApp", "Saldo"],
                             ["Cida Ramos", "(11) 98765-4321", "120,00"],
                             ["Júlia Ramos", "11 98765-4321", "80,00"]])
    preview = _preview(path, today)
    daughter = preview.rows[1]
    assert daughter.action is Action.CREATE and daughter.warned
    assert "Mesmo telefone de Cida Ramos (linha 2), com outro nome" in daughter.reason
    assert "outra cliente, que divide o telefone" in daughter.reason
    report = run_import(preview)
    assert (report.created, report.balances, report.balance_cents) == (2, 2, 20_000)
    assert _owed("Cida Ramos") == 12_000 and _owed("Júlia Ramos") == 8_000
    assert {c.phone for c in Customer.select()} == {"+5511987654321"}
    assert Customer.get(Customer.name == "Cida Ramos").notes == ""  # nothing of Júlia in hers


def test_a_phone_already_in_the_caderneta_with_another_name_is_a_new_customer(db, today,
                                                                              tmp_path):
    mother = save_customer(CustomerInput("Cida Ramos", phone="11987654321", city="Santos"), today)
    path = _sheet(tmp_path, [["Nome", "Celular", "Cidade", "Saldo", "Vencimento"],
                             ["Júlia Ramos", "11987654321", "Recife", "80,00", "10/12/2026"]])
    preview = _preview(path, today)
    (row,) = preview.rows
    assert row.action is Action.CREATE and row.warned
    assert "Mesmo telefone de Cida Ramos, que já está na caderneta" in row.reason
    run_import(preview)
    julia = Customer.get(Customer.name == "Júlia Ramos")
    assert (julia.phone, julia.city, open_balance_cents(julia.id)) == (
        "+5511987654321", "Recife", 8_000)
    cida = Customer.get_by_id(mother)
    assert (cida.city, open_balance_cents(mother)) == ("Santos", 0)


def test_same_phone_and_same_name_ignoring_accents_case_and_dots_is_the_same_customer(
        db, today, tmp_path):
    assert name_key("ÁNA  souza.") == name_key("Ana Souza") == "ana souza"
    cid = save_customer(CustomerInput("Ana Souza", phone="11987654321"), today)
    path = _sheet(tmp_path, [["Nome", "Celular", "Bairro", "Saldo"],
                             ["ANA SOUZA", "(11) 98765-4321", "Centro", "50,00"],
                             ["Ána Souza.", "11987654321", "", ""]])
    preview = _preview(path, today)
    first, second = preview.rows
    assert first.action is Action.UPDATE
    assert "Já está na caderneta como Ana Souza (mesmo telefone e nome)" in first.reason
    assert "não lançado" in first.reason  # her books stay as they are
    assert second.action is Action.SKIP
    run_import(preview)
    assert Customer.select().count() == 1
    assert Customer.get_by_id(cid).neighbourhood == "Centro" and open_balance_cents(cid) == 0


def test_the_same_cpf_is_the_same_customer_whatever_the_name_or_phone(db, today, tmp_path):
    cid = save_customer(CustomerInput("Maria Aparecida", cpf="529.982.247-25"), today)
    path = _sheet(tmp_path, [["Nome", "CPF", "Celular", "Saldo"],
                             ["Cida", "52998224725", "21987650000", "99,00"]])
    preview = _preview(path, today)
    (row,) = preview.rows
    assert row.action is Action.UPDATE
    assert "Já está na caderneta como Maria Aparecida (mesmo CPF)" in row.reason
    assert "nome “Cida” (mantido “Maria Aparecida”)" in row.reason
    run_import(preview)
    assert Customer.select().count() == 1
    maria = Customer.get_by_id(cid)
    assert (maria.name, maria.phone, open_balance_cents(cid)) == (
        "Maria Aparecida", "+5521987650000", 0)


def test_a_name_without_phone_or_cpf_is_the_customer_of_that_name_and_never_owes_twice(
        db, today, tmp_path):
    rosa = save_customer(CustomerInput("Rosa Lima"), today)
    create_sale(rosa, today - timedelta(days=40), [ItemInput("Vestido", 1, 15_000)], today,
                PlanInput(1, today - timedelta(days=10)))
    path = _sheet(tmp_path, [["Nome", "Saldo", "Vencimento"],
                             ["rosa lima", "150,00", "13/11/2026"],
                             ["Rosa Lima", "150,00", ""]])  # a second Rosa in the file
    preview = _preview(path, today)
    first, second = preview.rows
    assert first.action is Action.SKIP
    assert "Já está na caderneta como Rosa Lima (mesmo nome, sem telefone nem CPF)" in (
        first.reason)
    assert "Saldo igual ao da caderneta: nada a lançar." in first.reason
    assert second.action is Action.CREATE  # only one Rosa in the caderneta: this is another
    report = run_import(preview)
    assert (report.created, report.skipped, report.balances) == (1, 1, 1)
    assert open_balance_cents(rosa) == 15_000  # her debt was not launched a second time


def test_a_row_with_a_phone_completes_the_one_customer_of_that_name_without_phone(
        db, today, tmp_path):
    bete = save_customer(CustomerInput("Bete Nunes"), today)
    path = _sheet(tmp_path, [["Nome", "Celular", "Saldo"], ["Bete Nunes", "11977772222", "30"]])
    (row,) = _preview(path, today).rows
    assert row.action is Action.UPDATE and "Completado: telefone" in row.reason
    run_import(_preview(path, today))
    assert Customer.get_by_id(bete).phone == "+5511977772222" and open_balance_cents(bete) == 0


def test_homonyms_without_phone_stay_apart_and_a_phone_never_picks_one_of_them(db, today,
                                                                              tmp_path):
    first = save_customer(CustomerInput("Maria Silva", notes="da feira"), today)
    second = save_customer(CustomerInput("Maria Silva", notes="da igreja"), today)
    path = _sheet(tmp_path, [["Nome", "Celular"], ["Maria Silva", "11966665555"]])
    (row,) = _preview(path, today).rows
    assert row.action is Action.CREATE  # which Maria? neither gets a phone she may not have
    path = _sheet(tmp_path, [["Nome"], ["Maria Silva"], ["Maria Silva"], ["Maria Silva"]],
                  "tres.xlsx")
    rows = _preview(path, today).rows
    assert [r.action for r in rows] == [Action.SKIP, Action.SKIP, Action.CREATE]
    assert {Customer.get_by_id(i).phone for i in (first, second)} == {None}


def _book(today):
    """A caderneta with every kind of customer an export carries: phone and CPF, phone only,
    CPF only, neither, a family phone, homonyms, a debt, a credit, multi-line notes."""
    ids = {
        "ana": save_customer(CustomerInput(
            "Ana Paula Souza", phone="11987654321", cpf="529.982.247-25", birthday="05/03/1990",
            address="Rua das Flores, 120", neighbourhood="Centro", city="São Paulo",
            notes="prefere Pix\nligar à tarde", credit_limit="500,00"), today),
        "cida": save_customer(CustomerInput("Cida Ramos", phone="21998765432"), today),
        "julia": save_customer(CustomerInput("Júlia Ramos", phone="21998765432"), today,
                               accept_shared_phone=True),
        "dora": save_customer(CustomerInput("Dora", cpf="111.444.777-35"), today),
        "rosa": save_customer(CustomerInput("Rosa Lima"), today),
        "maria1": save_customer(CustomerInput("Maria Silva"), today),
        "maria2": save_customer(CustomerInput("Maria Silva", phone="11955554444"), today),
        "maria3": save_customer(CustomerInput("Maria Silva"), today),
        "zelia": save_customer(CustomerInput("Zélia 💃"), today),
    }
    sold = today - timedelta(days=45)
    for key, cents in (("ana", 30_000), ("julia", 8_000), ("rosa", 12_050), ("maria3", 9_999),
                       ("dora", 5_000)):
        create_sale(ids[key], sold, [ItemInput("Blusa", 1, cents)], today,
                    PlanInput(2, sold + timedelta(days=30)))
    record_payment(ids["dora"], 7_000, today, "pix", today, accept_credit=True)  # R$ 20 credit
    record_payment(ids["zelia"], 1_500, today, "pix", today, accept_credit=True)
    return ids


def _state(path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        return {table: conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
                for table in ("customer", "sale", "sale_item", "installment", "payment",
                              "allocation")}
    finally:
        conn.close()


def test_reimporting_exportar_clientes_changes_nothing(db, today, tmp_path):
    ids = _book(today)
    assert credit_cents(ids["dora"]) == 2_000 and credit_cents(ids["zelia"]) == 1_500
    export_xlsx("clientes", tmp_path / "clientes.xlsx", today)
    db_file = db.database
    before = _state(db_file)
    preview = _preview(tmp_path / "clientes.xlsx", today)
    assert [r.action for r in preview.rows] == [Action.SKIP] * 9
    assert not [r for r in preview.rows if "lance uma venda" in r.reason]
    report = run_import(preview)
    assert (report.created, report.updated, report.skipped, report.balances) == (0, 0, 9, 0)
    assert _state(db_file) == before


def test_reimporting_export_clientes_and_tudo_from_the_command_line_changes_nothing(
        db, today, tmp_path, capsys):
    _book(today)
    db_file = str(db.database)
    from app.models.db import close_database

    close_database()
    before = _state(db_file)
    for kind in ("clientes", "tudo"):
        out = tmp_path / f"{kind}.xlsx"
        assert main(["export", kind, str(out), "--db", db_file, *TODAY_ARGS]) == 0
        assert main(["import", str(out), "--db", db_file, *TODAY_ARGS]) == 0
        printed = capsys.readouterr().out
        assert "0 criadas, 0 atualizadas, 9 ignoradas, 0 com erro." in printed
        assert _state(db_file) == before


def test_the_exported_file_into_an_empty_caderneta_gives_every_customer_and_balance_back(
        db, today, tmp_path):
    ids = _book(today)
    export_xlsx("clientes", tmp_path / "clientes.xlsx", today)
    owed = {c.name + str(c.phone): open_balance_cents(c.id) - credit_cents(c.id)
            for c in Customer.select()}
    from app.models.db import close_database, open_database

    close_database()
    open_database(tmp_path / "nova.sqlite3", today=today)
    report = run_import(_preview(tmp_path / "clientes.xlsx", today))
    assert report.created == len(ids) == Customer.select().count()
    assert {c.name + str(c.phone): open_balance_cents(c.id) - credit_cents(c.id)
            for c in Customer.select()} == owed
    assert Customer.select().where(Customer.phone == "+5521998765432").count() == 2
    assert Installment.select().count() == 4  # one "Saldo anterior" per debt
