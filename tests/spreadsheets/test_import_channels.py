"""Import and export carry her e-mail and preferred channel (issue 24)."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from app.models.people import Customer
from app.services.people.customers import CustomerInput, get_customer, save_customer
from app.services.spreadsheets.exporter import export_xlsx
from app.services.spreadsheets.import_columns import Field, guess_field, guess_mapping
from app.services.spreadsheets.importer import preview_import, run_import
from app.services.spreadsheets.spreadsheet_read import read_table
from tests.places import SAMPLES


def _sheet(tmp_path, rows, name="lista.xlsx"):
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(tmp_path / name)
    return tmp_path / name


def _import(path, today):
    table = read_table(path)
    return run_import(preview_import(table, guess_mapping(table.headers), today, "11"))


def _preview_reasons(path, today) -> dict[str, str]:
    table = read_table(path)
    preview = preview_import(table, guess_mapping(table.headers), today, "11")
    return {r.name: r.reason for r in preview.rows}


@pytest.mark.parametrize("header, field", [
    ("E-mail", Field.EMAIL), ("Email", Field.EMAIL), ("Canal", Field.CHANNEL),
    ("Contato por", Field.CHANNEL), ("Canal preferido", Field.CHANNEL),
    ("Preferência de contato", Field.CHANNEL), ("Contato", Field.PHONE),
])
def test_email_and_channel_headers_are_recognised(header, field):
    assert guess_field(header) is field


def test_email_goes_to_her_field_and_the_channel_column_is_read(db, today, tmp_path):
    path = _sheet(tmp_path, [
        ["Nome", "Celular", "E-mail", "Contato por"],
        ["Cida Souza", "(11) 98765-4321", "Cida.Souza@Gmail.com", "e-mail"],
        ["Rita Lima", "(11) 91234-5678", "", "SMS"],
        ["Lu Fixo", "(11) 3333-4444", "", "Ligação"],
        ["Bia Melo", "(11) 97777-6666", "bia@", "zap"],
    ])
    report = _import(path, today)
    assert report.created == 4
    found = {c.name: (c.email, c.channel, c.notes) for c in Customer.select()}
    assert found["Cida Souza"] == ("cida.souza@gmail.com", "email", "")
    assert found["Rita Lima"] == ("", "sms", "")
    assert found["Lu Fixo"] == ("", "phone", "")
    assert found["Bia Melo"] == ("", "whatsapp", "E-mail: bia@")  # a bad address is kept


def test_a_channel_that_cannot_be_used_goes_to_the_notes_with_a_warning(db, today, tmp_path):
    path = _sheet(tmp_path, [
        ["Nome", "Telefone", "Email", "Canal"],
        ["Ana Lima", "(11) 3333-4444", "", "SMS"],
        ["Eva Melo", "(11) 98765-0000", "", "E-mail"],
        ["Gabi Reis", "(11) 98765-1111", "", "Instagram"],
        ["Dora Dias", "", "", "(11) 98765-2222"],
    ])
    reasons = _preview_reasons(path, today)
    assert "celular" in reasons["Ana Lima"] and "observações" in reasons["Ana Lima"]
    assert "informe o e-mail" in reasons["Eva Melo"]
    assert "Instagram" in reasons["Gabi Reis"]
    _import(path, today)
    found = {c.name: (c.phone, c.channel, c.notes) for c in Customer.select()}
    assert found["Ana Lima"] == ("+551133334444", "", "Canal: SMS")
    assert found["Eva Melo"] == ("+5511987650000", "", "Canal: E-mail")
    assert found["Gabi Reis"] == ("+5511987651111", "", "Canal: Instagram")
    assert found["Dora Dias"] == ("+5511987652222", "", "")  # a phone where the channel goes


def test_more_than_one_address_the_first_is_hers_the_others_in_the_notes(db, today, tmp_path):
    path = _sheet(tmp_path, [["Nome", "E-mail", "Telefone"],
                             ["Ana", "ana@x.com", "ana.trabalho@y.com.br"]])
    _import(path, today)
    ana = Customer.get()
    assert ana.email == "ana@x.com" and ana.notes == "Outro e-mail: ana.trabalho@y.com.br"


def test_an_existing_customer_is_completed_never_overwritten(db, today, tmp_path):
    cida = save_customer(CustomerInput("Cida Souza", phone="(11) 98765-4321"), today)
    rita = save_customer(CustomerInput("Rita Lima", phone="(11) 3333-4444",
                                       email="rita@casa.com", channel="email"), today)
    path = _sheet(tmp_path, [
        ["Nome", "Celular", "E-mail", "Canal"],
        ["Cida Souza", "(11) 98765-4321", "cida@gmail.com", "E-mail"],
        ["Rita Lima", "(11) 3333-4444", "rita@outro.com", "Ligação"],
    ])
    reasons = _preview_reasons(path, today)
    assert "Completado: e-mail, canal." in reasons["Cida Souza"]
    assert "e-mail “rita@outro.com” (mantido “rita@casa.com”)" in reasons["Rita Lima"]
    assert "canal Ligação (mantido E-mail)" in reasons["Rita Lima"]
    report = _import(path, today)
    assert (report.created, report.updated) == (0, 1)
    assert (get_customer(cida).email, get_customer(cida).channel) == ("cida@gmail.com", "email")
    assert (get_customer(rita).email, get_customer(rita).channel_choice) == ("rita@casa.com",
                                                                              "email")


def test_export_and_import_round_trip_email_and_channel(tmp_path, today):
    from app.models.db import close_database, open_database

    people = (
        CustomerInput("Cida Souza", phone="(11) 98765-4321", email="cida@gmail.com",
                      channel="email"),
        CustomerInput("Rita Lima", phone="(11) 91234-5678", channel="sms"),
        CustomerInput("Lu Fixo", phone="(11) 3333-4444", channel="phone"),
        CustomerInput("Bia Melo", phone="(11) 97777-6666", email="bia@hotmail.com"),
        CustomerInput("Zélia Sem Nada"),
    )
    open_database(tmp_path / "a.sqlite3", today=today)
    try:
        for person in people:
            save_customer(person, today)
        before = _channels()
        export_xlsx("clientes", tmp_path / "a.xlsx", today)
    finally:
        close_database()
    sheet = load_workbook(tmp_path / "a.xlsx").active
    headers = [c.value for c in sheet[1]]
    assert headers[-2:] == ["E-mail", "Canal"]
    rows = {r[0]: r[-2:] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["Cida Souza"] == ("cida@gmail.com", "E-mail")
    assert rows["Lu Fixo"] == (None, "Ligação") and rows["Bia Melo"] == ("bia@hotmail.com", None)
    open_database(tmp_path / "b.sqlite3", today=today)
    try:
        assert _import(tmp_path / "a.xlsx", today).created == len(people)
        assert _channels() == before
    finally:
        close_database()


def _channels() -> list[tuple]:
    return sorted((c.name, c.phone, c.email, c.channel, c.notes) for c in Customer.select())


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/samples is not beside the repository")
def test_the_excel_sample_email_lands_in_the_field(db, today):
    _import(SAMPLES / "clientes_excel_ptbr.csv", today)
    simone = Customer.get(Customer.name == "Simone Araújo")
    assert simone.email == "simone@exemplo.com.br" and "E-mail" not in simone.notes
    assert Customer.get(Customer.name == "Rosângela Peixoto").email == "rosangela@exemplo.com"


def test_the_template_shows_the_new_columns(tmp_path, db, today):
    from app.services.spreadsheets.import_files import write_template

    write_template(tmp_path / "modelo.xlsx")
    _import(tmp_path / "modelo.xlsx", today)
    ana = Customer.get(Customer.name == "Ana Paula Souza")
    assert (ana.email, ana.channel) == ("ana.souza@gmail.com", "whatsapp")
    assert date(1990, 3, 5) == ana.birthday
