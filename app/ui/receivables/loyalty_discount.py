"""Nova venda: the loyalty tier's discount offered in one click, shown as its own line."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from app.services.core.money import format_brl, format_percent
from app.services.people.loyalty import LoyaltyTier, Tier, sale_discount_cents, tier_of
from app.ui.kit.style import set_role


class LoyaltyDiscountBar(QWidget):
    """Hidden unless the customer has a tier with a discount; ``changed`` on every toggle."""

    changed = Signal()

    def __init__(self, today: date, parent=None):
        super().__init__(parent)
        self.today = today
        self.tier: LoyaltyTier | None = None
        self._customer_id: int | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.line = QLabel()
        self.line.setObjectName("loyaltyDiscountLine")
        set_role(self.line, "saving")
        self.button = QPushButton()
        self.button.setObjectName("loyaltyDiscountButton")
        self.button.setCheckable(True)
        self.button.toggled.connect(lambda _: self.changed.emit())
        row.addWidget(self.line, 1)
        row.addWidget(self.button)
        self.hide()

    def update_for(self, customer_id: int | None, items_total_cents: int) -> None:
        """Show the offer for this customer and total (tier looked up once per customer)."""
        if customer_id != self._customer_id:
            self._customer_id = customer_id
            self.tier = tier_of(customer_id, self.today) if customer_id else None
            self.button.setChecked(False)
        offer = (self.tier is not None and self.tier.tier is not Tier.NONE
                 and self.tier.discount_bp > 0 and items_total_cents > 0)
        self.setVisible(offer)
        if not offer:
            return
        cents = sale_discount_cents(self.tier, items_total_cents)
        label = f"{self.tier.label} {format_percent(self.tier.discount_bp)}"
        self.button.setToolTip(self.tier.reason)
        if self.button.isChecked():
            self.line.setText(f"Desconto fidelidade ({label}): −{format_brl(cents)}")
            self.button.setText("Tirar desconto")
        else:
            self.line.setText(f"Cliente {self.tier.label}: pode ganhar {format_brl(cents)} "
                              "de desconto nesta compra.")
            self.button.setText(f"Dar desconto de {format_percent(self.tier.discount_bp)}")

    def discount_cents(self, items_total_cents: int) -> int:
        """What comes off the sale now (0 unless applied)."""
        if not self.isVisible() or not self.button.isChecked() or self.tier is None:
            return 0
        return sale_discount_cents(self.tier, items_total_cents)
