"""The agreement text the reseller copies to WhatsApp: who, what was owed, what was waived,
what was agreed, dates and amounts, how to pay (with a Pix code when configured)."""

from __future__ import annotations

from datetime import date

from app.models.people import Customer
from app.services.collection.messages import message_signature, pix_code, sign_message
from app.services.core.dates import format_date
from app.services.core.money import format_brl
from app.services.core.text import first_name
from app.services.negotiation.agreement_plans import AgreementBasis, AgreementOption


def _owed_lines(basis: AgreementBasis) -> list[str]:
    lines = [f"• {item.label} (venc. {format_date(item.due_date)}): "
             f"{format_brl(item.principal_cents)}" for item in basis.items]
    owed = f"Em aberto: {format_brl(basis.principal_cents)}"
    if basis.fees_cents:
        owed += (f" + multa e juros {format_brl(basis.fees_cents)} = "
                 f"{format_brl(basis.owed_cents)}")
    return [*lines, owed]


def _agreed_lines(option: AgreementOption, today: date, entrada_paid: bool) -> list[str]:
    lines = [f"Combinado: {format_brl(option.total_cents)}"
             + (f" (inclui juros do parcelamento de {format_brl(option.interest_cents)})"
                if option.interest_cents else "")]
    for n, (due, cents, _, label) in enumerate(option.schedule(today)):
        if n == 0 and entrada_paid:
            lines.append(f"• {label}: {format_brl(cents)} paga hoje ({format_date(today)}). "
                         "Recebido, obrigada!")
            continue
        when = "hoje" if due == today else f"até {format_date(due)}"
        lines.append(f"• {label}: {format_brl(cents)} {when}"
                     + (f" ({format_date(due)})" if due == today else ""))
    return lines


def agreement_text(agreement_id: int | None, basis: AgreementBasis, option: AgreementOption,
                   today: date, settings, *, entrada_paid: bool = False) -> str:
    """The whole agreement in pt-BR, ready to paste (also used as a preview before closing).
    With ``entrada_paid`` the entrada reads as received, and the Pix asks the next payment."""
    name = Customer.get_by_id(basis.customer_id).name
    number = f" nº {agreement_id}" if agreement_id else ""
    lines = [f"*Acordo{number} — {settings.store_name}*",
             f"Oi, {first_name(name)}! Como combinamos em {format_date(today)}, "
             "este é o nosso acordo:", ""]
    lines += _owed_lines(basis)
    if option.discount_cents:
        waived = ("multa e juros dispensados" if option.discount_cents <= basis.fees_cents
                  else "multa, juros e parte do valor dispensados")
        lines.append(f"Desconto: {format_brl(option.discount_cents)} ({waived})")
    lines += ["", *_agreed_lines(option, today, entrada_paid)]
    schedule = option.schedule(today)
    position = 1 if entrada_paid else 0
    if position < len(schedule):
        lines += ["", "Pode pagar por Pix, dinheiro ou cartão."]
        _, cents, _, label = schedule[position]
        code = pix_code(settings, cents, f"ACORDO{agreement_id or 0}P{position + 1}")
        if code:
            lines += [f"Pix copia e cola para {label.lower()} ({format_brl(cents)}):", code]
    lines += ["", f"Obrigada por acertar comigo! {settings.store_name}"]
    return sign_message("\n".join(lines), message_signature(settings))
