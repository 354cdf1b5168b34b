"""Columns sized to their texts after every new set of rows, the widths of texts already seen
remembered while the font stays the same (issue 18: a list refreshed after each save measured
the same texts again on the GUI thread)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QTableView

from app.ui.kit.tables.columns import fit_columns
from app.ui.kit.tables.table_model import Column, RowTableModel


@dataclass(frozen=True)
class Row:
    name: str
    amount: str


class Model(RowTableModel):
    COLUMNS = (Column("Nome", lambda r: r.name, stretch=True),
               Column("Valor", lambda r: r.amount, align_right=True))


def test_a_wider_amount_after_a_refresh_widens_its_column_and_a_bigger_font_too(qtbot):
    model = Model()
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    table.resize(700, 300)
    fitter = fit_columns(table)
    table.show()
    model.set_rows([Row("Ana", "R$ 9,00"), Row("Bia", "R$ 10,00")])
    narrow = table.columnWidth(1)
    metrics = table.fontMetrics()
    assert narrow >= metrics.horizontalAdvance("R$ 10,00")
    model.set_rows([Row("Ana", "R$ 9,00"), Row("Bia", "R$ 1.234.567,89")])  # after a sale
    wide = table.columnWidth(1)
    assert wide > narrow and wide >= metrics.horizontalAdvance("R$ 1.234.567,89")
    model.set_rows([Row("Ana", "R$ 9,00"), Row("Bia", "R$ 10,00")])  # remembered widths
    assert table.columnWidth(1) == narrow
    font = QFont(table.font())
    font.setPointSizeF(font.pointSizeF() * 2)
    table.setFont(font)  # her larger text setting: every width measured again
    fitter.size_columns()
    assert table.columnWidth(1) >= table.fontMetrics().horizontalAdvance("R$ 10,00") > narrow
