"""The application's look in one place: a calm palette, one stylesheet, roles for labels.

Widgets never carry their own colours: they set a ``role`` property (``error``, ``muted``,
``title``, ``banner``, ``card``…) or ``primary`` on a button, and the stylesheet below styles
them. ``apply_style(app)`` is called once at start-up; it also sets the Fusion style with an
explicit light palette, so the window stays readable when the system uses dark mode.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleOptionHeader,
    QWidget,
)

SPACING = 8  # the grid every margin and gap is a multiple of


@dataclass(frozen=True)
class Colours:
    window: str = "#f5f4f0"  # warm paper
    base: str = "#ffffff"
    alternate: str = "#f7f8f6"
    text: str = "#1f2328"
    muted: str = "#545b64"
    border: str = "#d3d6d2"
    primary: str = "#0b6e5f"  # teal: the caderneta's colour
    primary_hover: str = "#095a4e"
    on_primary: str = "#ffffff"
    primary_soft: str = "#e2f1ed"
    error: str = "#b3261e"
    warning_bg: str = "#fff4d6"
    warning_border: str = "#e9c46a"
    warning_text: str = "#5d4500"
    success: str = "#1b6e35"
    success_bg: str = "#e4f4e7"
    sidebar: str = "#e8eeec"
    disabled: str = "#6b7078"
    info: str = "#1557a0"  # blue: open agreements, updates, charts
    caution: str = "#8a5a00"  # amber text: a warning that is not an error
    caution_bg: str = "#fff4e0"
    caution_border: str = "#f0c36d"
    error_bg: str = "#fdecea"
    error_border: str = "#f1a9a0"
    error_text: str = "#7f1d1d"
    info_bg: str = "#e8f4fd"
    info_border: str = "#9cc9ef"
    info_text: str = "#0b3c61"
    chosen_bg: str = "#f3f8ff"
    hover: str = "#f0f0f0"
    birthday_bg: str = "#fff5fb"
    birthday_border: str = "#e0c0d8"
    birthday_hover: str = "#fde8f4"
    white: str = "#ffffff"


# Standing badges: white text on these (darker than the standing hints, for contrast).
BADGES = {"pontual": "#1b6e35", "em_dia": "#1557a0", "atrasada": "#9a4a00",
          "recorrente": "#b3261e"}


COLOURS = Colours()

# (foreground, background) pairs a user reads; each must reach WCAG AA (4.5:1).
TEXT_PAIRS = {
    "text on window": (COLOURS.text, COLOURS.window),
    "text on base": (COLOURS.text, COLOURS.base),
    "muted on base": (COLOURS.muted, COLOURS.base),
    "muted on window": (COLOURS.muted, COLOURS.window),
    "button text": (COLOURS.on_primary, COLOURS.primary),
    "button hover": (COLOURS.on_primary, COLOURS.primary_hover),
    "error on base": (COLOURS.error, COLOURS.base),
    "error on window": (COLOURS.error, COLOURS.window),
    "warning": (COLOURS.warning_text, COLOURS.warning_bg),
    "success": (COLOURS.success, COLOURS.success_bg),
    "success on base": (COLOURS.success, COLOURS.base),
    "sidebar": (COLOURS.text, COLOURS.sidebar),
    "selected": (COLOURS.on_primary, COLOURS.primary),
    "disabled": (COLOURS.disabled, COLOURS.window),
    "soft primary": (COLOURS.primary, COLOURS.primary_soft),
    "info on base": (COLOURS.info, COLOURS.base),
    "caution on base": (COLOURS.caution, COLOURS.base),
    "caution on window": (COLOURS.caution, COLOURS.window),
    "caution box": (COLOURS.caution, COLOURS.caution_bg),
    "error notice": (COLOURS.error_text, COLOURS.error_bg),
    "info notice": (COLOURS.info_text, COLOURS.info_bg),
    "error on soft red": (COLOURS.text, COLOURS.error_bg),
    "read-only mark": (COLOURS.white, COLOURS.error),
    "text on birthday card": (COLOURS.text, COLOURS.birthday_bg),
    "text on chosen option": (COLOURS.text, COLOURS.chosen_bg),
    "text on hover": (COLOURS.text, COLOURS.hover),
    "info badge": (COLOURS.white, COLOURS.info),
    **{f"badge {code}": ("#ffffff", colour) for code, colour in BADGES.items()},
}

# Text colours of table cells (ForegroundRole), each AA on white and on the alternate rows.
FOREGROUND_ERROR = QColor(COLOURS.error)
FOREGROUND_SUCCESS = QColor(COLOURS.success)
FOREGROUND_MUTED = QColor(COLOURS.muted)
FOREGROUND_INFO = QColor(COLOURS.info)
FOREGROUND_CAUTION = QColor(COLOURS.caution)


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    """Relative luminance (WCAG 2.x) of ``#rrggbb``."""
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG contrast ratio between two colours (1 to 21)."""
    a, b = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def palette() -> QPalette:
    """A light palette set explicitly, so a dark system theme cannot make text unreadable."""
    c = COLOURS
    p = QPalette()
    roles = QPalette.ColorRole
    for role, colour in (
        (roles.Window, c.window), (roles.WindowText, c.text), (roles.Base, c.base),
        (roles.AlternateBase, c.alternate), (roles.Text, c.text), (roles.Button, c.base),
        (roles.ButtonText, c.text), (roles.Highlight, c.primary),
        (roles.HighlightedText, c.on_primary), (roles.ToolTipBase, c.base),
        (roles.ToolTipText, c.text), (roles.PlaceholderText, c.muted), (roles.Link, c.primary),
        (roles.BrightText, c.error),
    ):
        p.setColor(role, QColor(colour))
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(c.disabled))
    return p


def stylesheet() -> str:
    """The one stylesheet of the application."""
    c = COLOURS
    return f"""
QWidget {{ font-size: 13px; }}
QLabel[role="title"] {{ font-size: 20px; font-weight: 600; margin-bottom: 4px; }}
QLabel[role="subtitle"] {{ font-size: 15px; font-weight: 600; }}
QLabel[role="total"] {{ font-size: 16px; font-weight: 600; }}
QLabel[role="muted"] {{ color: {c.muted}; }}
QLabel[role="hint"] {{ color: {c.muted}; font-size: 12px; }}
QLabel[role="error"] {{ color: {c.error}; font-size: 12px; }}
QLabel[role="ok"] {{ color: {c.success}; }}
QLabel[role="banner"], QLabel[role="warning"] {{ background: {c.warning_bg};
    border: 1px solid {c.warning_border}; border-radius: 6px; padding: 8px;
    color: {c.warning_text}; }}
QLabel[role="toast"] {{ background: {c.success_bg}; border-radius: 6px; padding: 8px;
    color: {c.success}; font-weight: 600; }}
QLabel[role="empty"] {{ color: {c.muted}; font-size: 14px; padding: 16px; }}
QLabel[role="badge"] {{ color: #ffffff; border-radius: 9px; padding: 2px 10px;
    font-weight: 600; }}
{_badges()}
QFrame[role="card"] {{ background: {c.base}; border: 1px solid {c.border};
    border-radius: 8px; }}
QPushButton {{ padding: 6px 14px; border: 1px solid {c.border}; border-radius: 6px;
    background: {c.base}; color: {c.text}; }}
QPushButton:hover {{ border-color: {c.primary}; }}
QPushButton:checked {{ background: {c.primary_soft}; border: 1px solid {c.primary};
    color: {c.primary}; }}
QPushButton:disabled {{ color: {c.disabled}; background: {c.window}; }}
QPushButton[primary="true"] {{ background: {c.primary}; color: {c.on_primary};
    border: 1px solid {c.primary}; font-weight: 600; }}
QPushButton[primary="true"]:hover {{ background: {c.primary_hover}; }}
QPushButton[primary="true"]:disabled {{ background: {c.border}; color: {c.disabled};
    border-color: {c.border}; }}
QPushButton:default {{ border: 2px solid {c.primary}; padding: 5px 13px; }}
QPushButton::menu-indicator {{ image: none; width: 0px; }}  /* the label says ▾ once */
QPushButton[primary="true"]:default {{ border: 2px solid {c.text}; }}
QListWidget#navigation {{ background: {c.sidebar}; border: none; font-size: 14px;
    padding-top: {SPACING}px; }}
QListWidget#navigation::item {{ padding: 8px; border-radius: 6px; margin: 1px 6px;
    color: {c.text}; }}
QListWidget#navigation::item:selected {{ background: {c.primary}; color: {c.on_primary}; }}
QTableView {{ gridline-color: {c.border}; selection-background-color: {c.primary};
    selection-color: {c.on_primary}; }}
QHeaderView::section {{ background: {c.window}; color: {c.text}; padding: 4px 6px;
    border: none; border-bottom: 1px solid {c.border}; font-weight: 600; }}
QGroupBox {{ font-weight: 600; }}
QToolTip {{ color: {c.text}; background: {c.base}; border: 1px solid {c.border}; }}
{_screen_rules(c)}"""


def _screen_rules(c: Colours) -> str:
    """Looks particular to some screens (cards, notices, chosen options)."""
    return f"""
QLabel[role="caution"] {{ color: {c.caution}; }}
QLabel[role="saving"] {{ color: {c.success}; font-weight: 600; }}
QLabel[role="strong"], QRadioButton[role="strong"], QCheckBox[role="strong"] {{
    font-weight: 600; }}
QLabel[role="emphasis"] {{ font-weight: 600; font-size: 14px; }}
QLabel[role="lead"] {{ font-size: 14px; }}
QLabel[role="footer"] {{ font-weight: 600; padding: 4px 0px; }}
QLabel[role="pix_amount"] {{ font-size: 24px; font-weight: 600; }}
QLabel[role="phone_number"] {{ font-size: 28px; font-weight: 600; }}
QLabel[role="status_error"] {{ color: {c.error}; }}
QLabel[role="suggestion"] {{ color: {c.caution}; background: {c.caution_bg};
    border: 1px solid {c.caution_border}; border-radius: 4px; padding: 4px 8px; }}
QLabel[role="success_box"] {{ background: {c.success_bg}; border-radius: 6px; padding: 8px; }}
QLabel[role="notice_warning"], QLabel[role="notice_error"], QLabel[role="notice_info"] {{
    border-radius: 6px; padding: 8px 10px; font-size: 13px; }}
QLabel[role="notice_warning"] {{ background: {c.warning_bg};
    border: 1px solid {c.warning_border}; color: {c.warning_text}; }}
QLabel[role="notice_error"] {{ background: {c.error_bg}; border: 1px solid {c.error_border};
    color: {c.error_text}; }}
QLabel[role="notice_info"] {{ background: {c.info_bg}; border: 1px solid {c.info_border};
    color: {c.info_text}; }}
QLabel#readOnlyMark {{ background: {c.error}; color: {c.white}; font-weight: 600;
    border-radius: 4px; padding: 2px 6px; }}
QPushButton[role="dashboard_card"] {{ background: {c.base}; border: 1px solid {c.border};
    border-radius: 8px; text-align: left; padding: 0px; }}
QPushButton[role="dashboard_card"]:hover {{ border-color: {c.info}; }}
QPushButton[role="dashboard_card"]:focus {{ border: 2px solid {c.info}; }}
QPushButton[role="dashboard_card"] QLabel {{ border: none; background: transparent; }}
QLabel[role="card_caption"] {{ color: {c.muted}; }}
QLabel[role="card_detail"] {{ color: {c.muted}; font-size: 11px; }}
QLabel[role="card_value"] {{ font-size: 22px; font-weight: 600; color: {c.text}; }}
QLabel[role="card_value"][tone="error"] {{ color: {c.error}; }}
QLabel[role="card_value"][tone="success"] {{ color: {c.success}; }}
QPushButton[role="bucket_card"] {{ text-align: left; padding: 8px 12px;
    border: 1px solid {c.border}; border-radius: 6px; background: {c.alternate};
    font-size: 13px; color: {c.text}; }}
QPushButton[role="bucket_card"]:hover {{ background: {c.hover}; }}
QPushButton[role="bucket_card"]:checked {{ background: {c.error_bg};
    border: 2px solid {c.error}; color: {c.text}; }}
QPushButton[role="birthday_card"] {{ text-align: left; padding: 10px 12px;
    border: 1px solid {c.birthday_border}; border-radius: 8px; background: {c.birthday_bg};
    font-size: 13px; color: {c.text}; }}
QPushButton[role="birthday_card"]:hover {{ background: {c.birthday_hover}; }}
QGroupBox[chosen="true"] {{ border: 2px solid {c.info}; border-radius: 6px;
    background: {c.chosen_bg}; }}
QFrame[role="next_steps"] {{ background: {c.success_bg}; border-radius: 6px; }}
QFrame[role="next_steps"] QLabel {{ color: {c.success}; font-weight: 600; }}
QListWidget#documentList {{ font-size: 14px; }}
QListWidget#documentList::item {{ padding: 8px; }}
"""


def coloured_span(text: str, colour: str) -> str:
    """Rich text in a palette colour (``colour`` is a ``Colours`` field name)."""
    return f"<span style='color:{getattr(COLOURS, colour)}'>{text}</span>"


def paint_badge(badge: QWidget, background: str) -> None:
    """A rounded badge in white on ``background`` (a colour decided at run time)."""
    badge.setProperty("role", "badge")
    badge.setStyleSheet(f"QLabel {{ background: {background}; color: {COLOURS.white}; "
                        "border-radius: 10px; padding: 2px 10px; font-weight: 600; }")


def set_flag(widget: QWidget, name: str, value: object) -> QWidget:
    """Set a property the stylesheet matches on (``chosen``, ``tone``…) and repaint."""
    widget.setProperty(name, value)
    _repolish(widget)
    return widget


_STANDING_QCOLOURS: dict[str, QColor] = {}


def standing_colour(code: str) -> QColor:
    """The text colour of a standing in tables (AA on white, unlike the services' hints)."""
    if code not in _STANDING_QCOLOURS:
        _STANDING_QCOLOURS[code] = QColor(BADGES.get(code, COLOURS.text))
    return _STANDING_QCOLOURS[code]


def _badges() -> str:
    return "\n".join(f'QLabel[standing="{code}"] {{ background: {colour}; color: #ffffff; '
                     'border-radius: 9px; padding: 2px 10px; font-weight: 600; }'
                     for code, colour in BADGES.items())


def set_standing(badge: QWidget, code: str) -> None:
    """Colour a badge for a standing code (pontual, em_dia, atrasada, recorrente)."""
    badge.setProperty("role", "badge")
    badge.setProperty("standing", code)
    # Its own rule (still written here): a badge re-coloured after it was shown must repaint.
    colour = BADGES.get(code, COLOURS.muted)
    badge.setStyleSheet(f"QLabel {{ background: {colour}; color: #ffffff; border-radius: 9px; "
                        "padding: 2px 10px; font-weight: 600; }")


class CadernetaStyle(QProxyStyle):
    """Fusion, with the sort arrow of a column pointing the way its values go: down for
    largest-first (descending), up for smallest-first. Qt draws them the other way round
    (the old Windows convention), which reads as "sorted up" on "Dias de atraso" when the
    most late come first.

    Given only to the widgets it changes, the headers of the sortable lists
    (``arrows_the_right_way``), not to the application: every call Qt makes to a method a
    Python style overrides crosses into Python (~4 µs each, thousands to lay out a page),
    and as the application's style, with the tab labels' rule below, it cost 30–60 ms of
    the window's thread to build Cobranças de hoje, Configurações or Condicionais
    (issue 18). Each rule is a class of its own, so a header does not send its many
    ``pixelMetric`` questions to Python for the tabs' sake."""

    def __init__(self):
        super().__init__(QStyleFactory.create("Fusion"))

    def drawPrimitive(self, element, option, painter, widget=None) -> None:  # noqa: N802
        if element == QStyle.PrimitiveElement.PE_IndicatorHeaderArrow and isinstance(
                option, QStyleOptionHeader):
            flipped = QStyleOptionHeader(option)
            up, down = QStyleOptionHeader.SortIndicator.SortUp, \
                QStyleOptionHeader.SortIndicator.SortDown
            flipped.sortIndicator = down if option.sortIndicator == up else up
            super().drawPrimitive(element, flipped, painter, widget)
            return
        super().drawPrimitive(element, option, painter, widget)


class LevelTabsStyle(QProxyStyle):
    """Fusion, with the labels of the tabs not chosen where the chosen one's is: Fusion draws
    them a little lower (its "tab shift"), and at 125% the bottom of "Multa e juros" and
    "Régua e mensagens" fell outside the tab. (Taller tabs would cost every tabbed page the
    height a 1366×768 laptop at 150% does not have; the chosen tab still stands out, taller
    and white.) Given only to tab bars (``level_tabs``)."""

    def __init__(self):
        super().__init__(QStyleFactory.create("Fusion"))

    def pixelMetric(self, metric, option=None, widget=None) -> int:  # noqa: N802 - Qt override
        if metric == QStyle.PixelMetric.PM_TabBarTabShiftVertical:
            return 0
        return super().pixelMetric(metric, option, widget)


_SCOPED: dict[type, QProxyStyle] = {}  # one of each, shared; a widget does not own its style


def _scoped(kind: type) -> QProxyStyle:
    if kind not in _SCOPED:
        _SCOPED[kind] = kind()
    return _SCOPED[kind]


def arrows_the_right_way(header: QWidget) -> None:
    """A sortable list's header draws its sort arrow the way the values go
    (``CadernetaStyle``)."""
    header.setStyle(_scoped(CadernetaStyle))


def level_tabs(tabs: QWidget) -> None:
    """A ``QTabWidget``'s tab labels all at one height (``LevelTabsStyle``)."""
    tabs.tabBar().setStyle(_scoped(LevelTabsStyle))


def apply_style(app: QApplication) -> None:
    """Fusion style, the palette and the stylesheet: called once, at start-up (the sort
    arrows and the tab labels are set on their widgets: ``CadernetaStyle``,
    ``LevelTabsStyle``)."""
    app.setStyle(QStyleFactory.create("Fusion"))
    app.setPalette(palette())
    app.setStyleSheet(stylesheet())


def set_role(widget: QWidget, role: str) -> QWidget:
    """Give a widget a look from the stylesheet (``error``, ``muted``, ``title``…)."""
    widget.setProperty("role", role)
    _repolish(widget)
    return widget


def set_primary(button: QWidget, primary: bool = True) -> QWidget:
    """Mark the main action of a screen or dialog."""
    button.setProperty("primary", primary)
    _repolish(button)
    return button


def _repolish(widget: QWidget) -> None:
    # Qt matches [property] rules when a widget is polished: polish again for the new value.
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    widget.update()
    widget.updateGeometry()  # padding from the new rule changes the size it asks for


def money_font(base: QFont | None = None) -> QFont:
    """A font whose digits all have the same width (tabular figures), for money columns."""
    font = QFont(base) if base is not None else QFont()
    try:
        from PySide6.QtGui import QFont as _F

        font.setFeature(_F.Tag("tnum"), 1)
    except (AttributeError, TypeError):  # Qt < 6.7: the default font's digits are tabular
        pass
    return font
