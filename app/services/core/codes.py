"""Stored codes: English ``StrEnum`` values in the database, pt-BR labels in one mapping.

Codes decide, words explain: services and screens compare enum members, and what the reseller
reads comes from :func:`label`. Old Portuguese codes (schema ≤ 3: ``dinheiro``, ``debito``,
``telefone``…) are still accepted as input and converted by migration 4.
"""

from __future__ import annotations

from enum import StrEnum


class PaymentMethod(StrEnum):
    """How money was received (forma de pagamento)."""

    PIX = "pix"
    CASH = "cash"
    DEBIT_CARD = "debit_card"
    CREDIT_CARD = "credit_card"
    TRANSFER = "transfer"
    OTHER = "other"
    CUSTOMER_CREDIT = "customer_credit"  # her credit used on installments (not new money)
    RETURN_CREDIT = "return_credit"  # returned pieces worth more than she owed on the sale

    @classmethod
    def _missing_(cls, value):
        return cls.__members__.get(_LEGACY_METHODS.get(value, ""))


_LEGACY_METHODS = {"dinheiro": "CASH", "debito": "DEBIT_CARD", "credito_cartao": "CREDIT_CARD",
                   "transferencia": "TRANSFER", "outro": "OTHER",
                   "credito_cliente": "CUSTOMER_CREDIT"}

# What the reseller can pick when receiving money (customer credit is applied by the program).
RECEIVABLE_METHODS = (PaymentMethod.PIX, PaymentMethod.CASH, PaymentMethod.DEBIT_CARD,
                      PaymentMethod.CREDIT_CARD, PaymentMethod.TRANSFER, PaymentMethod.OTHER)


class PaymentKind(StrEnum):
    PAYMENT = "payment"
    DOWN_PAYMENT = "down_payment"  # entrada, part of a sale
    CREDIT_USE = "credit_use"


class ContactAction(StrEnum):
    COPY = "copy"
    WHATSAPP = "whatsapp"
    EMAIL = "email"  # issue 24: her mail program opened on the message
    CALL = "call"
    PROMISE = "promise"
    SKIP = "skip"
    NOTE = "note"
    AGREEMENT = "agreement"  # issue 12: an agreement closed (its text is the contact's)
    AGREEMENT_UNDO = "agreement_undo"


class Channel(StrEnum):
    NONE = ""
    WHATSAPP = "whatsapp"
    SMS = "sms"
    EMAIL = "email"
    PHONE = "phone"
    IN_PERSON = "in_person"

    @classmethod
    def _missing_(cls, value):
        return {"telefone": cls.PHONE, "pessoalmente": cls.IN_PERSON}.get(value)


class SaleKind(StrEnum):
    """``sale.interval`` for a sale without installments (à vista)."""

    UPFRONT = "upfront"


# One mapping per enum: members of different enums with the same value ("whatsapp" as an
# action and as a channel) are equal strings, so they cannot share one dict.
LABELS: dict[type[StrEnum], dict[StrEnum, str]] = {
    PaymentMethod: {
        PaymentMethod.PIX: "Pix",
        PaymentMethod.CASH: "Dinheiro",
        PaymentMethod.DEBIT_CARD: "Cartão de débito",
        PaymentMethod.CREDIT_CARD: "Cartão de crédito",
        PaymentMethod.TRANSFER: "Transferência",
        PaymentMethod.OTHER: "Outro",
        PaymentMethod.CUSTOMER_CREDIT: "Crédito da cliente",
        PaymentMethod.RETURN_CREDIT: "Crédito de devolução",
    },
    PaymentKind: {
        PaymentKind.PAYMENT: "Pagamento",
        PaymentKind.DOWN_PAYMENT: "Entrada",
        PaymentKind.CREDIT_USE: "Uso de crédito",
    },
    ContactAction: {
        ContactAction.COPY: "Mensagem copiada",
        ContactAction.WHATSAPP: "WhatsApp aberto",
        ContactAction.EMAIL: "E-mail aberto",
        ContactAction.CALL: "Ligação",
        ContactAction.PROMISE: "Prometeu pagar",
        ContactAction.SKIP: "Pulada",
        ContactAction.NOTE: "Anotação",
        ContactAction.AGREEMENT: "Acordo fechado",
        ContactAction.AGREEMENT_UNDO: "Acordo desfeito",
    },
    Channel: {
        Channel.NONE: "",
        Channel.WHATSAPP: "WhatsApp",
        Channel.SMS: "SMS",
        Channel.EMAIL: "E-mail",
        Channel.PHONE: "Telefone",
        Channel.IN_PERSON: "Pessoalmente",
    },
    SaleKind: {SaleKind.UPFRONT: "À vista"},
}


def label(value: StrEnum) -> str:
    """The pt-BR word for a stored code."""
    return LABELS[type(value)][value]


def method_label(stored: str) -> str:
    """The pt-BR name of a payment method as stored (old codes included)."""
    try:
        return label(PaymentMethod(stored))
    except ValueError:
        return stored
