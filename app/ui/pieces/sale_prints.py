"""The sale's papers in the print preview: its carnê and a return's recibo, asked from the
sale's context menu (``sale_actions``) and from the returns dialog once it is done."""

from __future__ import annotations

from app.services.configuration.settings import load_settings
from app.ui.kit.ops import Op


def print_carne(parent, sale_id: int):
    """The carnê of the sale in the print preview (reprinted after a return)."""
    from app.services.reports import ReportKind, ReportRequest
    from app.ui.reports.print_actions import preview_request

    today = _today(parent)
    return preview_request(parent, ReportRequest(ReportKind.CARNE, sale_id=sale_id), today)


def print_return(parent, return_id: int) -> Op:
    """The recibo (or comprovante) de devolução in the print preview."""
    from app.services.reports.return_doc import return_document
    from app.ui.reports.print_actions import show_preview

    today = _today(parent)

    def shown(document) -> None:
        parent._preview_dialog = show_preview(parent, document)

    return Op(parent, lambda _p: return_document(return_id, today, load_settings()),
              write=False, label="Montando o documento…").success(shown).run()


def _today(widget):
    return widget.today if hasattr(widget, "today") and not callable(widget.today) \
        else widget._today_fn()
