"""Save a PNG of every page, tab and dialog on a demo database, named after its screen.

    python tools/screenshots.py [out_folder] [--size 1280x720]

Each window is shot at the size the screen gives it (the screen's available geometry, as a
reseller's laptop would). ``make screenshots`` writes them to docs/screenshots/. Under a real
X server (``xvfb-run -s "-screen 0 1366x768x24"`` with QT_QPA_PLATFORM=xcb) the size is the
server's; offscreen, ``--size`` sets the window to that size minus a taskbar.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSize  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from app.models.db import open_database  # noqa: E402
from app.services.demo import generate_demo  # noqa: E402

TODAY = date(2026, 11, 23)
TASKBAR = 30


def _settle(app: QApplication) -> None:
    for _ in range(3):
        app.processEvents()


def _save(widget: QWidget, out: Path, name: str, app: QApplication, pixmap=None) -> None:
    _settle(app)
    path = out / f"{name}.png"
    (pixmap or widget.grab()).save(str(path))
    _shrink(path)
    print(f"  {name}.png  {widget.width()}×{widget.height()}")


def _shrink(path: Path) -> None:
    """A 128-colour palette keeps each picture small enough to commit (screens are flat)."""
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=128, dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def _with_dialog_over(window: QWidget, dialog: QWidget):
    """The window as she sees it with a dialog open on top (dimmed behind it)."""
    from PySide6.QtGui import QColor, QPainter

    picture = window.grab()
    painter = QPainter(picture)
    painter.fillRect(picture.rect(), QColor(0, 0, 0, 70))
    shot = dialog.grab()
    painter.drawPixmap((picture.width() - shot.width()) // 2,
                       (picture.height() - shot.height()) // 3, shot)
    painter.end()
    return picture


def _prepare(db: Path) -> None:
    from app.services.configuration.settings import load_settings, save_settings

    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    open_database(db, today=TODAY)
    generate_demo(200, TODAY, seed=3)
    save_settings(load_settings(), store_name="Natália Modas", owner_name="Natália",
                  city="Campinas", default_ddd="19", pix_key="natalia.modas@example.com",
                  welcome_seen=1, store_name_confirmed=1)
    _malinhas()


def _malinhas() -> None:
    """A few malinhas out (issue 23): one late, one due today, one in time, one settled."""
    from datetime import timedelta

    from app.models.db import database
    from app.services import catalog, conditional
    from app.services.pieces.catalog import PieceInput, VariantInput

    if not catalog.search_variants(""):
        for name, price, grid in (("Vestido Lírio", 18_990, ("P", "M", "G")),
                                  ("Blusa Ana", 5_990, ("",)), ("Saia Flor", 12_000, ("M",))):
            catalog.save_piece(PieceInput(name, price, variants=tuple(
                VariantInput(size, "rosa" if size else "", 6) for size in grid)), TODAY)
    variants = [v.id for v in catalog.search_variants("")]
    people = [r[0] for r in database.execute_sql(
        "SELECT id FROM customer ORDER BY id LIMIT 4").fetchall()]
    for n, (cid, back) in enumerate(zip(people, (-3, 0, 2, -6), strict=True)):
        sent = TODAY + timedelta(days=back - 2)
        k = conditional.send(cid, [(v, 1) for v in variants[n:n + 3]], sent,
                             return_by=TODAY + timedelta(days=back))
        if back == -6:
            conditional.settle(k, {variants[n]: 1}, TODAY - timedelta(days=4))


def shoot_window(window, app: QApplication, out: Path) -> None:
    """Every page of the main window, every Configurações tab, and a customer's page."""
    from tests.screens import page_file, tab_file

    for n, name in enumerate(window.pages):
        window.nav.setCurrentRow(n)
        _save(window, out, page_file(name), app)
    tabs = window.settings.tabs
    window.show_page("Configurações")
    for n in range(tabs.count()):
        tabs.setCurrentIndex(n)
        _save(window, out, tab_file(tabs.tabText(n)), app)
    customer = _late_customer()
    window.open_customer(customer)
    _save(window, out, "cliente", app)
    tabs = window.customer_page.tabs
    for n in range(1, tabs.count()):
        tabs.setCurrentIndex(n)
        _save(window, out, f"cliente_{page_file(tabs.tabText(n))}", app)
    window.show_page("Clientes")
    window.show_customer_list()
    window.customers.search.setText("souza xyz")
    _save(window, out, "clientes_busca_sem_resultado", app)
    window.customers.search.clear()


def shoot_channels(window, app: QApplication, out: Path) -> None:
    """Cobranças de hoje with a customer of each channel selected (issue 24), as
    ``cobrancas_canal_<whatsapp|email|sms|ligacao>``. A channel nobody on the demo's day
    prefers is given to one of the day's customers first (the demo file is a scratch copy)."""
    from app.models.db import database

    names = {"whatsapp": "whatsapp", "email": "email", "sms": "sms", "phone": "ligacao"}
    window.show_page("Cobranças de hoje")
    page = window.page("Cobranças de hoje")
    for code, name in names.items():
        page.refresh()
        rows = page.model.rows()
        entry = next((e for e in rows if e.channel == code), None)
        if entry is None and rows:
            spare = next((e for e in rows if e.channel == "whatsapp"), rows[-1])
            database.execute_sql("UPDATE customer SET email = ?, channel = ? WHERE id = ?", (
                spare.email or "cliente.exemplo@gmail.com", code, spare.customer_id))
            page.refresh()
            entry = next((e for e in page.model.rows() if e.channel == code), None)
        if entry is not None:
            page.select_customer(entry.customer_id)
            _save(window, out, f"cobrancas_canal_{name}", app)


def _late_customer() -> int:
    from app.services.people.customers import list_customers

    rows = [r for r in list_customers(TODAY) if r.overdue_cents]
    return rows[0].id if rows else 1


def shoot_dialogs(window, app: QApplication, out: Path) -> None:
    from tests.screens import all_dialogs

    for name, dialog in all_dialogs(window, TODAY, _late_customer()):
        dialog.show()
        _fill(name, dialog)
        _save(dialog, out, name, app)
        if hasattr(dialog, "confirm_discard"):
            dialog.confirm_discard = lambda: True
        dialog.done(0)


def _fill(name: str, dialog) -> None:
    """Dialogs shown as she uses them: a sale with two pieces typed in."""
    if name == "dialogo_nova_venda":
        for description, variant, price in (("Biquíni", "M estampado", "84,90"),
                                            ("Saída de praia", "P branca", "119,90")):
            dialog.description.setText(description)
            dialog.variant.setText(variant)
            dialog.price.setText(price)
            dialog.add_item()


def shoot_first_run(app: QApplication, out: Path, room: QSize) -> None:
    """A brand-new database: the welcome over empty pages."""
    from app.ui.shell.main_window import MainWindow

    open_database(out / "novo.sqlite3", today=TODAY)
    window = MainWindow(today_fn=lambda: TODAY)
    window.resize(room)
    window.show()
    welcome = window.maybe_welcome()
    _settle(app)
    _save(window, out, "primeiro_uso", app, _with_dialog_over(window, welcome))
    welcome.done(0)
    window.show_page("Clientes")
    _save(window, out, "clientes_vazio", app)
    window.show_page("Cobranças de hoje")
    _save(window, out, "cobrancas_vazio", app)
    window.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--size", default="", help="largura×altura da tela (offscreen)")
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    from app.ui.kit.style import apply_style
    from app.ui.shell.app import _setup_locale
    from app.ui.shell.main_window import MainWindow

    _setup_locale(app)
    apply_style(app)
    work = Path(os.environ.get("TMPDIR", "/tmp")) / "caderneta-shots"
    work.mkdir(parents=True, exist_ok=True)
    _prepare(work / "shots.sqlite3")
    window = MainWindow(today_fn=lambda: TODAY)
    room = _room(app, args.size)
    window.resize(room)
    window.show()
    print(f"janela {room.width()}×{room.height()} em {out}")
    shoot_window(window, app, out)
    shoot_channels(window, app, out)
    shoot_dialogs(window, app, out)
    window.close()
    shoot_first_run(app, work, room)
    for png in ("primeiro_uso", "clientes_vazio", "cobrancas_vazio"):
        (work / f"{png}.png").replace(out / f"{png}.png")


def _room(app: QApplication, size: str) -> QSize:
    """The window size: the screen's available room (or --size minus a taskbar)."""
    if size:
        width, height = (int(v) for v in size.lower().replace("×", "x").split("x"))
        return QSize(width, height - TASKBAR)
    geometry = app.primaryScreen().availableGeometry()
    return QSize(geometry.width(), geometry.height())


if __name__ == "__main__":
    main()
