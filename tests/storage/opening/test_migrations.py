"""Migrations: a database saved by schema v1 opens with every row intact, after a backup."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from app.clock import FixedClock
from app.models.db import close_database, open_database
from app.models.entities import ALL_MODELS
from app.models.migrations import MIGRATIONS, SCHEMA_VERSION, current_version
from app.services.storage.opening import open_data
from tests.places import DATA

V1_FILE = DATA / "caderneta_v1.sqlite3"
TODAY = date(2026, 11, 23)
DATA_TABLES = ("customer", "sale", "sale_item", "installment", "payment", "allocation",
               "setting")
CHECKSUMS = {
    "customer": "COUNT(*), SUM(id), TOTAL(COALESCE(credit_limit_cents, 0))",
    "sale": "COUNT(*), SUM(total_cents), SUM(down_payment_cents)",
    "sale_item": "COUNT(*), SUM(quantity * unit_price_cents)",
    "installment": "COUNT(*), SUM(amount_cents), SUM(paid_cents)",
    "payment": "COUNT(*), SUM(amount_cents)",
    "allocation": "COUNT(*), SUM(amount_cents)",
}


def snapshot(path: Path) -> dict:
    """Every row of the data tables, plus count and amount checksums, read with raw sqlite3."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in DATA_TABLES}
        sums = {t: conn.execute(f"SELECT {expr} FROM {t}").fetchone()
                for t, expr in CHECKSUMS.items()}
        version = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
    finally:
        conn.close()
    return {"rows": rows, "sums": sums, "version": version}


@pytest.fixture
def v1_copy(tmp_path) -> Path:
    target = tmp_path / "caderneta_v1.sqlite3"
    shutil.copyfile(V1_FILE, target)
    yield target
    close_database()


def test_the_fixture_is_a_real_v1_database_with_data():
    before = snapshot(V1_FILE)
    assert before["version"] == 1
    assert before["sums"]["customer"][0] == 20
    assert before["sums"]["installment"][0] == 375
    assert before["sums"]["payment"][0] == 329


OLD_METHODS = {"dinheiro": "cash", "debito": "debit_card", "credito_cartao": "credit_card",
               "transferencia": "transfer", "outro": "other", "credito_cliente": "customer_credit",
               "pix": "pix"}
PAYMENT_METHOD_COLUMN = 5  # id, customer_id, sale_id, payment_date, amount_cents, method…


def _with_english_codes(rows: dict) -> dict:
    """The v1/v3 rows as migration 4 must leave them: payment methods in English."""
    converted = dict(rows)
    converted["payment"] = [
        row[:PAYMENT_METHOD_COLUMN] + (OLD_METHODS[row[PAYMENT_METHOD_COLUMN]],)
        + row[PAYMENT_METHOD_COLUMN + 1:] for row in rows["payment"]]
    converted["sale"] = [tuple("upfront" if v == "avista" else v for v in row)
                         for row in rows["sale"]]
    return converted


def test_upgrading_v1_keeps_every_row(v1_copy):
    before = snapshot(v1_copy)
    database = open_database(v1_copy, today=TODAY)
    assert current_version(database) == SCHEMA_VERSION
    close_database()
    after = snapshot(v1_copy)
    assert after["version"] == SCHEMA_VERSION
    assert after["sums"] == before["sums"]
    expected = _with_english_codes(before["rows"])
    for table in DATA_TABLES:
        # columns added later are appended (ALTER TABLE ADD COLUMN): the old ones are intact
        width = len(before["rows"][table][0]) if before["rows"][table] else 0
        trimmed = [row[:width] for row in after["rows"][table]]
        assert trimmed == expected[table], table
    # fee_cents (v3) and waived_fee_cents (v10) of old payments: nothing charged or waived
    assert {row[-2:] for row in after["rows"]["payment"]} == {(0, 0)}
    # v6: old installments belong to no agreement and carry no interest
    assert {row[-5:-2] for row in after["rows"]["installment"]} == {(None, None, 0)}


def test_a_backup_is_written_before_migrating(v1_copy):
    before = snapshot(v1_copy)
    open_data(v1_copy, FixedClock(TODAY))
    close_database()
    (backup,) = (v1_copy.parent / "backups").glob("*.sqlite3")
    assert backup.name == f"caderneta_v1-2026-11-23-001-antes-da-versao-{SCHEMA_VERSION}.sqlite3"
    saved = snapshot(backup)
    assert saved["version"] == 1  # the copy was taken before the first step ran
    assert saved["rows"] == before["rows"]
    tables = {r[0] for r in sqlite3.connect(backup).execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "contact_log" not in tables


def test_opening_again_neither_migrates_nor_backs_up(v1_copy):
    open_data(v1_copy, FixedClock(TODAY))
    close_database()
    open_data(v1_copy, FixedClock(TODAY))
    close_database()
    assert len(list((v1_copy.parent / "backups").glob("*.sqlite3"))) == 1
    conn = sqlite3.connect(v1_copy)
    versions = conn.execute("SELECT version FROM schema_version ORDER BY id").fetchall()
    assert versions == [(v,) for v, _ in MIGRATIONS]  # numbers are pre-assigned per issue


def test_the_migrated_file_works_with_the_new_services(v1_copy):
    from app.services.collection.contacts import list_contacts, log_contact
    from app.services.collection.worklist import todays_worklist
    from app.services.configuration.settings import Settings

    open_database(v1_copy, today=TODAY)
    worklist = todays_worklist(TODAY, Settings())
    if worklist.entries:
        log_contact(worklist.entries[0].customer_id, "copy", TODAY, text="Oi")
        assert list_contacts(worklist.entries[0].customer_id)[0].text == "Oi"


EXPECTED_TABLES = {"schema_version", "setting", "customer", "sale", "sale_item", "installment",
                   "payment", "allocation", "contact_log", "payment_promise", "payment_target",
                   "reminder_item", "privacy_log", "agreement", "payment_discount", "piece",
                   "piece_variant", "sale_return", "sale_return_item", "sale_return_installment",
                   "stock_move", "conditional", "conditional_item", "conditional_settlement",
                   "conditional_settlement_item", "conditional_reminder"}
EXPECTED_INDEXES = {"installment_open_due", "contact_log_customer_group",
                    "contact_log_customer_date", "payment_promise_customer",
                    "installment_paid_late", "installment_renegotiated",
                    "installment_customer_paid", "installment_open_customer",
                    "payment_target_payment", "reminder_item_customer", "piece_variant_grid",
                    "piece_reference", "stock_move_variant", "conditional_open",
                    "conditional_reminder_conditional"}


def test_a_fresh_database_gets_every_table(tmp_path):
    path = tmp_path / "nova.sqlite3"
    database = open_database(path, today=TODAY)
    try:
        assert set(database.get_tables()) == EXPECTED_TABLES
        indexes = {r[0] for r in database.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'index'").fetchall()}
        assert EXPECTED_INDEXES <= indexes
        assert current_version(database) == SCHEMA_VERSION
    finally:
        close_database()
    assert not (tmp_path / "backups").exists()  # nothing to protect in a new file


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.__name__)
def test_models_match_the_migrated_tables(db, model):
    table = model._meta.table_name
    columns = {c.name for c in db.get_columns(table)}
    assert columns == {f.column_name for f in model._meta.sorted_fields}


def test_a_newer_file_is_refused(tmp_path):
    path = tmp_path / "futuro.sqlite3"
    open_database(path, today=TODAY)
    close_database()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_version (version, applied_at) VALUES (99, 'x')")
    conn.commit()
    conn.close()
    with pytest.raises(RuntimeError, match="versão mais nova"):
        open_database(path, today=TODAY)
    close_database()


def _database_at(path: Path, version: int):
    """A new file whose schema stops at ``version`` (the steps of this program up to it)."""
    from peewee import SqliteDatabase

    db = SqliteDatabase(str(path), pragmas={"foreign_keys": 1})
    for target, step in MIGRATIONS:
        if target > version:
            break
        step(db)
        db.execute_sql("INSERT INTO schema_version (version, applied_at) VALUES (?, 'x')",
                       (target,))
    return db


def test_v5_gives_old_reminders_the_installments_they_listed(tmp_path):
    """A v3 file with a D+1 reminder logged: after v5 the régua knows which installments it
    listed (due from the group's date up to the contact day), so it never goes back."""
    path = tmp_path / "v4.sqlite3"
    database = _database_at(path, 4)
    database.execute_sql(
        "INSERT INTO customer (id, name, search_key, created_at) VALUES (1, 'Ana', 'ana', 'x')")
    database.execute_sql("INSERT INTO customer (id, name, search_key, created_at) "
                         "VALUES (2, 'Joana D’Arc Bjørn', 'joana d’arc bjørn', 'x')")
    database.execute_sql("INSERT INTO sale (id, customer_id, sale_date, total_cents, created_at)"
                         " VALUES (1, 1, '2026-09-01', 30000, 'x')")
    for n, due in enumerate(("2026-10-01", "2026-10-20", "2026-11-01"), 1):
        database.execute_sql(
            "INSERT INTO installment (id, sale_id, customer_id, number, count, due_date, "
            "amount_cents) VALUES (?, 1, 1, ?, 3, ?, 10000)", (n, n, due))
    database.execute_sql(
        "INSERT INTO contact_log (customer_id, contact_date, action, stage_offset, group_due, "
        "created_at) VALUES (1, '2026-10-21', 'copy', 1, '2026-10-01', 'x')")
    database.close()
    database = open_database(path, today=TODAY)
    try:
        rows = database.execute_sql(
            "SELECT installment_id, stage_offset FROM reminder_item ORDER BY 1").fetchall()
        assert rows == [(1, 1), (2, 1)]
        assert current_version(database) == SCHEMA_VERSION
        keys = database.execute_sql("SELECT search_key FROM customer ORDER BY id").fetchall()
        assert keys == [("ana",), ("joana d'arc bjorn",)]  # found by "d'arc", "bjorn"
    finally:
        close_database()


V3_FILE = DATA / "caderneta_v3.sqlite3"


@pytest.fixture
def v3_copy(tmp_path) -> Path:
    target = tmp_path / "caderneta_v3.sqlite3"
    shutil.copyfile(V3_FILE, target)
    yield target
    close_database()


def test_upgrading_v3_turns_stored_codes_into_english_and_keeps_the_money(v3_copy):
    before = snapshot(v3_copy)
    assert before["version"] == 3
    open_data(v3_copy, FixedClock(TODAY))
    close_database()
    after = snapshot(v3_copy)
    assert after["sums"] == before["sums"]
    expected = _with_english_codes(before["rows"])
    for table in DATA_TABLES:
        width = len(before["rows"][table][0]) if before["rows"][table] else 0
        assert [row[:width] for row in after["rows"][table]] == expected[table], table
    conn = sqlite3.connect(v3_copy)
    try:
        channels = [r[0] for r in conn.execute("SELECT channel FROM contact_log ORDER BY id")]
        intervals = {r[0] for r in conn.execute("SELECT interval FROM sale")}
    finally:
        conn.close()
    assert channels == ["phone", "in_person", "whatsapp"]
    assert intervals == {"monthly", "upfront"}


def test_old_codes_read_back_with_their_portuguese_labels(v3_copy):
    from app.services.collection.contacts import list_contacts
    from app.services.receivables.payments import list_payments

    open_data(v3_copy, FixedClock(TODAY))
    labels = {p.method_label for p in list_payments(1)}
    assert labels == {"Dinheiro", "Cartão de débito", "Cartão de crédito", "Transferência",
                      "Crédito da cliente", "Outro"}
    assert [c.channel_label for c in list_contacts(1)] == ["WhatsApp", "Pessoalmente",
                                                           "Telefone"]


def test_every_stored_code_has_one_label_and_old_codes_are_still_understood():
    from app.services.core.codes import LABELS, Channel, ContactAction, PaymentMethod, label

    for enum, labels in LABELS.items():
        assert set(labels) == set(enum), enum.__name__
    assert label(ContactAction.WHATSAPP) == "WhatsApp aberto"
    assert label(Channel.WHATSAPP) == "WhatsApp"
    assert PaymentMethod("dinheiro") is PaymentMethod.CASH
    assert Channel("telefone") is Channel.PHONE


def test_after_v5_re_applying_money_leaves_old_books_as_they_were(v1_copy):
    """Old payments are remembered as ticked for what they paid: the first payment or
    reversal after upgrading re-applies money without moving old money between
    installments (the v1 file has payments that skipped older open installments)."""
    from app.services.receivables.ledger import settle

    database = open_database(v1_copy, today=TODAY)
    books = ("SELECT id, paid_cents, paid_date FROM installment ORDER BY id",
             "SELECT a.payment_id, a.installment_id, a.amount_cents FROM allocation a "
             "JOIN payment p ON p.id = a.payment_id WHERE p.reversed_at IS NULL ORDER BY 1, 2")
    before = [database.execute_sql(sql).fetchall() for sql in books]
    targets = database.execute_sql("SELECT COUNT(*) FROM payment_target").fetchone()[0]
    assert targets == database.execute_sql(
        "SELECT COUNT(*) FROM allocation a JOIN payment p ON p.id = a.payment_id "
        "WHERE p.kind = 'payment' AND p.reversed_at IS NULL").fetchone()[0] > 0
    for (cid,) in database.execute_sql("SELECT id FROM customer").fetchall():
        settle(cid)
    assert [database.execute_sql(sql).fetchall() for sql in books] == before


def test_schema_versions_are_consecutive():
    """No gap: a file at version N must receive every later step."""
    assert [v for v, _ in MIGRATIONS] == list(range(1, SCHEMA_VERSION + 1))


def test_v10_gives_customers_email_and_channel_and_moves_imported_emails(tmp_path):
    """issue 24: a v9 file opens with every customer intact, an empty e-mail and channel
    automático; an e-mail an older import kept in her notes (``E-mail: x``) moves to the
    new field, the rest of her notes stays word for word."""
    path = tmp_path / "v9.sqlite3"
    database = _database_at(path, 9)
    notes = {1: "", 2: "paga dia 10\nE-mail: cida@exemplo.com.br\nE-mail: outra@x.com",
             3: "E-mail: não tem", 4: "Disse: E-mail: ana@x.com no grupo"}
    for cid, note in notes.items():
        database.execute_sql(
            "INSERT INTO customer (id, name, search_key, phone, notes, created_at) "
            "VALUES (?, ?, ?, '+5511987654321', ?, '2026-01-01')", (cid, f"C{cid}", f"c{cid}",
                                                                      note))
    before = database.execute_sql("SELECT * FROM customer ORDER BY id").fetchall()
    database.close()
    database = open_database(path, today=TODAY)
    try:
        rows = database.execute_sql(
            "SELECT id, notes, email, channel FROM customer ORDER BY id").fetchall()
        after = database.execute_sql("SELECT * FROM customer ORDER BY id").fetchall()
        notes_at = [c.name for c in database.get_columns("customer")].index("notes")
    finally:
        close_database()
    assert rows == [
        (1, "", "", ""),
        (2, "paga dia 10\nE-mail: outra@x.com", "cida@exemplo.com.br", ""),
        (3, "E-mail: não tem", "", ""),
        (4, "Disse: E-mail: ana@x.com no grupo", "", ""),
    ]
    for old, new in zip(before, after, strict=True):  # every other column as it was
        assert old[:notes_at] == new[:notes_at] and old[notes_at + 1:] == new[notes_at + 1:len(old)]


def test_v1_customers_come_out_of_v10_with_no_email_and_channel_automatico(v1_copy):
    open_database(v1_copy, today=TODAY)
    close_database()
    conn = sqlite3.connect(v1_copy)
    try:
        found = conn.execute("SELECT COUNT(*), SUM(email = ''), SUM(channel = '') "
                             "FROM customer").fetchone()
    finally:
        conn.close()
    assert found == (20, 20, 20)


def test_after_v12_a_waiver_is_kept_on_an_upgraded_file(v3_copy):
    """The v3 file opens at the latest schema; a late payment recorded there without its
    multa and juros keeps what was waived, like on a new file."""
    from app.models.receivables import Payment
    from app.services.configuration.settings import load_settings, save_settings
    from app.services.receivables.payments import record_payment
    from app.services.receivables.statement import customer_detail

    open_data(v3_copy, FixedClock(TODAY))
    settings = save_settings(load_settings(), late_fee_bp=200, late_interest_bp=100)
    cid = next(c for c in (r[0] for r in snapshot(v3_copy)["rows"]["customer"])
               if customer_detail(c, TODAY).overdue_cents)
    result = record_payment(cid, 1_000, TODAY, "pix", TODAY, settings=settings)
    payment = Payment.get_by_id(result.payment_id)
    assert result.waived_fee_cents > 0 and payment.waived_fee_cents == result.waived_fee_cents
    assert "multa e juros dispensados" in payment.note
