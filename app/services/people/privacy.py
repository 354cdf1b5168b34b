"""Her customers' data (LGPD art. 18): export everything about one customer; anonymise one.

Rules:
- "Exportar dados desta cliente" writes one xlsx with everything stored about her: her
  record, sales with items, installments, payments, contacts, payment promises and the LGPD
  log. The export is logged (without personal data).
- "Anonimizar" is for a customer who asks to be forgotten and owes nothing: she must have no
  open balance and no credit (the reseller would not know whom to pay back). Name, phone, CPF,
  address, neighbourhood, city, birthday and every free-text note (hers, her sales', her
  payments', her contacts' and promises' texts) are erased or replaced; money records stay
  with their sums and dates, so the books still add up. She is archived. Irreversible, one
  transaction, logged in ``privacy_log`` (customer id, action, when) and in the program log.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.models.collection import ContactLog, PaymentPromise
from app.models.db import database
from app.models.people import Customer, PrivacyLog
from app.models.receivables import Payment, Sale
from app.services.br.phones import format_phone
from app.services.core.changes import Topic, writes
from app.services.core.dates import format_date
from app.services.core.money import format_brl
from app.services.core.text import fold
from app.services.people.customers import credit_cents, get_customer, open_balance_cents
from app.services.spreadsheets.exporter import (
    INSTALLMENT_COLS,
    PAYMENT_COLS,
    SALE_COLS,
    ExportResult,
    installment_rows,
    payment_rows,
    sale_rows,
    save_atomically,
)
from app.services.spreadsheets.xlsx_writer import Col, Kind, new_workbook, write_sheet

log = logging.getLogger(__name__)
ANONYMOUS_NAME = "Cliente anonimizada nº {id}"
ACTION_LABELS = {"exported": "Dados exportados", "anonymized": "Cliente anonimizada"}


class PrivacyError(ValueError):
    """Anonymising refused: ``code`` is ``owes``, ``has_credit`` or ``already``."""

    def __init__(self, code: str, message: str):
        self.code = code
        super().__init__(message)


@dataclass(frozen=True)
class AnonymizeResult:
    customer_id: int
    new_name: str


def _data_rows(customer_id: int):
    c = get_customer(customer_id)
    row = Customer.get_by_id(customer_id)
    return (
        ("Nome", c.name), ("Telefone", format_phone(c.phone)), ("CPF", c.cpf or ""),
        ("Nascimento", format_date(c.birthday)), ("Endereço", c.address),
        ("Bairro", c.neighbourhood), ("Cidade", c.city), ("Observações", c.notes),
        ("Limite de crédito", format_brl(c.credit_limit_cents) if c.credit_limit_cents else ""),
        ("Bloqueada para fiado", "sim" if c.blocked else "não"),
        ("Arquivada", "sim" if c.archived else "não"),
        ("Cadastrada em", format_date(row.created_at.date() if row.created_at else None)),
        ("Deve hoje", format_brl(open_balance_cents(customer_id))),
        ("Crédito dela", format_brl(credit_cents(customer_id))),
    )


CONTACT_COLS = (Col("Data", Kind.DATE, 12), Col("O que", width=18), Col("Canal", width=12),
                Col("Etapa", width=18), Col("Mensagem", width=60), Col("Anotação", width=30))
PROMISE_COLS = (Col("Registrada em", Kind.DATE, 13), Col("Prometeu pagar em", Kind.DATE, 16),
                Col("Valor", Kind.MONEY, 12), Col("Anotação", width=30),
                Col("Cancelada", width=10))
LOG_COLS = (Col("Quando", width=18), Col("O que", width=24))


def export_customer_data(customer_id: int, path: str | Path, now: datetime) -> ExportResult:
    """Write everything stored about one customer to ``path`` (xlsx) and log it."""
    today = now.date()
    where, params = "WHERE c.id = ?", (customer_id,)
    wb = new_workbook()
    sheets = [
        ("Dados", (Col("Campo", width=22), Col("Valor", width=50)), _data_rows(customer_id)),
        ("Vendas", SALE_COLS, sale_rows(where, params)),
        ("Parcelas", INSTALLMENT_COLS, installment_rows(today, where, params)),
        ("Pagamentos", PAYMENT_COLS, payment_rows(where, params)),
        ("Contatos", CONTACT_COLS, _contacts(customer_id)),
        ("Promessas", PROMISE_COLS, _promises(customer_id)),
        ("Registro LGPD", LOG_COLS, _log_rows(customer_id)),
    ]
    counts = tuple((title, write_sheet(wb, title, cols, rows)) for title, cols, rows in sheets)
    save_atomically(wb, Path(path))
    with database.atomic():
        PrivacyLog.create(customer_id=customer_id, action="exported", happened_at=now)
    log.info("LGPD: dados da cliente %s exportados", customer_id)
    return ExportResult(Path(path), counts)


def _contacts(customer_id: int):
    from app.services.collection.contacts import ACTIONS

    for c in ContactLog.select().where(ContactLog.customer == customer_id).order_by(
            ContactLog.contact_date, ContactLog.id):
        yield (c.contact_date, ACTIONS.get(c.action, c.action), _channel(c.channel),
               c.stage_name, c.text, c.note)


def _channel(stored: str) -> str:
    from app.services.core.codes import Channel, label

    try:
        return label(Channel(stored))
    except ValueError:
        return stored


def _promises(customer_id: int):
    for p in PaymentPromise.select().where(PaymentPromise.customer == customer_id).order_by(
            PaymentPromise.created_on):
        yield (p.created_on, p.promised_date, p.amount_cents or None, p.note,
               "sim" if p.cancelled else "não")


def _log_rows(customer_id: int):
    for entry in PrivacyLog.select().where(PrivacyLog.customer_id == customer_id).order_by(
            PrivacyLog.id):
        yield (entry.happened_at.strftime("%d/%m/%Y %H:%M"),
               ACTION_LABELS.get(entry.action, entry.action))


def can_anonymize(customer_id: int) -> PrivacyError | None:
    """Why she cannot be anonymised now, or None when she can."""
    name = get_customer(customer_id).name
    if PrivacyLog.select().where((PrivacyLog.customer_id == customer_id)
                                 & (PrivacyLog.action == "anonymized")).exists():
        return PrivacyError("already", "Esta cliente já foi anonimizada.")
    owes = open_balance_cents(customer_id)
    if owes > 0:
        return PrivacyError("owes", f"{name} ainda deve {format_brl(owes)}. Só dá para "
                                    "anonimizar quem não deve nada: receba ou acerte antes.")
    credit = credit_cents(customer_id)
    if credit > 0:
        return PrivacyError("has_credit", f"{name} tem {format_brl(credit)} de crédito. Devolva "
                                          "ou use o crédito antes de anonimizar.")
    return None


@writes(Topic.CUSTOMERS, Topic.SALES, Topic.PAYMENTS, Topic.CONTACTS, Topic.AGREEMENTS)
def anonymize_customer(customer_id: int, now: datetime) -> AnonymizeResult:
    """Erase her personal data, keep the money records; irreversible. PrivacyError if refused."""
    refusal = can_anonymize(customer_id)
    if refusal is not None:
        raise refusal
    new_name = ANONYMOUS_NAME.format(id=customer_id)
    with database.atomic():
        Customer.update(
            name=new_name, search_key=fold(new_name), phone=None, cpf=None, birthday=None,
            address="", neighbourhood="", city="", notes="", archived=True,
        ).where(Customer.id == customer_id).execute()
        Sale.update(notes="").where(Sale.customer == customer_id).execute()
        Payment.update(note="", reversal_reason="").where(
            Payment.customer == customer_id).execute()
        ContactLog.update(text="", note="").where(ContactLog.customer == customer_id).execute()
        PaymentPromise.update(note="").where(PaymentPromise.customer == customer_id).execute()
        PrivacyLog.create(customer_id=customer_id, action="anonymized", happened_at=now)
    log.info("LGPD: cliente %s anonimizada", customer_id)
    return AnonymizeResult(customer_id, new_name)
