"""Every model of the schema in one import (each is defined in its domain's module), and
``ALL_MODELS``: every table, parents before children."""

from __future__ import annotations

from app.models.base import BaseModel, SchemaVersion
from app.models.collection import ContactLog, PaymentPromise, ReminderItem
from app.models.conditional import (
    Conditional,
    ConditionalItem,
    ConditionalReminder,
    ConditionalSettlement,
    ConditionalSettlementItem,
)
from app.models.configuration import Setting
from app.models.negotiation import Agreement
from app.models.people import Customer, PrivacyLog
from app.models.pieces import (
    Piece,
    PieceVariant,
    SaleReturn,
    SaleReturnInstallment,
    SaleReturnItem,
    StockMove,
)
from app.models.receivables import (
    Allocation,
    Installment,
    Payment,
    PaymentDiscount,
    PaymentTarget,
    Sale,
    SaleItem,
)

ALL_MODELS = [SchemaVersion, Setting, Customer, Sale, SaleItem, Installment, Payment, Allocation,
              ContactLog, PaymentPromise, PaymentTarget, ReminderItem, PrivacyLog, Agreement,
              PaymentDiscount, Piece, PieceVariant, SaleReturn, SaleReturnItem,
              SaleReturnInstallment, StockMove, Conditional, ConditionalItem,
              ConditionalSettlement, ConditionalSettlementItem, ConditionalReminder]

__all__ = [m.__name__ for m in ALL_MODELS] + ["ALL_MODELS", "BaseModel"]
