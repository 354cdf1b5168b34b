"""The top of the customer page: her name, standing, rewards, what she owes and the block
suggestion."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from app.services.core.money import format_brl
from app.services.receivables.fees import with_fees_text
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
        self.name_label.setWordWrap(True)  # a long name takes two lines, not the window
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
        self.info_label.setWordWrap(True)  # phone, balance, fees, credit, limit: may be long
        layout.addWidget(self.info_label)
        self.block_suggestion = message_label("suggestion", "blockSuggestion")
        layout.addWidget(self.block_suggestion)
        self.malinha_note = message_label("hint", "malinhaNote")  # issue 23
        layout.addWidget(self.malinha_note)

    def _show_header(self, view, today) -> None:
        """Paint the header from her page as read (``customer_read.CustomerRead``)."""
        c = view.detail.customer
        self.name_label.setText(c.name + (" (arquivada)" if c.archived else ""))
        self.info_label.setText(self._info_html(view))
        self._show_standing(view.standing, c.blocked, view.malinha_notes)
        self.rewards.show_for(self.customer_id, view)

    def _show_standing(self, standing, blocked: bool, notes: tuple[str, ...]) -> None:
        """Her standing badge; the notes about malinhas returned late beside it, never in it
        (issue 23)."""
        s = self.standing = standing
        self.standing_badge.setText(s.label)
        self.standing_badge.setToolTip("\n".join((s.reason, *notes)))
        self.malinha_note.setText(malinha_line(notes))
        self.malinha_note.setVisible(bool(notes))
        set_standing(self.standing_badge, s.code)
        suggest = s.suggest_block and not blocked
        self.block_suggestion.setText(
            f"Sugestão: bloquear novas vendas a prazo ({s.facts})." if suggest else "")
        self.block_suggestion.setVisible(suggest)

    def _info_html(self, view) -> str:
        d = view.detail
        c = d.customer
        parts = [c.phone_display or "sem telefone", f"deve <b>{format_brl(d.balance_cents)}</b>"]
        if d.overdue_cents and view.late is not None:
            late = view.late
            shown = with_fees_text(late.total_cents, late.fee_cents + late.interest_cents)
            parts.append(coloured_span(f"em atraso <b>{shown}</b>", "error"))
        if d.credit_cents:
            parts.append(coloured_span(f"crédito {format_brl(d.credit_cents)}", "success"))
        if c.credit_limit_cents is not None:
            parts.append(f"limite {format_brl(c.credit_limit_cents)}")
        if c.blocked:
            parts.append(coloured_span("bloqueada para fiado", "error"))
        return " · ".join(parts)


def malinha_line(notes: tuple[str, ...]) -> str:
    """"Condicional: está com a malinha nº 1 há 3 dias…": the notes after a colon, the first
    one starting in lower case as Portuguese writes after a colon ("" without notes)."""
    if not notes:
        return ""
    text = " ".join(notes)
    return "Condicional: " + text[:1].lower() + text[1:]
