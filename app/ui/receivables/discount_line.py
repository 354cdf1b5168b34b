"""The payment dialog's "Desconto por antecipação" line: shown when the payment earns it,
ticked by default, unticked to charge the full amount."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox

from app.services.configuration.settings import load_settings
from app.services.receivables.discounts import discount_summary, discounts_for_payment
from app.ui.kit.style import set_role


class EarlyDiscountLine(QCheckBox):
    """Its own line under the amount; ``wanted()`` goes to ``record_payment``."""

    def __init__(self, customer_id: int, parent=None):
        super().__init__(parent)
        self.customer_id = customer_id
        self.settings = load_settings()
        self.discount_cents = 0
        self.found = ()
        self.setObjectName("earlyDiscountCheck")
        set_role(self, "ok")
        self.setChecked(True)
        self.setToolTip("Desmarque para receber o valor cheio, sem o desconto.")
        self.hide()

    def update_for(self, amount_cents: int, payment_date: date,
                   installment_ids: list[int] | None) -> None:
        """Recompute for what the dialog holds now."""
        found = self.found = discounts_for_payment(self.customer_id, amount_cents, payment_date,
                                                   self.settings, installment_ids)
        self.discount_cents = sum(d.total_cents for d in found)
        self.setText(discount_summary(found, self.settings) + " — a parcela fica quitada")
        self.setVisible(bool(found))

    def wanted(self) -> bool:
        return self.isVisible() and self.isChecked()

    def granted(self) -> tuple:
        """The discounts the payment will grant as the dialog stands (for its preview)."""
        return self.found if self.wanted() else ()
