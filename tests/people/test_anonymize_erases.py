"""Anonymising erases: her name, phone (E.164 and as typed) and CPF are searched for in the RAW
BYTES of the database file, its -wal and the backup copies, not only in the tables."""

from __future__ import annotations

import os
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from app.models.conditional import Conditional
from app.models.db import database, database_path
from app.models.negotiation import Agreement
from app.models.people import Customer
from app.models.pieces import SaleReturn, StockMove
from app.models.receivables import Installment, Payment, Sale, SaleItem
from app.services import catalog, conditional, returns
from app.services.collection.contacts import log_contact, record_promise
from app.services.configuration.settings import load_settings, save_settings
from app.services.negotiation.agreements import close_agreement, propose_options
from app.services.people.customers import CustomerInput, open_balance_cents, save_customer
from app.services.people.erasure import ERASED, leftovers, read_identity
from app.services.people.privacy import anonymize_customer
from app.services.pieces.catalog import PieceInput, VariantInput
from app.services.pieces.stock import adjust_stock
from app.services.receivables.payments import record_payment
from app.services.receivables.sales import ItemInput, PlanInput, create_sale
from app.services.storage.backup import backup_database, backups_dir, copies_in
from app.services.storage.dbhealth import check_integrity

NOW = datetime(2026, 11, 23, 15, 0)
TODAY = NOW.date()
# everything that says who she is, as stored and as people type it
HER = ("Ana Beatriz Souza", "ANA BEATRIZ SOUZA", "ana beatriz souza", "Ana B. Souza",
       "+5511987654321", "11987654321", "(11) 98765-4321", "98765-4321",
       "52998224725", "529.982.247-25", "ana.bia@example.com", "Rua das Acácias, 77")


def _found(path: Path) -> list[str]:
    """Which of her identifiers are anywhere in the bytes of ``path`` (UTF-8)."""
    data = path.read_bytes() if path.exists() else b""
    return [text for text in HER if text.encode() in data]


def _files() -> list[Path]:
    path = database_path()
    return [path, Path(f"{path}-wal")]


@pytest.fixture
def ana(db):
    """Ana, written first on a connection with secure_delete OFF (as on most SQLite builds),
    her name corrected once (the old one left in the free space), with a sale, payments, an
    agreement, contacts, a promise, a piece returned with a reason naming her (copied into
    the stock move), a settled malinha with a note about her, a stock count whose reason
    names her, and named in another customer's notes; she owes nothing."""
    database.execute_sql("PRAGMA secure_delete = OFF")
    save_settings(load_settings(), late_fee_bp=200, late_interest_bp=100)
    cid = save_customer(CustomerInput(
        "Ana B. Souza", phone="(11) 98765-4321", cpf="529.982.247-25",
        address="Rua das Acácias, 77", notes="e-mail ana.bia@example.com"), TODAY)
    save_customer(CustomerInput(
        "Ana Beatriz Souza", phone="(11) 98765-4321", cpf="529.982.247-25",
        address="Rua das Acácias, 77", notes="e-mail ana.bia@example.com; liga (11) 98765-4321"),
        TODAY, customer_id=cid)
    days = (date(2026, 10, 14), date(2026, 11, 13))
    create_sale(cid, date(2026, 9, 10), [ItemInput("Vestido para Ana Beatriz", 1, 20_000, "M")],
                TODAY, PlanInput(2, days[0], "custom", custom_dates=days),
                notes="Ana Beatriz Souza levou; CPF 529.982.247-25")
    _pieces_and_malinha(cid)
    log_contact(cid, "copy", date(2026, 10, 15), text="Oi, Ana! Sua parcela venceu.",
                note="falou com a Ana Beatriz no (11) 98765-4321")
    record_promise(cid, date(2026, 11, 30), date(2026, 11, 20), note="Ana disse que paga")
    close_agreement(cid, propose_options(cid, TODAY)[0], TODAY)
    record_payment(cid, open_balance_cents(cid), TODAY, "pix", TODAY,
                   note="Pix da ANA BEATRIZ SOUZA")
    assert open_balance_cents(cid) == 0
    other = save_customer(CustomerInput(
        "Carla Dias", phone="11976543210",
        notes="indicada pela Ana Beatriz Souza (CPF 52998224725); outra Ana é a Lima"), TODAY)
    save_customer(CustomerInput("Ana Lima", phone="11965432109",
                                notes="amiga da ANA BEATRIZ SOUZA, tel 98765 4321"), TODAY)
    return cid, other


def _pieces_and_malinha(cid: int) -> None:
    """From the shelf: a sale of two dresses, one returned with a reason about her; a
    malinha with a note about her, settled (one kept, paid at once, one back); a count of
    the shelf whose reason names her and her phone (not linked to her by any key)."""
    piece = catalog.save_piece(PieceInput("Vestido Lírio", 18_990, "VL-01", variants=(
        VariantInput("M", "rosa", 4),)), TODAY)
    (m,) = (v.id for v in catalog.variants_of(piece))
    sale = create_sale(cid, date(2026, 9, 20), [ItemInput("Vestido Lírio", 2, 18_990, "M rosa",
                                                         piece_variant_id=m)],
                       TODAY, PlanInput(2, date(2026, 10, 20)))
    item = SaleItem.get(SaleItem.sale == sale.sale_id)
    returns.return_items(sale.sale_id, {item.id: 1}, date(2026, 9, 25), day=date(2026, 9, 25),
                         reason="Ana Beatriz Souza achou apertado; ligar (11) 98765-4321")
    k = conditional.send(cid, [(m, 2)], date(2026, 11, 20),
                         note="Festa da Ana Beatriz, entregar na Rua das Acácias, 77 "
                              "(CPF 529.982.247-25)")
    conditional.settle(k, {m: 1}, date(2026, 11, 21))
    adjust_stock(m, catalog.stock_of(m) - 1,
                 "Ana Beatriz Souza ficou com uma para provar, (11) 98765-4321", TODAY)


def _books(cid: int) -> tuple:
    sums = database.execute_sql(
        "SELECT (SELECT SUM(total_cents) FROM sale WHERE customer_id = :c), "
        "(SELECT SUM(amount_cents) FROM installment WHERE customer_id = :c), "
        "(SELECT SUM(paid_cents) FROM installment WHERE customer_id = :c), "
        "(SELECT SUM(amount_cents + fee_cents) FROM payment WHERE customer_id = :c), "
        "(SELECT COUNT(*) FROM agreement WHERE customer_id = :c)", {"c": cid}).fetchone()
    return tuple(sums)


def test_before_anonymising_the_file_holds_her(ana):
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    assert set(_found(database_path())) >= {"Ana Beatriz Souza", "+5511987654321",
                                            "(11) 98765-4321", "52998224725",
                                            "529.982.247-25", "ana.bia@example.com"}


def test_anonymising_leaves_nothing_of_her_in_the_file_or_the_wal(ana):
    cid, other = ana
    books = _books(cid)
    result = anonymize_customer(cid, NOW)
    assert result.file_clean
    for path in _files():
        assert _found(path) == [], path
    assert Path(f"{database_path()}-wal").stat().st_size == 0  # checkpointed with TRUNCATE
    assert _books(cid) == books  # the money stays: sums, dates, the agreement
    assert check_integrity(database_path()).ok


def test_every_text_that_named_her_is_rewritten(ana):
    cid, other = ana
    her = read_identity(database.connection(), cid)
    anonymize_customer(cid, NOW)
    assert leftovers(database.connection(), her) == []
    c = Customer.get_by_id(cid)
    assert (c.name, c.phone, c.cpf, c.address, c.notes, c.archived) == (
        f"Cliente anonimizada nº {cid}", None, None, "", "", True)
    assert SaleItem.get().description == f"Vestido para {ERASED}"
    assert Sale.get(Sale.customer == cid).notes == ""
    assert {p.note for p in Payment.select().where(Payment.customer == cid)} <= {"", "Entrada"}
    text = Agreement.get().text
    assert "Ana" not in text and "Souza" not in text and text  # kept, without her
    assert "R$" in text  # the amounts and dates of the agreement stay readable
    carla = Customer.get_by_id(other)
    assert carla.notes == f"indicada pela {ERASED} (CPF {ERASED}); outra Ana é a Lima"
    lima = Customer.get(Customer.name == "Ana Lima")
    assert (lima.phone, lima.notes) == ("+5511965432109", f"amiga da {ERASED}, tel {ERASED}")
    assert Installment.select().where(Installment.customer == cid).count() >= 2


def test_her_returns_malinhas_and_the_stock_moves_they_made_lose_her_texts(ana):
    """Returns, malinhas and the shelf's history keep the pieces and the money, not her: the
    return's reason and the malinha's note are hers (emptied, as her sale's notes), the stock
    move the return made carried a copy of the reason (emptied too), and a count of the
    shelf that named her loses her name and phone."""
    cid, _ = ana
    moves = {m.id: (m.kind, m.quantity, m.count_after) for m in StockMove.select()}
    anonymize_customer(cid, NOW)
    back = SaleReturn.get(SaleReturn.customer == cid)
    assert (back.reason, back.value_cents) == ("", 18_990)
    assert Conditional.get(Conditional.customer == cid).note == ""
    notes = [m.note for m in StockMove.select().order_by(StockMove.id)]
    assert not any("Ana" in n or "98765" in n or "Acácias" in n for n in notes), notes
    assert f"{ERASED} ficou com uma para provar, {ERASED}" in notes
    # the shelf's history keeps every move: what went out, came back, was kept or counted
    assert {m.id: (m.kind, m.quantity, m.count_after) for m in StockMove.select()} == moves


def test_a_sister_sharing_her_phone_keeps_it(ana, today):
    cid, _ = ana
    bia = save_customer(CustomerInput("Bia Souza", phone="(11) 98765-4321"), today,
                        accept_shared_phone=True)
    result = anonymize_customer(cid, NOW)
    assert Customer.get_by_id(bia).phone == "+5511987654321"
    assert result.file_clean  # what is left is Bia's own phone, not Ana's data
    assert _found(database_path()) == ["+5511987654321", "11987654321"]  # inside hers


def _copies(folder: Path) -> list[Path]:
    return [i.path for i in copies_in(folder, database_path().stem)]


def test_she_is_told_until_when_the_copies_made_before_keep_her(ana):
    cid, _ = ana
    db_path = database_path()
    for days_ago in (40, 2, 0):
        backup_database(db_path, "diario", TODAY - timedelta(days=days_ago))
    backup_database(db_path, "manual", TODAY)
    result = anonymize_customer(cid, NOW)  # without erasing the copies
    assert result.copies_erased == 0 and len(result.remaining.copies) == 4
    # the monthly copy of November is kept 12 months: until the end of October 2027
    assert result.remaining.until == date(2027, 11, 23)  # the manual one: a year
    assert "guardam os dados dela até 23/11/2027" in result.remaining.sentence()
    assert all(_found(p) for p in _copies(backups_dir(db_path)))  # the truth: still there


def test_erasing_her_from_the_copies_rewrites_each_one_whole(ana, tmp_path):
    cid, _ = ana
    db_path = database_path()
    mirror = tmp_path / "pendrive"
    mirror.mkdir()
    save_settings(load_settings(), backup_mirror_dir=str(mirror))
    from app.services.storage.backup import make_backup

    for days_ago in (35, 1):
        make_backup(db_path, "diario", TODAY - timedelta(days=days_ago), mirror)
    before = {p: p.stat().st_mtime_ns for p in _copies(backups_dir(db_path)) + _copies(mirror)}
    assert len(before) == 4
    result = anonymize_customer(cid, NOW, erase_copies=True)
    assert result.copies_erased == 4 and result.copies_failed == ()
    assert result.remaining.copies == () and result.remaining.sentence() == ""
    for path, mtime in before.items():
        assert _found(path) == [], path
        assert check_integrity(path).ok
        assert path.stat().st_mtime_ns == mtime  # the list still says when it was made
        conn = sqlite3.connect(path)
        names = {r[0] for r in conn.execute("SELECT name FROM customer")}
        conn.close()
        assert {f"Cliente anonimizada nº {cid}", "Carla Dias", "Ana Lima"} <= names
    leftovers = [p for p in backups_dir(db_path).iterdir() if p.name.endswith(".partial")]
    assert leftovers == []


def test_she_is_told_of_the_damaged_files_and_the_second_folder_out_of_reach(ana, tmp_path):
    """What the app cannot erase she is told of: a damaged file set aside in
    backups/danificados (never read or rewritten) and the copies in a second folder that is
    chosen but not plugged in."""
    cid, _ = ana
    db_path = database_path()
    damaged_dir = backups_dir(db_path) / "danificados"
    damaged_dir.mkdir(parents=True)
    damaged = damaged_dir / f"{db_path.stem}-2026-11-20-danificado.sqlite3"
    damaged.write_bytes(b"SQLite format 3\x00Ana Beatriz Souza" + b"\x00" * 64)
    save_settings(load_settings(), backup_mirror_dir=str(tmp_path / "pendrive-fora"))
    result = anonymize_customer(cid, NOW, erase_copies=True)
    said = result.remaining.sentence()
    assert ("A pasta backups/danificados guarda 1 arquivo danificado de antes, que também "
            "pode ter os dados dela: apague-o se não precisar mais dele.") in said
    assert ("A segunda pasta de backup não está acessível agora (pen drive fora?): as cópias "
            "de lá também guardam os dados dela.") in said
    assert _found(damaged) == ["Ana Beatriz Souza"]  # left as it was: she decides


def test_a_copy_that_cannot_be_rewritten_is_left_whole_and_named(ana, monkeypatch):
    cid, _ = ana
    db_path = database_path()
    good = backup_database(db_path, "diario", TODAY - timedelta(days=1))
    bad = backup_database(db_path, "manual", TODAY)
    original = bad.read_bytes()
    from app.services.storage import copy_rewrite

    real_replace = os.replace

    def disk_full(src, dst):
        if Path(dst) == bad:
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(copy_rewrite.os, "replace", disk_full)
    result = anonymize_customer(cid, NOW, erase_copies=True)
    assert result.copies_erased == 1 and _found(good) == []
    assert [(p, why) for p, why in result.copies_failed] == [(bad, "o disco está cheio")]
    assert bad.read_bytes() == original  # untouched, not half-rewritten
    assert result.remaining.copies == (bad,)
    assert not any(p.name.endswith(".partial") for p in bad.parent.iterdir())


def test_an_older_copy_where_her_id_was_someone_else_is_left_alone(db, today):
    """Ids are reused: a customer deleted (no history) frees her id for the next one."""
    first = save_customer(CustomerInput("Zuleica Prado", phone="11911112222"), today)
    copy = backup_database(database_path(), "diario", today - timedelta(days=3))
    from app.services.people.customers import remove_customer

    remove_customer(first)
    ana = save_customer(CustomerInput("Ana Beatriz Souza", phone="11987654321"), today)
    assert ana == first
    anonymize_customer(ana, NOW, erase_copies=True)
    conn = sqlite3.connect(copy)
    assert conn.execute("SELECT name FROM customer").fetchall() == [("Zuleica Prado",)]
    conn.close()


def test_every_connection_the_app_opens_has_secure_delete_on(db):
    """Peewee opens one connection per thread: the workers' ones too (and read-only ones).
    Some SQLite builds (this machine's) have it on by default, most do not: the pragma is in
    the list every connection gets, so it does not depend on the build."""
    import threading

    from app.models.db import PRAGMAS, READ_ONLY_PRAGMAS

    assert PRAGMAS["secure_delete"] == READ_ONLY_PRAGMAS["secure_delete"] == 1

    seen = []

    def worker():
        seen.append(database.execute_sql("PRAGMA secure_delete").fetchone()[0])
        database.close()

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert seen == [1] and database.execute_sql("PRAGMA secure_delete").fetchone()[0] == 1
    from app.models.db import close_database, open_database

    path = database_path()
    close_database()
    open_database(path, read_only=True)
    assert database.execute_sql("PRAGMA secure_delete").fetchone()[0] == 1


def test_a_copy_from_before_an_update_is_erased_in_its_own_older_schema(tmp_path):
    """A copy made before updating the program has the old tables (version 1: no contacts,
    no agreements, no privacy log): she is erased from it all the same, and it stays a
    version-1 file that the restore can still migrate."""
    import shutil

    from app.models.db import close_database, open_database
    from tests.places import DATA

    live = tmp_path / "caderneta.sqlite3"
    shutil.copyfile(DATA / "caderneta_v1.sqlite3", live)
    (tmp_path / "backups").mkdir()
    old = tmp_path / "backups" / "caderneta-2026-11-01-001-antes-da-versao-9.sqlite3"
    shutil.copyfile(DATA / "caderneta_v1.sqlite3", old)
    open_database(live, today=TODAY)  # migrated to today's schema; the copy stays at 1
    try:
        luana = Customer.get(Customer.name == "Luana Nascimento").id
        result = anonymize_customer(luana, NOW, erase_copies=True)
    finally:
        close_database()
    assert result.copies_erased == 1 and result.file_clean
    for path in (live, old):
        data = path.read_bytes()
        assert b"Luana Nascimento" not in data and b"+5531989193852" not in data
    assert check_integrity(old).ok
    conn = sqlite3.connect(old)
    try:
        assert conn.execute("SELECT MAX(version) FROM schema_version").fetchone() == (1,)
        names = dict(conn.execute("SELECT id, name FROM customer"))
        assert names[luana] == f"Cliente anonimizada nº {luana}" and len(names) == 20
        assert names[14] == "Luana Brandão"  # another Luana keeps her name
    finally:
        conn.close()


def test_what_an_import_left_in_her_record_is_erased_from_the_bytes(db, tmp_path):
    """An import puts what it could not use in her notes (a second phone, an e-mail that is
    not one, columns it does not know) and her balance in a "Saldo anterior" sale: after
    anonymising, none of it is in the file's or the -wal's bytes; the sale and its money stay."""
    from app.services.spreadsheets.import_columns import guess_mapping
    from app.services.spreadsheets.importer import preview_import, run_import
    from app.services.spreadsheets.spreadsheet_read import read_table

    sheet = tmp_path / "clientes.csv"
    sheet.write_text("Nome;Celular;CPF;E-mail;Instagram;Celular 2;Saldo;Vencimento\n"
                     "Joana Prado Lins;(11) 97777-1234;529.982.247-25;joana@;@joana.lins;"
                     "(21) 96666-5678;150,00;05/12/2026\n", encoding="utf-8")
    table = read_table(sheet)
    run_import(preview_import(table, guess_mapping(table.headers), TODAY))
    joana = Customer.get(Customer.name == "Joana Prado Lins")
    assert "@joana.lins" in joana.notes and "96666-5678" in joana.notes  # the leftovers
    record_payment(joana.id, open_balance_cents(joana.id), TODAY, "pix", TODAY)
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    leftovers_of_hers = ("Joana Prado Lins", "+5511977771234", "11977771234",
                         "(11) 97777-1234", "52998224725", "529.982.247-25", "@joana.lins",
                         "joana@", "96666-5678")
    assert any(t.encode() in database_path().read_bytes() for t in leftovers_of_hers)
    result = anonymize_customer(joana.id, NOW)
    assert result.file_clean
    for path in _files():
        data = path.read_bytes() if path.exists() else b""
        assert [t for t in leftovers_of_hers if t.encode() in data] == [], path
    sale = Sale.get(Sale.customer == joana.id)
    assert (sale.total_cents, sale.notes) == (15_000, "")
    assert open_balance_cents(joana.id) == 0


def test_on_windows_she_is_erased_from_the_copies_and_one_held_elsewhere_is_named(
        ana, monkeypatch):
    """Windows cannot replace a file a handle holds: nothing of the program may hold a copy
    while it is rewritten (played here on Linux), and a copy another program holds (a sync
    tool uploading it) is left whole and named with the reason, not "pasta não aceita"."""
    from tests.windows_files import play_windows_file_sharing

    cid, _ = ana
    db_path = database_path()
    free = backup_database(db_path, "diario", TODAY - timedelta(days=1))
    held = backup_database(db_path, "manual", TODAY)
    original = held.read_bytes()
    refused = play_windows_file_sharing(monkeypatch)
    with held.open("rb"):  # the sync tool, uploading it
        result = anonymize_customer(cid, NOW, erase_copies=True)
    assert result.copies_erased == 1 and _found(free) == [] and refused == [str(held)]
    assert list(result.copies_failed) == [(held, "outro programa está usando a cópia")]
    assert held.read_bytes() == original and result.remaining.copies == (held,)
