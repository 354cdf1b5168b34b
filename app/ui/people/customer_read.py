"""Everything the customer page shows, read in one go on a worker (the page only paints it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.services.collection.contacts import ContactView, list_contacts
from app.services.conditional.conditional_list import notes_for
from app.services.configuration.settings import Settings, load_settings
from app.services.negotiation.agreements import AgreementRow, AgreementStatus, list_agreements
from app.services.people.customers import has_history, open_balance_cents
from app.services.people.loyalty import FinishedCarne, LoyaltyTier, finished_on_time, tier_of
from app.services.people.standing import Standing, standing_for
from app.services.receivables.fees import CustomerFees, customer_fees
from app.services.receivables.statement import CustomerDetail, customer_detail, statement_html

CURRENT = (AgreementStatus.OPEN, AgreementStatus.BROKEN)  # the agreement her badge shows


@dataclass(frozen=True)
class CustomerRead:
    """One customer on one day, as her page shows it."""

    detail: CustomerDetail
    settings: Settings
    standing: Standing
    late: CustomerFees | None  # her overdue installments with multa/juros (None: none)
    tier: LoyaltyTier
    agreements: tuple[AgreementRow, ...]  # every one of hers, undone too, newest first
    owes: bool  # something open: "Propor acordo" is offered
    carnes: tuple[FinishedCarne, ...]  # carnês finished on time lately: "agradecimento"
    contacts: tuple[ContactView, ...]
    statement: str  # the Extrato tab's HTML
    history: bool  # a sale, a payment or a malinha: she can only be archived
    malinha_notes: tuple[str, ...]  # malinhas late with her or returned late (issue 23)

    @property
    def current_agreement(self) -> AgreementRow | None:
        """Her open or broken agreement (the badge), if any."""
        return next((a for a in self.agreements if a.status in CURRENT), None)


def read_customer(customer_id: int, today: date) -> CustomerRead:
    """Worker side: read her page (see ``CustomerRead``)."""
    settings = load_settings()
    detail = customer_detail(customer_id, today)
    late = customer_fees(customer_id, today, settings) if detail.overdue_cents else None
    return CustomerRead(
        detail=detail, settings=settings, standing=standing_for(customer_id, today), late=late,
        tier=tier_of(customer_id, today, settings),
        agreements=tuple(list_agreements(today, customer_id, include_undone=True)),
        owes=open_balance_cents(customer_id) > 0,
        carnes=tuple(finished_on_time(customer_id, today)),
        contacts=tuple(list_contacts(customer_id)),
        statement=statement_html(detail, settings.store_name, today),
        history=bool(detail.sales or detail.payments) or has_history(customer_id),
        malinha_notes=notes_for(customer_id, today))
