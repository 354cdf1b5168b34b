"""Beside the standing on the customer page: loyalty tier, agreement status, "Propor acordo"
and the thank-you for a carnê paid on time."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from app.services.collection.contacts import log_contact
from app.services.configuration.settings import load_settings
from app.services.core.text import plural
from app.services.negotiation.agreements import AgreementStatus
from app.services.people.loyalty import (
    Tier,
    describe_carne,
    thanks_message,
)
from app.ui.kit.ops import Op
from app.ui.kit.style import COLOURS, paint_badge

AGREEMENT_COLOURS = {AgreementStatus.OPEN: COLOURS.info, AgreementStatus.BROKEN: COLOURS.error}


class CustomerRewardsBar(QWidget):
    """Tier badge (reason in the tooltip), agreement badge and the two actions."""

    def __init__(self, today_fn, parent=None):
        super().__init__(parent)
        self._today_fn = today_fn
        self.customer_id: int | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.tier_badge = QLabel()
        self.tier_badge.setObjectName("tierBadge")
        self.agreement_badge = QLabel()
        self.agreement_badge.setObjectName("agreementBadge")
        self.propose_button = QPushButton("Propor acordo…")
        self.propose_button.setObjectName("proposeAgreementButton")
        self.propose_button.clicked.connect(self.propose)
        self.thanks_button = QPushButton("Copiar agradecimento")
        self.thanks_button.setObjectName("thanksButton")
        self.thanks_button.clicked.connect(self.copy_thanks)
        for widget in (self.tier_badge, self.agreement_badge, self.propose_button,
                       self.thanks_button):
            row.addWidget(widget)

    def show_for(self, customer_id: int, view) -> None:
        """Paint everything for ``customer_id`` from her page as read
        (``customer_read.CustomerRead``)."""
        self.customer_id = customer_id
        tier = view.tier
        self.tier_badge.setVisible(tier.tier is not Tier.NONE)
        self.tier_badge.setText(f"★ {tier.label}")
        self.tier_badge.setToolTip(tier.reason)
        paint_badge(self.tier_badge, tier.colour)
        self._show_agreement(view.current_agreement)
        self.propose_button.setVisible(view.owes)
        carnes = view.carnes
        self.thanks_button.setVisible(bool(carnes))
        if carnes:
            self.thanks_button.setToolTip(
                f"Carnê pago em dia: {describe_carne(carnes[0])}. Copia a mensagem de "
                "agradecimento (Configurações → Acordos e fidelidade).")

    def clear(self) -> None:
        """Nothing shown (another customer's page is being read)."""
        for widget in (self.tier_badge, self.agreement_badge, self.propose_button,
                       self.thanks_button):
            widget.hide()

    def _show_agreement(self, a) -> None:
        self.agreement_badge.setVisible(a is not None)
        if a is None:
            return
        broken = a.status is AgreementStatus.BROKEN
        self.agreement_badge.setText(f"Acordo nº {a.id} {'quebrado' if broken else 'em dia'}")
        self.agreement_badge.setToolTip(
            f"{a.progress}; " + (f"parcela com {plural(a.days_late, 'dia')} de atraso."
                                 if broken else
                                 "próximo vencimento " + (a.next_due.strftime("%d/%m/%Y")
                                                          if a.next_due else "—") + "."))
        paint_badge(self.agreement_badge, AGREEMENT_COLOURS[a.status])

    def propose(self) -> None:
        from app.ui.negotiation.agreement_dialog import open_agreement_dialog

        open_agreement_dialog(self.window(), self.customer_id, self._today_fn())

    def copy_thanks(self) -> None:
        """Copy the thank-you (written on a worker) and log it in her contacts."""
        today, customer_id = self._today_fn(), self.customer_id

        def copy_and_log(text: str) -> None:
            QGuiApplication.clipboard().setText(text)
            Op(self, lambda _: log_contact(customer_id, "copy", today,
                                           stage_name="Agradecimento", text=text)).run()

        Op(self, lambda _: thanks_message(customer_id, today, load_settings()),
           write=False).success(copy_and_log).run()
