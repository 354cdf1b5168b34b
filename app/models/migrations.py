"""Schema versions: ordered migration steps, each atomic, with a backup copy first."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from peewee import SqliteDatabase

V1_TABLES = """
CREATE TABLE schema_version (
    id INTEGER PRIMARY KEY, version INTEGER NOT NULL, applied_at DATETIME NOT NULL);
CREATE TABLE setting (key VARCHAR(255) PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE customer (
    id INTEGER PRIMARY KEY, name VARCHAR(255) NOT NULL, search_key VARCHAR(255) NOT NULL,
    phone VARCHAR(255), cpf VARCHAR(255), birthday DATE,
    address VARCHAR(255) NOT NULL DEFAULT '', neighbourhood VARCHAR(255) NOT NULL DEFAULT '',
    city VARCHAR(255) NOT NULL DEFAULT '', notes TEXT NOT NULL DEFAULT '',
    credit_limit_cents INTEGER, blocked INTEGER NOT NULL DEFAULT 0,
    archived INTEGER NOT NULL DEFAULT 0, created_at DATETIME NOT NULL);
CREATE INDEX customer_search_key ON customer (search_key);
CREATE INDEX customer_phone ON customer (phone);
CREATE INDEX customer_cpf ON customer (cpf);
CREATE TABLE sale (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE RESTRICT,
    sale_date DATE NOT NULL, total_cents INTEGER NOT NULL,
    down_payment_cents INTEGER NOT NULL DEFAULT 0, interval VARCHAR(255) NOT NULL DEFAULT 'monthly',
    notes TEXT NOT NULL DEFAULT '', created_at DATETIME NOT NULL);
CREATE INDEX sale_customer_id ON sale (customer_id);
CREATE TABLE sale_item (
    id INTEGER PRIMARY KEY, sale_id INTEGER NOT NULL REFERENCES sale (id) ON DELETE CASCADE,
    description VARCHAR(255) NOT NULL, variant VARCHAR(255) NOT NULL DEFAULT '',
    quantity INTEGER NOT NULL DEFAULT 1, unit_price_cents INTEGER NOT NULL);
CREATE INDEX sale_item_sale_id ON sale_item (sale_id);
CREATE TABLE installment (
    id INTEGER PRIMARY KEY, sale_id INTEGER NOT NULL REFERENCES sale (id) ON DELETE RESTRICT,
    customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE RESTRICT,
    number INTEGER NOT NULL, count INTEGER NOT NULL, due_date DATE NOT NULL,
    amount_cents INTEGER NOT NULL, paid_cents INTEGER NOT NULL DEFAULT 0, paid_date DATE,
    renegotiated INTEGER NOT NULL DEFAULT 0);
CREATE INDEX installment_sale_id ON installment (sale_id);
CREATE INDEX installment_customer_due ON installment (customer_id, due_date);
CREATE INDEX installment_open_due ON installment (due_date, customer_id)
    WHERE paid_cents < amount_cents AND renegotiated = 0;
CREATE TABLE payment (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE RESTRICT,
    sale_id INTEGER REFERENCES sale (id) ON DELETE RESTRICT,
    payment_date DATE NOT NULL, amount_cents INTEGER NOT NULL, method VARCHAR(255) NOT NULL,
    kind VARCHAR(255) NOT NULL DEFAULT 'payment', note TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL, reversed_at DATETIME, reversal_reason TEXT NOT NULL DEFAULT '');
CREATE INDEX payment_customer_id ON payment (customer_id, payment_date);
CREATE INDEX payment_sale_id ON payment (sale_id);
CREATE TABLE allocation (
    id INTEGER PRIMARY KEY,
    payment_id INTEGER NOT NULL REFERENCES payment (id) ON DELETE CASCADE,
    installment_id INTEGER NOT NULL REFERENCES installment (id) ON DELETE RESTRICT,
    amount_cents INTEGER NOT NULL);
CREATE INDEX allocation_payment_id ON allocation (payment_id);
CREATE INDEX allocation_installment_id ON allocation (installment_id);
"""


def _run_script(db: SqliteDatabase, script: str) -> None:
    for statement in script.split(";"):
        if statement.strip():
            db.execute_sql(statement)


def _v1_foundation(db: SqliteDatabase) -> None:
    _run_script(db, V1_TABLES)


V2_COLLECTION = """
CREATE TABLE contact_log (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    contact_date DATE NOT NULL, action VARCHAR(255) NOT NULL,
    channel VARCHAR(255) NOT NULL DEFAULT '', stage_offset INTEGER,
    stage_name VARCHAR(255) NOT NULL DEFAULT '', group_due DATE,
    text TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '', created_at DATETIME NOT NULL);
CREATE INDEX contact_log_customer_date ON contact_log (customer_id, contact_date);
CREATE INDEX contact_log_customer_group ON contact_log (customer_id, group_due, stage_offset);
CREATE TABLE payment_promise (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    created_on DATE NOT NULL, promised_date DATE NOT NULL, covers_due DATE NOT NULL,
    amount_cents INTEGER NOT NULL DEFAULT 0, note TEXT NOT NULL DEFAULT '',
    cancelled INTEGER NOT NULL DEFAULT 0, created_at DATETIME NOT NULL);
CREATE INDEX payment_promise_customer ON payment_promise (customer_id, promised_date);
CREATE INDEX installment_paid_late ON installment (customer_id, due_date, paid_date)
    WHERE paid_date > due_date;
CREATE INDEX installment_renegotiated ON installment (customer_id, due_date)
    WHERE renegotiated = 1;
CREATE INDEX installment_customer_paid ON installment (customer_id, paid_date);
"""


def _v2_collection(db: SqliteDatabase) -> None:
    _run_script(db, V2_COLLECTION)


def _v3_payment_fees(db: SqliteDatabase) -> None:
    """Multa and juros received with a payment, kept apart from the principal."""
    db.execute_sql("ALTER TABLE payment ADD COLUMN fee_cents INTEGER NOT NULL DEFAULT 0")


V4_CODES = """
UPDATE payment SET method = CASE method
    WHEN 'dinheiro' THEN 'cash' WHEN 'debito' THEN 'debit_card'
    WHEN 'credito_cartao' THEN 'credit_card' WHEN 'transferencia' THEN 'transfer'
    WHEN 'outro' THEN 'other' WHEN 'credito_cliente' THEN 'customer_credit' ELSE method END;
UPDATE contact_log SET channel = CASE channel
    WHEN 'telefone' THEN 'phone' WHEN 'pessoalmente' THEN 'in_person' ELSE channel END;
UPDATE sale SET interval = 'upfront' WHERE interval = 'avista';
CREATE INDEX installment_open_customer ON installment
    (customer_id, due_date, amount_cents, paid_cents)
    WHERE paid_cents < amount_cents AND renegotiated = 0
"""


def _v4_english_codes(db: SqliteDatabase) -> None:
    """Stored codes in one language: Portuguese payment methods, channels and the à vista
    interval become the English codes of ``app.services.core.codes``. Also a partial index on
    open installments by customer (the customer list and every per-customer balance read
    only the open ones: ~20% of the rows in a real notebook)."""
    _run_script(db, V4_CODES)


V5_LEDGER = """
CREATE TABLE payment_target (
    id INTEGER PRIMARY KEY,
    payment_id INTEGER NOT NULL REFERENCES payment (id) ON DELETE CASCADE,
    installment_id INTEGER NOT NULL REFERENCES installment (id) ON DELETE CASCADE,
    position INTEGER NOT NULL);
CREATE INDEX payment_target_payment ON payment_target (payment_id, position);
CREATE TABLE reminder_item (
    id INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contact_log (id) ON DELETE CASCADE,
    customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    installment_id INTEGER NOT NULL REFERENCES installment (id) ON DELETE CASCADE,
    stage_offset INTEGER NOT NULL);
CREATE INDEX reminder_item_customer ON reminder_item (customer_id, installment_id, stage_offset);
CREATE INDEX reminder_item_installment ON reminder_item (installment_id);
INSERT INTO payment_target (payment_id, installment_id, position)
SELECT a.payment_id, a.installment_id,
       (SELECT COUNT(*) FROM allocation b WHERE b.payment_id = a.payment_id AND b.id < a.id)
FROM allocation a JOIN payment p ON p.id = a.payment_id
WHERE p.kind = 'payment' AND p.reversed_at IS NULL;
INSERT INTO reminder_item (contact_id, customer_id, installment_id, stage_offset)
SELECT cl.id, cl.customer_id, i.id, cl.stage_offset
FROM contact_log cl JOIN installment i ON i.customer_id = cl.customer_id
WHERE cl.stage_offset IS NOT NULL AND cl.group_due IS NOT NULL
  AND i.due_date >= cl.group_due
  AND i.due_date <= CASE WHEN cl.stage_offset < 0
                         THEN date(cl.contact_date, printf('%+d days', -cl.stage_offset))
                         ELSE cl.contact_date END
"""


# Frozen copy of the v5 search folding (services.text may change; this step must not).
_V5_LETTERS = str.maketrans({
    "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ß": "ss", "ẞ": "SS",
    "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "TH", "ð": "d", "Ð": "D",
    "ı": "i", "ħ": "h", "Ħ": "H", "’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'",
    "ʹ": "'", "′": "'",
})


def _v5_fold(text: str) -> str:
    decomposed = unicodedata.normalize(
        "NFKD", unicodedata.normalize("NFKC", text or "").translate(_V5_LETTERS))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.casefold().split())


def _v5_ledger(db: SqliteDatabase) -> None:
    """Installments a payment was ticked for (kept for re-application after a reversal) and
    installments each reminder talked about (the régua never goes backwards for them).

    Payments recorded before v5 are remembered as ticked for the installments they paid, so
    re-applying money (after a new payment or a reversal) never moves old money between
    installments: the books a reseller had before upgrading stay as they were.
    Reminders logged before v5 are given the installments their message most likely listed:
    due from the group's date up to the contact day (up to the end of the lead before it).
    Search keys of names with letters like ø, ł or curly apostrophes are folded again."""
    _run_script(db, V5_LEDGER)
    rows = db.execute_sql("SELECT id, name, search_key FROM customer").fetchall()
    for cid, name, key in rows:
        if _v5_fold(name) != key:
            db.execute_sql("UPDATE customer SET search_key = ? WHERE id = ?",
                           (_v5_fold(name), cid))


V6_AGREEMENTS = """
CREATE TABLE agreement (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE RESTRICT,
    created_on DATE NOT NULL, principal_cents INTEGER NOT NULL,
    fees_cents INTEGER NOT NULL DEFAULT 0, discount_cents INTEGER NOT NULL DEFAULT 0,
    interest_cents INTEGER NOT NULL DEFAULT 0, down_payment_cents INTEGER NOT NULL DEFAULT 0,
    total_cents INTEGER NOT NULL, interval VARCHAR(255) NOT NULL DEFAULT 'monthly',
    text TEXT NOT NULL DEFAULT '', undone_on DATE, created_at DATETIME NOT NULL);
CREATE INDEX agreement_customer ON agreement (customer_id, created_on);
ALTER TABLE installment ADD COLUMN agreement_id INTEGER REFERENCES agreement (id);
ALTER TABLE installment ADD COLUMN renegotiated_in_id INTEGER REFERENCES agreement (id);
ALTER TABLE installment ADD COLUMN interest_cents INTEGER NOT NULL DEFAULT 0;
CREATE INDEX installment_agreement ON installment (agreement_id) WHERE agreement_id IS NOT NULL;
CREATE INDEX installment_renegotiated_in ON installment (renegotiated_in_id)
    WHERE renegotiated_in_id IS NOT NULL;
CREATE TABLE payment_discount (
    id INTEGER PRIMARY KEY,
    payment_id INTEGER NOT NULL REFERENCES payment (id) ON DELETE CASCADE,
    installment_id INTEGER NOT NULL REFERENCES installment (id) ON DELETE CASCADE,
    percent_cents INTEGER NOT NULL DEFAULT 0, interest_cents INTEGER NOT NULL DEFAULT 0);
CREATE INDEX payment_discount_payment ON payment_discount (payment_id);
ALTER TABLE sale ADD COLUMN discount_cents INTEGER NOT NULL DEFAULT 0;
"""


def _v6_agreements(db: SqliteDatabase) -> None:
    """Agreements (acordos), their installments and the renegotiated ones linked to them;
    early-payment discounts granted with a payment; the loyalty discount on sales."""
    _run_script(db, V6_AGREEMENTS)


V7_PRIVACY_LOG = """
CREATE TABLE privacy_log (
    id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, action VARCHAR(255) NOT NULL,
    happened_at DATETIME NOT NULL, note TEXT NOT NULL DEFAULT '');
CREATE INDEX privacy_log_customer ON privacy_log (customer_id);
"""


def _v7_privacy_log(db: SqliteDatabase) -> None:
    """LGPD requests (data exported, customer anonymised), kept without personal data."""
    _run_script(db, V7_PRIVACY_LOG)


V8_DUE_AMOUNT = """
CREATE INDEX installment_due_amount ON installment (due_date, amount_cents)
    WHERE renegotiated IS 0;
"""


def _v8_due_amount(db: SqliteDatabase) -> None:
    """issue 11: what fell due in a date range, read from the index alone (the Painel's
    monthly delinquency series and its rate card no longer read every installment). Written
    ``IS 0`` (same meaning: the column is never null) so that SQLite offers it only to the
    queries that say ``renegotiated IS 0``; the others keep their own partial indexes."""
    _run_script(db, V8_DUE_AMOUNT)


V9_PAYMENT_DAY = """
CREATE INDEX payment_day ON payment (payment_date, kind, amount_cents, fee_cents)
    WHERE reversed_at IS NULL;
"""


def _v9_payment_day(db: SqliteDatabase) -> None:
    """issue 8: the payments of a date range (the Painel's "recebido no mês", receipts by
    week) found by their date, from the index alone, instead of reading every payment ever
    made (at 20,000 customers, 370,000 rows read for a month's ~18,000). Partial on
    ``reversed_at IS NULL``: a reversed payment is never money received."""
    _run_script(db, V9_PAYMENT_DAY)


V10_CHANNELS = """
ALTER TABLE customer ADD COLUMN email VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE customer ADD COLUMN channel VARCHAR(255) NOT NULL DEFAULT ''
"""
# Frozen copy of what import wrote for an e-mail before v10 ("E-mail: ana@x.com", one line).
_V10_NOTE_LINE = re.compile(r"^E-mail: ([a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)+)$")


def _v10_channels(db: SqliteDatabase) -> None:
    """issue 24: her e-mail address and the channel she prefers ("" = automático).

    Imports before v10 kept an e-mail in her notes as the line ``E-mail: <address>``; the
    first such line of each customer moves to the new field (the address is not lost, it
    changes place), the others stay in the notes."""
    _run_script(db, V10_CHANNELS)
    rows = db.execute_sql(
        "SELECT id, notes FROM customer WHERE notes LIKE '%E-mail: %'").fetchall()
    for cid, notes in rows:
        lines = notes.split("\n")
        found = next((n for n, line in enumerate(lines) if _V10_NOTE_LINE.match(line)), None)
        if found is None:
            continue
        address = _V10_NOTE_LINE.match(lines.pop(found)).group(1)
        db.execute_sql("UPDATE customer SET email = ?, notes = ? WHERE id = ?",
                       (address, "\n".join(lines), cid))
V11_PIECES = """
CREATE TABLE piece (
    id INTEGER PRIMARY KEY, name VARCHAR(255) NOT NULL, search_key VARCHAR(255) NOT NULL,
    reference VARCHAR(255) NOT NULL DEFAULT '', price_cents INTEGER NOT NULL,
    cost_cents INTEGER, photo BLOB, notes TEXT NOT NULL DEFAULT '',
    low_stock INTEGER NOT NULL DEFAULT 1, archived INTEGER NOT NULL DEFAULT 0,
    created_at DATETIME NOT NULL);
CREATE INDEX piece_search_key ON piece (search_key);
CREATE UNIQUE INDEX piece_reference ON piece (reference) WHERE reference <> '';
CREATE TABLE piece_variant (
    id INTEGER PRIMARY KEY, piece_id INTEGER NOT NULL REFERENCES piece (id) ON DELETE CASCADE,
    size VARCHAR(255) NOT NULL DEFAULT '', colour VARCHAR(255) NOT NULL DEFAULT '',
    stock INTEGER NOT NULL DEFAULT 0 CHECK (stock >= 0),
    defective INTEGER NOT NULL DEFAULT 0 CHECK (defective >= 0),
    archived INTEGER NOT NULL DEFAULT 0);
CREATE UNIQUE INDEX piece_variant_grid ON piece_variant (piece_id, size, colour);
ALTER TABLE sale_item ADD COLUMN piece_variant_id INTEGER
    REFERENCES piece_variant (id) ON DELETE RESTRICT;
ALTER TABLE sale_item ADD COLUMN on_order INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sale_item ADD COLUMN added_on DATE;
CREATE INDEX sale_item_variant ON sale_item (piece_variant_id) WHERE piece_variant_id IS NOT NULL;
CREATE TABLE sale_return (
    id INTEGER PRIMARY KEY, sale_id INTEGER NOT NULL REFERENCES sale (id) ON DELETE RESTRICT,
    customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE RESTRICT,
    return_date DATE NOT NULL, reason TEXT NOT NULL DEFAULT '', value_cents INTEGER NOT NULL,
    added_cents INTEGER NOT NULL DEFAULT 0, installments_cents INTEGER NOT NULL DEFAULT 0,
    paid_now_cents INTEGER NOT NULL DEFAULT 0, credit_cents INTEGER NOT NULL DEFAULT 0,
    refund_cents INTEGER NOT NULL DEFAULT 0, refund_method VARCHAR(255) NOT NULL DEFAULT '',
    withdrawal INTEGER NOT NULL DEFAULT 0,
    payment_id INTEGER REFERENCES payment (id) ON DELETE RESTRICT, created_at DATETIME NOT NULL);
CREATE INDEX sale_return_sale ON sale_return (sale_id);
CREATE INDEX sale_return_customer ON sale_return (customer_id, return_date);
CREATE TABLE sale_return_item (
    id INTEGER PRIMARY KEY,
    sale_return_id INTEGER NOT NULL REFERENCES sale_return (id) ON DELETE CASCADE,
    sale_item_id INTEGER NOT NULL REFERENCES sale_item (id) ON DELETE RESTRICT,
    quantity INTEGER NOT NULL CHECK (quantity > 0), defective INTEGER NOT NULL DEFAULT 0,
    value_cents INTEGER NOT NULL);
CREATE INDEX sale_return_item_return ON sale_return_item (sale_return_id);
CREATE INDEX sale_return_item_item ON sale_return_item (sale_item_id);
CREATE TABLE sale_return_installment (
    id INTEGER PRIMARY KEY,
    sale_return_id INTEGER NOT NULL REFERENCES sale_return (id) ON DELETE CASCADE,
    installment_id INTEGER NOT NULL REFERENCES installment (id) ON DELETE RESTRICT,
    cents INTEGER NOT NULL);
CREATE INDEX sale_return_installment_return ON sale_return_installment (sale_return_id);
CREATE TABLE stock_move (
    id INTEGER PRIMARY KEY,
    variant_id INTEGER NOT NULL REFERENCES piece_variant (id) ON DELETE RESTRICT,
    move_date DATE NOT NULL, kind VARCHAR(255) NOT NULL, quantity INTEGER NOT NULL,
    count_after INTEGER NOT NULL CHECK (count_after >= 0), unit_cost_cents INTEGER,
    sale_item_id INTEGER REFERENCES sale_item (id) ON DELETE RESTRICT,
    sale_return_id INTEGER REFERENCES sale_return (id) ON DELETE RESTRICT,
    note TEXT NOT NULL DEFAULT '', created_at DATETIME NOT NULL);
CREATE INDEX stock_move_variant ON stock_move (variant_id, id);
CREATE INDEX stock_move_day ON stock_move (move_date, kind);
"""


def _v11_pieces(db: SqliteDatabase) -> None:
    """issue 22: the catalogue (pieces and their size × colour grid with stock), every stock
    movement, sale items linked to a variant (or sold "sob encomenda"), and the returns and
    exchanges of a sale with what they did to each installment. Stock and movement counts
    can never go below zero (CHECK), whatever writes them."""
    _run_script(db, V11_PIECES)


def _v12_waived_fees(db: SqliteDatabase) -> None:
    """issue 18: the multa and juros a payment would have carried and the reseller waived,
    kept by the payment service itself (``payments.record_payment``), whoever calls it."""
    db.execute_sql(
        "ALTER TABLE payment ADD COLUMN waived_fee_cents INTEGER NOT NULL DEFAULT 0")


V13_OPEN_COVERING = """
DROP INDEX installment_open_customer;
CREATE INDEX installment_open_customer ON installment
    (customer_id, due_date, amount_cents, paid_cents, renegotiated)
    WHERE paid_cents < amount_cents AND renegotiated = 0
"""


def _v13_open_covering(db: SqliteDatabase) -> None:
    """issue 18: the open-installment index of v4 rebuilt (same name) with ``renegotiated``
    among its columns. Every query that reads it says ``renegotiated = 0`` (so that SQLite
    picks the partial index) and SQLite then checks that column again: without it in the
    index, each open installment was also read from the table. Em atraso, Cobranças de hoje,
    the Painel and the standing now read only the index (at 20,000 customers, ~25% less
    work for the open installments)."""
    _run_script(db, V13_OPEN_COVERING)


V14_PIECE_SEARCH = """
CREATE INDEX piece_variant_size ON piece_variant (size COLLATE NOCASE);
CREATE INDEX piece_name ON piece (name, archived, search_key, reference);
"""


def _v14_piece_search(db: SqliteDatabase) -> None:
    """issue 22: the catalogue search at every keystroke (``catalog.search_variants``) walks
    the pieces in name order from an index that holds what it reads (covering: a rare word
    reads the index alone) and stops once it has enough, instead of sorting every piece
    that matches; and "is this word a size of the pieces found?" is a look-up
    by size, instead of reading the sizes of every variant (50,000 in a big catalogue)."""
    _run_script(db, V14_PIECE_SEARCH)


V15_CONDITIONAL = """
CREATE TABLE conditional (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE RESTRICT,
    sent_on DATE NOT NULL, return_by DATE NOT NULL, note TEXT NOT NULL DEFAULT '',
    closed_on DATE, created_at DATETIME NOT NULL);
CREATE INDEX conditional_customer ON conditional (customer_id, sent_on);
CREATE INDEX conditional_open ON conditional (return_by, customer_id) WHERE closed_on IS NULL;
CREATE TABLE conditional_item (
    id INTEGER PRIMARY KEY,
    conditional_id INTEGER NOT NULL REFERENCES conditional (id) ON DELETE CASCADE,
    variant_id INTEGER NOT NULL REFERENCES piece_variant (id) ON DELETE RESTRICT,
    description VARCHAR(255) NOT NULL, variant_label VARCHAR(255) NOT NULL DEFAULT '',
    quantity INTEGER NOT NULL CHECK (quantity > 0), unit_price_cents INTEGER NOT NULL,
    returned INTEGER NOT NULL DEFAULT 0 CHECK (returned >= 0),
    kept INTEGER NOT NULL DEFAULT 0 CHECK (kept >= 0),
    CHECK (returned + kept <= quantity));
CREATE INDEX conditional_item_conditional ON conditional_item (conditional_id);
CREATE INDEX conditional_item_variant ON conditional_item (variant_id);
CREATE TABLE conditional_settlement (
    id INTEGER PRIMARY KEY,
    conditional_id INTEGER NOT NULL REFERENCES conditional (id) ON DELETE CASCADE,
    settle_date DATE NOT NULL, sale_id INTEGER REFERENCES sale (id) ON DELETE RESTRICT,
    kept_cents INTEGER NOT NULL DEFAULT 0, undone_on DATE, created_at DATETIME NOT NULL);
CREATE INDEX conditional_settlement_conditional ON conditional_settlement (conditional_id);
CREATE INDEX conditional_settlement_sale ON conditional_settlement (sale_id)
    WHERE sale_id IS NOT NULL;
CREATE TABLE conditional_settlement_item (
    id INTEGER PRIMARY KEY,
    settlement_id INTEGER NOT NULL REFERENCES conditional_settlement (id) ON DELETE CASCADE,
    item_id INTEGER NOT NULL REFERENCES conditional_item (id) ON DELETE CASCADE,
    returned INTEGER NOT NULL DEFAULT 0 CHECK (returned >= 0),
    kept INTEGER NOT NULL DEFAULT 0 CHECK (kept >= 0));
CREATE INDEX conditional_settlement_item_settlement ON conditional_settlement_item (settlement_id);
CREATE TABLE conditional_reminder (
    id INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contact_log (id) ON DELETE CASCADE,
    conditional_id INTEGER NOT NULL REFERENCES conditional (id) ON DELETE CASCADE,
    stage_offset INTEGER NOT NULL);
CREATE INDEX conditional_reminder_conditional ON conditional_reminder (conditional_id);
CREATE INDEX conditional_reminder_contact ON conditional_reminder (contact_id);
ALTER TABLE piece_variant ADD COLUMN in_conditional INTEGER NOT NULL DEFAULT 0
    CHECK (in_conditional >= 0);
ALTER TABLE stock_move ADD COLUMN conditional_id INTEGER
    REFERENCES conditional (id) ON DELETE RESTRICT;
CREATE INDEX stock_move_conditional ON stock_move (conditional_id)
    WHERE conditional_id IS NOT NULL;
"""


def _v15_conditional(db: SqliteDatabase) -> None:
    """issue 23: the condicional (malinha) — pieces lent on approval with a return date, each
    acerto (what came back, what she kept and the sale it made), the reminders that named a
    malinha, the pieces of a variant that are out in malinhas (never below zero) and the
    malinha a stock movement belongs to."""
    _run_script(db, V15_CONDITIONAL)


V16_TOLD = """
ALTER TABLE installment ADD COLUMN last_paid_on DATE;
ALTER TABLE installment ADD COLUMN reminded_offset INTEGER;
UPDATE installment SET
    last_paid_on = (SELECT MAX(p.payment_date) FROM allocation a
                    JOIN payment p ON p.id = a.payment_id
                    WHERE a.installment_id = installment.id AND p.kind = 'payment'
                      AND p.reversed_at IS NULL),
    reminded_offset = (SELECT MAX(r.stage_offset) FROM reminder_item r
                       WHERE r.installment_id = installment.id);
DROP INDEX installment_open_customer;
CREATE INDEX installment_open_customer ON installment
    (customer_id, due_date, amount_cents, paid_cents, renegotiated, last_paid_on,
     reminded_offset)
    WHERE paid_cents < amount_cents AND renegotiated = 0
"""


def _v16_told(db: SqliteDatabase) -> None:
    """issue 18: what each installment was already told, stored beside it. ``last_paid_on``
    is the date of the latest valid payment (not a credit use, not reversed) that paid part
    of it, and ``reminded_offset`` the most advanced stage of a reminder that listed it:
    Cobranças de hoje read both per open installment through two lookups (allocations and
    payments, reminder items). Filled here from those rows; from now on the ledger
    (``settle``) and the worklist (``_remember``, ``undo_contact``) keep them in the same
    transaction, and ``receivables.stored_checks`` recomputes them. The open-installment
    index carries both, so the worklist reads only the index."""
    _run_script(db, V16_TOLD)


V17_PIECE_TOTALS = """
CREATE INDEX piece_variant_totals
    ON piece_variant (piece_id, archived, stock, defective, in_conditional);
"""


def _v17_piece_totals(db: SqliteDatabase) -> None:
    """issue 22: the Peças page sums each piece's cells (on the shelf, with a defect, in
    malinhas; how many are empty or low) in one grouped query. With an index holding what it
    sums, SQLite reads the index alone instead of each of the 50,000 rows of a big catalogue
    (measured 172 → 109 ms, minimum of 7, on 5,000 pieces × 10 under load 5)."""
    _run_script(db, V17_PIECE_TOTALS)


# Ordered steps: (version reached, function). Never edit a published step; add a new one.
MIGRATIONS: list[tuple[int, Callable[[SqliteDatabase], None]]] = [
    (1, _v1_foundation),
    (2, _v2_collection),
    (3, _v3_payment_fees),
    (4, _v4_english_codes),
    (5, _v5_ledger),
    (6, _v6_agreements),
    (7, _v7_privacy_log),
    (8, _v8_due_amount),
    (9, _v9_payment_day),
    (10, _v10_channels),
    (11, _v11_pieces),
    (12, _v12_waived_fees),
    (13, _v13_open_covering),
    (14, _v14_piece_search),
    (15, _v15_conditional),
    (16, _v16_told),
    (17, _v17_piece_totals),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


def current_version(db: SqliteDatabase) -> int:
    """The schema version stored in ``db`` (0 for an empty file)."""
    if "schema_version" not in db.get_tables():
        return 0
    row = db.execute_sql("SELECT MAX(version) FROM schema_version").fetchone()
    return row[0] or 0


def migrate_database(
    db: SqliteDatabase,
    path: Path,
    *,
    before_migrating: Callable[[Path, int], None] | None = None,
    now: datetime,
) -> int:
    """Apply every pending step in order, each in one transaction; return the final version.

    For an existing database, ``before_migrating(path, target_version)`` runs before the
    first step (the services pass a backup copy there). A file newer than this program is
    refused (its data would be misread). ``now`` stamps ``applied_at`` (local time).
    """
    version = current_version(db)
    if version > SCHEMA_VERSION:
        raise RuntimeError(
            f"Este arquivo foi criado por uma versão mais nova do Caderneta (esquema {version}). "
            "Atualize o programa para abri-lo."
        )
    pending = [(v, step) for v, step in MIGRATIONS if v > version]
    if pending and version > 0 and before_migrating is not None:
        before_migrating(path, pending[-1][0])
    for target, step in pending:
        with db.atomic():
            step(db)
            db.execute_sql(
                "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                (target, now.isoformat(sep=" ")),
            )
    return max(version, SCHEMA_VERSION)
