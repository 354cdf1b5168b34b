"""Save a PNG of every page, tab and dialog on a demo database, named after its screen and size.

    python tools/screenshots.py [out_folder] [--size 1280x720]

Each window is shot at the room a reseller's laptop gives it: the screen's available
geometry minus a taskbar and a title bar (1366×768 at 125% leaves 1093×560). The file names
say the screen and its scale: ``clientes_1366x768_125.png``. ``make screenshots`` shoots the
three laptops the app is tested at under Xvfb (1280×720 at 100%, 1366×768 at 125% and
1920×1080 at 150%, with ``QT_SCALE_FACTOR``) into docs/screenshots/; a screen or dialog
larger than the screen is reported and the run fails. Offscreen, ``--size`` sets the screen.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSize  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from app.models.db import close_database, open_database  # noqa: E402
from app.services.demo import generate_demo  # noqa: E402

TODAY = date(2026, 11, 23)
TASKBAR_AND_TITLE = 54  # a Windows taskbar and the window's title bar, in logical pixels
TOO_BIG: list[str] = []  # shots larger than the room, reported at the end


def _settle(app: QApplication) -> None:
    """Let the pages' reads arrive (they run on workers) before the picture is taken."""
    import time

    from app.ui.kit import ops

    deadline = time.monotonic() + 10
    while True:
        app.processEvents()
        if ops.idle() or time.monotonic() > deadline:
            break
        time.sleep(0.02)
    for _ in range(3):
        app.processEvents()


SUFFIX = [""]  # "_1366x768_125": the screen the shots were taken on
ROOM = [QSize()]  # the room a window gets on that screen


def _save(widget: QWidget, out: Path, name: str, app: QApplication, pixmap=None) -> None:
    _settle(app)
    path = out / f"{name}{SUFFIX[0]}.png"
    (pixmap or widget.grab()).save(str(path))
    _shrink(path)
    room = ROOM[0]
    fits = widget.width() <= room.width() and widget.height() <= room.height()
    if not fits:
        TOO_BIG.append(f"{path.name} {widget.width()}×{widget.height()}")
    mark = "" if fits else "  MAIOR QUE A TELA"
    print(f"  {path.name}  {widget.width()}×{widget.height()}{mark}")


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
    ensure_catalogue()
    _malinhas()


def _malinhas() -> None:
    """A few malinhas out (issue 23): one late, one due today, one in time, one settled; the
    late one's customer also brought an earlier malinha back, all of it, in time."""
    from datetime import timedelta

    from app.models.db import database
    from app.services import catalog, conditional

    variants = [v.id for v in catalog.search_variants("") if v.stock >= 3]
    people = [r[0] for r in database.execute_sql(
        "SELECT id FROM customer ORDER BY id LIMIT 4").fetchall()]
    for n, (cid, back) in enumerate(zip(people, (-3, 0, 2, -6), strict=True)):
        sent = TODAY + timedelta(days=back - 2)
        k = conditional.send(cid, [(v, 1) for v in variants[n:n + 3]], sent,
                             return_by=TODAY + timedelta(days=back))
        if back == -6:
            conditional.settle(k, {variants[n]: 1}, TODAY - timedelta(days=4))
    earlier = conditional.send(people[0], [(v, 1) for v in variants[4:6]],
                               TODAY - timedelta(days=30), return_by=TODAY - timedelta(days=28))
    conditional.settle(earlier, {}, TODAY - timedelta(days=28))


def shoot_window(window, app: QApplication, out: Path) -> None:
    """Every page of the main window, every tab of Configurações, Cobranças de hoje and
    Importar/Exportar, and a customer's page."""
    from app.ui.shell.pages import page_title
    from tests.screens import page_file, tab_file

    for n, code in enumerate(window.pages):  # codes ("atraso"); the files go by title
        window.nav.setCurrentRow(n)
        _wait_for_operations()  # pages that read on a worker (Peças) show their rows
        _save(window, out, page_file(page_title(code)), app)
    tabs = window.settings.tabs
    window.show_page("configuracoes")
    for n in range(tabs.count()):
        tabs.setCurrentIndex(n)
        _save(window, out, tab_file(tabs.tabText(n)), app)
    _malinha_ruler(window, out, app)
    shoot_other_tabs(window, app, out)
    customer = _late_customer()
    window.open_customer(customer)
    _save(window, out, "cliente", app)
    tabs = window.customer_page.tabs
    for n in range(1, tabs.count()):
        if tabs.tabText(n) != "Condicionais":  # shown on a customer who has malinhas, below
            tabs.setCurrentIndex(n)
            _save(window, out, f"cliente_{page_file(tabs.tabText(n))}", app)
    _next_steps(window, customer, out, app)
    _her_malinhas(window, out, app)
    from app.services.reports import ReportKind

    window.show_page("relatorios")
    window.reports.choose(ReportKind.STATEMENT, customer_id=customer)
    _save(window, out, "relatorios_extrato", app)
    window.show_page("clientes")
    window.show_customer_list()
    window.customers.search.setText("souza xyz")
    _save(window, out, "clientes_busca_sem_resultado", app)
    window.customers.search.clear()


def _malinha_ruler(window, out: Path, app: QApplication) -> None:
    """Configurações → Régua e mensagens with the malinha's régua chosen (issue 23), as
    ``config_regua_malinha``; the installments' régua is chosen again after."""
    settings = window.settings
    tab = settings.cadence_tab
    settings.tabs.setCurrentWidget(tab)
    tab.ruler_combo.setCurrentIndex(1)
    _save(window, out, "config_regua_malinha", app)
    tab.ruler_combo.setCurrentIndex(0)


def _her_malinhas(window, out: Path, app: QApplication) -> None:
    """The customer page's Condicionais tab of a customer with an open malinha and a settled
    one (issue 23), as ``cliente_condicionais``."""
    from app.services import conditional

    open_ones = conditional.open_conditionals(TODAY)
    if not open_ones:
        return
    window.open_customer(min(open_ones, key=lambda k: k.return_by).customer_id)
    tabs = window.customer_page.tabs
    for n in range(tabs.count()):
        if tabs.tabText(n) == "Condicionais":
            tabs.setCurrentIndex(n)
            _save(window, out, "cliente_condicionais", app)
    tabs.setCurrentIndex(0)


def shoot_other_tabs(window, app: QApplication, out: Path) -> None:
    """The tabs after the first of Cobranças de hoje (Aniversariantes) and Importar/Exportar
    (Importar peças, Exportar), as ``<page>_<tab>``: ``cobrancas_aniversariantes``,
    ``importar_exportar_importar_pecas``, ``importar_exportar_exportar``. The first tab is
    the page's own shot; each page is left on it."""
    from app.services.core.text import fold

    for code, tabs, prefix in (("cobrancas", window.worklist.tabs, "cobrancas"),
                               ("importar", window.import_export.tabs, "importar_exportar")):
        window.show_page(code)
        for n in range(1, tabs.count()):
            tabs.setCurrentIndex(n)
            _wait_for_operations()  # the birthdays and the import panels read on a worker
            _save(window, out, f"{prefix}_{fold(tabs.tabText(n)).replace(' ', '_')}", app)
        tabs.setCurrentIndex(0)


def _next_steps(window, customer: int, out: Path, app: QApplication) -> None:
    """Her page right after a sale on the caderneta: "Imprimir carnê", "Copiar resumo"."""
    from app.services.receivables.statement import customer_detail
    from app.ui.shell.next_steps import offer_after_sale

    tabs = window.customer_page.tabs
    tabs.setCurrentIndex(0)
    detail = customer_detail(customer, TODAY)
    sale = max(detail.sales, key=lambda s: (s.sale_date, s.id))
    offer_after_sale(window, window.next_steps, sale.id, detail.customer.name,
                     len([i for i in sale.installments if not i.agreement_id]))
    _save(window, out, "cliente_depois_da_venda", app)
    window.next_steps.hide()


def _late_customer() -> int:
    from app.services.people.customers import list_customers

    rows = [r for r in list_customers(TODAY) if r.overdue_cents]
    return rows[0].id if rows else 1


def shoot_channels(window, app: QApplication, out: Path) -> None:
    """Cobranças de hoje with a customer of each channel selected (issue 24), as
    ``cobrancas_canal_<whatsapp|email|sms|ligacao>``. A channel nobody on the demo's day
    prefers is given to one of the day's customers first (the demo file is a scratch copy)."""
    from app.models.db import database

    names = {"whatsapp": "whatsapp", "email": "email", "sms": "sms", "phone": "ligacao"}
    window.show_page("cobrancas")
    page = window.page("cobrancas")
    for code, name in names.items():
        page.refresh()
        _settle(app)  # the list is read on a worker
        rows = page.model.rows()
        entry = next((e for e in rows if e.channel == code), None)
        if entry is None and rows:
            spare = next((e for e in rows if e.channel == "whatsapp"), rows[-1])
            database.execute_sql("UPDATE customer SET email = ?, channel = ? WHERE id = ?", (
                spare.email or "cliente.exemplo@gmail.com", code, spare.customer_id))
            page.refresh()
            _settle(app)
            entry = next((e for e in page.model.rows() if e.channel == code), None)
        if entry is not None:
            page.select_customer(entry.customer_id)
            _save(window, out, f"cobrancas_canal_{name}", app)


def shoot_malinha_row(window, app: QApplication, out: Path) -> None:
    """Cobranças de hoje with a malinha's reminder selected (issue 23), as
    ``cobrancas_malinha``: a late one first, one joined to her installments when there is."""
    window.show_page("cobrancas")
    page = window.page("cobrancas")
    page.refresh()
    _settle(app)
    rows = [e for e in page.model.rows() if e.malinha is not None]
    if rows:
        entry = max(rows, key=lambda e: (e.malinha.days_late > 0, bool(e.items),
                                         e.malinha.days_late))
        page.select_customer(entry.customer_id)
        _save(window, out, "cobrancas_malinha", app)


def shoot_email_typo(window, app: QApplication, out: Path) -> None:
    """Her form with an e-mail one letter off (issue 24), as ``dialogo_cliente_email_errado``:
    the check under the field and "Quis dizer ana@gmail.com?"."""
    from app.ui.people.customer_dialog import CustomerDialog

    dialog = CustomerDialog(TODAY, "19", _late_customer(), window)
    dialog.show()
    dialog.resize(dialog.size().boundedTo(ROOM[0]))
    edit = dialog.inputs["email"]
    edit.setFocus()
    edit.setText("ana@gmail.con")
    edit.textEdited.emit(edit.text())
    edit.editingFinished.emit()  # she left the field
    _save(dialog, out, "dialogo_cliente_email_errado", app)
    dialog.done(0)


def shoot_channel_choice(window, app: QApplication, out: Path) -> None:
    """Her form with an e-mail and "E-mail" as her channel (issue 24), as
    ``dialogo_cliente_canal``: what a customer who reads e-mail and never WhatsApp looks
    like."""
    from app.services.core.codes import Channel
    from app.ui.people.customer_dialog import CustomerDialog

    dialog = CustomerDialog(TODAY, "19", _late_customer(), window)
    dialog.show()
    dialog.resize(dialog.size().boundedTo(ROOM[0]))
    edit = dialog.inputs["email"]
    edit.setText("cida@gmail.com")
    edit.textEdited.emit(edit.text())
    edit.editingFinished.emit()
    dialog.channel.setCurrentIndex(dialog.channel.findData(Channel.EMAIL.value))
    _save(dialog, out, "dialogo_cliente_canal", app)
    dialog.done(0)


def shoot_dialogs(window, app: QApplication, out: Path) -> None:
    from tests.screens import all_dialogs

    for name, dialog in all_dialogs(window, TODAY, _late_customer()):
        dialog.show()
        dialog.resize(dialog.size().boundedTo(ROOM[0]))  # her taskbar takes its part
        _fill(name, dialog)
        _save(dialog, out, name, app)
        if hasattr(dialog, "confirm_discard"):
            dialog.confirm_discard = lambda: True
        dialog.done(0)


def _fill(name: str, dialog) -> None:
    """Dialogs shown as she uses them: a sale with two pieces typed in, a new piece with its
    grid, a return with one piece back (confirmed when the sale is past the return limit)
    and what it does to the money."""
    if name == "dialogo_nova_peca":
        dialog.inputs["name"].setText("Conjunto Flora")
        dialog.inputs["price"].setText("149,90")
        dialog.grid.sizes.setText("P, M, G")
        dialog.grid.colours.setText("rosa, verde")
        dialog.grid.cell("M", "rosa").setValue(2)
    if name in ("dialogo_devolucao", "dialogo_troca") and dialog.items.spins:
        next(iter(dialog.items.spins.values())).setValue(1)
        dialog.reason.setText("Ficou apertado")
        if dialog.late.isVisibleTo(dialog):  # an old sale: she confirms, and sees the money
            dialog.late.setChecked(True)
        _wait_for_operations(dialog.ask_preview)
    if name == "dialogo_nova_venda":
        for description, variant, price in (("Biquíni", "M estampado", "84,90"),
                                            ("Saída de praia", "P branca", "119,90")):
            dialog.description.setText(description)
            dialog.variant.setText(variant)
            dialog.price.setText(price)
            dialog.add_item()


def _wait_for_operations(start=None) -> None:
    from app.ui.kit import ops

    if start is not None:
        start()
    app = QApplication.instance()
    while not ops.idle():
        app.processEvents()


def ensure_catalogue() -> None:
    """A few pieces for the Peças shots when the demo has none (issue 22)."""
    from app.services import catalog, piece_list
    from app.services.pieces.catalog import PieceInput, VariantInput

    if piece_list.list_pieces():
        return
    for name, price, ref, sizes, colours in (
            ("Vestido Lírio", 18_990, "VL-01", "PMG", ("rosa", "preto")),
            ("Blusa Ana", 5_990, "", "", ()), ("Saia Évora", 9_990, "SE-7", ("38", "40"), ()),
            ("Biquíni Praia", 8_490, "BQ-3", "PM", ("estampado",)),
            ("Calça Jeans Reta", 15_990, "CJ-2", ("36", "38", "40", "42"), ("azul",))):
        cells = [VariantInput(size, colour, (len(name) + n) % 4)
                 for n, (size, colour) in enumerate((s, c) for c in (colours or ("",))
                                                    for s in (sizes or ("",)))]
        catalog.save_piece(PieceInput(name, price, ref, variants=tuple(cells)), TODAY)


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
    window.show_page("clientes")
    _save(window, out, "clientes_vazio", app)
    window.show_page("cobrancas")
    _save(window, out, "cobrancas_vazio", app)
    window.show_page("pecas")
    _save(window, out, "pecas_vazio", app)
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
    work = Path(tempfile.mkdtemp(prefix="caderneta-shots-"))  # its own: runs never mix
    _prepare(work / "shots.sqlite3")
    window = MainWindow(today_fn=lambda: TODAY)
    room = ROOM[0] = _room(app, args.size)
    SUFFIX[0] = _suffix(app, args.size)
    window.resize(room)
    window.show()
    print(f"janela {room.width()}×{room.height()} em {out} ({SUFFIX[0][1:]})")
    shoot_window(window, app, out)
    shoot_channels(window, app, out)
    shoot_malinha_row(window, app, out)
    shoot_email_typo(window, app, out)
    shoot_channel_choice(window, app, out)
    shoot_dialogs(window, app, out)
    window.close()
    shoot_first_run(app, work, room)
    for png in ("primeiro_uso", "clientes_vazio", "cobrancas_vazio", "pecas_vazio"):
        name = f"{png}{SUFFIX[0]}.png"
        shutil.move(work / name, out / name)
    close_database()
    shutil.rmtree(work, ignore_errors=True)
    if TOO_BIG:
        print("Maiores que a tela: " + ", ".join(TOO_BIG))
        raise SystemExit(1)


def _room(app: QApplication, size: str) -> QSize:
    """The window size: the screen's available room (or --size) minus a taskbar and a title
    bar."""
    if size:
        width, height = (int(v) for v in size.lower().replace("×", "x").split("x"))
        return QSize(width, height - TASKBAR_AND_TITLE)
    geometry = app.primaryScreen().availableGeometry()
    return QSize(geometry.width(), geometry.height() - TASKBAR_AND_TITLE)


def _suffix(app: QApplication, size: str) -> str:
    """``_1366x768_125``: the physical screen and its scale, for the file names."""
    if size:
        return "_" + size.lower().replace("×", "x") + "_100"
    screen = app.primaryScreen()
    ratio = screen.devicePixelRatio()
    geometry = screen.geometry()
    return (f"_{round(geometry.width() * ratio)}x{round(geometry.height() * ratio)}"
            f"_{round(ratio * 100)}")


if __name__ == "__main__":
    main()
