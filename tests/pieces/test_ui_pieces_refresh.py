"""Peças after a change elsewhere: the list is read again on a worker, says "atualizando…"
while the read lasts, and keeps the piece she chose and the rows she was looking at."""

from __future__ import annotations

import threading

from app.services import catalog
from app.services.pieces.catalog import PieceInput, VariantInput
from app.ui.kit import ops
from app.ui.pieces import pieces_page
from app.ui.pieces.pieces_page import PiecesPage


def _top_name(page) -> str:
    return page.model.row_at(page.table.rowAt(0)).name


def test_a_refresh_keeps_the_chosen_piece_and_the_rows_in_view(qtbot, db, today,
                                                               monkeypatch):
    for n in range(80):
        catalog.save_piece(PieceInput(f"Vestido {n:03}", 10_000 + n,
                                      variants=(VariantInput("M", "rosa", 1),)), today)
    page = PiecesPage(lambda: today)
    qtbot.addWidget(page)
    page.resize(880, 500)
    page.show()
    qtbot.waitUntil(ops.idle)
    page.select_piece(next(r.id for r in page.model.rows() if r.name == "Vestido 050"))
    page.table.scrollTo(page.model.index(45, 0), page.table.ScrollHint.PositionAtTop)
    assert (page.selected_piece().name, _top_name(page)) == ("Vestido 050", "Vestido 045")
    bar = page.table.verticalScrollBar()
    assert bar.value() > 0

    gate = threading.Event()
    read = pieces_page.list_pieces

    def slow_read(**kwargs):
        assert gate.wait(10), "the test never released the read"
        return read(**kwargs)

    monkeypatch.setattr(pieces_page, "list_pieces", slow_read)
    ops.Op(page, lambda _p: catalog.save_piece(PieceInput(
        "Blusa Ana", 5_990, variants=(VariantInput("", "", 3),)), today)).run()
    qtbot.waitUntil(page.reader.hint_shown, timeout=5000)  # a slow read says so…
    assert page.selected_piece().name == "Vestido 050"  # …over the list as it was
    gate.set()
    qtbot.waitUntil(ops.idle)
    assert not page.reader.hint_shown()
    assert page.model.row_at(0).name == "Blusa Ana"  # a row above hers arrived…
    assert page.selected_piece().name == "Vestido 050"  # …she still has her piece
    assert _top_name(page) == "Vestido 045"  # and looks at the same rows
    assert page.count_label.text().startswith("81 peças")
