"""The top of the customer page: her name, standing, rewards, what she owes and the block
suggestion."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from app.services.conditional.conditional_list import notes_for
from app.services.core.money import format_brl
from app.services.people.standing import standing_for
from app.services.receivables.fees import customer_fees, with_fees_text
from app.ui.kit.style import coloured_span, set_role, set_standing
from app.ui.kit.widgets import message_label
from app.ui.people.customer_rewards import CustomerRewardsBar


class CustomerHeaderMixin:
    """Builds and fills the header of ``CustomerPage`` (``customer_id``, ``_today_fn`` and the
    ``closed`` signal come from the page)."""

    def _header(self, layout: QVBoxLayout) -> None:
        top = QHBoxLayout()
        back = QPushButton("← Clientes")
        back.clicked.connect(self.closed)
        top.addWidget(back)
        self.name_label = set_role(QLabel(), "title")
        self.name_label.setObjectName("customerName")
        top.addWidget(self.name_label)
        self.standing_badge = QLabel()
        self.standing_badge.setObjectName("standingBadge")
        top.addWidget(self.standing_badge)
        self.rewards = CustomerRewardsBar(self._today_fn)  # issue 12: tier, acordo
        top.addWidget(self.rewards)
        top.addStretch(1)
        layout.addLayout(top)
        self.info_label = QLabel()
        self.info_label.setObjectName("customerInfo")
        self.info_label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.info_label)
        self.block_suggestion = message_label("suggestion", "blockSuggestion")
        layout.addWidget(self.block_suggestion)
        self.malinha_note = message_label("hint", "malinhaNote")  # issue 23
        layout.addWidget(self.malinha_note)

    def _show_header(self, d, today, settings) -> None:
        c = d.customer
        self.name_label.setText(c.name + (" (arquivada)" if c.archived else ""))
        self.info_label.setText(self._info_html(d, today, settings))
        self._show_standing(today, c.blocked)
        self.rewards.show_for(self.customer_id)

    def _show_standing(self, today, blocked: bool) -> None:
        s = self.standing = standing_for(self.customer_id, today)
        notes = notes_for(self.customer_id, today)  # issue 23: a note, never her standing
        self.standing_badge.setText(s.label)
        self.standing_badge.setToolTip("\n".join((s.reason, *notes)))
        self.malinha_note.setText("Condicional: " + " ".join(notes) if notes else "")
        self.malinha_note.setVisible(bool(notes))
        set_standing(self.standing_badge, s.code)
        suggest = s.suggest_block and not blocked
        self.block_suggestion.setText(
            f"Sugestão: bloquear novas vendas a prazo ({s.facts})." if suggest else "")
        self.block_suggestion.setVisible(suggest)

    def _info_html(self, d, today, settings) -> str:
        c = d.customer
        parts = [c.phone_display or "sem telefone", f"deve <b>{format_brl(d.balance_cents)}</b>"]
        if d.overdue_cents:
            late = customer_fees(self.customer_id, today, settings)
            shown = with_fees_text(late.total_cents, late.fee_cents + late.interest_cents)
            parts.append(coloured_span(f"em atraso <b>{shown}</b>", "error"))
        if d.credit_cents:
            parts.append(coloured_span(f"crédito {format_brl(d.credit_cents)}", "success"))
        if c.credit_limit_cents is not None:
            parts.append(f"limite {format_brl(c.credit_limit_cents)}")
        if c.blocked:
            parts.append(coloured_span("bloqueada para fiado", "error"))
        return " · ".join(parts)
