"""The Painel's two charts (Qt Charts): delinquency over 12 months, receipts for 8 weeks.

Values are converted to percent and to reais (or thousands of reais) only to place them on
the axes; the figures come from ``services.collection.dashboard`` in basis points and centavos, and
the tooltip lists them exactly.
"""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QLocale, QMargins, Qt
from PySide6.QtGui import QPainter, QPen

from app.services.collection.dashboard import MonthRate, WeekDue, format_rate
from app.services.core.dates import format_short
from app.services.core.money import format_brl
from app.ui.kit.style import FOREGROUND_ERROR, FOREGROUND_INFO

RED, BLUE = FOREGROUND_ERROR, FOREGROUND_INFO


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.legend().hide()
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(8)
    # Axis numbers in Brazilian form: "R$ 8.000", "2,5%" (printf would write 8000 and 2.5).
    chart.setLocale(QLocale(QLocale.Language.Portuguese, QLocale.Country.Brazil))
    chart.setLocalizeNumbers(True)
    return chart


class ChartView(QChartView):
    """A chart view that shows "Calculando…" until its data arrives."""

    def __init__(self, title: str, name: str):
        super().__init__(_chart(title))
        self.setObjectName(name)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(230)
        self.summary = ""  # the figures in words, also the tooltip

    def _replace(self, series, categories: list[str], top: float, unit: str) -> None:
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        chart.addSeries(series)
        x = QBarCategoryAxis()
        x.append(categories)
        y = QValueAxis()
        y.setRange(0, top)
        y.applyNiceNumbers()
        step = (y.max() - y.min()) / max(y.tickCount() - 1, 1)
        y.setLabelFormat(unit.replace("%v", "%.0f" if step == int(step) else "%.1f"))
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)

    def show_rates(self, months: tuple[MonthRate, ...]) -> None:
        line = QLineSeries()
        line.setPen(QPen(RED, 2.5))
        line.setPointsVisible(True)
        for n, month in enumerate(months):
            line.append(n, month.rate_bp / 100)
        top = max(max((m.rate_bp for m in months), default=0) / 100, 10.0)
        self._replace(line, [m.label[:3] for m in months], top, "%v%%")
        if months:
            self.chart().setTitle(f"Inadimplência nos últimos 12 meses ({months[0].label} a "
                                  f"{months[-1].label})")
        self.summary = "\n".join(
            f"{m.label}: {format_rate(m.rate_bp)} ({format_brl(m.overdue_cents)} em atraso de "
            f"{format_brl(m.due_cents)} vencidos)" for m in months)
        self.setToolTip(self.summary)

    def show_weeks(self, weeks: tuple[WeekDue, ...]) -> None:
        largest = max((w.cents for w in weeks), default=0)
        scale, unit = (100_000, "R$ %v mil") if largest >= 1_000_000 else (100, "R$ %v")
        bars = QBarSet("A receber")
        bars.setColor(BLUE)
        for week in weeks:
            bars.append(week.cents / scale)
        series = QBarSeries()
        series.append(bars)
        self._replace(series, [format_short(w.start) for w in weeks],
                      max(largest / scale, 100.0), unit)
        self.summary = "\n".join(
            f"{format_short(w.start)} a {format_short(w.end)}: {format_brl(w.cents)} "
            f"({w.installments} parcelas)" for w in weeks)
        self.setToolTip(self.summary)
