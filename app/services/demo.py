"""Demo data: realistic Brazilian customers, fashion sales and payments over 18 months.

The normal mix looks like a real caderneta: most customers pay on time (Pontual / Em dia),
some are late now (Atrasada), a few are recurrent delinquents; partial payments happen only on
recent installments, and past reminders were already sent (contact history), so a normal day
has 5–20 reminders at 200 customers. ``harsh=True`` keeps the old, much later mix (about two
thirds recurrent, no contact history) that the benchmarks use as a worst case.

The sales sell pieces of a fashion catalogue with its stock history, and a few of them had a
piece returned or exchanged (``demo_pieces``, issue 22); ``harsh`` has the benchmarks' big
catalogue (5,000 pieces × 10 variants).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from app.models.db import database
from app.services.core.dates import add_months
from app.services.core.sql import OPEN
from app.services.core.text import fold
from app.services.demo_pieces import (
    Catalogue,
    demo_catalogue,
    demo_returns,
    pick_items,
    write_stock,
)
from app.services.receivables.installments import split_amount
from app.services.receivables.stored_checks import recompute_stored

FIRST = (
    "Ana Maria Juliana Fernanda Patrícia Aline Camila Bruna Amanda Letícia Larissa Gabriela "
    "Mariana Beatriz Luciana Vanessa Sandra Cláudia Adriana Simone Renata Daniela Débora Priscila "
    "Tatiane Jéssica Raquel Rosângela Márcia Cristiane Elaine Fabiana Luana Natália Sueli Vera "
    "Helena Alice Valentina Laura Isabela Sofia Lívia Joana Conceição Francisca Antônia Luzia "
    "Raimunda Glória Iracema Tereza Rita Carla Kelly Thaís Viviane Michele Sabrina Rafaela"
).split()
LAST = (
    "Silva Santos Oliveira Souza Rodrigues Ferreira Alves Pereira Lima Gomes Costa Ribeiro "
    "Martins Carvalho Almeida Lopes Soares Fernandes Vieira Barbosa Rocha Dias Nascimento "
    "Andrade Moreira Nunes Marques Machado Mendes Freitas Cardoso Ramos Gonçalves Santana "
    "Teixeira Araújo Cavalcanti Conceição Moura Batista D'Ávila Figueiredo Guimarães Brandão"
).split()
NEIGHBOURHOODS = ("Centro", "Vila Nova", "Jardim América", "Boa Vista", "São José", "Santa Rita",
                  "Parque das Flores", "Liberdade", "Bela Vista", "Cidade Alta")
CITIES = ("São Paulo", "Campinas", "Guarulhos", "Osasco", "Santo André", "Sorocaba")
DDDS = ("11", "11", "11", "19", "15", "13", "21", "31")
METHODS = ("pix", "pix", "pix", "cash", "cash", "debit_card", "credit_card", "transfer")


@dataclass(frozen=True)
class DemoSummary:
    customers: int
    sales: int
    installments: int
    payments: int
    pieces: int = 0  # pieces of the catalogue the demo created
    returns: int = 0  # returns and exchanges made on its sales


@dataclass
class _Rows:
    sales: list
    items: list
    installments: list
    payments: list
    allocations: list
    targets: list
    stock: list = field(default_factory=list)  # (item id, sale day, variant id, sob encomenda)


def _profile(rng: random.Random, harsh: bool = False) -> tuple[float, int]:
    """(probability an installment is paid late, typical days late) for one customer."""
    kind = rng.random()
    if harsh:
        if kind < 0.55:
            return 0.02, 2  # pontual
        return (0.2, 8) if kind < 0.85 else (0.6, 40)
    if kind < 0.62:
        return 0.0, 1  # pontual
    if kind < 0.86:
        return 0.03, 3  # em dia: rarely a few days late
    if kind < 0.96:
        return 0.12, 6  # atrasada às vezes
    return 0.6, 40  # inadimplente recorrente


def generate_demo(
    customers: int, today: date, seed: int = 7, progress: Callable[[int, int], None] | None = None,
    harsh: bool = False, pieces: int | None = None,
) -> DemoSummary:
    """Fill the open database with ``customers`` customers and 18 months of history.

    Everything is written in one transaction with bulk inserts; ``today`` anchors the dates.
    ``harsh`` makes most customers late (benchmarks' worst case; see the module docstring)
    and the catalogue big; ``pieces`` caps the number of catalogue pieces.
    """
    rng = random.Random(seed)
    shelf_rng = random.Random(f"{seed}-pieces")  # the catalogue's own: dates stay as they were
    conn = database.connection()
    with database.atomic():
        first_customer = _next_id(conn, "customer")
        catalogue = demo_catalogue(conn, shelf_rng, today, harsh, pieces)
        next_ids = {t: _next_id(conn, t) for t in ("sale", "installment", "payment",
                                                   "sale_item")}
        customer_rows = [_customer(rng, today) for _ in range(customers)]
        conn.executemany(
            "INSERT INTO customer (name, search_key, phone, birthday, address, neighbourhood, "
            "city, notes, credit_limit_cents, blocked, archived, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, 0, 0, ?)", customer_rows)
        _channels(conn, first_customer, customer_rows)
        rows = _Rows([], [], [], [], [], [])
        for n in range(customers):
            _history(rng, first_customer + n, today, rows, next_ids, (harsh, catalogue,
                                                                     shelf_rng))
            if progress and n % 500 == 0:
                progress(n, customers)
        _insert_history(conn, rows)
        write_stock(conn, shelf_rng, today, rows.stock)
        made = demo_returns(shelf_rng, today, [r[0] for r in rows.sales],
                            min(max(3, len(rows.sales) // 150), 12))
        if not harsh:
            _past_reminders(conn, rng, today)
        recompute_stored()  # the rows above went in bulk, past the ledger and the worklist
    if progress:
        progress(customers, customers)
    return DemoSummary(customers, len(rows.sales), len(rows.installments), len(rows.payments),
                       catalogue.pieces, made)


def _next_id(conn, table: str) -> int:
    return (conn.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()[0]) + 1


def _customer(rng: random.Random, today: date) -> tuple:
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    if rng.random() < 0.4:
        name = f"{name} {rng.choice(LAST)}"
    phone = None
    if rng.random() < 0.95:
        phone = f"+55{rng.choice(DDDS)}9{rng.randint(6, 9)}{rng.randint(0, 9_999_999):07d}"
    birthday = date(rng.randint(1960, 2004), rng.randint(1, 12), rng.randint(1, 28))
    address = f"Rua {rng.choice(LAST)}, {rng.randint(1, 2000)}"
    limit = rng.choice((None, None, 50_000, 100_000, 150_000))
    created = datetime.combine(today - timedelta(days=600), datetime.min.time()).isoformat(" ")
    return (name, fold(name), phone, birthday.isoformat(), address, rng.choice(NEIGHBOURHOODS),
            rng.choice(CITIES), limit, created)


def _channels(conn, first_id: int, customer_rows: list[tuple]) -> None:
    """issue 24: one customer in six has an e-mail (half of them prefer it), one in
    seventeen with a mobile prefers SMS, one in nineteen a call: picked by id, so the random
    sequence (and every other demo figure) stays as it was."""
    updates = []
    for n, row in enumerate(customer_rows):
        cid, key, phone = first_id + n, row[1], row[2]
        email = ".".join(key.replace("'", "").split()[:2]) + f"{cid}@exemplo.com.br" \
            if cid % 6 == 0 else ""
        channel = "email" if email and cid % 12 == 0 else ""
        if phone and not channel:
            channel = "sms" if cid % 17 == 0 else "phone" if cid % 19 == 0 else ""
        if email or channel:
            updates.append((email, channel, cid))
    conn.executemany("UPDATE customer SET email = ?, channel = ? WHERE id = ?", updates)


def _history(rng: random.Random, customer_id: int, today: date, rows: _Rows, ids: dict,
             shop: tuple[bool, Catalogue, random.Random]) -> None:
    harsh, catalogue, shelf_rng = shop
    late_p, late_days = _profile(rng, harsh)
    for _ in range(rng.randint(3, 9)):
        sale_day = today - timedelta(days=rng.randint(0, 540))
        picks = pick_items(shelf_rng, catalogue, rng.randint(1, 3))
        total = sum(line[2] for line in picks)
        sale_id = ids["sale"]
        ids["sale"] += 1
        count = rng.choice((1, 2, 3, 3, 4, 5, 6))
        down = rng.choice((0, 0, 0, total // 5))
        rows.sales.append((sale_id, customer_id, sale_day.isoformat(), total, down,
                           sale_day.isoformat()))
        for desc, label, price, vid, on_order in picks:
            item_id = ids["sale_item"]
            ids["sale_item"] += 1
            rows.items.append((item_id, sale_id, desc, label, price, vid, on_order))
            rows.stock.append((item_id, sale_day, vid, on_order))
        if down:
            rows.payments.append((ids["payment"], customer_id, sale_id, sale_day.isoformat(),
                                  down, "dinheiro", "down_payment"))
            ids["payment"] += 1
        first_due = add_months(sale_day, 1)
        for n, cents in enumerate(split_amount(total - down, count), 1):
            due = add_months(first_due, n - 1)
            _installment(rng, customer_id, sale_id, n, count, due, cents, today, rows, ids,
                         (late_p, late_days, harsh))


def _installment(rng, customer_id, sale_id, n, count, due, cents, today, rows, ids, profile):
    late_p, late_days, harsh = profile
    inst_id = ids["installment"]
    ids["installment"] += 1
    late = rng.random() < late_p
    pay_day = due + timedelta(days=rng.randint(1, late_days * 2) if late else -rng.randint(0, 5))
    paid = 0
    if pay_day <= today and not (late and late_days > 20 and rng.random() < 0.35):
        partial = rng.random() < 0.05 and (harsh or (today - due).days < 20)
        paid = cents // 2 if partial else cents  # she pays the rest later (recent ones only)
        pay_id = ids["payment"]
        ids["payment"] += 1
        rows.payments.append((pay_id, customer_id, None, pay_day.isoformat(), paid,
                              rng.choice(METHODS), "payment"))
        rows.allocations.append((pay_id, inst_id, paid))
        rows.targets.append((pay_id, inst_id))
    paid_date = pay_day.isoformat() if paid == cents else None
    rows.installments.append((inst_id, sale_id, customer_id, n, count, due.isoformat(), cents,
                              paid, paid_date))


def _insert_history(conn, rows: _Rows) -> None:
    conn.executemany(
        "INSERT INTO sale (id, customer_id, sale_date, total_cents, down_payment_cents, "
        "interval, notes, created_at) VALUES (?, ?, ?, ?, ?, 'monthly', '', ?)", rows.sales)
    conn.executemany(
        "INSERT INTO sale_item (id, sale_id, description, variant, quantity, unit_price_cents, "
        "piece_variant_id, on_order) VALUES (?, ?, ?, ?, 1, ?, ?, ?)", rows.items)
    conn.executemany(
        "INSERT INTO installment (id, sale_id, customer_id, number, count, due_date, "
        "amount_cents, paid_cents, paid_date, renegotiated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
        rows.installments)
    conn.executemany(
        "INSERT INTO payment (id, customer_id, sale_id, payment_date, amount_cents, method, kind, "
        "note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, '', datetime('now'))", rows.payments)
    conn.executemany(
        "INSERT INTO allocation (payment_id, installment_id, amount_cents) VALUES (?, ?, ?)",
        rows.allocations)
    # each demo payment was for one installment: ticked, so re-applying money keeps it there
    conn.executemany(
        "INSERT INTO payment_target (payment_id, installment_id, position) VALUES (?, ?, 0)",
        rows.targets)


def _past_reminders(conn, rng: random.Random, today: date) -> None:
    """The reminders she already sent before today, as a reseller who uses the app would:
    each open installment was listed at every stage it reached before today (one contact per
    customer, day and stage, with its ``reminder_item`` rows), so only stages reached today
    are left for Cobranças de hoje."""
    from app.services.collection.cadence import DEFAULT_STAGES, lead_days
    from app.services.receivables.lateness import grace_date

    horizon = today + timedelta(days=lead_days(DEFAULT_STAGES))
    listed: dict[tuple[int, date, int, str], list[tuple[int, date]]] = {}
    for customer_id, inst_id, due_text in conn.execute(
            f"SELECT customer_id, id, due_date FROM installment WHERE {OPEN} "
            "AND due_date <= ? ORDER BY customer_id, due_date",
            (horizon.isoformat(),)).fetchall():
        due = date.fromisoformat(due_text)
        for stage in DEFAULT_STAGES:  # stages after the due date count from its grace date
            day = (grace_date(due) if stage.offset > 0 else due) + timedelta(days=stage.offset)
            if day < today:
                key = (customer_id, day, stage.offset, stage.name)
                listed.setdefault(key, []).append((inst_id, due))
    items = []
    for (customer_id, day, offset, name), insts in sorted(listed.items()):
        action = rng.choice(("whatsapp", "whatsapp", "copy"))
        contact_id = conn.execute(
            "INSERT INTO contact_log (customer_id, contact_date, action, channel, stage_offset, "
            "stage_name, group_due, text, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, '', '', "
            "?)", (customer_id, day.isoformat(), action,
                   "whatsapp" if action == "whatsapp" else "", offset, name,
                   insts[0][1].isoformat(), f"{day.isoformat()} 10:00:00")).lastrowid
        items.extend((contact_id, customer_id, inst_id, offset) for inst_id, _ in insts)
    conn.executemany(
        "INSERT INTO reminder_item (contact_id, customer_id, installment_id, stage_offset) "
        "VALUES (?, ?, ?, ?)", items)
