"""Exporting her data to xlsx: clientes, vendas, parcelas, pagamentos, atrasos, devoluções,
peças, tudo.

Rules:
- The customers sheet has exactly the columns import reads (Nome, Telefone, CPF, Nascimento,
  Endereço, Bairro, Cidade, Saldo, Vencimento, Limite de crédito, Observações, E-mail,
  Canal), so exporting and importing into an empty caderneta gives the same customers and
  the same balances back. Canal is the channel she chose, in words ("E-mail", "Ligação"),
  empty for automático (issue 24: the two columns come last, the older ones keep their place).
  Saldo is what she owes minus her credit (negative = credit in her favour); Vencimento is the
  oldest open due date.
- Installments carry their status and days late on ``today``; the overdue sheet is the
  overdue report of that day (fees as in the settings). An agreement's installment has its
  agreement in "Acordo nº" and no sale (issue 19: it belongs to the agreement, not to the
  purchase it was attached to); one an agreement replaced reads "renegociada no acordo nº 5".
- A sale item says how many of it came back and, for an exchange's new piece, the day it
  joined the sale; "Devoluções" has one row per return or exchange: the pieces, their value,
  what it did to the installments, the credit, the cash paid back and how (issue 22).
- The pieces sheet (issue 22) has the columns the pieces import reads back
  (``piece_sheet``): one row per variant of every piece not archived, with its stock and
  the pieces kept aside "com defeito".
- Cells are real numbers and dates (``xlsx_writer``); rows stream from SQL cursors into a
  write-only workbook that spills into the app's own folder, is zipped into a temporary file
  beside the target, read back and renamed (``xlsx_writer.save_whole``), so a failed or
  cancelled export never leaves half a file, nor her customers' data in the system temp
  folder; a full disk is an ``OSError`` (``ENOSPC``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

from app.models.db import database
from app.services.br.phones import format_phone
from app.services.core.codes import PaymentKind, SaleKind, label, method_label
from app.services.core.progress import NO_PROGRESS, Progress
from app.services.core.sql import OPEN
from app.services.receivables.installments import (
    INTERVAL_LABELS,
    installment_label,
    installment_state,
)
from app.services.spreadsheets.piece_sheet import PIECE_COLS, PIECES_COUNT_SQL, piece_rows
from app.services.spreadsheets.xlsx_writer import (
    Col,
    Kind,
    discard,
    new_workbook,
    save_whole,
    write_sheet,
)

PROGRESS_EVERY = 1000


class ExportKind(StrEnum):
    CUSTOMERS = "clientes"
    SALES = "vendas"
    INSTALLMENTS = "parcelas"
    PAYMENTS = "pagamentos"
    OVERDUE = "atrasos"
    RETURNS = "devolucoes"  # issue 22
    PIECES = "pecas"
    ALL = "tudo"


KIND_LABELS = {
    ExportKind.CUSTOMERS: "Clientes", ExportKind.SALES: "Vendas", ExportKind.INSTALLMENTS:
    "Parcelas", ExportKind.PAYMENTS: "Pagamentos", ExportKind.OVERDUE: "Em atraso",
    ExportKind.RETURNS: "Devoluções", ExportKind.PIECES: "Peças", ExportKind.ALL: "Tudo",
}


@dataclass(frozen=True)
class ExportResult:
    path: Path
    sheets: tuple[tuple[str, int], ...]  # (sheet title, rows written)

    def summary(self) -> str:
        parts = ", ".join(f"{title}: {rows}" for title, rows in self.sheets)
        return f"Planilha salva em {self.path} ({parts})."


CUSTOMER_COLS = (
    Col("Nome", width=32), Col("Telefone", width=17), Col("CPF", width=15),
    Col("Nascimento", Kind.DATE, 12), Col("Endereço", width=30), Col("Bairro", width=18),
    Col("Cidade", width=16), Col("Saldo", Kind.MONEY, 14), Col("Vencimento", Kind.DATE, 12),
    Col("Limite de crédito", Kind.MONEY, 16), Col("Observações", width=40),
    Col("E-mail", width=28), Col("Canal", width=11),
)

CUSTOMERS_SQL = """
SELECT c.name, c.phone, c.cpf, c.birthday, c.address, c.neighbourhood, c.city,
       COALESCE(o.open, 0) - COALESCE(cr.credit, 0), o.first_due, c.credit_limit_cents, c.notes,
       c.email, c.channel
FROM customer c
LEFT JOIN (SELECT customer_id, SUM(amount_cents - paid_cents) AS open, MIN(due_date) AS first_due
           FROM installment WHERE {open}
           GROUP BY customer_id) o ON o.customer_id = c.id
LEFT JOIN (SELECT p.customer_id,
                  SUM(CASE p.kind
                      WHEN 'payment' THEN p.amount_cents - COALESCE(
                          (SELECT SUM(a.amount_cents) FROM allocation a WHERE a.payment_id = p.id),
                          0)
                      WHEN 'credit_use' THEN -p.amount_cents ELSE 0 END) AS credit
           FROM payment p
           WHERE p.reversed_at IS NULL GROUP BY p.customer_id) cr ON cr.customer_id = c.id
{where}
ORDER BY c.search_key, c.id
"""


def _d(text: str | None) -> date | None:
    return date.fromisoformat(text[:10]) if text else None


def customer_rows(where: str = "", params: tuple = ()):
    """Rows of the customers sheet (``where`` narrows it, e.g. to one customer)."""
    for r in database.execute_sql(CUSTOMERS_SQL.format(where=where, open=OPEN), params):
        yield (r[0], format_phone(r[1]), _cpf(r[2]), _d(r[3]), r[4], r[5], r[6], r[7] or None,
               _d(r[8]) if (r[7] or 0) > 0 else None, r[9], r[10], r[11],
               _channel_word(r[12]))


def _channel_word(code: str) -> str:
    """The channel she chose as import reads it back ("" for automático)."""
    from app.services.people.channels import CHOICE_LABELS

    return CHOICE_LABELS.get(code, "") if code else ""


def _cpf(digits: str | None) -> str:
    from app.services.br.documents import format_cpf

    return format_cpf(digits) if digits else ""


SALE_COLS = (
    Col("Venda nº", Kind.INT, 9), Col("Data", Kind.DATE, 12), Col("Cliente", width=28),
    Col("Peça", width=28), Col("Tamanho/cor", width=14), Col("Qtd", Kind.INT, 6),
    Col("Preço unitário", Kind.MONEY, 14), Col("Total do item", Kind.MONEY, 14),
    Col("Total da venda", Kind.MONEY, 14), Col("Entrada", Kind.MONEY, 12),
    Col("Pagamento", width=16), Col("Parcelas", Kind.INT, 9), Col("Observações", width=30),
    Col("Desconto fidelidade", Kind.MONEY, 14),  # issue 12: taken off before the installments
    Col("Qtd devolvida", Kind.INT, 9), Col("Entrou na troca em", Kind.DATE, 12),  # issue 22
)

SALES_SQL = """
SELECT s.id, s.sale_date, c.name, i.description, i.variant, i.quantity, i.unit_price_cents,
       s.total_cents, s.down_payment_cents, s.interval, s.notes,
       (SELECT COUNT(*) FROM installment n WHERE n.sale_id = s.id AND n.agreement_id IS NULL),
       s.discount_cents,
       (SELECT SUM(r.quantity) FROM sale_return_item r WHERE r.sale_item_id = i.id), i.added_on
FROM sale s JOIN customer c ON c.id = s.customer_id
LEFT JOIN sale_item i ON i.sale_id = s.id
{where}
ORDER BY s.sale_date, s.id, i.id
"""


def sale_rows(where: str = "", params: tuple = ()):
    for r in database.execute_sql(SALES_SQL.format(where=where), params):
        interval = (label(SaleKind.UPFRONT) if r[9] == SaleKind.UPFRONT
                    else INTERVAL_LABELS.get(r[9], r[9]))
        qty, price = r[5] or 0, r[6] or 0
        yield (r[0], _d(r[1]), r[2], r[3] or "", r[4] or "", r[5], r[6], qty * price, r[7],
               r[8], interval, r[11], r[10], r[12] or None, r[13] or None, _d(r[14]))


INSTALLMENT_COLS = (
    Col("Cliente", width=28), Col("Venda nº", Kind.INT, 9), Col("Acordo nº", Kind.INT, 9),
    Col("Parcela", width=9),
    Col("Vencimento", Kind.DATE, 12), Col("Valor", Kind.MONEY, 13), Col("Pago", Kind.MONEY, 13),
    Col("Em aberto", Kind.MONEY, 13), Col("Situação", width=24),
    Col("Dias de atraso", Kind.INT, 14), Col("Pago em", Kind.DATE, 12),
)

INSTALLMENTS_SQL = """
SELECT c.name, n.sale_id, n.number, n.count, n.due_date, n.amount_cents, n.paid_cents,
       n.renegotiated, n.paid_date, n.agreement_id, n.renegotiated_in_id
FROM installment n JOIN customer c ON c.id = n.customer_id
{where}
ORDER BY n.due_date, c.search_key, n.id
"""


def installment_rows(today: date, where: str = "", params: tuple = ()):
    for r in database.execute_sql(INSTALLMENTS_SQL.format(where=where), params):
        due = _d(r[4])
        state = installment_state(r[5], r[6], due, today, bool(r[7]))
        status = f"{state.label} no acordo nº {r[10]}" if r[7] and r[10] else state.label
        yield (r[0], None if r[9] else r[1], r[9], installment_label(r[2], r[3]), due, r[5],
               r[6], state.open_cents, status, max(state.days_late, 0), _d(r[8]))


PAYMENT_COLS = (
    Col("Data", Kind.DATE, 12), Col("Cliente", width=28), Col("Valor", Kind.MONEY, 13),
    Col("Multa e juros", Kind.MONEY, 13), Col("Forma", width=18), Col("Tipo", width=16),
    Col("Venda nº", Kind.INT, 9), Col("Observação", width=30), Col("Estornado em", Kind.DATE, 13),
    Col("Motivo do estorno", width=28),
)
PAYMENT_KINDS = {kind.value: label(kind) for kind in PaymentKind}

PAYMENTS_SQL = """
SELECT p.payment_date, c.name, p.amount_cents, p.fee_cents, p.method, p.kind, p.sale_id, p.note,
       p.reversed_at, p.reversal_reason
FROM payment p JOIN customer c ON c.id = p.customer_id
{where}
ORDER BY p.payment_date, p.id
"""


def payment_rows(where: str = "", params: tuple = ()):
    for r in database.execute_sql(PAYMENTS_SQL.format(where=where), params):
        yield (_d(r[0]), r[1], r[2], r[3] or None, method_label(r[4]),
               PAYMENT_KINDS.get(r[5], r[5]), r[6], r[7], _d(r[8]), r[9])


OVERDUE_COLS = (
    Col("Cliente", width=28), Col("Telefone", width=17), Col("Bairro", width=16),
    Col("Cidade", width=16), Col("Parcelas em atraso", Kind.INT, 10),
    Col("Vencimento mais antigo", Kind.DATE, 14), Col("Dias de atraso", Kind.INT, 10),
    Col("Faixa", width=8), Col("Principal", Kind.MONEY, 13), Col("Multa", Kind.MONEY, 11),
    Col("Juros", Kind.MONEY, 11), Col("Total", Kind.MONEY, 13), Col("Situação", width=22),
)


def overdue_rows(today: date):
    from app.services.collection.overdue import overdue_report
    from app.services.configuration.settings import load_settings

    for r in overdue_report(today, load_settings()).rows:
        yield (r.name, format_phone(r.phone), r.neighbourhood, r.city, r.late_count, r.oldest_due,
               r.days_late, r.bucket, r.principal_cents, r.fee_cents, r.interest_cents,
               r.total_cents, r.standing.label)


RETURN_COLS = (
    Col("Data", Kind.DATE, 12), Col("Cliente", width=28), Col("Venda nº", Kind.INT, 9),
    Col("Tipo", width=10), Col("Peças que voltaram", width=36), Col("Qtd", Kind.INT, 6),
    Col("Com defeito", Kind.INT, 9), Col("Valor devolvido", Kind.MONEY, 14),
    Col("Peças novas (troca)", width=30), Col("Valor das novas", Kind.MONEY, 14),
    Col("Mudança nas parcelas", Kind.MONEY, 14), Col("Parcelas canceladas", Kind.INT, 11),
    Col("Virou crédito", Kind.MONEY, 13), Col("Devolvido em dinheiro", Kind.MONEY, 14),
    Col("Forma da devolução", width=16), Col("Diferença paga na hora", Kind.MONEY, 14),
    Col("Arrependimento (CDC art. 49)", width=12), Col("Motivo", width=30),
)


def return_rows():
    """One row per return or exchange (issue 22), oldest first."""
    from app.services.pieces.return_history import all_returns

    names = dict(database.execute_sql(
        "SELECT id, name FROM customer WHERE id IN (SELECT customer_id FROM sale_return)"))
    for r in all_returns():
        yield (r.day, names.get(r.customer_id, ""), r.sale_id,
               "Troca" if r.added else "Devolução", "; ".join(x.label for x in r.lines),
               sum(x.quantity for x in r.lines), r.defective_count or None, r.value_cents,
               "; ".join(x.label for x in r.added), r.added_cents or None,
               r.installments_cents or None, r.cancelled or None, r.credit_cents or None,
               r.refund_cents or None, method_label(r.refund_method) if r.refund_method else "",
               r.paid_now_cents or None, "Sim" if r.withdrawal else "Não", r.reason)


def _sheets(kind: ExportKind, today: date):
    """(title, columns, rows) for each sheet of ``kind``."""
    every = {
        ExportKind.CUSTOMERS: ("Clientes", CUSTOMER_COLS, lambda: customer_rows()),
        ExportKind.SALES: ("Vendas", SALE_COLS, lambda: sale_rows()),
        ExportKind.INSTALLMENTS: ("Parcelas", INSTALLMENT_COLS, lambda: installment_rows(today)),
        ExportKind.PAYMENTS: ("Pagamentos", PAYMENT_COLS, lambda: payment_rows()),
        ExportKind.OVERDUE: ("Em atraso", OVERDUE_COLS, lambda: overdue_rows(today)),
        ExportKind.RETURNS: ("Devoluções", RETURN_COLS, lambda: return_rows()),
        ExportKind.PIECES: ("Peças", PIECE_COLS, lambda: piece_rows()),
    }
    kinds = list(every) if kind is ExportKind.ALL else [kind]
    return [every[k] for k in kinds]


_COUNTS = {
    "Clientes": "SELECT COUNT(*) FROM customer",
    "Vendas": "SELECT COUNT(*) FROM sale s LEFT JOIN sale_item i ON i.sale_id = s.id",
    "Parcelas": "SELECT COUNT(*) FROM installment",
    "Pagamentos": "SELECT COUNT(*) FROM payment",
    "Peças": PIECES_COUNT_SQL,
}


def _counted(rows, progress: Progress, title: str, done: list[int], total: int):
    """Pass rows through, reporting every PROGRESS_EVERY rows (done[0] counts all sheets)."""
    for row in rows:
        if done[0] % PROGRESS_EVERY == 0:
            progress(done[0], total or None, f"Exportando {title.lower()}…")
        done[0] += 1
        yield row


def export_xlsx(
    kind: ExportKind | str, path: str | Path, today: date, progress: Progress = NO_PROGRESS
) -> ExportResult:
    """Write the ``kind`` export to ``path`` (xlsx); ``Cancelled`` or a full disk
    (``OSError``) leaves ``path`` as it was."""
    kind = ExportKind(kind)
    path = Path(path)
    sheets = _sheets(kind, today)
    total = sum(database.execute_sql(_COUNTS[t]).fetchone()[0] for t, _, _ in sheets
                if t in _COUNTS)
    done = [0]
    wb = new_workbook()
    counts = []
    try:
        for title, cols, rows in sheets:
            written = write_sheet(wb, title, cols, _counted(rows(), progress, title, done, total))
            counts.append((title, written))
    except BaseException:
        discard(wb)
        raise
    save_atomically(wb, path)
    return ExportResult(path, tuple(counts))


def save_atomically(wb, path: Path) -> None:
    """Save ``wb`` to ``path`` whole or not at all (``xlsx_writer.save_whole``)."""
    save_whole(wb, path)
