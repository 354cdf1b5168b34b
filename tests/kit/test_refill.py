"""New rows for a list keep her place: the chosen row by what it is (not by its position), the
rows in view where they were, the scroll when the top row left."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from app.ui.kit.tables.table_model import Column, RowTableModel, SourceSortProxy, refill
from app.ui.kit.widgets import row_table


@dataclass(frozen=True)
class Row:
    id: int
    name: str


class NamesModel(RowTableModel):
    COLUMNS = (Column("Nome", lambda r: r.name, stretch=True),)


def _rows(ids) -> list[Row]:
    return [Row(i, f"Cliente {i:03d}") for i in ids]


@pytest.fixture(params=["direct", "proxy"])
def view(request, qtbot):
    model = NamesModel()
    shown = model
    if request.param == "proxy":
        shown = SourceSortProxy()
        shown.setSourceModel(model)
    table = row_table(shown, "names", sortable=False)
    qtbot.addWidget(table)
    table.resize(400, 300)
    table.show()
    qtbot.waitExposed(table)
    model.set_rows(_rows(range(200)))
    return table, model


def _chosen(table, model):
    index = table.currentIndex()
    if table.model() is not model:
        index = table.model().mapToSource(index)
    return model.row_at(index.row()).id if index.isValid() else None


def _top(table, model):
    index = table.indexAt(table.viewport().rect().topLeft())
    if table.model() is not model:
        index = table.model().mapToSource(index)
    return model.row_at(index.row()).id


def test_the_chosen_row_and_the_rows_in_view_stay_when_rows_above_leave(view):
    table, model = view
    table.selectRow(120)
    table.scrollTo(table.model().index(110, 0), table.ScrollHint.PositionAtTop)
    assert (_chosen(table, model), _top(table, model)) == (120, 110)
    assert refill(table, model, _rows(range(50, 200)), lambda r: r.id) is True
    assert table.currentIndex().row() == 70  # she is 50 rows higher in the list now…
    assert _chosen(table, model) == 120 and table.selectionModel().hasSelection()
    assert _top(table, model) == 110  # …and the same customers are in view


def test_a_chosen_row_that_left_is_said(view):
    table, model = view
    table.selectRow(120)
    assert refill(table, model, _rows(i for i in range(200) if i != 120), lambda r: r.id) is False


def test_when_the_top_row_left_the_scroll_stays_and_nothing_chosen_stays_so(view):
    table, model = view
    table.clearSelection()
    table.setCurrentIndex(table.model().index(-1, -1))
    table.scrollTo(table.model().index(60, 0), table.ScrollHint.PositionAtTop)
    value = table.verticalScrollBar().value()
    refill(table, model, _rows(i for i in range(200) if i != 60), lambda r: r.id)
    assert table.verticalScrollBar().value() == value
    assert not table.selectionModel().hasSelection()
