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
from PySide6.QtCore import QLocale, QMargins, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPen

from app.services.collection.dashboard import MonthRate, WeekDue, format_rate
from app.services.core.dates import format_short
from app.services.core.money import format_brl
from app.services.core.text import plural
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


LABEL_PADDING = 14  # Qt Charts cuts a category label with less room than its width plus this


def _label_font() -> QFont:
    """Axis labels a little smaller than the text: twelve months fit half a laptop screen."""
    font = QFont()
    font.setPixelSize(10)
    return font


class ChartView(QChartView):
    """A chart view that shows "Calculando…" until its data arrives."""

    def __init__(self, title: str, name: str):
        super().__init__(_chart(title))
        self.setObjectName(name)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(170)
        self.summary = ""  # the figures in words, also the tooltip
        self.labels: list[str] = []  # the x axis's labels, whole ("mar", "23/11")
        self.label_step = 1  # 2: every other label is shown (a narrow chart)
        self.chart().plotAreaChanged.connect(self._fit_labels)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """Asks for its minimum height: on a short screen the Painel fits without scrolling,
        on a tall one the charts take the room left."""
        return QSize(super().sizeHint().width(), self.minimumHeight())

    def _replace(self, series, categories: list[str], top: float, unit: str) -> None:
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        chart.addSeries(series)
        x = QBarCategoryAxis()
        x.append(categories)
        self.labels, self.label_step = list(categories), 1
        y = QValueAxis()
        y.setRange(0, top)
        y.applyNiceNumbers()
        step = (y.max() - y.min()) / max(y.tickCount() - 1, 1)
        y.setLabelFormat(unit.replace("%v", "%.0f" if step == int(step) else "%.1f"))
        for axis in (x, y):
            axis.setLabelsFont(_label_font())
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)
        self._fit_labels()

    def x_axis(self) -> QBarCategoryAxis | None:
        axes = self.chart().axes(Qt.Orientation.Horizontal)
        return axes[0] if axes else None

    def _fit_labels(self, *_args) -> None:
        """Whole labels, never "m…": when twelve months do not fit the chart's width, every
        other one is written, ending on this month (the tooltip lists them all)."""
        axis, count = self.x_axis(), len(self.labels)
        if axis is None or not count:
            return
        room = self.chart().plotArea().width() / count
        widest = max(QFontMetrics(_label_font()).horizontalAdvance(t) for t in self.labels)
        step = next((n for n in (1, 2, 3, 4, 6, 12) if widest + LABEL_PADDING <= n * room), 12)
        if step == self.label_step:
            return
        self.label_step = step
        axis.setTruncateLabels(step == 1)  # skipping: a label may use its blank neighbours'
        last = count - 1  # counted from the end: this month (this week) is always written
        axis.setCategories([t if (last - n) % step == 0 else "\u200b" * (n + 1)  # blank
                            for n, t in enumerate(self.labels)])

    def shown_labels(self) -> list[str]:
        """The x axis's labels as written under the chart ("" where one is skipped)."""
        axis = self.x_axis()
        return [t.strip("\u200b") for t in axis.categories()] if axis else []

    def show_rates(self, months: tuple[MonthRate, ...]) -> None:
        line = QLineSeries()
        line.setPen(QPen(RED, 2.5))
        line.setPointsVisible(True)
        for n, month in enumerate(months):
            line.append(n, month.rate_bp / 100)
        top = max(max((m.rate_bp for m in months), default=0) / 100, 10.0)
        self._replace(line, [m.label[:3] for m in months], top, "%v%")  # localized: one %
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
            f"({plural(w.installments, 'parcela')})" for w in weeks)
        self.setToolTip(self.summary)
