"""Importing customers: cleaning, preview, duplicates, opening balances, all or nothing."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from app.models.people import Customer
from app.models.receivables import Installment, Payment, Sale
from app.services.core.progress import Cancelled
from app.services.people.customers import (
    CustomerInput,
    credit_cents,
    open_balance_cents,
    save_customer,
)
from app.services.spreadsheets.import_clean import (
    NoPhone,
    clean_amount,
    clean_cpf,
    clean_date,
    clean_name,
    clean_phone,
)
from app.services.spreadsheets.import_columns import Field, guess_mapping
from app.services.spreadsheets.import_files import write_rejected, write_template
from app.services.spreadsheets.importer import Action, MissingNameColumn, preview_import, run_import
from app.services.spreadsheets.spreadsheet_read import read_table
from tests.places import DATA, SAMPLES

IMPORTS = DATA / "import"



@pytest.mark.parametrize(("cell", "e164"), [
    ("(11) 98765-4321", "+5511987654321"),
    (5511987654321, "+5511987654321"),
    (5511987654321.0, "+5511987654321"),
    ("+55 11 9 8765-4321", "+5511987654321"),
    ("021 99876 5432", "+5521998765432"),
    ("98765-4321", "+5511987654321"),
])
def test_phones_in_every_shape(cell, e164):
    assert clean_phone(cell, "11") == e164


def test_phone_saying_there_is_none_is_empty_with_a_warning():
    with pytest.raises(NoPhone):
        clean_phone("não tem", "11")
    with pytest.raises(ValueError):
        clean_phone("55DDD+NUMERO", "11")


def test_names_cpf_dates_and_amounts_are_cleaned():
    assert clean_name("  Maria   da  Penha 💃 ") == "Maria da Penha 💃"
    assert clean_cpf("529.982.247-25") == "52998224725"
    assert clean_cpf(2345678992) == "02345678992"  # Excel ate the leading zero
    with pytest.raises(ValueError):
        clean_cpf("123.456.789-00")
    assert clean_date(date(1990, 3, 5)) == date(1990, 3, 5)
    assert clean_date(32937) == date(1990, 3, 5)  # Excel serial
    assert clean_date("05/03/1990") == clean_date("1990-03-05") == date(1990, 3, 5)
    assert clean_date("5/3/90", past=True, today=date(2026, 11, 23)) == date(1990, 3, 5)
    assert clean_date("5/3/27") == date(2027, 3, 5)  # a due date: 20aa
    assert clean_amount(150.5) == 15050
    assert clean_amount(1365.06) == 136506
    assert clean_amount("R$ 1.234,56") == clean_amount("1.234,56") == clean_amount("1234.56")
    assert clean_amount("-20,00") == -2000


def _preview(path, today, sheet=None):
    table = read_table(path, sheet)
    return preview_import(table, guess_mapping(table.headers), today, "11")


def test_preview_says_row_by_row_what_will_happen(db, today):
    preview = _preview(IMPORTS / "mesma_planilha.xlsx", today)
    by_row = {r.number: r for r in preview.rows}
    assert by_row[5].action is Action.CREATE and by_row[5].phone == "+5511987654321"
    assert by_row[6].name == "Maria da Penha" and by_row[6].cpf == "11144477735"
    assert by_row[8].action is Action.CREATE
    assert "Crédito a favor dela: R$\xa020,00" in by_row[8].reason
    assert by_row[9].action is Action.ERROR and "sem nome" in by_row[9].reason
    assert Customer.select().count() == 0  # a preview writes nothing


def test_import_writes_customers_and_opening_balances(db, today):
    report = run_import(_preview(IMPORTS / "mesma_planilha.xlsx", today))
    assert (report.created, report.errors, report.balances) == (3, 1, 2)
    ana = Customer.get(Customer.name == "Ana Souza")
    assert ana.birthday == date(1990, 3, 5) and ana.neighbourhood == "Centro"
    assert open_balance_cents(ana.id) == 15050
    inst = Installment.get(Installment.customer == ana.id)
    assert inst.due_date == date(2026, 12, 10) and inst.count == 1
    assert Sale.get(Sale.customer == ana.id).items.get().description == "Saldo anterior"
    maria = Customer.get(Customer.name == "Maria da Penha")
    assert Installment.get(Installment.customer == maria.id).due_date == today  # no due date
    joana = Customer.get(Customer.name == "Joana 💃 Lima")
    assert credit_cents(joana.id) == 2000 and open_balance_cents(joana.id) == 0


@pytest.mark.parametrize("suffix", ["xls", "ods"])
def test_same_workbook_as_xls_and_ods_imports_to_the_same_result(db, today, suffix):
    def snapshot():
        return sorted((c.name, c.phone, c.cpf, c.birthday, open_balance_cents(c.id),
                       credit_cents(c.id)) for c in Customer.select())

    run_import(_preview(IMPORTS / "mesma_planilha.xlsx", today))
    first = snapshot()
    for model in (Payment, Installment, Sale, Customer):
        model.delete().execute()
    run_import(_preview(IMPORTS / f"mesma_planilha.{suffix}", today))
    assert snapshot() == first


def _sheet(tmp_path, rows, name="lista.xlsx"):
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(tmp_path / name)
    return tmp_path / name


def test_duplicates_in_the_file_are_merged_filling_empty_fields(db, today, tmp_path):
    path = _sheet(tmp_path, [
        ["Nome", "Celular", "CPF", "Cidade", "Bairro"],
        ["Ana Souza", "11987654321", "", "Campinas", ""],
        ["ÁNA  SOUZA", "(11) 98765-4321", "529.982.247-25", "Sorocaba", "Centro"],
    ])
    preview = _preview(path, today)
    second = preview.rows[1]
    assert second.action is Action.SKIP
    assert "Mesma cliente que a linha 2 (mesmo telefone e nome)" in second.reason
    assert "cidade “Sorocaba” (mantido “Campinas”)" in second.reason
    run_import(preview)
    ana = Customer.get()
    assert (ana.cpf, ana.city, ana.neighbourhood) == ("52998224725", "Campinas", "Centro")


def test_a_customer_already_in_the_caderneta_is_completed_not_overwritten(db, today, tmp_path):
    cid = save_customer(CustomerInput("Ana Souza", phone="11987654321", city="Campinas"), today)
    path = _sheet(tmp_path, [
        ["Nome", "Telefone", "Cidade", "Bairro", "Saldo"],
        ["ana souza", "11987654321", "Sorocaba", "Centro", "50,00"],
    ])
    preview = _preview(path, today)
    assert preview.rows[0].action is Action.UPDATE
    assert "não lançado" in preview.rows[0].reason  # no double debt on a second import
    report = run_import(preview)
    assert (report.created, report.updated) == (0, 1)
    ana = Customer.get_by_id(cid)
    assert (ana.name, ana.city, ana.neighbourhood) == ("Ana Souza", "Campinas", "Centro")
    assert open_balance_cents(cid) == 0
    again = _preview(path, today)
    assert again.rows[0].action is Action.SKIP


def test_several_phone_columns_first_mobile_wins_others_go_to_notes(db, today, tmp_path):
    path = _sheet(tmp_path, [["Nome", "Telefone", "Celular"],
                             ["Simone", "(11) 3322-1100", "(11) 98123-4567"]])
    run_import(_preview(path, today))
    simone = Customer.get()
    assert simone.phone == "+5511981234567"
    assert "Outro telefone: (11) 3322-1100" in simone.notes


def test_no_name_column_asks_which_column_is_the_name(db, today, tmp_path):
    path = _sheet(tmp_path, [["Celular", "Valor"], ["11987654321", "10"]])
    table = read_table(path)
    with pytest.raises(MissingNameColumn) as err:
        preview_import(table, guess_mapping(table.headers), today)
    assert "“Celular”, “Valor”" in str(err.value)
    preview = preview_import(table, (Field.NAME, Field.BALANCE), today)
    # the column she chose is read as the name (a number alone is no name: see the rule)
    assert "“11987654321” não tem nenhuma letra" in preview.rows[0].reason


def test_cancelling_leaves_the_database_exactly_as_before(db, today, tmp_path):
    rows = [["Nome", "Telefone", "Saldo"]]
    rows += [[f"Cliente {n}", f"1198{n:07d}", "10,00"] for n in range(1200)]
    preview = _preview(_sheet(tmp_path, rows), today)
    calls = []

    def progress(done, total=None, text=""):
        calls.append(done)
        if done >= 1000:
            raise Cancelled()

    with pytest.raises(Cancelled):
        run_import(preview, progress)
    assert calls[:3] == [0, 500, 1000]
    assert Customer.select().count() == 0 and Sale.select().count() == 0


def test_rejected_rows_file_has_the_reason_and_the_template_explains_columns(db, today, tmp_path):
    preview = _preview(IMPORTS / "mesma_planilha.xlsx", today)
    assert write_rejected(preview.rejected, tmp_path / "nao.xlsx") == 1
    ws = load_workbook(tmp_path / "nao.xlsx").active
    assert ws["A1"].value == "Linha original"
    assert ws.cell(1, ws.max_column).value == "Motivo (não importada)"
    assert ws["A2"].value == 9 and "sem nome" in ws.cell(2, ws.max_column).value
    ws["B2"] = "Rosa Lima"  # she fixes the row and imports the file again
    fixed = tmp_path / "corrigida.xlsx"
    ws.parent.save(fixed)
    assert run_import(_preview(fixed, today)).created == 1
    rosa = Customer.get(Customer.name == "Rosa Lima")
    assert rosa.notes == "sem nome" and open_balance_cents(rosa.id) == 1000
    write_template(tmp_path / "modelo.xlsx")
    template = load_workbook(tmp_path / "modelo.xlsx")
    assert template.sheetnames == ["Clientes", "Como preencher"]
    run_import(_preview(tmp_path / "modelo.xlsx", today))  # the example row imports
    assert Customer.get(Customer.name == "Ana Paula Souza").city == "São Paulo"


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/samples is not beside the repository")
def test_every_sample_file_imports_without_an_exception(db, today):
    files = sorted(p for p in SAMPLES.rglob("*") if p.suffix in (".csv", ".xlsx"))
    created = 0
    for path in files:
        table = read_table(path)
        mapping = guess_mapping(table.headers)
        if Field.NAME not in mapping:
            assert not table.row_count, path.name  # only the header-only file has no name column
            continue
        created += run_import(preview_import(table, mapping, today, "11")).created
    assert created >= 15
    vania = Customer.get(Customer.name == "Vânia de Souza")
    assert vania.phone == "+5511987654321"  # mobile without DDD took the default one
    conceicao = Customer.get(Customer.name == "Conceição Brandão")
    assert conceicao.phone == "+5531988887777" and "29/02/1981" in conceicao.notes
    assert Customer.select().where(Customer.name == "Jared").count() == 1


def test_fast_mobile_path_agrees_with_the_phone_parser():
    import random

    from app.services.br.phones import is_mobile, normalize_phone
    from app.services.spreadsheets.import_clean import DDDS, fast_mobile

    rng = random.Random(4)
    for ddd in sorted(DDDS):
        number = f"9{rng.randint(0, 99_999_999):08d}"
        for text in (f"({ddd}) {number[:5]}-{number[5:]}", f"55{ddd}{number}", f"0{ddd}{number}"):
            assert fast_mobile(text, "11") == normalize_phone(text, "11"), text
            assert is_mobile(fast_mobile(text, "11"))
    assert fast_mobile("(11) 3322-1100", "11") is None  # landline: the full parser decides


def test_a_debt_and_a_credit_for_the_same_person_settle_each_other(db, today, tmp_path):
    path = _sheet(tmp_path, [["Nome", "Celular", "Saldo", "Vencimento"],
                             ["Bia", "11987650000", "100,00", "10/12/2026"],
                             ["Bia", "11987650000", "-30,00", ""]])
    report = run_import(_preview(path, today))
    bia = Customer.get()
    assert report.created == 1 and report.skipped == 1
    assert open_balance_cents(bia.id) == 7000  # her credit paid part of the debt at once
    assert credit_cents(bia.id) == 0


def test_a_field_filled_after_the_preview_is_still_not_overwritten(db, today, tmp_path):
    cid = save_customer(CustomerInput("Ana Souza", phone="11987654321"), today)
    path = _sheet(tmp_path, [["Nome", "Telefone", "Cidade"],
                             ["Ana Souza", "11987654321", "Sorocaba"]])
    preview = _preview(path, today)
    assert "Completado: cidade" in preview.rows[0].reason
    Customer.update(city="Campinas").where(Customer.id == cid).execute()  # typed meanwhile
    run_import(preview)
    assert Customer.get_by_id(cid).city == "Campinas"


def test_a_cpf_of_another_customer_is_never_copied_onto_a_merged_one(db, today, tmp_path):
    dora = save_customer(CustomerInput("Dora", cpf="529.982.247-25"), today)
    path = _sheet(tmp_path, [["Nome", "Celular", "CPF"],
                             ["Ana", "11987654321", ""],
                             ["Ana", "11987654321", "529.982.247-25"]])
    preview = _preview(path, today)
    assert "CPF 529.982.247-25 já é de outra cliente" in preview.rows[1].reason
    run_import(preview)
    assert Customer.get(Customer.name == "Ana").cpf is None
    assert Customer.get_by_id(dora).cpf == "52998224725"


def test_preview_reports_progress_and_can_be_stopped(db, today, tmp_path):
    rows = [["Nome", "Telefone"]] + [[f"Cliente {n}", f"1198{n:07d}"] for n in range(1200)]
    table = read_table(_sheet(tmp_path, rows))
    seen = []

    def progress(done, total=None, text=""):
        seen.append((done, total, text))
        if done >= 1000:
            raise Cancelled()

    with pytest.raises(Cancelled):
        preview_import(table, guess_mapping(table.headers), today, "11", progress)
    assert seen[0] == (0, 1200, "Conferindo a linha 1 de 1.200…")
    assert [done for done, _, _ in seen] == [0, 500, 1000]


def test_first_name_and_surname_columns_make_one_name(db, today, tmp_path):
    path = _sheet(tmp_path, [["Nome", "Sobrenome", "Celular"], ["Ana", "Souza", "11987654321"]])
    table = read_table(path)
    assert guess_mapping(table.headers) == (Field.NAME, Field.NAME, Field.PHONE)
    run_import(preview_import(table, guess_mapping(table.headers), today))
    assert Customer.get().name == "Ana Souza"


@pytest.mark.parametrize("suffix", ["xlsx", "xls", "ods"])
def test_an_ugly_libreoffice_workbook_imports_the_same_in_every_format(db, today, suffix):
    """Saved by LibreOffice: merged title cells, "Endereço" merged over street and number,
    dates typed as text, a balance and a TOTAL that are formulas, a second sheet."""
    table = read_table(IMPORTS / f"feia.{suffix}")
    assert (table.sheet, table.header_row, table.row_count) == ("Clientes", 4, 3)
    assert table.headers[1:3] == ("Endereço", "Endereço")
    report = run_import(preview_import(table, guess_mapping(table.headers), today, "11"))
    assert (report.created, report.errors, report.balances) == (3, 0, 3)
    got = {c.name: (c.address, c.phone, c.birthday, open_balance_cents(c.id),
                    Installment.get(Installment.customer == c.id).due_date)
           for c in Customer.select()}
    assert got == {
        "Rosa Maria": ("Rua das Flores, 120", "+5511988881111", date(1990, 3, 5), 8000,
                       date(2026, 12, 10)),
        "Bete Nunes": ("Av. Brasil, 45 ap 3", "+5511977772222", date(1985, 7, 21), 6000,
                       date(2026, 12, 15)),  # =100-40, computed when LibreOffice saved it
        "Cida Prado": ("", "+5521966663333", date(1979, 11, 7), 3550, date(2027, 1, 5)),
    }
    antigas = read_table(IMPORTS / f"feia.{suffix}", "Antigas")  # she picks the other sheet
    run_import(preview_import(antigas, guess_mapping(antigas.headers), today, "11"))
    assert Customer.get(Customer.name == "Lurdes Antiga").phone == "+5531987650000"
