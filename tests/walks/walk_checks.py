"""Invariants a caderneta must keep on every day, checked straight from the database rows.

Used by the date walks (tests/test_walk_*.py). Each check recomputes a figure the plain way,
from the installment / payment / allocation rows, and compares it with what the services
show the reseller. Money is integer centavos throughout. Lateness is read here on its own
(``late_days``): a due date on a weekend or national holiday may be paid on the next business
day without being late (DESIGN.md "Weekends and holidays").
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from app.models.db import database
from app.services.br.holidays import holiday_name
from app.services.br.pix import parse_payload
from app.services.collection.cadence import DEFAULT_STAGES, stage_for
from app.services.collection.dashboard import dashboard, delinquency_by_month
from app.services.collection.overdue import bucket_of, overdue_report
from app.services.core.dates import add_months
from app.services.core.money import format_brl
from app.services.negotiation.agreements import AgreementStatus, broken_agreements, list_agreements
from app.services.people.customers import credit_cents
from app.services.people.standing import standing_all
from app.services.receivables.asked import asked_today
from app.services.receivables.fees import late_fee_cents, late_interest_cents
from app.services.receivables.statement import customer_detail
from app.services.receivables.stored_checks import stale_installments

LEGAL_MULTA_BP = 200  # CDC art. 52 §1
LEGAL_JUROS_BP = 100  # 1% a month (Lei de Usura / CC art. 406), pro rata per day


def grace(due: date) -> date:
    """The last day she can pay on time: the first Monday-to-Friday on or after ``due`` that
    is not a national holiday."""
    while due.weekday() >= 5 or holiday_name(due):
        due += timedelta(days=1)
    return due


def late_days(due: date, day: date) -> int:
    """Days late on ``day`` (0 when on time), counted from the grace date."""
    return max((day - grace(due)).days, 0)


def from_due(due: date, day: date) -> int:
    """The régua's days from due: negative before it, 0 up to the grace date, then late."""
    return (day - due).days if day <= due else late_days(due, day)


@dataclass(frozen=True)
class Snapshot:
    """Every row the checks need, read once per day with plain SQL."""

    installments: list[tuple]  # id, customer, sale date, due, amount, paid, paid date, reneg.
    payments: list[tuple]  # id, customer, date, amount, kind, fee (valid ones only)
    allocations: list[tuple]  # payment id, installment id, centavos (valid payments)
    discounts: list[tuple]  # payment id, installment id, centavos (valid payments)
    sales: list[tuple]  # customer, total
    agreements: list[tuple]  # customer, total, principal (not undone)
    returns: list[tuple] = field(default_factory=list)  # customer, value − credit − refund


def snapshot() -> Snapshot:
    def rows(sql: str) -> list[tuple]:
        return database.execute_sql(sql).fetchall()

    def day(text):
        return date.fromisoformat(text) if text else None

    insts = [(i, c, day(sd), day(d), a, p, day(pd), bool(r)) for i, c, sd, d, a, p, pd, r in rows(
        "SELECT i.id, i.customer_id, s.sale_date, i.due_date, i.amount_cents, i.paid_cents, "
        "i.paid_date, i.renegotiated FROM installment i JOIN sale s ON s.id = i.sale_id")]
    valid = "JOIN payment p ON p.id = x.payment_id WHERE p.reversed_at IS NULL"
    return Snapshot(
        insts,
        [(i, c, day(d), a, k, f) for i, c, d, a, k, f in rows(
            "SELECT id, customer_id, payment_date, amount_cents, kind, fee_cents FROM payment "
            "WHERE reversed_at IS NULL")],
        rows(f"SELECT x.payment_id, x.installment_id, x.amount_cents FROM allocation x {valid}"),
        rows("SELECT x.payment_id, x.installment_id, x.percent_cents + x.interest_cents "
             f"FROM payment_discount x {valid}"),
        rows("SELECT customer_id, total_cents FROM sale"),
        rows("SELECT customer_id, total_cents, principal_cents FROM agreement "
             "WHERE undone_on IS NULL"),
        rows("SELECT customer_id, value_cents - credit_cents - refund_cents FROM sale_return"))


def check_money(snap: Snapshot, customer_id: int, today: date) -> None:
    """Sales (+ what agreements added, − what returns took off the carnê) = entradas +
    installments; installments = paid + open; money received + discounts granted = paid on
    installments + credit; all integers. An installment a return took down to zero
    (cancelada) has nothing paid and no paid date."""
    insts = [i for i in snap.installments if i[1] == customer_id]
    payments = [p for p in snap.payments if p[1] == customer_id]
    figures = [x for i in insts for x in i[4:6]] + [p[3] for p in payments]
    figures += [s[1] for s in snap.sales if s[0] == customer_id]
    assert all(type(x) is int for x in figures), "money must be integer centavos"
    for iid, _, _, _, amount, paid, paid_date, _ in insts:
        assert 0 <= paid <= amount, f"installment {iid} paid out of range"
        assert (paid_date is not None) == (paid == amount > 0), (
            f"installment {iid}: paid date must be set exactly when fully paid")
    downs = sum(p[3] for p in payments if p[4] == "down_payment")
    owed = sum(i[5] if i[7] else i[4] for i in insts) + downs
    sold = (sum(s[1] for s in snap.sales if s[0] == customer_id)
            + sum(a[1] - a[2] for a in snap.agreements if a[0] == customer_id)
            - sum(r[1] for r in snap.returns if r[0] == customer_id))
    assert owed == sold, f"customer {customer_id} on {today}: owed {owed} != sold {sold}"
    mine = {p[0] for p in payments}
    received = sum(p[3] for p in payments if p[4] == "payment")
    discounts = sum(d[2] for d in snap.discounts if d[0] in mine)
    credit = credit_cents(customer_id)
    assert credit >= 0, f"customer {customer_id} has negative credit {credit}"
    paid = sum(i[5] for i in insts)
    assert received + discounts == paid + credit, (
        f"customer {customer_id} on {today}: received {received} + discounts {discounts} "
        f"!= paid {paid} + credit {credit}")
    open_now = [i for i in insts if not i[7] and i[5] < i[4] and i[2] <= today]
    assert not (credit and open_now), f"customer {customer_id} holds credit beside open debt"
    settled = {i[0] for i in insts if i[5] == i[4]}
    for pid, iid, _ in snap.discounts:  # an early discount is earned by settling, only
        assert pid not in mine or iid in settled, f"discount on open installment {iid}"
    allocated: dict[int, int] = defaultdict(int)
    for pid, iid, cents in snap.allocations + snap.discounts:
        if pid in mine:
            allocated[iid] += cents
    for i in insts:  # each installment's paid part is exactly its allocations + discounts
        assert allocated[i[0]] == i[5], f"installment {i[0]}: paid {i[5]}, allocated " \
                                        f"{allocated[i[0]]}"


def check_fees(snap: Snapshot, settings) -> None:
    """Fees of each payment: at most multa + juros on the principal it paid late, as of its
    date; never on a part paid on time; never above 2% + 1% a month."""
    due = {i[0]: i[3] for i in snap.installments}
    bound: dict[int, int] = defaultdict(int)
    legal: dict[int, int] = defaultdict(int)
    when = {p[0]: p[2] for p in snap.payments}
    pieces: dict[int, int] = defaultdict(int)
    for pid, iid, cents in snap.allocations:
        days = late_days(due[iid], when[pid])
        if days > 0:
            if pieces[pid]:  # re-applied over one more installment: multa and juros are
                bound[pid] += 2  # rounded per installment, a centavo each either way
                legal[pid] += 2
            pieces[pid] += 1
            bound[pid] += (late_fee_cents(cents, settings.late_fee_bp, days)
                           + late_interest_cents(cents, settings.late_interest_bp, days))
            legal[pid] += (late_fee_cents(cents, LEGAL_MULTA_BP, days)
                           + late_interest_cents(cents, LEGAL_JUROS_BP, days))
    for pid, _, _, _, _, fee in snap.payments:
        assert 0 <= fee <= bound[pid], (
            f"payment {pid} charged {fee} of fees, the late principal allows {bound[pid]}")
        assert fee <= legal[pid], f"payment {pid}: fees above the legal limits"


def check_overdue(snap: Snapshot, today: date, settings) -> dict[int, int]:
    """Em atraso matches the rows; bands partition it by customer; one figure per customer (Em
    atraso = payment dialog). Returns customer id → total asked today (principal + fees)."""
    report = overdue_report(today, settings)
    late = defaultdict(list)
    for _, cid, _, due, amount, paid, _, reneg in snap.installments:
        if not reneg and paid < amount and late_days(due, today):
            late[cid].append((due, amount - paid))
    assert {r.customer_id for r in report.rows} == set(late), "Em atraso lists the wrong people"
    asked = {}
    for row in report.rows:
        items = late[row.customer_id]
        days = [late_days(due, today) for due, _ in items]
        assert row.principal_cents == sum(c for _, c in items)
        assert row.fee_cents == sum(late_fee_cents(c, settings.late_fee_bp, d)
                                    for (_, c), d in zip(items, days, strict=True))
        assert row.interest_cents == sum(late_interest_cents(c, settings.late_interest_bp, d)
                                         for (_, c), d in zip(items, days, strict=True))
        assert (row.late_count, row.days_late) == (len(items), max(days))
        assert row.bucket == bucket_of(max(days))
        late_asked = asked_today(row.customer_id, today, settings, lead_days=5).late
        assert sum(i.total_cents for i in late_asked) == row.total_cents, (
            "the amount asked (payment dialog, Pix) and Em atraso disagree")
        asked[row.customer_id] = row.total_cents
    buckets = report.buckets
    assert sum(b.customers for b in buckets) == len(report.rows)
    assert sum(b.installments for b in buckets) == sum(r.late_count for r in report.rows)
    for part in ("principal_cents", "fee_cents", "interest_cents", "total_cents"):
        assert sum(getattr(b, part) for b in buckets) == getattr(report, part), part
    for n, b in enumerate(buckets):  # a band holds its customers (by their most late one)
        inside = [items for items in late.values()
                  if bucket_of(max(late_days(d, today) for d, _ in items)) == b.label]
        assert b.customers == len(inside) and b.installments == sum(map(len, inside))
        assert b.principal_cents == sum(c for items in inside for _, c in items), (
            f"band {n} holds the wrong customers")
    return asked


def expected_standing(snap: Snapshot, customer_id: int, today: date) -> tuple[str, int]:
    """(code, late episodes) by the standing rules, from the rows: the window is the days
    after the same day 12 months ago up to today, for every count; 3+ episodes or 60+ days →
    recorrente; late now → atrasada; 0 late and 3+ paid → pontual; else em dia."""
    start = add_months(today, -12)
    episodes, max_days, paid, oldest_open = set(), 0, 0, None
    for _, cid, _, due, amount, paid_cents, paid_date, reneg in snap.installments:
        if cid != customer_id:
            continue
        if paid_date and start < paid_date <= today:
            paid += 1
        if paid_date and late_days(due, paid_date) and start < paid_date <= today:
            episodes.add(due)
            max_days = max(max_days, late_days(due, paid_date))
        if not reneg and paid_cents < amount and late_days(due, today):
            episodes.add(due)
            max_days = max(max_days, late_days(due, today))
            oldest_open = min(oldest_open or due, due)
        if reneg and start < due and late_days(due, today):
            episodes.add(due)
    if len(episodes) >= 3 or max_days >= 60:
        return "recorrente", len(episodes)
    if oldest_open is not None:
        return "atrasada", len(episodes)
    return ("pontual" if not episodes and paid >= 3 else "em_dia"), len(episodes)


def check_standings(snap: Snapshot, today: date) -> dict[int, str]:
    """Every customer's badge equals the rules applied to her rows; returns id → code."""
    shown = standing_all(today)
    codes = {}
    for cid in {i[1] for i in snap.installments}:
        code, episodes = expected_standing(snap, cid, today)
        got = shown.get(cid)
        got_code = got.code if got else "em_dia"
        assert got_code == code, f"customer {cid} on {today}: badge {got_code}, rules {code}"
        assert (got.late_episodes if got else 0) == episodes, (
            f"customer {cid} on {today}: {got} but {episodes} late episodes by the rules")
        codes[cid] = code
    return codes


def check_agreements(today: date) -> dict[int, AgreementStatus]:
    """Each agreement is broken exactly when one of its installments is open past its due
    date; Em atraso / Cobranças flag exactly those customers."""
    statuses, broken_customers = {}, set()
    for row in list_agreements(today, include_undone=True):
        own = database.execute_sql(
            "SELECT due_date, amount_cents, paid_cents, renegotiated FROM installment "
            "WHERE agreement_id = ?", (row.id,)).fetchall()
        late = [d for d, amount, paid, reneg in own
                if not reneg and paid < amount and late_days(date.fromisoformat(d), today)]
        if row.status is not AgreementStatus.UNDONE:
            assert (row.status is AgreementStatus.BROKEN) == bool(late), (
                f"agreement {row.id} on {today}: status {row.status}, late {len(late)}")
            if all(paid == amount for _, amount, paid, _ in own):
                assert row.status is AgreementStatus.COMPLETED
        statuses[row.id] = row.status
        if row.status is AgreementStatus.BROKEN:
            broken_customers.add(row.customer_id)
    assert set(broken_agreements(today)) == broken_customers
    return statuses


def check_one_set_owed() -> None:
    """Never two sets of installments owed for one debt (issue 19): a replaced installment
    points at an agreement that stands; an installment that is not replaced points at none;
    an agreement that stands has its own installments, an undone one has none."""
    def rows(sql: str) -> list[tuple]:
        return database.execute_sql(sql).fetchall()

    assert not rows("SELECT i.id FROM installment i LEFT JOIN agreement a "
                    "ON a.id = i.renegotiated_in_id WHERE i.renegotiated = 1 "
                    "AND (a.id IS NULL OR a.undone_on IS NOT NULL)"), (
        "an installment replaced by an agreement that does not stand is owed by nobody")
    assert not rows("SELECT id FROM installment WHERE renegotiated = 0 "
                    "AND renegotiated_in_id IS NOT NULL"), "an installment half replaced"
    assert not rows("SELECT i.id FROM installment i JOIN agreement a ON a.id = i.agreement_id "
                    "WHERE a.undone_on IS NOT NULL"), "an undone agreement is still owed"
    assert not rows("SELECT a.id FROM agreement a WHERE a.undone_on IS NULL AND NOT EXISTS "
                    "(SELECT 1 FROM installment i WHERE i.agreement_id = a.id)"), (
        "an agreement that stands lost its installments")
    assert not rows("SELECT x.id FROM allocation x LEFT JOIN installment i "
                    "ON i.id = x.installment_id WHERE i.id IS NULL"), "allocation to nothing"


def check_stored() -> None:
    """What each installment stores of its history (``last_paid_on``, ``reminded_offset``,
    schema v16) equals what its payments and reminders say: recomputed from the rows."""
    assert stale_installments() == {}, f"stored values out of step: {stale_installments()}"


def check_worklist(snap: Snapshot, worklist, today: date, asked: dict[int, int],
                   floors: dict[int, int]) -> None:
    """Cobranças de hoje: each customer once, only who owes, never reminded twice in a day,
    never a gentler stage for an installment already reminded, and the message, its Pix
    code and Em atraso ask the same amount."""
    seen = set()
    due = {i[0]: i[3] for i in snap.installments}
    when = {p[0]: p[2] for p in snap.payments if p[4] == "payment"}
    paid_floor: dict[int, int] = {}  # a payment removes her until the next stage
    for pid, iid, _ in snap.allocations:
        if pid in when and (stage := stage_for(DEFAULT_STAGES, from_due(due[iid], when[pid]))):
            paid_floor[iid] = max(paid_floor.get(iid, -99), stage.offset)
    for e in worklist.entries:
        assert e.customer_id not in seen, f"{e.name} appears twice on {today}"
        seen.add(e.customer_id)
        owed = {i[0] for i in snap.installments if i[1] == e.customer_id and not i[7]
                and i[5] < i[4]}
        assert e.installment_ids and set(e.installment_ids) <= owed, (
            f"{e.name} listed for what she does not owe")
        for iid in e.installment_ids:
            assert e.stage.offset >= floors.get(iid, -99), (
                f"{e.name} on {today}: installment {iid} back to a gentler stage")
        told = [max(floors.get(iid, -99), paid_floor.get(iid, -99)) for iid in e.installment_ids]
        assert e.broken_promise or min(told) < e.stage.offset, (
            f"{e.name} on {today}: nothing new since her last reminder or payment")
        assert e.total_cents > 0 and all(type(c) is int for _, c in e.items)
        if e.pix_code:
            assert parse_payload(e.pix_code).amount_cents == e.pix_cents
        if e.pix_cents != e.total_cents:  # paying today earns the early discount: it says so
            assert e.pix_cents < e.total_cents and f"fica {format_brl(e.pix_cents)}" in e.message
        each = all(format_brl(cents) in e.message for _, cents in e.items)
        assert each or format_brl(e.total_cents) in e.message, f"amount missing: {e.message}"
        late_part = sum(c for due, c in e.items if late_days(due, today))
        assert late_part == asked.get(e.customer_id, 0), (
            f"{e.name} on {today}: message asks {late_part} for what is late, "
            f"Em atraso {asked.get(e.customer_id, 0)}")


def check_painel(snap: Snapshot, today: date, asked: dict[int, int]) -> None:
    """The Painel's figures and its delinquency trend, recomputed from the rows: unpaid at a
    month's end = due by then minus what valid payments dated by then paid (allocations and
    their early discounts); the current month is cut at today (due before today)."""
    figures = dashboard(today)
    open_ = [(i[1], i[3], i[4] - i[5]) for i in snap.installments if not i[7] and i[5] < i[4]]
    assert figures.receivable_cents == sum(c for _, _, c in open_)
    assert figures.overdue_cents == sum(c for _, due, c in open_ if late_days(due, today))
    assert figures.overdue_customers == len(asked)
    assert figures.due_today_cents == sum(c for _, due, c in open_
                                          if due <= today and not late_days(due, today))
    first = today.replace(day=1)
    assert figures.received_month_cents == sum(
        p[3] + p[5] for p in snap.payments if p[4] != "credit_use" and first <= p[2] <= today)
    paid_on = {p[0]: p[2] for p in snap.payments}
    settled = defaultdict(list)  # installment → [(date, centavos)] of allocations + discounts
    for pid, iid, cents in snap.allocations + snap.discounts:
        if pid in paid_on:
            settled[iid].append((paid_on[pid], cents))
    trend = delinquency_by_month(today)
    for n, month in enumerate(trend):
        cut = month.cut
        current = n == len(trend) - 1
        # late on the cut (today) or, for a past month, on the next month's 1st (grace)
        late_on = cut if current else cut + timedelta(days=1)
        due = [i for i in snap.installments if not i[7] and late_days(i[3], late_on)]
        unpaid = sum(i[4] - sum(c for day, c in settled[i[0]] if day <= cut) for i in due)
        assert (month.due_cents, month.overdue_cents) == (sum(i[4] for i in due), unpaid), (
            f"delinquency of {month.label} on {today}")


def check_customer_page(snap: Snapshot, customer_id: int, today: date,
                        asked: dict[int, int]) -> None:
    """Her page's totals: balance = open principal, em atraso = Em atraso's principal, credit;
    each installment's open amount and status from its row."""
    detail = customer_detail(customer_id, today)
    rows = {i[0]: i for i in snap.installments if i[1] == customer_id}
    open_ = [i for i in rows.values() if not i[7] and i[5] < i[4]]
    assert detail.balance_cents == sum(i[4] - i[5] for i in open_)
    assert detail.overdue_cents == sum(i[4] - i[5] for i in open_ if late_days(i[3], today))
    assert (detail.overdue_cents > 0) == (customer_id in asked)
    assert detail.credit_cents == credit_cents(customer_id)
    for view in detail.installments:
        _, _, _, due, amount, paid, _, reneg = rows[view.id]
        assert view.open_cents == (0 if reneg else amount - paid)
        late = late_days(due, today)
        if view.open_cents and late > 0:
            assert view.state.days_late == late and "atraso" in view.state.label
        else:
            assert view.state.days_late <= 0
